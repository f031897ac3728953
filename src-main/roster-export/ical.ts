// iCalendar (RFC 5545) export of roster assignments, one VEVENT each, so people can subscribe
// to their duty in a phone or desktop calendar. Times are written as Shanghai local times with
// a VTIMEZONE block. China has kept UTC+08:00 without daylight saving since 1991, so one
// STANDARD rule describes every date.
import type { Assignment, Instant } from '../../src-shared/roster/index.js';
import {
  countingDate,
  localDateOf,
  localTimeOf,
  sortAssignments,
} from '../../src-shared/roster/index.js';
import type { RosterExportInput } from './model.js';
import { indexPeople, resolvePostColumns, RosterExportError } from './model.js';

export interface RosterIcalOptions {
  /** DTSTAMP of every event, the time this export was made. */
  generatedAt: Instant;
  /** Right-hand side of every UID. Use a domain the unit controls. */
  uidDomain?: string;
  /** Person whose assignments alone are exported, for a personal calendar. */
  personId?: string;
  /** Calendar name, `<unit>值班表` by default. */
  calendarName?: string;
  /** Duty-office number added to each event description. */
  dutyPhone?: string;
}

/** Maximum octets of one content line, excluding the CRLF (RFC 5545 section 3.1). */
export const MAX_LINE_OCTETS = 75;

const CRLF = '\r\n';
const TIME_ZONE_ID = 'Asia/Shanghai';
const DEFAULT_UID_DOMAIN = 'roster.command-hall.local';
const PRODUCT_ID = '-//command-hall-console//roster-export//ZH';

/** Escapes a TEXT value: backslash, semicolon, comma and line breaks (RFC 5545 3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds one content line into physical lines of at most 75 UTF-8 octets. Continuation lines
 * start with one space, which counts towards their 75 octets. A split never falls inside a
 * character, so multi-byte Chinese text stays valid UTF-8 on every physical line.
 */
export function foldLine(line: string): string {
  const pieces: string[] = [];
  let current = '';
  let octets = 0;
  let limit = MAX_LINE_OCTETS;

  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > limit) {
      pieces.push(current);
      current = '';
      octets = 0;
      limit = MAX_LINE_OCTETS - 1;
    }
    current += char;
    octets += size;
  }
  pieces.push(current);
  return pieces.join(`${CRLF} `);
}

/** Formats an instant as Shanghai local `YYYYMMDDTHHMMSS`, for `;TZID=Asia/Shanghai` values. */
export function formatLocalIcal(instant: Instant): string {
  const date = localDateOf(instant).replace(/-/g, '');
  const time = localTimeOf(instant).replace(':', '');
  const secondOfMinute = (((instant % 60_000) + 60_000) % 60_000) / 1000;
  const seconds = String(Math.floor(secondOfMinute)).padStart(2, '0');
  return `${date}T${time}${seconds}`;
}

/** Formats an instant as UTC `YYYYMMDDTHHMMSSZ`, as DTSTAMP requires. */
export function formatUtcIcal(instant: Instant): string {
  return new Date(instant)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Returns the UID of an assignment. The same id always gives the same UID. */
export function assignmentUid(
  assignmentId: string,
  domain = DEFAULT_UID_DOMAIN,
): string {
  // Percent-encoding keeps ids such as `rot-1:2025-01-01/a` free of iCalendar separators.
  const encoded = encodeURIComponent(assignmentId).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `roster-${encoded}@${domain}`;
}

function timeZoneLines(): string[] {
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${TIME_ZONE_ID}`,
    'BEGIN:STANDARD',
    'DTSTART:19700101T000000',
    'TZOFFSETFROM:+0800',
    'TZOFFSETTO:+0800',
    'TZNAME:CST',
    'END:STANDARD',
    'END:VTIMEZONE',
  ];
}

interface EventContext {
  input: RosterExportInput;
  options: RosterIcalOptions;
  postLabels: ReadonlyMap<string, string>;
  names: ReadonlyMap<string, string>;
}

function eventLines(assignment: Assignment, context: EventContext): string[] {
  const { input, options } = context;
  const postLabel = context.postLabels.get(assignment.post) ?? assignment.post;
  const name = context.names.get(assignment.personId) ?? assignment.personId;
  const description = [`${input.unitName}值班表 第${input.rosterVersion}版`];
  if (options.dutyPhone) {
    description.push(`值班电话：${options.dutyPhone}`);
  }

  return [
    'BEGIN:VEVENT',
    `UID:${assignmentUid(assignment.id, options.uidDomain)}`,
    `DTSTAMP:${formatUtcIcal(options.generatedAt)}`,
    `SEQUENCE:${input.rosterVersion}`,
    `DTSTART;TZID=${TIME_ZONE_ID}:${formatLocalIcal(assignment.start)}`,
    `DTEND;TZID=${TIME_ZONE_ID}:${formatLocalIcal(assignment.end)}`,
    `SUMMARY:${escapeText(`${postLabel}：${name}`)}`,
    `DESCRIPTION:${escapeText(description.join('\n'))}`,
    'STATUS:CONFIRMED',
    'END:VEVENT',
  ];
}

/** Writes the roster as an iCalendar document with CRLF line ends and folded lines. */
export function exportRosterIcal(
  input: RosterExportInput,
  options: RosterIcalOptions,
): string {
  if (!Number.isFinite(options.generatedAt)) {
    throw new RosterExportError(
      `Invalid generatedAt ${options.generatedAt}: expected milliseconds since 1970.`,
    );
  }
  const people = indexPeople(input);
  const context: EventContext = {
    input,
    options,
    postLabels: new Map(resolvePostColumns(input).map((p) => [p.id, p.label])),
    names: new Map([...people.values()].map((p) => [p.id, p.name])),
  };

  const inPeriod = input.assignments.filter((a) => {
    const date = countingDate(a);
    return date >= input.from && date <= input.to;
  });
  const selected = sortAssignments(
    options.personId === undefined
      ? inPeriod
      : inPeriod.filter((a) => a.personId === options.personId),
  );

  const calendarName = options.calendarName ?? `${input.unitName}值班表`;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODUCT_ID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(calendarName)}`,
    `X-WR-TIMEZONE:${TIME_ZONE_ID}`,
    ...timeZoneLines(),
    ...selected.flatMap((assignment) => eventLines(assignment, context)),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}
