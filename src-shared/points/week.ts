// ISO weeks in Asia/Shanghai. China has kept UTC+8 without daylight saving since 1991, so a fixed
// offset gives local dates for every instant the points ledger can hold.
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** Returns the start of the ISO week (Monday 00:00 in Asia/Shanghai) that contains `instant`. */
export function isoWeekStart(instant: number): number {
  const local = instant + SHANGHAI_OFFSET_MS;
  const localMidnight = Math.floor(local / DAY_MS) * DAY_MS;
  // getUTCDay on the shifted instant is the local weekday. 0 is Sunday, the end of an ISO week.
  const weekday = new Date(localMidnight).getUTCDay();
  const daysSinceMonday = (weekday + 6) % 7;
  return localMidnight - daysSinceMonday * DAY_MS - SHANGHAI_OFFSET_MS;
}

/** Returns the ISO week label of `instant` in Asia/Shanghai, such as `2026-W49`. */
export function isoWeekLabel(instant: number): string {
  const monday = new Date(isoWeekStart(instant) + SHANGHAI_OFFSET_MS);
  // The ISO year is the year of the week's Thursday.
  const thursday = new Date(monday.getTime() + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  // 4 January always falls in week 1.
  const januaryFourth = Date.UTC(year, 0, 4);
  const firstMonday =
    januaryFourth - ((new Date(januaryFourth).getUTCDay() + 6) % 7) * DAY_MS;
  const week = Math.round((monday.getTime() - firstMonday) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
