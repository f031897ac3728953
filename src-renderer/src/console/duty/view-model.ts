// Pure helpers behind the duty views: who is on now and next, the month grid by ISO week, the
// roster checks, log search, reporting states, handover actions and form payloads. No Vue here,
// so the tests run them in plain Node.
import type { HolidayCalendar } from '../../../../src-shared/roster/calendar.js';
import { fairnessReport } from '../../../../src-shared/roster/fairness.js';
import type {
  DutyLogEntryRecord,
  DutyPerson,
  DutyPost,
  DutyRoster,
  HandoverRecordData,
  LogKind,
  LogReporting,
  ShiftTemplateRecord,
} from '../../../../src-shared/roster/records.js';
import { LOG_KINDS } from '../../../../src-shared/roster/records.js';
import { checkMonthRoster } from '../../../../src-shared/roster/requirements.js';
import type { Assignment } from '../../../../src-shared/roster/shifts.js';
import { containsInstant } from '../../../../src-shared/roster/shifts.js';
import type { DayType } from '../../../../src-shared/roster/calendar.js';
import {
  addDays,
  datesInRange,
  isoWeekday,
  isoWeekLabel,
  parseLocalDateTime,
} from '../../../../src-shared/roster/time.js';

/**
 * Masks a phone number for a wall. A mobile keeps its first 3 and last 4 digits
 * (13812345678 → 138****5678), and other numbers keep their area code and last 3 digits.
 * Numbers under 7 digits are masked whole, because any kept part would be most of the number.
 */
export function maskPhone(phone: string): string {
  const trimmed = phone.trim();
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length === 0) {
    return '';
  }
  if (digits.length < 7) {
    return '*'.repeat(digits.length);
  }
  if (/^1\d{10}$/.test(digits)) {
    return `${digits.slice(0, 3)}****${digits.slice(7)}`;
  }
  const dash = trimmed.indexOf('-');
  const area = dash > 0 && dash <= 5 ? trimmed.slice(0, dash + 1) : '';
  const local = area ? digits.slice(area.length - 1) : digits;
  const kept = local.slice(-3);
  return `${area}${'*'.repeat(Math.max(local.length - 3, 1))}${kept}`;
}

/** Returns the holiday name of a date in a holiday period, or '' on other days and unknown years. */
export function holidayOfDate(calendar: HolidayCalendar, date: string): string {
  if (!calendar.hasYear(Number(date.slice(0, 4)))) {
    return '';
  }
  const info = calendar.dayInfo(date);
  return info.type === 'makeUpWorkday' ? '' : (info.holidayName ?? '');
}

export interface PostDuty {
  post: DutyPost;
  now: Assignment[];
  /** Holders of the next shift on this post that starts after `at`. */
  next: Assignment[];
}

/** Lists, per post in display order, the people on duty at `at` and on the next shift. */
export function dutyNowAndNext(
  assignments: readonly Assignment[],
  posts: readonly DutyPost[],
  at: number,
): PostDuty[] {
  return [...posts]
    .sort((a, b) => a.order - b.order)
    .map((post) => {
      const mine = assignments.filter((a) => a.post === post.id);
      const now = mine.filter((a) => containsInstant(a, at));
      const upcoming = mine.filter((a) => a.start > at);
      const nextStart = Math.min(...upcoming.map((a) => a.start));
      return {
        post,
        now: sortByStart(now),
        next: sortByStart(upcoming.filter((a) => a.start === nextStart)),
      };
    });
}

function sortByStart(list: Assignment[]): Assignment[] {
  return list.sort(
    (a, b) => a.start - b.start || (a.personId < b.personId ? -1 : 1),
  );
}

export interface GridDay {
  date: string;
  day: number;
  inMonth: boolean;
  /** Type of the day, or null when the holiday table does not cover the date. */
  dayType: DayType | null;
  holidayName: string;
  /** Person ids by post id, in start order. */
  byPost: Record<string, string[]>;
}

export interface GridWeek {
  /** Chinese ISO week label, e.g. 2025年第1周. */
  label: string;
  days: GridDay[];
}

