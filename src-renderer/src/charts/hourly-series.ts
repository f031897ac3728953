import { RingBuffer } from './ring-buffer.js';

const HOUR_MS = 3_600_000;

export interface HourPoint {
  /** Start of the hour in ms since the Unix epoch. */
  hourStart: number;
  count: number;
}

/**
 * The last `hours` hourly counts for the wall's trend, held in a ring buffer so memory stays
 * bounded however many hours the aggregates carry. The window ends at the current hour when the
 * newest data is recent, and at the newest hour with data otherwise (a replay of old records).
 */
export class HourlySeries {
  private readonly points: RingBuffer<HourPoint>;

  constructor(readonly hours: number) {
    this.points = new RingBuffer<HourPoint>(hours);
  }

  /** Brings the series level with `byHour` (hour start in ms as a string, to count). */
  sync(
    byHour: Readonly<Record<string, number>>,
    now: number,
  ): readonly HourPoint[] {
    const end = this.windowEnd(byHour, now);
    if (end === null) {
      this.points.clear();
      return [];
    }

    const last = this.points.last();
    if (
      last === undefined ||
      last.hourStart > end ||
      end - last.hourStart >= this.hours * HOUR_MS
    ) {
      this.points.clear();
    }

    // Advance hour by hour, so that the buffer drops the hours that fall out of the window.
    let next =
      this.points.last() === undefined
        ? end - (this.hours - 1) * HOUR_MS
        : (this.points.last() as HourPoint).hourStart + HOUR_MS;
    while (next <= end) {
      this.points.push({ hourStart: next, count: 0 });
      next += HOUR_MS;
    }

    for (let i = 0; i < this.points.size; i += 1) {
      const point = this.points.at(i) as HourPoint;
      point.count = byHour[String(point.hourStart)] ?? 0;
    }
    return this.points.toArray();
  }

  private windowEnd(
    byHour: Readonly<Record<string, number>>,
    now: number,
  ): number | null {
    let newest: number | null = null;
    for (const key of Object.keys(byHour)) {
      const hourStart = Number(key);
      if (
        Number.isFinite(hourStart) &&
        (newest === null || hourStart > newest)
      ) {
        newest = hourStart;
      }
    }
    if (newest === null) {
      return null;
    }
    const currentHour = Math.floor(now / HOUR_MS) * HOUR_MS;
    const recent =
      newest <= currentHour && currentHour - newest < this.hours * HOUR_MS;
    return recent ? currentHour : newest;
  }
}
