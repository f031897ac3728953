// Versioned JSON backup of a roster: the final assignments plus what produced them (rotations,
// manual assignments, substitutions, shift templates, the holiday years used), so it can be
// restored, rebuilt or re-exported elsewhere.
// Imports are parsed as `unknown` and every problem is listed with the path of the bad field.
import { z } from 'zod';

import type {
  Assignment,
  HolidayYear,
  Instant,
  ManualAssignment,
  Rotation,
  ShiftTemplate,
  Substitution,
} from '../../src-shared/roster/index.js';
import {
  HolidayCalendar,
  parseLocalDate,
  parseLocalTime,
} from '../../src-shared/roster/index.js';
import type { DutyPerson, RosterExportInput } from './model.js';

/** Value of the `format` field, so a backup is recognized whatever its file name. */
export const ROSTER_BACKUP_FORMAT = 'command-hall/roster-backup';

/** Schema version this code writes and reads. */
export const ROSTER_BACKUP_SCHEMA_VERSION = 1;

function isLocalDate(text: string): boolean {
  try {
    parseLocalDate(text);
    return true;
  } catch {
    return false;
  }
}

function isLocalTime(text: string): boolean {
  try {
    parseLocalTime(text);
    return true;
  } catch {
    return false;
  }
}

const Id = z.string().min(1);
const LocalDateText = z
  .string()
  .refine(isLocalDate, 'expected a real calendar date YYYY-MM-DD');
const LocalTimeText = z
  .string()
  .refine(isLocalTime, 'expected a time HH:mm from 00:00 to 23:59');
const InstantNumber = z.number().int();

const AssignmentSchema = z
  .object({
    id: Id,
    personId: Id,
    post: Id,
    source: z.enum(['rotation', 'manual', 'substitution', 'swap']),
    shiftDate: LocalDateText,
    start: InstantNumber,
    end: InstantNumber,
  })
  .strict()
  .refine((a) => a.end > a.start, {
    message: 'end must be after start',
    path: ['end'],
  });

const ShiftTemplateSchema = z
  .object({
    id: Id,
    name: z.string(),
    startTime: LocalTimeText,
    endTime: LocalTimeText,
    endDayOffset: z.union([z.literal(0), z.literal(1)]),
    posts: z.array(
      z.object({ post: Id, headcount: z.number().int().positive() }).strict(),
    ),
  })
  .strict();

const RotationSchema = z
  .object({
    id: Id,
    templateId: Id,
    post: Id,
    participants: z.array(Id).min(1),
    anchorDate: LocalDateText,
    weekdays: z.array(z.number().int().min(1).max(7)).optional(),
    dayFilter: z.enum(['allDays', 'workingDays', 'offDays']),
    validFrom: LocalDateText,
    validTo: LocalDateText.optional(),
  })
  .strict();

const HolidayYearSchema = z
  .object({
    year: z.number().int().min(1991).max(2200),
    notice: z
      .object({
        number: z.string(),
        issuedOn: LocalDateText,
        title: z.string(),
      })
      .strict(),
    periods: z.array(
      z
        .object({
          name: z.string().min(1),
          from: LocalDateText,
          to: LocalDateText,
          statutoryDays: z.array(LocalDateText),
        })
        .strict(),
    ),
    makeUpWorkdays: z.array(LocalDateText),
  })
  .strict();

const ManualAssignmentSchema = z
  .object({
    id: Id,
    personId: Id,
    post: Id,
    replacesPersonId: Id.optional(),
    start: InstantNumber,
    end: InstantNumber,
  })
  .strict()
  .refine((a) => a.end > a.start, {
    message: 'end must be after start',
    path: ['end'],
  });

const SubstitutionSchema = z
  .object({
    id: Id,
    substituteId: Id,
    replacedId: Id,
    post: Id.optional(),
    status: z.enum(['requested', 'approved', 'rejected']),
    approvedAt: InstantNumber.optional(),
    start: InstantNumber,
    end: InstantNumber,
  })
  .strict()
  .refine((s) => s.end > s.start, {
    message: 'end must be after start',
    path: ['end'],
  });

const PersonSchema = z
  .object({ id: Id, name: z.string().min(1), phone: z.string().optional() })
  .strict();

