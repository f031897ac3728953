import type { EChartsCoreOption } from '../charts/echarts.js';
import type { HourPoint } from '../charts/hourly-series.js';
import { formatHour } from '../format/time.js';
import { FONT_STACK } from '../shared/fonts.js';

const AXIS_TEXT = '#c9d4e5';
const GRID_LINE = 'rgba(201, 212, 229, 0.15)';
const ACCENT = '#37c6ff';
// Axis labels use hideOverlap throughout: on a small panel the legible minimum size leaves no room
// for every tick label, and a dropped label reads better than two drawn over each other.

/**
 * Horizontal bars of alerts per town, largest at the top. `fontSize` is the wall scale's smallest
 * text (`WallScale.minText`); margins and bar widths grow with it, so the chart keeps its
 * proportions on any wall.
 */
export function townBarOption(
  towns: readonly { town: string; count: number }[],
  fontSize: number,
): EChartsCoreOption {
  // ECharts draws the first category at the bottom of a category y axis, so reverse the ranking.
  const ordered = [...towns].reverse();
  return {
    animation: false,
    textStyle: { fontFamily: FONT_STACK, fontSize },
    grid: {
      left: fontSize * 0.3,
      // Room for the count drawn to the right of the longest bar.
      right: fontSize * 2.5,
      top: fontSize * 0.3,
      bottom: fontSize * 0.3,
      containLabel: true,
    },
    xAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: AXIS_TEXT, fontSize, hideOverlap: true },
      splitLine: { lineStyle: { color: GRID_LINE } },
    },
    yAxis: {
      type: 'category',
      data: ordered.map((row) => row.town),
      // Every town that has room keeps its label: interval 0 requests all of them, and hideOverlap
      // drops only those a short chart would draw on top of each other. A long name (a
      // development zone's) ends in an ellipsis instead of crowding out the bars.
      axisLabel: {
        color: AXIS_TEXT,
        fontSize,
        interval: 0,
        hideOverlap: true,
        width: fontSize * 4.5,
        overflow: 'truncate',
      },
      axisLine: { lineStyle: { color: GRID_LINE } },
    },
    series: [
      {
        id: 'towns',
        type: 'bar',
        data: ordered.map((row) => row.count),
        barMaxWidth: fontSize * 1.1,
        // On a short chart the counts of neighbouring bars would be drawn over each other.
        labelLayout: { hideOverlap: true },
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

/** Area line of alerts per hour, labeled in Beijing time; `fontSize` as in `townBarOption`. */
export function trendLineOption(
  points: readonly HourPoint[],
  fontSize: number,
): EChartsCoreOption {
  return {
    animation: false,
    textStyle: { fontFamily: FONT_STACK, fontSize },
    grid: {
      left: fontSize * 0.3,
      right: fontSize,
      top: fontSize,
      bottom: fontSize * 0.3,
      containLabel: true,
    },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: points.map((point) => formatHour(point.hourStart).slice(6)),
      axisLabel: { color: AXIS_TEXT, fontSize, hideOverlap: true },
      axisLine: { lineStyle: { color: GRID_LINE } },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: AXIS_TEXT, fontSize, hideOverlap: true },
      splitLine: { lineStyle: { color: GRID_LINE } },
    },
    series: [
      {
        id: 'trend',
        type: 'line',
        data: points.map((point) => point.count),
        // Straight segments: a smoothed curve overshoots and suggests counts that never happened.
        smooth: false,
        symbolSize: fontSize * 0.3,
        lineStyle: { color: ACCENT, width: fontSize / 9 },
        itemStyle: { color: ACCENT },
        areaStyle: { color: 'rgba(55, 198, 255, 0.25)' },
      },
    ],
  };
}
