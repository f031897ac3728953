import { describe, expect, it } from 'vitest';
import { PointsWallViewSchema } from '../../../src-shared/points/index.js';
import {
  averageText,
  bucketLabel,
  distributionBarOption,
  rankedTowns,
  signedPoints,
  topRules,
} from '../../../src-renderer/src/wall/panels/points-rows.js';
import { sampleView } from './fixtures.js';

const RANGE = { below: '<{to}', atLeast: '≥{from}', range: '{from}–{to}' };

describe('sample view', () => {
  it('passes the wall view schema', () => {
    expect(PointsWallViewSchema.safeParse(sampleView()).success).toBe(true);
  });
});

describe('rankedTowns', () => {
  it('orders by average, unrated last', () => {
    const codes = rankedTowns(sampleView().towns).map((town) => town.code);

    expect(codes).toEqual([
      '421123102',
      '421123100',
      '421123103',
      // Both without an average, ordered by name in Chinese collation: 白 (bái) before 骆 (luò).
      '421123104',
      '421123101',
    ]);
  });

  it('leaves the input alone', () => {
    const towns = sampleView().towns;
    const before = towns.map((town) => town.code);

    rankedTowns(towns);

    expect(towns.map((town) => town.code)).toEqual(before);
  });
});

describe('averageText', () => {
  it('shows the insufficient text for null', () => {
    expect(averageText(null, '样本不足')).toBe('样本不足');
  });

  it('shows one decimal', () => {
    expect(averageText(103.456, '样本不足')).toBe('103.5');
    expect(averageText(95, '样本不足')).toBe('95.0');
  });
});

describe('bucketLabel', () => {
  it('labels open and closed buckets', () => {
    expect(bucketLabel({ from: null, to: 60 }, RANGE)).toBe('<60');
    expect(bucketLabel({ from: 60, to: 80 }, RANGE)).toBe('60–80');
    expect(bucketLabel({ from: 120, to: null }, RANGE)).toBe('≥120');
    expect(bucketLabel({ from: null, to: null }, RANGE)).toBe('');
  });
});

describe('distributionBarOption', () => {
  it('bars equal the bucket counts', () => {
    const view = sampleView();
    const option = distributionBarOption(view, RANGE, 20);
    const series = option.series as { data: number[] }[];
    const axis = option.xAxis as { data: string[] };

    expect(series[0]!.data).toEqual([12, 90, 400, 600, 98]);
    expect(series[0]!.data.reduce((a, b) => a + b, 0)).toBe(view.subjects);
    expect(axis.data).toEqual(['<60', '60–80', '80–100', '100–120', '≥120']);
  });

  it('is empty without a view', () => {
    const series = distributionBarOption(null, RANGE, 20).series as {
      data: number[];
    }[];

    expect(series[0]!.data).toEqual([]);
  });
});

describe('topRules', () => {
  it('cuts each list to five', () => {
    const rules = topRules(sampleView());

    expect(rules.positive.map((r) => r.code)).toEqual([
      'P1',
      'P2',
      'P3',
      'P4',
      'P5',
    ]);
    expect(rules.negative.map((r) => r.code)).toEqual(['N1', 'N2']);
  });
});

describe('signedPoints', () => {
  it('adds a plus to gains', () => {
    expect(signedPoints(12)).toBe('+12');
    expect(signedPoints(-30)).toBe('-30');
    expect(signedPoints(0)).toBe('0');
  });
});