/** Builds the month grid in ISO weeks, Monday first, padded with the neighbouring months' days. */
export function monthGrid(
  month: string,
  assignments: readonly Assignment[],
  calendar: HolidayCalendar,
): GridWeek[] {
  const first = `${month}-01`;
  const nextMonth = addDays(first, 31).slice(0, 7);
  const last = addDays(`${nextMonth}-01`, -1);
  const start = addDays(first, 1 - isoWeekday(first));
  const end = addDays(last, 7 - isoWeekday(last));

  const byDate = new Map<string, Record<string, string[]>>();
  for (const a of [...assignments].sort((x, y) => x.start - y.start)) {
    const cell = byDate.get(a.shiftDate) ?? {};
    const list = cell[a.post] ?? [];
    if (!list.includes(a.personId)) {
      list.push(a.personId);
    }
    cell[a.post] = list;
    byDate.set(a.shiftDate, cell);
  }

  const weeks: GridWeek[] = [];
  for (const date of datesInRange(start, end)) {
    if (isoWeekday(date) === 1) {
      weeks.push({ label: isoWeekLabel(date), days: [] });
    }
    const info = calendar.hasYear(Number(date.slice(0, 4)))
      ? calendar.dayInfo(date)
      : null;
    weeks[weeks.length - 1]?.days.push({
      date,
      day: Number(date.slice(8)),
      inMonth: date.slice(0, 7) === month,
      dayType: info?.type ?? null,
      holidayName: info?.holidayName ?? '',
      byPost: byDate.get(date) ?? {},
    });
  }
  return weeks;
}

export interface RosterPanel {
  findings: { severity: 'error' | 'warning'; message: string }[];
  gaps: { post: string; start: number; end: number; missing: number }[];
  /** Rounded staffed share per post id. */
  coverage: Record<string, number>;
  /** People above the average load, with labels like `+12 %`. */
  aboveAverage: { personId: string; hours: number; label: string }[];
  fairnessScore: number;
}

/** Findings, gaps, coverage and fairness of a roster, as the grid's side panel shows them. */
export function rosterPanel(input: {
  roster: DutyRoster;
  templates: readonly ShiftTemplateRecord[];
  posts: readonly DutyPost[];
  people: readonly DutyPerson[];
  calendar: HolidayCalendar;
  minRestHours: number;
}): RosterPanel {
  const { roster } = input;
  const check = checkMonthRoster({
    assignments: roster.assignments,
    templates: input.templates,
    posts: input.posts,
    people: input.people,
    calendar: input.calendar,
    from: roster.from,
    to: roster.to,
    minRestHours: input.minRestHours,
  });
  // Fairness compares people who hold the same kind of duty, so count only rostered people.
  const rostered = [...new Set(roster.assignments.map((a) => a.personId))];
  const fairness = fairnessReport(
    roster.assignments,
    roster.from,
    roster.to,
    rostered,
  );
  const coverage: Record<string, number> = {};
  for (const [post, share] of check.coverage) {
    coverage[post] = Math.floor(share * 10) / 10;
  }
  return {
    findings: check.findings.map((f) => ({
      severity: f.severity,
      message: f.message,
    })),
    gaps: check.gaps.map((g) => ({
      post: g.post,
      start: g.start,
      end: g.end,
      missing: g.missing,
    })),
    coverage,
    aboveAverage: fairness.loads
      .filter((load) => load.aboveAverageLabel !== '')
      .sort((a, b) => b.deviationPercent - a.deviationPercent)
      .map((load) => ({
        personId: load.personId,
        hours: load.hours,
        label: load.aboveAverageLabel,
      })),
    fairnessScore: Math.round(fairness.score),
  };
}

/**
 * Returns the entries matching every word of `query` in number, caller, content, instruction or
 * follow-ups, newest first.
 */
export function searchLog(
  entries: readonly DutyLogEntryRecord[],
  query: string,
  status: 'all' | 'open' | 'closed' = 'all',
): DutyLogEntryRecord[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return entries
    .filter((entry) => status === 'all' || entry.status === status)
    .filter((entry) => {
      const text = [
        entry.number,
        entry.callerUnit,
        entry.callerName,
        entry.callerPhone,
        entry.content,
        entry.instruction ?? '',
        entry.linkedIncidentId ?? '',
        ...entry.followUps.map((f) => f.content),
      ]
        .join('\n')
        .toLowerCase();
      return words.every((word) => text.includes(word));
    })
    .sort((a, b) => b.receivedAt - a.receivedAt || (a.id < b.id ? 1 : -1));
}

export type ReportState = 'done' | 'late' | 'due' | 'overdue';

/**
 * Returns the state of one report of an entry: made on time, made late, still due, or missing past
 * due.
 */
export function reportState(
  reporting: LogReporting,
  channel: 'phone' | 'written',
  now: number,
): ReportState {
  const made = channel === 'phone' ? reporting.phoneAt : reporting.writtenAt;
  const due = channel === 'phone' ? reporting.phoneDue : reporting.writtenDue;
  if (made !== undefined) {
    return made > due ? 'late' : 'done';
  }
  return now > due ? 'overdue' : 'due';
}

