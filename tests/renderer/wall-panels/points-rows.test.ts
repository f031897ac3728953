import { describe, expect, it } from 'vitest';
import { PointsWallViewSchema } from '../../../src-shared/points/index.js';
import {
  averageText,
  bucketLabel,
  compactSummary,
  distributionBarOption,
  distributionLayout,
  rankedTowns,
  signedPoints,
  topRules,
} from '../../../src-renderer/src/wall/panels/points-rows.js';
import { estimateTextWidth } from '../../../src-renderer/src/wall/chart-options.js';
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

describe('distributionLayout', () => {
  const FONT = 26;
  const GAP = FONT * 0.3;
  // Ten buckets of ten points from 60 to 140, as the county scenario scores.
  const NAMES = [
    '<60',
    ...[60, 70, 80, 90, 100, 110, 120, 130].map(
      (from) => `${from}–${from + 10}`,
    ),
    '≥140',
  ];
  const COUNTS = [0, 3, 101, 281, 572, 583, 336, 111, 14, 0];
  const WIDEST = Math.max(
    ...NAMES.map((name) => estimateTextWidth(name, FONT)),
  );

  function bucketWidth(width: number, side: number): number {
    return (width - 2 * side) / NAMES.length;
  }

  it('labels every bucket of a wide chart', () => {
    const layout = distributionLayout(NAMES, COUNTS, FONT, 1800);

    expect(layout.labelStep).toBe(1);
    expect(layout.uprightCounts).toBe(false);
    expect(layout.side).toBe(GAP);
  });

  it('labels every bucket without a measured width', () => {
    expect(distributionLayout(NAMES, COUNTS, FONT, null).labelStep).toBe(1);
  });

  for (const width of [900, 580, 420]) {
    it(`spaces labels by their width in ${width} px`, () => {
      const layout = distributionLayout(NAMES, COUNTS, FONT, width);
      const bucket = bucketWidth(width, layout.side);

      expect(layout.labelStep).toBeGreaterThan(1);
      expect(layout.labelStep * bucket).toBeGreaterThanOrEqual(
        WIDEST + 2 * GAP,
      );
      expect((layout.labelStep - 1) * bucket).toBeLessThan(WIDEST + 2 * GAP);
    });

    it(`keeps edge labels inside ${width} px`, () => {
      const layout = distributionLayout(NAMES, COUNTS, FONT, width);
      const bucket = bucketWidth(width, layout.side);

      expect(layout.side + bucket / 2 - WIDEST / 2).toBeGreaterThanOrEqual(
        GAP - 1e-9,
      );
    });
  }

  it('stands counts upright when they would touch', () => {
    const wide = [1234, 2345, 3456, 4567, 5678, 6789, 7890, 8901, 9012, 1000];

    expect(distributionLayout(NAMES, wide, FONT, 1800).uprightCounts).toBe(
      false,
    );
    expect(distributionLayout(NAMES, wide, FONT, 580).uprightCounts).toBe(true);
  });
});

describe('distributionBarOption with a box', () => {
  interface BarLabel {
    rotate: number;
    align: string;
  }

  function barLabel(counts: number[], width: number): BarLabel {
    const view = sampleView();
    view.distribution = view.distribution.map((bucket, index) => ({
      ...bucket,
      count: counts[index] ?? 0,
    }));
    const option = distributionBarOption(view, RANGE, 26, {
      width,
      height: 300,
    });
    return (option.series as { label: BarLabel }[])[0]!.label;
  }

  it('sets the count direction in both layouts', () => {
    // An update merges into the drawn option, so flat counts must undo an earlier rotation.
    expect(barLabel([1, 2, 3, 4, 5], 1800)).toMatchObject({
      rotate: 0,
      align: 'center',
    });
    expect(barLabel([12345, 23456, 34567, 45678, 56789], 300)).toMatchObject({
      rotate: 90,
      align: 'left',
    });
  });

  it('shows the label interval it computed', () => {
    const option = distributionBarOption(sampleView(), RANGE, 26, {
      width: 200,
      height: 300,
    });
    const axis = option.xAxis as { axisLabel: { interval: number } };

    expect(axis.axisLabel.interval).toBeGreaterThan(0);
  });
});

describe('compactSummary', () => {
  it('is compact in a short panel', () => {
    expect(compactSummary(900, 290, 26, 5)).toBe(true);
  });

  it('is full in a tall panel', () => {
    expect(compactSummary(900, 600, 26, 5)).toBe(false);
  });

  it('counts the rows a narrow panel stacks', () => {
    // Three figures per row in 420 px, so two rows and the chart need about 17 em.
    expect(compactSummary(420, 17 * 26 - 1, 26, 5)).toBe(true);
    expect(compactSummary(420, 17 * 26, 26, 5)).toBe(false);
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
