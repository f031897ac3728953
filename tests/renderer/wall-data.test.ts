import { describe, expect, it } from 'vitest';
import type { AlertAggregates } from '../../src-shared/contract/index.js';
import { TrendSeries } from '../../src-renderer/src/charts/trend-series.js';
import { RingBuffer } from '../../src-renderer/src/charts/ring-buffer.js';
import {
  barCapacity,
  classRows,
  fitRows,
  levelRows,
  rankedRows,
} from '../../src-renderer/src/wall/aggregate-rows.js';

const HOUR = 3_600_000;
const H0 = Date.UTC(2026, 0, 1, 0, 0, 0);

describe('RingBuffer', () => {
  it('drops the oldest when full', () => {
    const buffer = new RingBuffer<number>(3);
    for (let i = 1; i <= 5; i += 1) {
      buffer.push(i);
    }
    expect(buffer.toArray()).toEqual([3, 4, 5]);
    expect(buffer.size).toBe(3);
    expect(buffer.at(0)).toBe(3);
    expect(buffer.last()).toBe(5);
    expect(buffer.at(3)).toBeUndefined();
  });

  it('rejects a zero capacity', () => {
    expect(() => new RingBuffer<number>(0)).toThrow(RangeError);
  });
});

describe('TrendSeries by hour', () => {
  it('ends at the current hour for recent data', () => {
    const series = new TrendSeries(4);
    const points = series.sync(
      { [String(H0 + 2 * HOUR)]: 5 },
      H0 + 3 * HOUR + 60_000,
    );
    expect(points.map((point) => point.start)).toEqual([
      H0,
      H0 + HOUR,
      H0 + 2 * HOUR,
      H0 + 3 * HOUR,
    ]);
    expect(points.map((point) => point.count)).toEqual([0, 0, 5, 0]);
  });

  it('ends at the newest hour for old data', () => {
    const series = new TrendSeries(3);
    const points = series.sync(
      { [String(H0)]: 2, [String(H0 + HOUR)]: 4 },
      H0 + 1000 * HOUR,
    );
    expect(points.map((point) => point.start)).toEqual([
      H0 - HOUR,
      H0,
      H0 + HOUR,
    ]);
    expect(points.map((point) => point.count)).toEqual([0, 2, 4]);
  });

  it('stays bounded as hours pass', () => {
    const series = new TrendSeries(24);
    const byHour: Record<string, number> = {};
    let points: readonly { start: number; count: number }[] = [];
    for (let hour = 0; hour < 200; hour += 1) {
      byHour[String(H0 + hour * HOUR)] = hour;
      points = series.sync(byHour, H0 + hour * HOUR + 10);
    }
    expect(points).toHaveLength(24);
    expect(points[23]).toEqual({ start: H0 + 199 * HOUR, count: 199 });
    expect(points[0]).toEqual({ start: H0 + 176 * HOUR, count: 176 });
  });

  it('empty aggregates give no points', () => {
    expect(new TrendSeries(24).sync({}, H0)).toEqual([]);
  });
});

describe('TrendSeries by day', () => {
  // Midnight of 2026-01-02 in Beijing is 16:00 UTC on 2026-01-01.
  const D1 = Date.UTC(2026, 0, 1, 16);
  const DAY = 24 * HOUR;

  it('sums hours into Beijing days', () => {
    const series = new TrendSeries(3, 'day');
    const points = series.sync(
      {
        // 23:00 on 2026-01-01 and 00:00 on 2026-01-02, Beijing time.
        [String(D1 - HOUR)]: 4,
        [String(D1)]: 5,
        // 23:00 on 2026-01-02 and 08:00 on 2026-01-03.
        [String(D1 + 23 * HOUR)]: 6,
        [String(D1 + DAY + 8 * HOUR)]: 7,
      },
      D1 + DAY + 9 * HOUR,
    );
    expect(points.map((point) => point.start)).toEqual([
      D1 - DAY,
      D1,
      D1 + DAY,
    ]);
    expect(points.map((point) => point.count)).toEqual([4, 11, 7]);
  });

  it('moves to a new day at Beijing midnight', () => {
    const series = new TrendSeries(2, 'day');
    const byHour = { [String(D1 - HOUR)]: 1 };
    expect(series.sync(byHour, D1 - 1).map((point) => point.start)).toEqual([
      D1 - 2 * DAY,
      D1 - DAY,
    ]);
    expect(series.sync(byHour, D1).map((point) => point.count)).toEqual([1, 0]);
  });

  it('stays bounded as days pass', () => {
    const series = new TrendSeries(30, 'day');
    const byHour: Record<string, number> = {};
    let points: readonly { start: number; count: number }[] = [];
    for (let day = 0; day < 90; day += 1) {
      byHour[String(D1 + day * DAY + 3 * HOUR)] = day;
      points = series.sync(byHour, D1 + day * DAY + 5 * HOUR);
    }
    expect(points).toHaveLength(30);
    expect(points[29]).toEqual({ start: D1 + 89 * DAY, count: 89 });
    expect(points[0]).toEqual({ start: D1 + 60 * DAY, count: 60 });
  });
});

describe('aggregate rows', () => {
  const aggregates: AlertAggregates = {
    total: 12,
    byLevel: { '1': 3, '3': 4, none: 2, unknown: 1 },
    byClass: { accident: 5, public_health: 1, other: 6 },
    byType: { 噪声扰民: 2, 火灾: 7, 占道经营: 2, 山体滑坡: 1 },
    byTown: { 凤山镇: 3 },
    byHour: {},
  };

  it('levels list all four plus unrated', () => {
    expect(levelRows(aggregates)).toEqual([
      { key: '1', count: 3 },
      { key: '2', count: 0 },
      { key: '3', count: 4 },
      { key: '4', count: 0 },
      { key: 'none', count: 3 },
    ]);
  });

  it('classes list all four plus unclassified', () => {
    expect(classRows(aggregates).map((row) => row.count)).toEqual([
      0, 5, 1, 0, 6,
    ]);
  });

  it('types are ranked and all kept', () => {
    expect(rankedRows(aggregates.byType)).toEqual([
      { key: '火灾', count: 7 },
      { key: '占道经营', count: 2 },
      { key: '噪声扰民', count: 2 },
      { key: '山体滑坡', count: 1 },
    ]);
  });
});

describe('town bars that fit', () => {
  const rows = [9, 7, 5, 3, 2, 1].map((count, index) => ({
    key: `town-${index}`,
    count,
  }));

  it('keeps every row when they fit', () => {
    const fitted = fitRows(rows, 6);
    expect(fitted.bars).toEqual(rows);
    expect(fitted.otherRows).toBe(0);
    expect(fitted.otherCount).toBe(0);
  });

  it('folds the rest into one bar', () => {
    const fitted = fitRows(rows, 4);
    expect(fitted.bars.map((row) => row.key)).toEqual([
      'town-0',
      'town-1',
      'town-2',
    ]);
    expect(fitted.otherRows).toBe(3);
    expect(fitted.otherCount).toBe(6);
    const drawn = fitted.bars.reduce((sum, row) => sum + row.count, 0);
    expect(drawn + fitted.otherCount).toBe(27);
  });

  it('keeps two bars on a tiny panel', () => {
    expect(fitRows(rows, 0).bars).toHaveLength(1);
    expect(fitRows(rows, 0).otherRows).toBe(5);
  });

  it('counts bars by label height', () => {
    expect(barCapacity(320, 20)).toBe(10);
    expect(barCapacity(0, 20)).toBe(0);
  });
});
