import type { EChartsCoreOption } from '../charts/echarts.js';
import type { TrendPoint, TrendUnit } from '../charts/trend-series.js';
import { formatDay, formatHour } from '../format/time.js';
import { FONT_STACK } from '../shared/fonts.js';

const AXIS_TEXT = '#c9d4e5';
const GRID_LINE = 'rgba(201, 212, 229, 0.15)';
const ACCENT = '#37c6ff';
/** Line height of axis text as a multiple of its font size, as ECharts draws one line. */
const TEXT_LINE = 1.2;
/** Widest town label, in ems; a longer name (a development zone's) ends in an ellipsis. */
const TOWN_LABEL_EMS = 4.5;

/**
 * Estimates the width of `text` in pixels at `fontSize` in the bundled Noto Sans SC: ideographs and
 * full-width forms are one em, and other characters at most 0.6 em (the font's digits measure
 * 0.55 em). It errs wide, so a margin sized with it never cuts a label.
 */
export function estimateTextWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    ems += code >= 0x2e80 ? 1 : 0.6;
  }
  return ems * fontSize;
}

/**
 * Writes a whole number with a comma between groups of three digits, as ECharts writes value axis
 * labels. Number#toLocaleString gives the same text but builds a number formatter from the locale
 * data, which held the wall's first chart for about 20 ms.
 */
export function groupThousands(value: number): string {
  return String(Math.trunc(value)).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** Largest tick ECharts puts on a value axis whose data reaches `max`: `max` rounded up to 1, 2, 5 or 10 times a power of ten. */
export function valueAxisTop(max: number): number {
  if (max <= 1) {
    return 1;
  }
  const power = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 5, 10].find((factor) => factor * power >= max) ?? 10;
  return step * power;
}
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
  const labelGap = fontSize * 0.3;
  const nameWidth = Math.min(
    TOWN_LABEL_EMS * fontSize,
    Math.max(0, ...towns.map((row) => estimateTextWidth(row.town, fontSize))),
  );
  const maxCount = Math.max(0, ...towns.map((row) => row.count));
  // Counts may be drawn with thousands separators, which this width allows for.
  const countWidth = estimateTextWidth(groupThousands(maxCount), fontSize);
  // The last tick label of the value axis is centred on the grid's right edge.
  const lastTickHalf =
    estimateTextWidth(groupThousands(valueAxisTop(maxCount)), fontSize) / 2;
  return {
    animation: false,
    textStyle: { fontFamily: FONT_STACK, fontSize },
    // The margins below make room for the labels, so ECharts does not measure them to fit the grid
    // (outerBoundsMode 'none'), which costs more than drawing the chart.
    grid: {
      left: labelGap + nameWidth + labelGap,
      // Room for the count drawn to the right of the longest bar.
      right: labelGap + Math.max(countWidth + labelGap, lastTickHalf),
      top: labelGap + (fontSize * TEXT_LINE) / 2,
      bottom: labelGap + fontSize * TEXT_LINE + labelGap,
      outerBoundsMode: 'none',
    },
    xAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: {
        color: AXIS_TEXT,
        fontSize,
        margin: labelGap,
        hideOverlap: true,
      },
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
        margin: labelGap,
        interval: 0,
        hideOverlap: true,
        width: TOWN_LABEL_EMS * fontSize,
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
        itemStyle: { color: ACCENT, borderRadius: [0, 4, 4, 0] },
        label: {
          show: true,
          position: 'right',
          distance: labelGap,
          color: '#ffffff',
          fontSize,
          fontFamily: FONT_STACK,
        },
      },
    ],
  };
}

/**
 * Area line of alerts per hour or per Beijing day, labeled in Beijing time; `fontSize` as in
 * `townBarOption`.
 */
export function trendLineOption(
  points: readonly TrendPoint[],
  fontSize: number,
  unit: TrendUnit = 'hour',
): EChartsCoreOption {
  const labelGap = fontSize * 0.3;
  const labels = points.map((point) =>
    unit === 'hour' ? formatHour(point.start).slice(6) : formatDay(point.start),
  );
  const maxCount = Math.max(0, ...points.map((point) => point.count));
  const tickWidth = estimateTextWidth(
    groupThousands(valueAxisTop(maxCount)),
    fontSize,
  );
  // With boundaryGap false the first and last time labels are centred on the grid's edges.
  const labelHalf =
    Math.max(0, ...labels.map((label) => estimateTextWidth(label, fontSize))) /
    2;
  // The latest point, on the grid's right edge, carries its count, so a leader reads this hour's
  // or today's figure without following the axis. A second label, such as the peak's, would
  // often overlap it.
  const lastIndex = points.length - 1;
  const countHalf = estimateTextWidth(groupThousands(maxCount), fontSize) / 2;
  const symbolSize = fontSize * 0.3;
  return {
    animation: false,
    textStyle: { fontFamily: FONT_STACK, fontSize },
    // As in townBarOption, the margins hold the labels and ECharts does not measure them.
    grid: {
      left: labelGap + Math.max(tickWidth + labelGap, labelHalf),
      right: labelGap + Math.max(fontSize, labelHalf, countHalf),
      // Room for a count drawn above a point at the top of the value axis.
      top: labelGap + fontSize * TEXT_LINE + labelGap + symbolSize / 2,
      bottom: labelGap + fontSize * TEXT_LINE + labelGap,
      outerBoundsMode: 'none',
    },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: labels,
      axisLabel: {
        color: AXIS_TEXT,
        fontSize,
        margin: labelGap,
        hideOverlap: true,
      },
      axisLine: { lineStyle: { color: GRID_LINE } },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: {
        color: AXIS_TEXT,
        fontSize,
        margin: labelGap,
        hideOverlap: true,
      },
      splitLine: { lineStyle: { color: GRID_LINE } },
    },
    series: [
      {
        id: 'trend',
        type: 'line',
        data: points.map((point) => point.count),
        // Straight segments: a smoothed curve overshoots and suggests counts that never happened.
        smooth: false,
        symbolSize,
        // ECharts otherwise hides the symbols, and with them their labels, between the axis
        // labels it keeps, which can include the latest point.
        showAllSymbol: true,
        label: {
          show: true,
          position: 'top',
          distance: labelGap,
          color: '#ffffff',
          fontSize,
          formatter: (params: { dataIndex: number; value: unknown }) => {
            const value = Number(params.value);
            return params.dataIndex === lastIndex && value > 0
              ? groupThousands(value)
              : '';
          },
        },
        labelLayout: { hideOverlap: true },
        lineStyle: { color: ACCENT, width: fontSize / 9 },
        itemStyle: { color: ACCENT },
        areaStyle: { color: 'rgba(55, 198, 255, 0.25)' },
      },
    ],
  };
}
