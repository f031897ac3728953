import { RingBuffer } from './ring-buffer.js';

/** One chart point: time in ms since the Unix epoch, and the value at that time. */
export type TimePoint = readonly [time: number, value: number];

/**
 * A time series that a live chart appends to, capped at `capacity` points. A wall that adds one
 * point a second for weeks keeps the newest `capacity` points and drops the oldest, so the chart's
 * data and memory stay the same size hour after hour.
 */
export class LiveSeries {
  private readonly points: RingBuffer<TimePoint>;

  constructor(readonly capacity: number) {
    this.points = new RingBuffer<TimePoint>(capacity);
  }

  get size(): number {
    return this.points.size;
  }

  push(time: number, value: number): void {
    this.points.push([time, value]);
  }

  /** The points oldest first, as a new array that a chart option may keep. */
  data(): TimePoint[] {
    return this.points.toArray();
  }

  clear(): void {
    this.points.clear();
  }
}
