const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Offset of `timeZone` from UTC at instant `utcMs`, in ms (negative west of Greenwich). */
function zoneOffset(utcMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(utcMs))) {
    if (part.type !== 'literal') {
      parts[part.type] = Number(part.value);
    }
  }
  const wallAsUtc = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return wallAsUtc - Math.floor(utcMs / 1000) * 1000;
}

/**
 * Converts a wall-clock time in `timeZone` to an instant. A time that occurs twice (the hour when
 * daylight saving ends) gives the earlier instant. A time skipped when daylight saving starts is
 * read with the offset from before the change, so 02:30 becomes 03:30 daylight time.
 */
export function zonedTimeToUtc(
  wall: {
    year: number;
    month: number;
    day: number;
    hour: number;
    minute: number;
    second: number;
  },
  timeZone: string,
): number {
  const wallAsUtc = Date.UTC(
    wall.year,
    wall.month - 1,
    wall.day,
    wall.hour,
    wall.minute,
    wall.second,
  );
  const firstGuess = wallAsUtc - zoneOffset(wallAsUtc, timeZone);
  const offsetAtGuess = zoneOffset(firstGuess, timeZone);
  const secondGuess = wallAsUtc - offsetAtGuess;
  const earlier = Math.min(firstGuess, secondGuess);
  if (wallAsUtc - zoneOffset(earlier, timeZone) === earlier) {
    return earlier;
  }
  return Math.max(firstGuess, secondGuess);
}

const US_DATE_TIME =
  /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2}) (AM|PM)$/;

/**
 * Parses `MM/DD/YYYY hh:mm:ss AM` (the 311 export format) as local time in `timeZone`. Returns
 * null for text in another format or with out-of-range fields.
 */
export function parseUsDateTime(text: string, timeZone: string): number | null {
  const match = US_DATE_TIME.exec(text.trim());
  if (!match) {
    return null;
  }
  const month = Number(match[1]);
  const day = Number(match[2]);
  const year = Number(match[3]);
  const hour12 = Number(match[4]);
  const minute = Number(match[5]);
  const second = Number(match[6]);
  if (
    hour12 < 1 ||
    hour12 > 12 ||
    month < 1 ||
    month > 12 ||
    minute > 59 ||
    second > 59
  ) {
    return null;
  }
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) {
    return null;
  }
  const hour = (hour12 % 12) + (match[7] === 'PM' ? 12 : 0);
  return zonedTimeToUtc({ year, month, day, hour, minute, second }, timeZone);
}
