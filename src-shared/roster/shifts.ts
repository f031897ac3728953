// Shift templates and the assignments cut from them. Intervals are half-open [start, end): a
// shift contains its start instant and not its end, so back-to-back shifts never overlap.
import { RosterInputError } from './errors.js';
import type { Instant, LocalDate, LocalTime } from './time.js';
import {
  addDays,
  formatLocalDateTime,
  HOUR_MS,
  instantAt,
  localDateOf,
} from './time.js';

/** Number of people a template needs on one post. */
export interface PostHeadcount {
  post: string;
  headcount: number;
}

/** A recurring shift, e.g. the 24-hour shift 08:30 to 08:30 next day. */
export interface ShiftTemplate {
  id: string;
  name: string;
  startTime: LocalTime;
  endTime: LocalTime;
  /** 0 when the shift ends on its start date, 1 when it ends on the next day. */
  endDayOffset: 0 | 1;
  posts: PostHeadcount[];
}

/** Half-open interval of instants. */
export interface Interval {
  start: Instant;
  end: Instant;
}

/** One concrete shift of a template on a local start date. */
export interface ShiftInstance extends Interval {
  templateId: string;
  /** Start date, which is also the date its hours count on. */
  date: LocalDate;
}

/** Returns the instants of a template's shift starting on `date`. */
export function shiftInstance(
  template: ShiftTemplate,
  date: LocalDate,
): ShiftInstance {
  const start = instantAt(date, template.startTime);
  const end = instantAt(addDays(date, template.endDayOffset), template.endTime);
  if (end <= start) {
    throw new RosterInputError(
      `Shift template ${template.id} ends at or before it starts (${template.startTime} to ` +
        `${template.endTime}, end-day offset ${template.endDayOffset}); set the offset to 1 ` +
        `for a shift that crosses midnight.`,
    );
  }
  return { templateId: template.id, date, start, end };
}

export function durationHours(interval: Interval): number {
  return (interval.end - interval.start) / HOUR_MS;
}

/** Origin of an assignment, listed in increasing precedence. */
export type AssignmentSource = 'rotation' | 'manual' | 'substitution' | 'swap';

/** One person holding one post over a half-open interval. */
export interface Assignment extends Interval {
  id: string;
  personId: string;
  post: string;
  source: AssignmentSource;
  /** Start date of the shift it belongs to. Its hours count on this date. */
  shiftDate: LocalDate;
}

/** Returns the date whose hours an assignment counts on: its shift date, else its start date. */
export function countingDate(assignment: Assignment): LocalDate {
  return assignment.shiftDate || localDateOf(assignment.start);
}

export function containsInstant(interval: Interval, instant: Instant): boolean {
  return interval.start <= instant && instant < interval.end;
}

export function intervalsOverlap(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Formats an interval for messages, e.g. `2026-10-03 12:00 – 2026-10-03 18:00`. */
export function describeInterval(interval: Interval): string {
  return `${formatLocalDateTime(interval.start)} – ${formatLocalDateTime(interval.end)}`;
}

/** Raises unless an interval is non-empty. */
export function checkInterval(interval: Interval, what: string): void {
  if (!(Number.isFinite(interval.start) && Number.isFinite(interval.end))) {
    throw new RosterInputError(
      `${what} has a start or end that is not a number.`,
    );
  }
  if (interval.end <= interval.start) {
    throw new RosterInputError(
      `${what} ends at or before it starts (${describeInterval(interval)}).`,
    );
  }
}
