// The `roster:export` call: reads the duty records from the console's cache, checks them with the
// duty schemas, builds the export model and runs one of the builders. The bytes go back to the
// renderer, which saves them; main writes no file.
import ExcelJS from 'exceljs';
import type { z } from 'zod';

import type {
  RecordQuery,
  RosterExportFile,
  RosterExportRequest,
  StoredRecord,
} from '../../src-shared/contract/index.js';
import type {
  DutyLogEntryRecord,
  DutyPerson as DutyPersonRecord,
  DutyRoster,
} from '../../src-shared/roster/records.js';
import {
  DUTY_COLLECTIONS,
  DutyLogEntrySchema,
  DutyPersonSchema,
  DutyPostSchema,
  DutyRosterSchema,
  HolidayYearRecordSchema,
  RotationSchema,
  ShiftTemplateSchema,
  SubstitutionRecordSchema,
} from '../../src-shared/roster/records.js';
import {
  calendarWithEnteredYears,
  holidayYearOfRecord,
} from '../../src-shared/roster/holidays-cn.js';
import { onDutyAt } from '../../src-shared/roster/coverage.js';
import type {
  Rotation,
  ShiftTemplate,
  Substitution,
} from '../../src-shared/roster/index.js';
import { localDateOf } from '../../src-shared/roster/time.js';
import { createLogger } from '../../src-node/logging/index.js';
import { createRosterBackup, stringifyRosterBackup } from './backup.js';
import type { DutyLogKind, DutyLogRecord } from './duty-log.js';
import { exportRosterIcal } from './ical.js';
import type { DutyPerson, RosterExportInput } from './model.js';
import { renderRosterPrintHtml } from './print-html.js';
import { writeRosterWorkbook } from './xlsx.js';
import { addDutyLogSheet } from './xlsx-duty-log.js';

const log = createLogger('roster-export');

/** Reader of cached records, such as the console core's state service. */
export interface DutyRecordReader {
  queryRecords(query: RecordQuery): Promise<StoredRecord[]>;
}

export interface RosterExportServiceOptions {
  /** Issuing unit printed in titles. */
  unitName?: string;
  /** Duty-office number printed on the notice and in calendar events. */
  dutyPhone?: string;
  /** Right-hand side of iCalendar UIDs. */
  uidDomain?: string;
  /** Clock for DTSTAMP, backup and workbook times, `Date.now` by default. */
  now?: () => number;
}

/**
 * Error for a request that cannot be served from the cache. `code` is the bridge error code to
 * return.
 */
export class RosterExportRequestError extends Error {
  constructor(
    readonly code: 'not-found' | 'invalid-request',
    message: string,
  ) {
    super(message);
    this.name = 'RosterExportRequestError';
  }
}

export const DEFAULT_EXPORT_UNIT = '县社会治理综合指挥中心';

const MIME = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ics: 'text/calendar; charset=utf-8',
  html: 'text/html; charset=utf-8',
  json: 'application/json',
} as const;

const LOG_KINDS: Record<DutyLogEntryRecord['kind'], DutyLogKind> = {
  call: 'call',
  document: 'document',
  visit: 'visit',
  'system-alert': 'systemAlert',
  'leader-instruction': 'leaderInstruction',
  task: 'task',
};

/**
 * Reads the cached duty records of one collection that pass their schema. The others are logged
 * and left out.
 */
async function readValid<T>(
  reader: DutyRecordReader,
  collection: string,
  schema: z.ZodType<T>,
): Promise<T[]> {
  const records = await reader.queryRecords({ collection });
  const valid: T[] = [];
  for (const record of records) {
    const parsed = schema.safeParse(record.data);
    if (parsed.success) {
      valid.push(parsed.data);
    } else {
      log.warn('readValid: record left out of the export', {
        collection,
        id: record.id,
        issue: parsed.error.issues[0]?.message ?? 'invalid',
      });
    }
  }
  return valid;
}

