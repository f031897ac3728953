import { describe, expect, it } from 'vitest';
import { chartText } from '../../../src-renderer/src/charts/chart-font.js';
import { LiveSeries } from '../../../src-renderer/src/charts/live-series.js';
import {
  townBarOption,
  trendLineOption,
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
    const trend = trendLineOption([{ hourStart: 0, count: 1 }], 18) as {
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
          { hourStart: midnightInBeijing, count: 1 },
          { hourStart: midnightInBeijing + 3_600_000, count: 2 },
        ],
        18,
      ) as { xAxis: { data: string[] } };
      expect(new Date(midnightInBeijing).getHours()).toBe(8);
      expect(option.xAxis.data).toEqual(['00:00', '01:00']);
    } finally {
      if (zone === undefined) {
        delete process.env.TZ;
      } else {
        process.env.TZ = zone;
      }
    }
  });
});
