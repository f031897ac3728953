/**
 * Times shown to operators are always Beijing time (Asia/Shanghai, UTC+8 with no daylight saving),
 * whatever zone the workstation or wall PC is set to. The offset is fixed (see roster/time.ts)
 * rather than read from Intl, because a formatter for a named zone loads the zone database when it
 * is created. That cost the wall about 20 ms of its start-up. The fixed offset gives the same
 * result for every instant since 1991.
 */
import { SHANGHAI_OFFSET_MS } from '../../../src-shared/roster/time.js';

function twoDigits(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** Returns a Date whose UTC fields read as Beijing wall-clock time. */
function beijing(epochMs: number): Date {
  return new Date(epochMs + SHANGHAI_OFFSET_MS);
}

function clockOf(date: Date): string {
  return `${twoDigits(date.getUTCHours())}:${twoDigits(date.getUTCMinutes())}:${twoDigits(date.getUTCSeconds())}`;
}

function dayOf(date: Date): string {
  return `${date.getUTCFullYear()}-${twoDigits(date.getUTCMonth() + 1)}-${twoDigits(date.getUTCDate())}`;
}

/** `HH:mm:ss` in Beijing time. */
export function formatClock(epochMs: number): string {
  return clockOf(beijing(epochMs));
}

/** `YYYY-MM-DD HH:mm:ss` in Beijing time. */
export function formatDateTime(epochMs: number): string {
  const date = beijing(epochMs);
  return `${dayOf(date)} ${clockOf(date)}`;
}

/** `MM-DD HH:00` in Beijing time, for the hourly trend axis. */
export function formatHour(epochMs: number): string {
  const date = beijing(epochMs);
  return `${twoDigits(date.getUTCMonth() + 1)}-${twoDigits(date.getUTCDate())} ${twoDigits(date.getUTCHours())}:00`;
}

/** `MM-DD` in Beijing time, for the daily trend axis. */
export function formatDay(epochMs: number): string {
  const date = beijing(epochMs);
  return `${twoDigits(date.getUTCMonth() + 1)}-${twoDigits(date.getUTCDate())}`;
}

/** Short time for a list row: `HH:mm:ss` when on the same Beijing day as `now`, else with the date. */
export function formatListTime(epochMs: number, now: number): string {
  const full = formatDateTime(epochMs);
  const sameDay = full.slice(0, 10) === formatDateTime(now).slice(0, 10);
  return sameDay ? full.slice(11) : full.slice(5, 16);
}
