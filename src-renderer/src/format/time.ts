/**
 * Times shown to operators are always Beijing time (Asia/Shanghai, UTC+8 with no daylight saving),
 * whatever zone the workstation or wall PC is set to.
 */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

const clockFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: DISPLAY_TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: DISPLAY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

const hourFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: DISPLAY_TIME_ZONE,
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  hourCycle: 'h23',
});

type Parts = Partial<Record<Intl.DateTimeFormatPartTypes, string>>;

function partsOf(format: Intl.DateTimeFormat, epochMs: number): Parts {
  const parts: Parts = {};
  for (const part of format.formatToParts(epochMs)) {
    parts[part.type] = part.value;
  }
  return parts;
}

/** `HH:mm:ss` in Beijing time. */
export function formatClock(epochMs: number): string {
  const p = partsOf(clockFormat, epochMs);
  return `${p.hour}:${p.minute}:${p.second}`;
}

/** `YYYY-MM-DD HH:mm:ss` in Beijing time. */
export function formatDateTime(epochMs: number): string {
  const p = partsOf(dateTimeFormat, epochMs);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** `MM-DD HH:00` in Beijing time, for the hourly trend axis. */
export function formatHour(epochMs: number): string {
  const p = partsOf(hourFormat, epochMs);
  return `${p.month}-${p.day} ${p.hour}:00`;
}

/** Short time for a list row: `HH:mm:ss` when on the same Beijing day as `now`, else with the date. */
export function formatListTime(epochMs: number, now: number): string {
  const full = formatDateTime(epochMs);
  const sameDay = full.slice(0, 10) === formatDateTime(now).slice(0, 10);
  return sameDay ? full.slice(11) : full.slice(5, 16);
}
