// Day types of the Chinese working calendar. Weekends move every year by State Council notice
// (调休), so a year missing from the table is an error instead of a Monday-to-Friday guess.
import { CalendarYearMissingError, RosterInputError } from './errors.js';
import type { LocalDate } from './time.js';
import {
  addDays,
  datesInRange,
  daysBetween,
  isoWeekday,
  parseLocalDate,
} from './time.js';

/**
 * Kind of day. `restInLieu` is a weekday off inside a holiday period in exchange for a
 * `makeUpWorkday` (调休上班), which is a Saturday or Sunday worked.
 */
export type DayType =
  | 'workday'
  | 'weekend'
  | 'statutoryHoliday'
  | 'restInLieu'
  | 'makeUpWorkday';

/** One holiday period of a notice, e.g. 国庆节 10-01..10-07. */
export interface HolidayPeriod {
  name: string;
  /** First and last day off, both included. */
  from: LocalDate;
  to: LocalDate;
  /** Days of the period that are statutory holidays under 全国年节及纪念日放假办法. */
  statutoryDays: LocalDate[];
}

/** The State Council notice that fixes one year's holiday arrangement. */
export interface HolidayNotice {
  /** Document number, e.g. 国办发明电〔2023〕7号. */
  number: string;
  issuedOn: LocalDate;
  title: string;
}

/** One year's arrangement as published. */
export interface HolidayYear {
  year: number;
  notice: HolidayNotice;
  periods: HolidayPeriod[];
  makeUpWorkdays: LocalDate[];
}

/** Classification of one date. */
export interface DayInfo {
  date: LocalDate;
  type: DayType;
  /** Name of the holiday period or make-up day it belongs to. */
  holidayName?: string;
}

/** Checks whether a day type is worked by regular office staff. */
export function isWorkingDayType(type: DayType): boolean {
  return type === 'workday' || type === 'makeUpWorkday';
}

function isWeekend(date: LocalDate): boolean {
  return isoWeekday(date) >= 6;
}

/** Lookup of day types over the years entered. Every date outside them raises. */
export class HolidayCalendar {
  private readonly years = new Map<number, HolidayYear>();
  private readonly special = new Map<LocalDate, DayInfo>();

  constructor(years: readonly HolidayYear[]) {
    for (const entry of years) {
      this.addYear(entry);
    }
  }

  /** Adds a year's arrangement, e.g. one the admin typed from a new notice. */
  addYear(entry: HolidayYear): void {
    if (this.years.has(entry.year)) {
      throw new RosterInputError(
        `Holiday year ${entry.year} is already entered; edit it instead.`,
      );
    }
    this.years.set(entry.year, entry);

    for (const period of entry.periods) {
      for (const date of datesInRange(period.from, period.to)) {
        this.special.set(date, {
          date,
          type: periodDayType(period, date),
          holidayName: period.name,
        });
      }
    }
    for (const date of entry.makeUpWorkdays) {
      this.special.set(date, {
        date,
        type: 'makeUpWorkday',
        holidayName: makeUpName(entry, date),
      });
    }
  }

  hasYear(year: number): boolean {
    return this.years.has(year);
  }

  /** Returns the entered arrangement of a year or raises `CalendarYearMissingError`. */
  yearOf(year: number): HolidayYear {
    const entry = this.years.get(year);
    if (!entry) {
      throw new CalendarYearMissingError(year);
    }
    return entry;
  }

  /** Classifies a date, and raises `CalendarYearMissingError` when its year is not entered. */
  dayInfo(date: LocalDate): DayInfo {
    this.yearOf(parseLocalDate(date).year);

    const special = this.special.get(date);
    if (special) {
      return special;
    }
    return { date, type: isWeekend(date) ? 'weekend' : 'workday' };
  }

  dayType(date: LocalDate): DayType {
    return this.dayInfo(date).type;
  }

  /** Runs `validateHolidayYear` on an entered year. */
  validateYear(year: number): HolidayYearViolation[] {
    return validateHolidayYear(this.yearOf(year));
  }

  isWorkingDay(date: LocalDate): boolean {
    return isWorkingDayType(this.dayType(date));
  }
}

function periodDayType(period: HolidayPeriod, date: LocalDate): DayType {
  if (period.statutoryDays.includes(date)) {
    return 'statutoryHoliday';
  }
  return isWeekend(date) ? 'weekend' : 'restInLieu';
}