/** Builds the requested file from the cached duty records. */
export async function exportDutyFile(
  reader: DutyRecordReader,
  request: RosterExportRequest,
  options: RosterExportServiceOptions = {},
): Promise<RosterExportFile> {
  if (request.what === 'duty-log') {
    return exportDutyLog(reader, request, options);
  }
  const roster = await requireRoster(reader, request.month);
  const input = await rosterInput(reader, roster, options);
  const now = (options.now ?? Date.now)();
  const base = `duty-roster-${request.month}-v${roster.version}`;

  switch (request.format) {
    case 'xlsx': {
      const bytes = await writeRosterWorkbook(input, {
        createdAt: new Date(now),
      });
      return file(`${base}.xlsx`, MIME.xlsx, bytes);
    }
    case 'ics': {
      const text = exportRosterIcal(input, {
        generatedAt: now,
        ...(options.uidDomain === undefined
          ? {}
          : { uidDomain: options.uidDomain }),
        ...(options.dutyPhone === undefined
          ? {}
          : { dutyPhone: options.dutyPhone }),
      });
      return file(`${base}.ics`, MIME.ics, Buffer.from(text, 'utf8'));
    }
    case 'html': {
      const html = renderRosterPrintHtml(input, {
        dutyPhone: options.dutyPhone ?? '',
        approvedBy: approverName(roster, input.people),
        issuedOn: localDateOf(now),
      });
      return file(`${base}.html`, MIME.html, Buffer.from(html, 'utf8'));
    }
    case 'json': {
      const backup = createRosterBackup(
        { ...input, ...(await backupRules(reader, roster)) },
        now,
      );
      return file(
        `${base}.json`,
        MIME.json,
        Buffer.from(stringifyRosterBackup(backup), 'utf8'),
      );
    }
  }
}

function file(
  fileName: string,
  mimeType: string,
  bytes: Buffer,
): RosterExportFile {
  return { fileName, mimeType, base64: bytes.toString('base64') };
}

async function requireRoster(
  reader: DutyRecordReader,
  month: string,
): Promise<DutyRoster> {
  const rosters = await readValid(
    reader,
    DUTY_COLLECTIONS.roster,
    DutyRosterSchema,
  );
  const roster = rosters.find((r) => r.month === month);
  if (!roster) {
    throw new RosterExportRequestError(
      'not-found',
      `No roster for ${month} in this console's cache; generate it or wait until it syncs, then export again.`,
    );
  }
  return roster;
}

function exportPerson(person: DutyPersonRecord): DutyPerson {
  const phone = person.mobile || person.officePhone;
  return phone
    ? { id: person.id, name: person.name, phone }
    : { id: person.id, name: person.name };
}

async function enteredCalendar(reader: DutyRecordReader) {
  const entered = await readValid(
    reader,
    DUTY_COLLECTIONS.holidayYear,
    HolidayYearRecordSchema,
  );
  return calendarWithEnteredYears(entered.map(holidayYearOfRecord));
}

async function rosterInput(
  reader: DutyRecordReader,
  roster: DutyRoster,
  options: RosterExportServiceOptions,
): Promise<RosterExportInput> {
  const [people, posts, calendar] = await Promise.all([
    readValid(reader, DUTY_COLLECTIONS.person, DutyPersonSchema),
    readValid(reader, DUTY_COLLECTIONS.post, DutyPostSchema),
    enteredCalendar(reader),
  ]);
  return {
    unitName: options.unitName ?? DEFAULT_EXPORT_UNIT,
    rosterVersion: roster.version,
    from: roster.from,
    to: roster.to,
    assignments: roster.assignments,
    people: people.map(exportPerson),
    calendar,
    posts: [...posts]
      .sort((a, b) => a.order - b.order)
      .map((post) => ({ id: post.id, label: post.name })),
  };
}

// The approver is the `who` of the audit line that moved the roster to approved.
function approverName(
  roster: DutyRoster,
  people: readonly DutyPerson[],
): string {
  const approval = [...roster.audit]
    .reverse()
    .find((entry) => entry.what.includes('→ approved'));
  if (!approval) {
    return '';
  }
  return people.find((p) => p.id === approval.who)?.name ?? approval.who;
}

