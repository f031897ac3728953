// Reporting deadlines for events (信息报送). Each policy row sets, for one event level, class and
// recipient, when the clock starts and how many minutes the phone and written reports may take.
import { ReportingPolicyNotFoundError, RosterInputError } from './errors.js';
import type { Instant, LocalTime } from './time.js';
import {
  addDays,
  formatLocalDateTime,
  instantAt,
  localDateOf,
  MINUTE_MS,
  parseLocalTime,
} from './time.js';

/** Event levels of the national emergency grading: 特别重大, 重大, 较大, 一般. */
export type EventLevel = 'especiallyMajor' | 'major' | 'large' | 'general';

/** Follow-up reports (续报) at fixed local times each day, or every N minutes. */
export type FollowUpRule =
  | { kind: 'dailyAt'; times: LocalTime[] }
  | { kind: 'every'; minutes: number };

export interface ReportingPolicyRow {
  id: string;
  level: EventLevel;
  /** Event class, or `*` for any class. */
  eventClass: string;
  recipient: string;
  clockStartsAt: 'eventTime' | 'learnedTime';
  phoneMinutes: number;
  writtenMinutes: number;
  followUp?: FollowUpRule;
  /** The rule as written in its source document, so staff can check it. */
  sourceText: string;
  /** Whether the row is a target to aim at rather than a binding local rule. */
  isTarget: boolean;
}

/** State Council duty office (国务院总值班室). */
export const STATE_COUNCIL_DUTY_OFFICE = '国务院总值班室';

/**
 * National target for major and especially major events: phone within 30 min and written
 * within 1 h to the State Council duty office.
 * NOTE: the issuing document was not verified, and neither was whether the clock starts at the
 * event or when it is learned. Confirm both before treating lateness here as a breach.
 */
export const NATIONAL_MAJOR_EVENT_TARGETS: readonly ReportingPolicyRow[] = (
  ['especiallyMajor', 'major'] as const
).map((level) => ({
  id: `national-${level}`,
  level,
  eventClass: '*',
  recipient: STATE_COUNCIL_DUTY_OFFICE,
  clockStartsAt: 'learnedTime',
  phoneMinutes: 30,
  writtenMinutes: 60,
  sourceText:
    '特别重大、重大突发事件：30分钟内电话报告、1小时内书面报告国务院总值班室（目标）',
  isTarget: true,
}));

/** Finds the row for an event. A row for its exact class wins over a `*` row. */
export function findReportingPolicy(
  table: readonly ReportingPolicyRow[],
  query: { level: EventLevel; eventClass: string; recipient: string },
): ReportingPolicyRow {
  const candidates = table.filter(
    (row) => row.level === query.level && row.recipient === query.recipient,
  );
  const row =
    candidates.find((r) => r.eventClass === query.eventClass) ??
    candidates.find((r) => r.eventClass === '*');
  if (!row) {
    throw new ReportingPolicyNotFoundError(
      `No reporting policy for a ${query.level} ${query.eventClass} event reported to ` +
        `${query.recipient}; add a row to the policy table.`,
    );
  }
  return row;
}

export interface EventTimes {
  occurredAt: Instant;
  learnedAt: Instant;
}

export interface ReportingDeadlines {
  clockStart: Instant;
  phoneDue: Instant;
  writtenDue: Instant;
}

export function computeDeadlines(
  row: ReportingPolicyRow,
  event: EventTimes,
): ReportingDeadlines {
  if (event.learnedAt < event.occurredAt) {
    throw new RosterInputError(
      `Event learned at ${formatLocalDateTime(event.learnedAt)}, before it occurred at ` +
        `${formatLocalDateTime(event.occurredAt)}; check both times.`,
    );
  }
  const clockStart =
    row.clockStartsAt === 'eventTime' ? event.occurredAt : event.learnedAt;
  return {
    clockStart,
    phoneDue: clockStart + row.phoneMinutes * MINUTE_MS,
    writtenDue: clockStart + row.writtenMinutes * MINUTE_MS,
  };
}

export interface ReportAssessment {
  onTime: boolean;
  /** Whole minutes late, rounded up, or 0 when on time. */
  minutesLate: number;
  escalate: boolean;
}

/** Rates one report against its due instant. A report exactly at the due instant is on time. */
export function assessReport(
  due: Instant,
  reportedAt: Instant,
): ReportAssessment {
  const minutesLate = Math.max(0, Math.ceil((reportedAt - due) / MINUTE_MS));
  return { onTime: minutesLate === 0, minutesLate, escalate: minutesLate > 0 };
}

export interface EscalationFlags {
  phoneOverdue: boolean;
  writtenOverdue: boolean;
}

/** Flags reports still missing after their due instant, for the escalation list. */
export function escalationFlags(
  deadlines: ReportingDeadlines,
  reports: { phoneAt?: Instant; writtenAt?: Instant },
  now: Instant,
): EscalationFlags {
  return {
    phoneOverdue:
      reports.phoneAt === undefined
        ? now > deadlines.phoneDue
        : reports.phoneAt > deadlines.phoneDue,
    writtenOverdue:
      reports.writtenAt === undefined
        ? now > deadlines.writtenDue
        : reports.writtenAt > deadlines.writtenDue,
  };
}

/** Returns the first follow-up due strictly after `after`. */
export function nextFollowUpDue(
  rule: FollowUpRule,
  after: Instant,
  lastReportAt: Instant = after,
): Instant {
  if (rule.kind === 'every') {
    if (!(rule.minutes > 0)) {
      throw new RosterInputError(
        `Follow-up interval ${rule.minutes} min must be positive.`,
      );
    }
    const step = rule.minutes * MINUTE_MS;
    const periods = Math.floor((after - lastReportAt) / step) + 1;
    return lastReportAt + Math.max(1, periods) * step;
  }

  if (rule.times.length === 0) {
    throw new RosterInputError(
      'Daily follow-up rule lists no times; add at least one HH:mm.',
    );
  }
  const minutes = [...rule.times].sort(
    (a, b) => parseLocalTime(a) - parseLocalTime(b),
  );
  const today = localDateOf(after);
  for (const date of [today, addDays(today, 1)]) {
    for (const time of minutes) {
      const candidate = instantAt(date, time);
      if (candidate > after) {
        return candidate;
      }
    }
  }
  // Unreachable: tomorrow's first time is always after `after`.
  throw new RosterInputError(
    `No follow-up time found after ${formatLocalDateTime(after)}.`,
  );
}