export interface HandoverActions {
  canSignOutgoing: boolean;
  canSignIncoming: boolean;
  readOnly: boolean;
  canAmend: boolean;
}

/** Returns the handover buttons the acting person may use. */
export function handoverActions(
  record: HandoverRecordData,
  personId: string,
): HandoverActions {
  return {
    canSignOutgoing:
      record.status === 'draft' && personId === record.outgoingId,
    canSignIncoming:
      record.status === 'awaitingIncoming' && personId === record.incomingId,
    readOnly: record.status !== 'draft',
    canAmend: record.status === 'complete',
  };
}

/** Returns the number of a log entry's next follow-up label, for the form heading. */
export function nextFollowUpNumber(entry: DutyLogEntryRecord): number {
  return entry.followUps.length + 1;
}

export interface LogForm {
  kind: string;
  receivedAt: string;
  occurredAt: string;
  callerUnit: string;
  callerName: string;
  callerPhone: string;
  content: string;
  instruction: string;
  level: string;
  recipient: string;
}

export function emptyLogForm(): LogForm {
  return {
    kind: 'call',
    receivedAt: '',
    occurredAt: '',
    callerUnit: '',
    callerName: '',
    callerPhone: '',
    content: '',
    instruction: '',
    level: '',
    recipient: '',
  };
}

export type FormResult =
  | { ok: true; payload: Record<string, unknown> }
  | { ok: false; field: string; message: string };

/**
 * Reads a `YYYY-MM-DDTHH:mm` input as Beijing time whatever the PC's zone. Returns undefined for
 * an empty input and null for invalid text.
 */
export function readLocalInput(value: string): number | undefined | null {
  if (value.trim() === '') {
    return undefined;
  }
  try {
    return parseLocalDateTime(value.trim());
  } catch {
    return null;
  }
}

/** Checks the log form and builds the `duty.log-create` payload. */
export function buildLogCreatePayload(
  form: LogForm,
  recorderId: string,
): FormResult {
  if (!(LOG_KINDS as readonly string[]).includes(form.kind)) {
    return { ok: false, field: 'kind', message: `unknown kind ${form.kind}` };
  }
  if (form.content.trim() === '') {
    return { ok: false, field: 'content', message: 'content is empty' };
  }
  const receivedAt = readLocalInput(form.receivedAt);
  const occurredAt = readLocalInput(form.occurredAt);
  if (receivedAt === null) {
    return {
      ok: false,
      field: 'receivedAt',
      message: `not a date-time: ${form.receivedAt}`,
    };
  }
  if (occurredAt === null) {
    return {
      ok: false,
      field: 'occurredAt',
      message: `not a date-time: ${form.occurredAt}`,
    };
  }
  const payload: Record<string, unknown> = {
    kind: form.kind as LogKind,
    callerUnit: form.callerUnit.trim(),
    callerName: form.callerName.trim(),
    callerPhone: form.callerPhone.trim(),
    content: form.content.trim(),
    recorderId,
  };
  if (receivedAt !== undefined) {
    payload['receivedAt'] = receivedAt;
  }
  if (occurredAt !== undefined) {
    payload['occurredAt'] = occurredAt;
  }
  if (form.instruction.trim() !== '') {
    payload['instruction'] = form.instruction.trim();
  }
  if (form.level !== '') {
    payload['level'] = form.level;
    if (form.recipient.trim() !== '') {
      payload['recipient'] = form.recipient.trim();
    }
  }
  return { ok: true, payload };
}

export interface WindowForm {
  start: string;
  end: string;
}

/** Reads a start/end pair of local inputs. Both are required, and the end must follow the start. */
export function readWindow(
  form: WindowForm,
): { start: number; end: number } | { error: string } {
  const start = readLocalInput(form.start);
  const end = readLocalInput(form.end);
  if (
    start === undefined ||
    start === null ||
    end === undefined ||
    end === null
  ) {
    return { error: 'start and end must be date-times YYYY-MM-DDTHH:mm' };
  }
  if (end <= start) {
    return { error: 'end must come after start' };
  }
  return { start, end };
}

/** Returns the month `YYYY-MM` that is `delta` months after `month`, or before it when negative. */
export function shiftMonth(month: string, delta: number): string {
  const [year = 0, m = 1] = month.split('-').map(Number);
  const index = year * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