/** Rotations, templates and substitutions in the rule shapes the backup schema accepts. */
async function backupRules(
  reader: DutyRecordReader,
  roster: DutyRoster,
): Promise<{
  rotations: Rotation[];
  templates: ShiftTemplate[];
  substitutions: Substitution[];
}> {
  const [rotations, templates, substitutions] = await Promise.all([
    readValid(reader, DUTY_COLLECTIONS.rotation, RotationSchema),
    readValid(reader, DUTY_COLLECTIONS.shiftTemplate, ShiftTemplateSchema),
    readValid(reader, DUTY_COLLECTIONS.substitution, SubstitutionRecordSchema),
  ]);
  return {
    rotations: rotations.map((r) => ({
      id: r.id,
      templateId: r.templateId,
      post: r.post,
      participants: r.participants,
      anchorDate: r.anchorDate,
      dayFilter: r.dayFilter,
      validFrom: r.validFrom,
      ...(r.weekdays === undefined ? {} : { weekdays: r.weekdays }),
      ...(r.validTo === undefined ? {} : { validTo: r.validTo }),
    })),
    templates: templates.map((t) => ({
      id: t.id,
      name: t.name,
      startTime: t.startTime,
      endTime: t.endTime,
      endDayOffset: t.endDayOffset,
      // A post with no headcount is not part of the shift, and the backup rejects a zero.
      posts: t.posts.filter((p) => p.headcount > 0),
    })),
    substitutions: substitutions
      .filter((s) => s.rosterId === roster.id)
      .map((s) => ({
        id: s.id,
        substituteId: s.substituteId,
        replacedId: s.replacedId,
        status: s.status,
        start: s.start,
        end: s.end,
        ...(s.post === undefined ? {} : { post: s.post }),
        ...(s.approvedAt === undefined ? {} : { approvedAt: s.approvedAt }),
      })),
  };
}

async function exportDutyLog(
  reader: DutyRecordReader,
  request: RosterExportRequest,
  options: RosterExportServiceOptions,
): Promise<RosterExportFile> {
  const entries = (
    await readValid(reader, DUTY_COLLECTIONS.logEntry, DutyLogEntrySchema)
  ).filter(
    (entry) => localDateOf(entry.receivedAt).slice(0, 7) === request.month,
  );
  const base = `duty-log-${request.month}`;
  const unitName = options.unitName ?? DEFAULT_EXPORT_UNIT;

  if (request.format === 'json') {
    const text = JSON.stringify(
      { format: 'command-hall/duty-log', month: request.month, entries },
      null,
      2,
    );
    return file(`${base}.json`, MIME.json, Buffer.from(text, 'utf8'));
  }
  if (request.format !== 'xlsx') {
    throw new RosterExportRequestError(
      'invalid-request',
      `The duty log exports as xlsx or json, not ${request.format}; pick one of those.`,
    );
  }

  const records = await logRecords(reader, entries);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = unitName;
  workbook.created = new Date((options.now ?? Date.now)());
  addDutyLogSheet(workbook, records, {
    title: `${unitName}值班日志（${request.month}）`,
    phoneDisplay: 'masked',
  });
  const bytes = await workbook.xlsx.writeBuffer();
  return file(`${base}.xlsx`, MIME.xlsx, Buffer.from(bytes as ArrayBuffer));
}

/** Turns log entries into register lines, with names in place of person ids. */
async function logRecords(
  reader: DutyRecordReader,
  entries: readonly DutyLogEntryRecord[],
): Promise<DutyLogRecord[]> {
  const [people, rosters] = await Promise.all([
    readValid(reader, DUTY_COLLECTIONS.person, DutyPersonSchema),
    readValid(reader, DUTY_COLLECTIONS.roster, DutyRosterSchema),
  ]);
  const names = new Map(people.map((p) => [p.id, p.name]));
  const nameOf = (id: string): string => names.get(id) ?? id;
  const published = rosters
    .filter((r) => r.status === 'published')
    .flatMap((r) => r.assignments);

  return entries.map((entry) => {
    const record: DutyLogRecord = {
      id: entry.number,
      receivedAt: entry.receivedAt,
      kind: LOG_KINDS[entry.kind],
      callerUnit: entry.callerUnit,
      callerName: entry.callerName,
      callerPhone: entry.callerPhone,
      content: entry.content,
      recorderName: nameOf(entry.recorderId),
      ownerName: nameOf(entry.ownerId),
      status: entry.status,
      followUps: entry.followUps.map((f) => ({ at: f.at, text: f.content })),
    };
    if (entry.instruction !== undefined) {
      const at = entry.instructedAt ?? entry.receivedAt;
      // The leader on duty when the instruction was given is taken to have given it.
      const leader = onDutyAt(published, at).get('leader')?.[0];
      record.instruction = {
        leaderName: leader ? nameOf(leader.personId) : '',
        text: entry.instruction,
        at,
      };
    }
    return record;
  });
}
