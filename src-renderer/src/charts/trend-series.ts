import { SHANGHAI_OFFSET_MS } from '../../../src-shared/roster/time.js';
import { RingBuffer } from './ring-buffer.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Length of one point of a trend: an hour, or a Beijing calendar day. */
export type TrendUnit = 'hour' | 'day';

export interface TrendPoint {
  /** Start of the hour or of the Beijing day, in ms since the Unix epoch. */
  start: number;
  count: number;
}

const UNIT_MS: Readonly<Record<TrendUnit, number>> = {
  hour: HOUR_MS,
  day: DAY_MS,
};

/** Returns the start of the hour or Beijing day that contains `instant`. */
export function unitStart(instant: number, unit: TrendUnit): number {
  if (unit === 'hour') {
    return Math.floor(instant / HOUR_MS) * HOUR_MS;
  }
  return (
    Math.floor((instant + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS -
    SHANGHAI_OFFSET_MS
  );
}

/**
 * The last `length` hourly or daily counts for the wall's trend, held in a ring buffer so memory
 * stays bounded however many hours the aggregates carry. Daily counts sum the hourly ones of each
 * Beijing day. The window ends at the current hour or day when the newest data is recent, and at
 * the newest one with data otherwise (a replay of old records).
 */
export class TrendSeries {
  private readonly points: RingBuffer<TrendPoint>;
  private readonly unitMs: number;

  constructor(
    readonly length: number,
    readonly unit: TrendUnit = 'hour',
  ) {
    this.points = new RingBuffer<TrendPoint>(length);
    this.unitMs = UNIT_MS[unit];
  }

  /** Brings the series level with `byHour` (hour start in ms as a string, to count). */
  sync(
    byHour: Readonly<Record<string, number>>,
    now: number,
  ): readonly TrendPoint[] {
    const counts = this.countsPerUnit(byHour);
    const end = this.windowEnd(counts, now);
    if (end === null) {
      this.points.clear();
      return [];
    }

    const last = this.points.last();
    if (
      last === undefined ||
      last.start > end ||
      end - last.start >= this.length * this.unitMs
    ) {
      this.points.clear();
    }

    // Advance one unit at a time, so that the buffer drops the units that fall out of the window.
    let next =
      this.points.last() === undefined
        ? end - (this.length - 1) * this.unitMs
        : (this.points.last() as TrendPoint).start + this.unitMs;
    while (next <= end) {
      this.points.push({ start: next, count: 0 });
      next += this.unitMs;
    }

    for (let i = 0; i < this.points.size; i += 1) {
      const point = this.points.at(i) as TrendPoint;
      point.count = counts.get(point.start) ?? 0;
    }
    return this.points.toArray();
  }

  /** Sums the hourly counts per unit, keyed by the unit's start. */
  private countsPerUnit(
    byHour: Readonly<Record<string, number>>,
  ): Map<number, number> {
    const counts = new Map<number, number>();
    for (const [key, count] of Object.entries(byHour)) {
      const hourStart = Number(key);
      if (!Number.isFinite(hourStart)) {
        continue;
      }
      const start = unitStart(hourStart, this.unit);
      counts.set(start, (counts.get(start) ?? 0) + count);
    }
    return counts;
  }

  private windowEnd(
    counts: ReadonlyMap<number, number>,
    now: number,
  ): number | null {
    let newest: number | null = null;
    for (const start of counts.keys()) {
      if (newest === null || start > newest) {
        newest = start;
      }
    }
    if (newest === null) {
      return null;
    }
    const current = unitStart(now, this.unit);
    const recent =
      newest <= current && current - newest < this.length * this.unitMs;
    return recent ? current : newest;
  }
}
