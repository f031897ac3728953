import { describe, expect, it } from 'vitest';
import { chartFontWeights } from '../../../src-renderer/src/charts/chart-font.js';

describe('chartFontWeights', () => {
  it('plain axes need the normal weight', () => {
    const option = {
      textStyle: { fontSize: 20 },
      xAxis: { type: 'category', data: ['凤山镇', '骆驼坳镇'] },
      series: [{ type: 'bar', label: { fontWeight: 'normal' } }],
    };
    expect(chartFontWeights(option)).toEqual([400]);
  });

  it('bold text needs both weights', () => {
    expect(
      chartFontWeights({ series: [{ label: { fontWeight: 'bold' } }] }),
    ).toEqual([400, 700]);
    expect(
      chartFontWeights({ graphic: [{ style: { fontWeight: 600 } }] }),
    ).toEqual([400, 700]);
  });

  it('a title is drawn bolder', () => {
    expect(chartFontWeights({ title: { text: '舆情态势' } })).toEqual([
      400, 700,
    ]);
  });
});
