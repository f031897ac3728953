// Asia/Shanghai local time without the Intl time-zone database. China has kept UTC+08:00 all
// year since it stopped daylight saving in 1991, so a fixed offset gives the same results as the
// tz database for every date this console plans, and the results never depend on process.env.TZ.
import { InvalidLocalTimeError, RosterInputError } from './errors.js';

/** Milliseconds since the Unix epoch. */
export type Instant = number;

/** A Shanghai calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;

/** A Shanghai wall-clock time, `HH:mm`. */
export type LocalTime = string;

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Offset of Asia/Shanghai from UTC, fixed because China has had no daylight saving since 1991. */
export const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^(\d{2}):(\d{2})$/;
const DATE_TIME_PATTERN = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})$/;

/** Year, month (1-12) and day of a local date. */
export interface DateParts {
  year: number;
  month: number;
  day: number;
}

/** Splits and checks a `YYYY-MM-DD` date, rejecting impossible days such as 2025-02-29. */
export function parseLocalDate(date: LocalDate): DateParts {
  const match = DATE_PATTERN.exec(date);
  if (!match) {
    throw new InvalidLocalTimeError(date, 'a date YYYY-MM-DD');
  }

  const parts = {
    year: Number(match[1]),
    month: Number(match[2]),
    day: Number(match[3]),
  };
  const check = new Date(Date.UTC(parts.year, parts.month - 1, parts.day));
  if (
    check.getUTCMonth() !== parts.month - 1 ||
    check.getUTCDate() !== parts.day
  ) {
    throw new InvalidLocalTimeError(date, 'a real calendar date YYYY-MM-DD');
  }
  return parts;
}

/** Returns minutes after local midnight for `HH:mm`. `24:00` is rejected, so use the next day. */
export function parseLocalTime(time: LocalTime): number {
  const match = TIME_PATTERN.exec(time);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || hours > 23 || minutes > 59) {
    throw new InvalidLocalTimeError(time, 'a time HH:mm from 00:00 to 23:59');
  }
  return hours * 60 + minutes;
}

function formatDateParts(parts: DateParts): LocalDate {
  const year = String(parts.year).padStart(4, '0');
  const month = String(parts.month).padStart(2, '0');
  const day = String(parts.day).padStart(2, '0');
  return `${year}-${month}-${day}`;
}

/** Counts days since 1970-01-01 for a local date, so dates compare and subtract as integers. */
export function dayNumber(date: LocalDate): number {
  const parts = parseLocalDate(date);
  return Date.UTC(parts.year, parts.month - 1, parts.day) / DAY_MS;
}

/** Converts a day number from `dayNumber` back to a local date. */
export function dateFromDayNumber(days: number): LocalDate {
  const shifted = new Date(days * DAY_MS);
  return formatDateParts({
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  });
}

/** Adds whole calendar days. Negative counts go back. */
export function addDays(date: LocalDate, days: number): LocalDate {
  if (!Number.isInteger(days)) {
    throw new RosterInputError(
      `addDays needs a whole number of days, got ${days}.`,
    );
  }
  return dateFromDayNumber(dayNumber(date) + days);
}

/** Returns the number of days from `from` to `to`, negative when `to` is earlier. */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return dayNumber(to) - dayNumber(from);
}

/** Returns the ISO weekday: 1 is Monday, 7 is Sunday. */
export function isoWeekday(date: LocalDate): number {
  // 1970-01-01 was a Thursday (ISO weekday 4).
  const offset = (((dayNumber(date) + 3) % 7) + 7) % 7;
  return offset + 1;
}

/** Returns the instant of a local date at a local wall-clock time. */
export function instantAt(date: LocalDate, time: LocalTime): Instant {
  return (
    dayNumber(date) * DAY_MS +
    parseLocalTime(time) * MINUTE_MS -
    SHANGHAI_OFFSET_MS
  );
}

/** Parses `YYYY-MM-DD HH:mm` or `YYYY-MM-DDTHH:mm` as Shanghai local time. */
export function parseLocalDateTime(text: string): Instant {
  const match = DATE_TIME_PATTERN.exec(text);
  if (!match?.[1] || !match[2]) {
    throw new InvalidLocalTimeError(text, 'a date-time YYYY-MM-DD HH:mm');
  }
  return instantAt(match[1], match[2]);
}

function checkInstant(instant: Instant): void {
  if (!Number.isFinite(instant)) {
    throw new RosterInputError(
      `Invalid instant ${instant}: expected milliseconds since 1970.`,
    );
  }
}

/** Returns the Shanghai calendar date that contains an instant. */
export function localDateOf(instant: Instant): LocalDate {
  checkInstant(instant);
  return dateFromDayNumber(Math.floor((instant + SHANGHAI_OFFSET_MS) / DAY_MS));
}

/** Returns the Shanghai wall-clock time `HH:mm` of an instant, dropping seconds. */
export function localTimeOf(instant: Instant): LocalTime {
  checkInstant(instant);
  const minuteOfDay = Math.floor(
    ((((instant + SHANGHAI_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS,
  );
  const hours = String(Math.floor(minuteOfDay / 60)).padStart(2, '0');
  const minutes = String(minuteOfDay % 60).padStart(2, '0');
  return `${hours}:${minutes}`;
}

/** Formats an instant as `YYYY-MM-DD HH:mm` in Shanghai time, for screens. */
export function formatLocalDateTime(instant: Instant): string {
  return `${localDateOf(instant)} ${localTimeOf(instant)}`;
}

/** Formats an instant as ISO 8601 with the Shanghai offset, `YYYY-MM-DDTHH:mm+08:00`. */
export function formatIsoLocal(instant: Instant): string {
  return `${localDateOf(instant)}T${localTimeOf(instant)}+08:00`;
}

/** ISO 8601 week: the week-numbering year can differ from the calendar year near January 1. */
export interface IsoWeek {
  year: number;
  week: number;
}

/**
 * Returns the ISO 8601 week of a date. Weeks start on Monday, and week 1 contains the first
 * Thursday.
 */
export function isoWeek(date: LocalDate): IsoWeek {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const year = parseLocalDate(thursday).year;
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return { year, week };
}

/** Returns the Chinese label of a date's ISO week, e.g. `2025年第1周`. */
export function isoWeekLabel(date: LocalDate): string {
  const { year, week } = isoWeek(date);
  return `${year}年第${week}周`;
}

/** Lists every date from `from` to `to`, both included. */
export function datesInRange(from: LocalDate, to: LocalDate): LocalDate[] {
  const count = daysBetween(from, to);
  if (count < 0) {
    throw new RosterInputError(
      `Date range ${from}..${to} ends before it starts.`,
    );
  }
  return Array.from({ length: count + 1 }, (_, index) => addDays(from, index));
}
