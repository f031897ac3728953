import type { EChartsCoreOption } from '../charts/echarts.js';
import type { HourPoint } from '../charts/hourly-series.js';
import { formatHour } from '../format/time.js';
import { FONT_STACK } from '../shared/fonts.js';

const AXIS_TEXT = '#c9d4e5';
const GRID_LINE = 'rgba(201, 212, 229, 0.15)';
const ACCENT = '#37c6ff';

/** Chart font size for the wall: at least 18 px, growing with the viewport width. */
export function wallChartFontSize(viewportWidth: number): number {
  return Math.max(18, Math.round(viewportWidth / 96));
}

/** Horizontal bars of alerts per town, largest at the top. */
export function townBarOption(
  towns: readonly { town: string; count: number }[],
  fontSize: number,
): EChartsCoreOption {
  // ECharts draws the first category at the bottom of a category y axis, so reverse the ranking.
  const ordered = [...towns].reverse();
  return {
    animation: false,
    textStyle: { fontFamily: FONT_STACK, fontSize },
    grid: { left: 8, right: 64, top: 8, bottom: 8, containLabel: true },
    xAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: AXIS_TEXT, fontSize },
      splitLine: { lineStyle: { color: GRID_LINE } },
    },
    yAxis: {
      type: 'category',
      data: ordered.map((row) => row.town),
      // Every town keeps its label; ECharts would otherwise skip some when rows are tight.
      axisLabel: { color: AXIS_TEXT, fontSize, interval: 0 },
      axisLine: { lineStyle: { color: GRID_LINE } },
    },
    series: [
      {
        id: 'towns',
        type: 'bar',
        data: ordered.map((row) => row.count),
        barMaxWidth: 28,
        itemStyle: { color: ACCENT, borderRadius: [0, 4, 4, 0] },
        label: {
          show: true,
          position: 'right',
          color: '#ffffff',
          fontSize,
          fontFamily: FONT_STACK,
        },
      },
    ],
  };
}

/** Area line of alerts per hour, labeled in Beijing time. */
export function trendLineOption(
  points: readonly HourPoint[],
  fontSize: number,
): EChartsCoreOption {
  return {
    animation: false,
    textStyle: { fontFamily: FONT_STACK, fontSize },
    grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: points.map((point) => formatHour(point.hourStart).slice(6)),
      axisLabel: { color: AXIS_TEXT, fontSize },
      axisLine: { lineStyle: { color: GRID_LINE } },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: AXIS_TEXT, fontSize },
      splitLine: { lineStyle: { color: GRID_LINE } },
    },
    series: [
      {
        id: 'trend',
        type: 'line',
        data: points.map((point) => point.count),
        // Straight segments: a smoothed curve overshoots and suggests counts that never happened.
        smooth: false,
        symbolSize: 8,
        lineStyle: { color: ACCENT, width: 3 },
        itemStyle: { color: ACCENT },
        areaStyle: { color: 'rgba(55, 198, 255, 0.25)' },
      },
    ],
  };
}
