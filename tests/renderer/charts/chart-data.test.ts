import { describe, expect, it } from 'vitest';
import { chartText } from '../../../src-renderer/src/charts/chart-font.js';
import { LiveSeries } from '../../../src-renderer/src/charts/live-series.js';
import {
  estimateTextWidth,
  groupThousands,
  townBarOption,
  trendLineOption,
  valueAxisTop,
} from '../../../src-renderer/src/wall/chart-options.js';

describe('LiveSeries', () => {
  it('caps 8 hours of seconds at 3,600', () => {
    const series = new LiveSeries(3600);
    const start = Date.UTC(2026, 11, 1);
    for (let second = 0; second < 8 * 3600; second += 1) {
      series.push(start + second * 1000, second % 7);
    }

    const data = series.data();
    expect(series.size).toBe(3600);
    expect(data).toHaveLength(3600);
    expect(data[0]?.[0]).toBe(start + (8 * 3600 - 3600) * 1000);
    expect(data[3599]?.[0]).toBe(start + (8 * 3600 - 1) * 1000);
  });

  it('data is a fresh array', () => {
    const series = new LiveSeries(4);
    series.push(1, 1);
    const first = series.data();
    series.push(2, 2);
    expect(first).toHaveLength(1);
    expect(series.data()).toHaveLength(2);
  });
});

describe('chartText', () => {
  it('collects title and category text', () => {
    const text = chartText({
      title: { text: '舆情态势' },
      yAxis: { data: ['凤山镇', '骆驼坳镇'] },
      series: [{ data: [1, 2, 3] }],
    });
    for (const character of '舆情态势凤山镇骆驼坳') {
      expect(text).toContain(character);
    }
  });

  it('lists each character once', () => {
    expect(chartText({ a: '镇镇', b: ['镇'] })).toBe('镇');
  });

  it('ignores numbers and functions', () => {
    expect(chartText({ data: [1, 2], formatter: () => '不' })).toBe('');
  });

  it('stops on a cyclic option', () => {
    const option: Record<string, unknown> = { name: '环' };
    option.self = option;
    expect(chartText(option)).toBe('环');
  });
});

describe('wall chart options', () => {
  it('series carry ids for merging', () => {
    const town = townBarOption([{ town: '凤山镇', count: 3 }], 18) as {
      series: { id?: string }[];
    };
    const trend = trendLineOption([{ start: 0, count: 1 }], 18) as {
      series: { id?: string }[];
    };
    expect(town.series[0]?.id).toBe('towns');
    expect(trend.series[0]?.id).toBe('trend');
  });
});

describe('trend axis time zone', () => {
  it('labels hours in Beijing time', () => {
    const zone = process.env.TZ;
    // A wall PC set to another zone must still label the hours in Asia/Shanghai.
    process.env.TZ = 'America/Los_Angeles';
    try {
      const midnightInBeijing = Date.UTC(2026, 11, 4, 16);
      const option = trendLineOption(
        [
          { start: midnightInBeijing, count: 1 },
          { start: midnightInBeijing + 3_600_000, count: 2 },
        ],
        18,
      ) as { xAxis: { data: string[] } };
      expect(new Date(midnightInBeijing).getHours()).toBe(8);
      expect(option.xAxis.data).toEqual(['00:00', '01:00']);
      const days = trendLineOption(
        [
          { start: midnightInBeijing, count: 1 },
          { start: midnightInBeijing + 86_400_000, count: 2 },
        ],
        18,
        'day',
      ) as { xAxis: { data: string[] } };
      // In Los Angeles both instants fall on the day before; the labels name Beijing's days.
      expect(days.xAxis.data).toEqual(['12-05', '12-06']);
    } finally {
      if (zone === undefined) {
        delete process.env.TZ;
      } else {
        process.env.TZ = zone;
      }
    }
  });
});

describe('axis label room', () => {
  it('rounds the top tick up', () => {
    expect(valueAxisTop(0)).toBe(1);
    expect(valueAxisTop(7)).toBe(10);
    expect(valueAxisTop(95)).toBe(100);
    expect(valueAxisTop(101)).toBe(200);
    expect(valueAxisTop(4_321)).toBe(5_000);
    expect(valueAxisTop(1_234_567)).toBe(2_000_000);
  });

  it('groups digits like value axis labels', () => {
    expect(groupThousands(0)).toBe('0');
    expect(groupThousands(999)).toBe('999');
    expect(groupThousands(1_000)).toBe('1,000');
    expect(groupThousands(2_000_000)).toBe('2,000,000');
    expect(groupThousands(-12_345)).toBe('-12,345');
  });

  it('leaves room for a grouped hourly count', () => {
    const hour = Date.UTC(2026, 11, 4, 0);
    const option = trendLineOption([{ start: hour, count: 4_321 }], 10) as {
      grid: { left: number };
    };
    // '5,000' is five characters of 0.6 em, beside a gap of 0.3 em on each side.
    expect(option.grid.left).toBeCloseTo(10 * (0.3 + 3 + 0.3));
  });

  it('measures ideographs one em', () => {
    expect(estimateTextWidth('凤山镇', 20)).toBe(60);
    expect(estimateTextWidth('12:00', 10)).toBeCloseTo(30);
    expect(estimateTextWidth('其余5个', 10)).toBeCloseTo(36);
  });

  it('gives long town names their cut width', () => {
    const option = townBarOption(
      [{ town: '罗田县经济开发区管理委员会', count: 3 }],
      20,
    ) as { grid: { left: number } };
    // 4.5 em of name between two gaps of 0.3 em.
    expect(option.grid.left).toBeCloseTo(20 * (4.5 + 0.6));
  });
});