/** Schema of a roster backup document, schema version 1. */
export const RosterBackupSchema = z
  .object({
    format: z.literal(ROSTER_BACKUP_FORMAT),
    schemaVersion: z.literal(ROSTER_BACKUP_SCHEMA_VERSION),
    generatedAt: z.iso.datetime({ offset: true }),
    unitName: z.string().min(1),
    rosterVersion: z.number().int().min(1),
    period: z.object({ from: LocalDateText, to: LocalDateText }).strict(),
    people: z.array(PersonSchema),
    assignments: z.array(AssignmentSchema),
    rotations: z.array(RotationSchema),
    manualAssignments: z.array(ManualAssignmentSchema),
    substitutions: z.array(SubstitutionSchema),
    templates: z.array(ShiftTemplateSchema),
    calendarYears: z.array(HolidayYearSchema),
  })
  .strict()
  .superRefine(checkReferences);

export type RosterBackup = z.infer<typeof RosterBackupSchema>;

type Backup = z.infer<typeof RosterBackupSchema>;

// Cross-field rules that a field-by-field schema cannot state.
function checkReferences(doc: Backup, ctx: z.RefinementCtx): void {
  const report = (path: (string | number)[], message: string): void => {
    ctx.addIssue({ code: 'custom', path, message });
  };

  if (doc.period.to < doc.period.from) {
    report(['period', 'to'], `ends before period.from ${doc.period.from}`);
  }

  reportDuplicates(doc.assignments, 'assignments', report);
  reportDuplicates(doc.templates, 'templates', report);
  reportDuplicates(doc.rotations, 'rotations', report);

  const templates = new Map(doc.templates.map((t) => [t.id, t]));
  doc.rotations.forEach((rotation, index) => {
    const template = templates.get(rotation.templateId);
    if (!template) {
      report(
        ['rotations', index, 'templateId'],
        `template ${rotation.templateId} is not in templates`,
      );
    } else if (!template.posts.some((p) => p.post === rotation.post)) {
      report(
        ['rotations', index, 'post'],
        `template ${template.id} has no post ${rotation.post}`,
      );
    }
  });

  const people = new Set(doc.people.map((p) => p.id));
  doc.assignments.forEach((assignment, index) => {
    if (!people.has(assignment.personId)) {
      report(
        ['assignments', index, 'personId'],
        `person ${assignment.personId} is not in people`,
      );
    }
  });

  doc.manualAssignments.forEach((manual, index) => {
    for (const field of ['personId', 'replacesPersonId'] as const) {
      const id = manual[field];
      if (id !== undefined && !people.has(id)) {
        report(
          ['manualAssignments', index, field],
          `person ${id} is not in people`,
        );
      }
    }
  });
  doc.substitutions.forEach((substitution, index) => {
    for (const field of ['substituteId', 'replacedId'] as const) {
      if (!people.has(substitution[field])) {
        report(
          ['substitutions', index, field],
          `person ${substitution[field]} is not in people`,
        );
      }
    }
  });

  const years = new Set(doc.calendarYears.map((y) => y.year));
  const periodYears = new Set(
    [doc.period.from, doc.period.to].map((date) => Number(date.slice(0, 4))),
  );
  for (const year of periodYears) {
    if (!years.has(year)) {
      report(
        ['calendarYears'],
        `holiday year ${year} of the period is missing`,
      );
    }
  }
}

function reportDuplicates(
  items: readonly { id: string }[],
  field: string,
  report: (path: (string | number)[], message: string) => void,
): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.id)) {
      report([field, index, 'id'], `duplicate id ${item.id}`);
    }
    seen.add(item.id);
  });
}

/** One problem found in a backup document. */
export interface BackupProblem {
  /** Path of the bad field, e.g. `assignments[3].start`. Empty for the whole document. */
  path: string;
  message: string;
}

/** Error for a backup that cannot be imported. `problems` lists every bad field. */
export class RosterBackupError extends Error {
  constructor(
    readonly problems: readonly BackupProblem[],
    summary = 'Invalid roster backup',
  ) {
    super(
      `${summary}:\n` +
        problems
          .map((p) => `- ${p.path || '(document)'}: ${p.message}`)
          .join('\n'),
    );
    this.name = 'RosterBackupError';
  }
}

/** Formats a zod path as `assignments[3].start`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => {
      if (typeof key === 'number') {
        return `[${key}]`;
      }
      return index === 0 ? String(key) : `.${String(key)}`;
    })
    .join('');
}

/** Inputs of a backup: the export input plus the roster rules behind it. */
export interface RosterBackupSource extends RosterExportInput {
  rotations: readonly Rotation[];
  templates: readonly ShiftTemplate[];
  manualAssignments?: readonly ManualAssignment[];
  substitutions?: readonly Substitution[];
}

/**
 * Returns the holiday years a roster depends on: every year from the earliest rotation anchor
 * or period start to the period end that the calendar has, because rotation turns are counted
 * from the anchor.
 */