// A make-up workday belongs to the nearest holiday period, which is how notices list them.
function makeUpName(entry: HolidayYear, date: LocalDate): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const period of entry.periods) {
    const distance = Math.min(
      Math.abs(daysBetween(date, period.from)),
      Math.abs(daysBetween(date, period.to)),
    );
    if (!best || distance < best.distance) {
      best = { name: period.name, distance };
    }
  }
  return best?.name;
}

/** One problem found by `validateHolidayYear`. */
export interface HolidayYearViolation {
  kind:
    | 'makeUpNotOnWeekend'
    | 'longWorkRun'
    | 'dateOutsideYear'
    | 'statutoryOutsidePeriod';
  dates: LocalDate[];
  message: string;
}

/** Maximum consecutive working days a notice is expected to produce. */
export const MAX_CONSECUTIVE_WORKDAYS = 6;

/**
 * Checks an entered year for typing mistakes: make-up workdays must be weekend days, statutory
 * days must lie inside their period, and no run of working days may exceed six. Runs are counted
 * within the year only, because the neighbouring year may not be entered.
 */
export function validateHolidayYear(
  entry: HolidayYear,
): HolidayYearViolation[] {
  const violations: HolidayYearViolation[] = [];

  for (const date of entry.makeUpWorkdays) {
    if (!isWeekend(date)) {
      violations.push({
        kind: 'makeUpNotOnWeekend',
        dates: [date],
        message: `Make-up workday ${date} is not a Saturday or Sunday; check the notice.`,
      });
    }
  }

  for (const period of entry.periods) {
    for (const date of period.statutoryDays) {
      if (date < period.from || date > period.to) {
        violations.push({
          kind: 'statutoryOutsidePeriod',
          dates: [date],
          message: `Statutory day ${date} lies outside ${period.name} ${period.from}..${period.to}.`,
        });
      }
    }
  }

  violations.push(...datesOutsideYear(entry), ...longWorkRuns(entry));
  return violations;
}

function datesOutsideYear(entry: HolidayYear): HolidayYearViolation[] {
  const dates = [
    ...entry.makeUpWorkdays,
    ...entry.periods.flatMap((p) => [p.from, p.to]),
  ];
  const outside = dates.filter(
    (date) => parseLocalDate(date).year !== entry.year,
  );
  if (outside.length === 0) {
    return [];
  }
  return [
    {
      kind: 'dateOutsideYear',
      dates: outside,
      message: `Dates ${outside.join(', ')} are not in ${entry.year}; enter them in their own year.`,
    },
  ];
}

function longWorkRuns(entry: HolidayYear): HolidayYearViolation[] {
  const calendar = new HolidayCalendar([entry]);
  const violations: HolidayYearViolation[] = [];
  let run: LocalDate[] = [];

  const closeRun = (): void => {
    if (run.length > MAX_CONSECUTIVE_WORKDAYS) {
      violations.push({
        kind: 'longWorkRun',
        dates: run,
        message:
          `${run.length} consecutive working days from ${run[0]} to ${run[run.length - 1]}; ` +
          `at most ${MAX_CONSECUTIVE_WORKDAYS} are expected, so check the make-up workdays.`,
      });
    }
    run = [];
  };

  for (const date of datesInRange(
    `${entry.year}-01-01`,
    `${entry.year}-12-31`,
  )) {
    if (calendar.isWorkingDay(date)) {
      run.push(date);
    } else {
      closeRun();
    }
  }
  closeRun();
  return violations;
}

/** Lists the dates of a range whose type is in `types`. */
export function datesOfType(
  calendar: HolidayCalendar,
  from: LocalDate,
  to: LocalDate,
  types: readonly DayType[],
): LocalDate[] {
  return datesInRange(from, to).filter((date) =>
    types.includes(calendar.dayType(date)),
  );
}

/** Returns the next date after `date` of a working type. */
export function nextWorkingDay(
  calendar: HolidayCalendar,
  date: LocalDate,
): LocalDate {
  // A year has at most a few weeks off in a row, so 60 days bounds the search.
  for (let step = 1; step <= 60; step += 1) {
    const candidate = addDays(date, step);
    if (calendar.isWorkingDay(candidate)) {
      return candidate;
    }
  }
  throw new RosterInputError(
    `No working day within 60 days after ${date}; check the calendar.`,
  );
}
