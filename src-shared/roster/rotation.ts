// Rotations hand out one template's shifts to an ordered list of people. The person for a day
// depends only on how many matching days lie between the anchor and that day, so editing later
// days or extending the window never reshuffles days already planned.
import type { HolidayCalendar } from './calendar.js';
import { isWorkingDayType } from './calendar.js';
import { RosterInputError } from './errors.js';
import type { Assignment, ShiftTemplate } from './shifts.js';
import { shiftInstance } from './shifts.js';
import type { LocalDate } from './time.js';
import { addDays, datesInRange, daysBetween, isoWeekday } from './time.js';

/**
 * Days a rotation covers. `workingDays` counts make-up workdays (调休上班) and skips holidays.
 * `offDays` is the reverse, and `allDays` ignores the calendar.
 */
export type RotationDayFilter = 'allDays' | 'workingDays' | 'offDays';

export interface Rotation {
  id: string;
  templateId: string;
  /** Post this rotation fills in the template. */
  post: string;
  /** Person ids in turn order. */
  participants: string[];
  /** The first matching day on or after this date goes to participant 0. */
  anchorDate: LocalDate;
  /** ISO weekdays (1 = Monday .. 7 = Sunday) it covers. All seven when omitted. */
  weekdays?: number[];
  dayFilter: RotationDayFilter;
  validFrom: LocalDate;
  /** Last day covered. Open-ended when omitted. */
  validTo?: LocalDate;
}

// Anchors more than this many days back are almost certainly typing mistakes.
const MAX_ANCHOR_DISTANCE_DAYS = 366 * 10;

function checkRotation(rotation: Rotation): void {
  if (rotation.participants.length === 0) {
    throw new RosterInputError(
      `Rotation ${rotation.id} has no participants; add at least one.`,
    );
  }
  const badDay = rotation.weekdays?.find(
    (day) => !Number.isInteger(day) || day < 1 || day > 7,
  );
  if (badDay !== undefined) {
    throw new RosterInputError(
      `Rotation ${rotation.id} has weekday ${badDay}; use 1 (Monday) to 7 (Sunday).`,
    );
  }
  if (rotation.validTo !== undefined && rotation.validTo < rotation.validFrom) {
    throw new RosterInputError(
      `Rotation ${rotation.id} is valid from ${rotation.validFrom} to ${rotation.validTo}, ` +
        'which ends before it starts.',
    );
  }
}

/** Whether the rotation's weekly pattern and day filter select a date, ignoring validity. */
export function rotationMatchesDay(
  rotation: Rotation,
  calendar: HolidayCalendar,
  date: LocalDate,
): boolean {
  if (rotation.weekdays && !rotation.weekdays.includes(isoWeekday(date))) {
    return false;
  }
  if (rotation.dayFilter === 'allDays') {
    return true;
  }
  const working = isWorkingDayType(calendar.dayType(date));
  return rotation.dayFilter === 'workingDays' ? working : !working;
}

function isWithinValidity(rotation: Rotation, date: LocalDate): boolean {
  return (
    date >= rotation.validFrom &&
    (rotation.validTo === undefined || date <= rotation.validTo)
  );
}

/** Counts matching days in [from, to), negated when `to` is before `from`. */
function countMatchingDays(
  rotation: Rotation,
  calendar: HolidayCalendar,
  from: LocalDate,
  to: LocalDate,
): number {
  const distance = daysBetween(from, to);
  if (Math.abs(distance) > MAX_ANCHOR_DISTANCE_DAYS) {
    throw new RosterInputError(
      `Rotation ${rotation.id} anchor ${rotation.anchorDate} is more than ten years from ${to}; ` +
        'move the anchor closer.',
    );
  }

  const sign = distance >= 0 ? 1 : -1;
  const first = distance >= 0 ? from : to;
  let count = 0;
  for (let step = 0; step < Math.abs(distance); step += 1) {
    if (rotationMatchesDay(rotation, calendar, addDays(first, step))) {
      count += 1;
    }
  }
  return sign * count;
}

/**
 * Returns the participant on duty for a date, or undefined when the rotation does not cover
 * it. Raises `CalendarYearMissingError` when any day between anchor and date lacks a calendar.
 */
export function rotationParticipant(
  rotation: Rotation,
  calendar: HolidayCalendar,
  date: LocalDate,
): string | undefined {
  checkRotation(rotation);
  if (
    !isWithinValidity(rotation, date) ||
    !rotationMatchesDay(rotation, calendar, date)
  ) {
    return undefined;
  }

  const index = countMatchingDays(
    rotation,
    calendar,
    rotation.anchorDate,
    date,
  );
  const size = rotation.participants.length;
  return rotation.participants[((index % size) + size) % size];
}

/** Expands a rotation into assignments for every covered date in [from, to]. */
export function expandRotation(
  rotation: Rotation,
  template: ShiftTemplate,
  calendar: HolidayCalendar,
  from: LocalDate,
  to: LocalDate,
): Assignment[] {
  if (template.id !== rotation.templateId) {
    throw new RosterInputError(
      `Rotation ${rotation.id} uses template ${rotation.templateId}, not ${template.id}.`,
    );
  }
  if (!template.posts.some((entry) => entry.post === rotation.post)) {
    throw new RosterInputError(
      `Rotation ${rotation.id} fills post ${rotation.post}, which template ${template.id} lacks.`,
    );
  }

  const assignments: Assignment[] = [];
  for (const date of datesInRange(from, to)) {
    const personId = rotationParticipant(rotation, calendar, date);
    if (personId === undefined) {
      continue;
    }
    const shift = shiftInstance(template, date);
    assignments.push({
      id: `${rotation.id}:${date}`,
      personId,
      post: rotation.post,
      source: 'rotation',
      shiftDate: date,
      start: shift.start,
      end: shift.end,
    });
  }
  return assignments;
}