export function calendarYearsUsed(source: RosterBackupSource): HolidayYear[] {
  const starts = [source.from, ...source.rotations.map((r) => r.anchorDate)];
  const firstYear = Math.min(...starts.map((d) => parseLocalDate(d).year));
  const lastYear = parseLocalDate(source.to).year;

  const years: HolidayYear[] = [];
  for (let year = firstYear; year <= lastYear; year += 1) {
    if (source.calendar.hasYear(year)) {
      years.push(source.calendar.yearOf(year));
    }
  }
  return years;
}

/** Builds a backup document and validates it before returning it. */
export function createRosterBackup(
  source: RosterBackupSource,
  generatedAt: Instant,
): RosterBackup {
  const document = {
    format: ROSTER_BACKUP_FORMAT,
    schemaVersion: ROSTER_BACKUP_SCHEMA_VERSION,
    generatedAt: new Date(generatedAt).toISOString(),
    unitName: source.unitName,
    rosterVersion: source.rosterVersion,
    period: { from: source.from, to: source.to },
    people: source.people.map(copyPerson),
    assignments: source.assignments.map(copyAssignment),
    rotations: source.rotations.map((r) => structuredClone(r)),
    manualAssignments: (source.manualAssignments ?? []).map((m) =>
      structuredClone(m),
    ),
    substitutions: (source.substitutions ?? []).map((s) => structuredClone(s)),
    templates: source.templates.map((t) => structuredClone(t)),
    calendarYears: calendarYearsUsed(source).map((y) => structuredClone(y)),
  };
  return readRosterBackup(document);
}

// Copies only the declared fields, so extra properties on runtime objects do not fail `strict`.
function copyAssignment(a: Assignment): Assignment {
  return {
    id: a.id,
    personId: a.personId,
    post: a.post,
    source: a.source,
    shiftDate: a.shiftDate,
    start: a.start,
    end: a.end,
  };
}

function copyPerson(person: DutyPerson): DutyPerson {
  return person.phone === undefined
    ? { id: person.id, name: person.name }
    : { id: person.id, name: person.name, phone: person.phone };
}

/** Serializes a backup as indented JSON text. */
export function stringifyRosterBackup(backup: RosterBackup): string {
  return `${JSON.stringify(backup, null, 2)}\n`;
}

/** Validates a parsed JSON value as a backup, raising `RosterBackupError` with every problem. */
export function readRosterBackup(value: unknown): RosterBackup {
  rejectOtherVersions(value);
  const result = RosterBackupSchema.safeParse(value);
  if (!result.success) {
    throw new RosterBackupError(
      result.error.issues.map((issue) => ({
        path: formatIssuePath(issue.path),
        message: issue.message,
      })),
    );
  }
  return result.data;
}

/** Parses backup JSON text and validates it with `readRosterBackup`. */
export function parseRosterBackup(text: string): RosterBackup {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RosterBackupError(
      [{ path: '', message: `not valid JSON (${reason})` }],
      'Roster backup could not be read',
    );
  }
  return readRosterBackup(value);
}

// A newer schema gets its own message, because "expected 1" would not tell the user to update.
function rejectOtherVersions(value: unknown): void {
  if (typeof value !== 'object' || value === null) {
    return;
  }
  const version = (value as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version === 'number' && version > ROSTER_BACKUP_SCHEMA_VERSION) {
    throw new RosterBackupError(
      [
        {
          path: 'schemaVersion',
          message:
            `schema version ${version} was written by a newer console; this one reads ` +
            `version ${ROSTER_BACKUP_SCHEMA_VERSION}, so update the console to import it`,
        },
      ],
      'Roster backup is too new',
    );
  }
}

/** Roster objects rebuilt from a backup: export input plus the rules that produced it. */
export interface RestoredRoster extends RosterExportInput {
  rotations: Rotation[];
  templates: ShiftTemplate[];
  manualAssignments: ManualAssignment[];
  substitutions: Substitution[];
  generatedAt: Instant;
}

/** Turns a validated backup back into roster objects, rebuilding the holiday calendar. */
export function restoreRosterBackup(backup: RosterBackup): RestoredRoster {
  return {
    unitName: backup.unitName,
    rosterVersion: backup.rosterVersion,
    from: backup.period.from,
    to: backup.period.to,
    people: backup.people,
    assignments: backup.assignments,
    calendar: new HolidayCalendar(backup.calendarYears),
    rotations: backup.rotations,
    manualAssignments: backup.manualAssignments,
    substitutions: backup.substitutions,
    templates: backup.templates,
    generatedAt: Date.parse(backup.generatedAt),
  };
}
