import { describe, expect, it } from 'vitest';
import { OpinionSource } from '../../../src-shared/opinion/index.js';
import {
  SENTIMENT_STACK_ORDER,
  heatText,
  hourLabels,
  sentimentBarOption,
  sourceRows,
  topicRows,
} from '../../../src-renderer/src/wall/panels/opinion-options.js';
import { LABELS, opinionView as view } from './fixtures.js';

interface BarSeries {
  id: string;
  name: string;
  stack: string;
  data: number[];
}

describe('sentimentBarOption', () => {
  it('series equal the hour counts', () => {
    const wall = view(500);
    const option = sentimentBarOption(wall, LABELS, 20);
    const series = option.series as BarSeries[];

    expect(series.map((s) => s.id)).toEqual(
      SENTIMENT_STACK_ORDER.map((s) => `sentiment-${s}`),
    );
    for (const [index, sentiment] of SENTIMENT_STACK_ORDER.entries()) {
      const expected = wall.hours.map((hour) => hour.sentiment[sentiment]);
      expect(series[index]!.data).toEqual(expected);
      expect(series[index]!.name).toBe(LABELS[sentiment]);
      expect(series[index]!.stack).toBe('sentiment');
    }
  });

  it('bar sums add up to the total', () => {
    const wall = view(500);
    const series = sentimentBarOption(wall, LABELS, 20).series as BarSeries[];

    const summed = series
      .flatMap((s) => s.data)
      .reduce((sum, count) => sum + count, 0);

    expect(wall.total).toBeGreaterThan(0);
    expect(summed).toBe(wall.total);
  });

  it('labels the 24 hours in Beijing time', () => {
    const wall = view(50);
    const labels = hourLabels(wall);

    expect(labels).toHaveLength(24);
    expect(labels[23]).toBe('10:00');
    expect(labels[0]).toBe('11:00');
    const axis = sentimentBarOption(wall, LABELS, 20).xAxis as {
      data: string[];
    };
    expect(axis.data).toEqual(labels);
  });

  it('draws empty series without a view', () => {
    const series = sentimentBarOption(null, LABELS, 20).series as BarSeries[];

    expect(series).toHaveLength(3);
    expect(series.every((s) => s.data.length === 0)).toBe(true);
  });
});

describe('topicRows', () => {
  it('keeps the heat order, ten at most', () => {
    const wall = view(500);
    const rows = topicRows(wall);

    expect(rows).toHaveLength(10);
    expect(rows.map((row) => row.topic)).toEqual(
      wall.topics.slice(0, 10).map((topic) => topic.topic),
    );
    for (let i = 1; i < rows.length; i += 1) {
      expect(rows[i - 1]!.heat).toBeGreaterThanOrEqual(rows[i]!.heat);
    }
    expect(rows.map((row) => row.rank)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
  });

  it('scales bars to the hottest topic', () => {
    const rows = topicRows(view(500));

    expect(rows[0]!.barStep).toBe(10);
    for (const row of rows) {
      expect(row.barStep).toBe(Math.round((row.heat / rows[0]!.heat) * 10));
    }
  });

  it('returns no rows for an empty view', () => {
    expect(topicRows(view(0))).toEqual([]);
  });
});

describe('sourceRows', () => {
  it('lists every source with its count', () => {
    const wall = view(500);
    const rows = sourceRows(wall);

    expect(rows.map((row) => row.source)).toEqual(OpinionSource.options);
    expect(rows.reduce((sum, row) => sum + row.count, 0)).toBe(wall.total);
    for (const row of rows) {
      expect(row.count).toBe(wall.sources[row.source]);
    }
  });
});

describe('heatText', () => {
  it('rounds to a whole number', () => {
    expect(heatText(1234.56)).toBe('1235');
    expect(heatText(0)).toBe('0');
  });
});
