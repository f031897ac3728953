// Pure builders of the opinion panels: the ECharts option of the sentiment bars and the rows of
// the topic ranking and the source counts.
import {
  OpinionSource,
  type Sentiment,
  type OpinionWallView,
} from '../../../../src-shared/opinion/index.js';
import type { EChartsCoreOption } from '../../charts/echarts.js';
import { formatHour } from '../../format/time.js';
import { FONT_STACK } from '../../shared/fonts.js';
import {
  estimateTextWidth,
  groupThousands,
  valueAxisTop,
} from '../chart-options.js';

const AXIS_TEXT = '#c9d4e5';
const GRID_LINE = 'rgba(201, 212, 229, 0.15)';

/** Sentiment colors: green, grey-blue and red, matching the legend swatches in panels.css. */
export const SENTIMENT_COLORS: Readonly<Record<Sentiment, string>> = {
  positive: '#3ccf8e',
  neutral: '#7f8fa6',
  negative: '#ff4d5e',
};

/** Stacking order from the axis up: negative at the bottom, where its height reads most easily. */
export const SENTIMENT_STACK_ORDER: readonly Sentiment[] = [
  'negative',
  'neutral',
  'positive',
];

/** Topics the heat ranking lists. */
export const TOP_TOPICS = 10;

/** Counts of one sentiment per hour of the view's ring, oldest hour first. */
export function sentimentCounts(
  view: OpinionWallView,
  sentiment: Sentiment,
): number[] {
  return view.hours.map((hour) => hour.sentiment[sentiment]);
}

/** `HH:00` of each hour of the ring in Beijing time. */
export function hourLabels(view: OpinionWallView): string[] {
  return view.hours.map((hour) => formatHour(hour.start).slice(6));
}

/**
 * Stacked bars of items per hour and sentiment; `labels` gives each sentiment's display name.
 * `fontSize` is the wall scale's smallest text (`WallScale.minText`), and margins follow it.
 */
export function sentimentBarOption(
  view: OpinionWallView | null,
  labels: Readonly<Record<Sentiment, string>>,
  fontSize: number,
): EChartsCoreOption {
  const labelGap = fontSize * 0.3;
  const hours = view === null ? [] : hourLabels(view);
  const stackTop = Math.max(
    0,
    ...(view?.hours ?? []).map(
      (hour) =>
        hour.sentiment.positive +
        hour.sentiment.neutral +
        hour.sentiment.negative,
    ),
  );
  const tickWidth = estimateTextWidth(
    groupThousands(valueAxisTop(stackTop)),
    fontSize,
  );
  const hourWidth = Math.max(
    0,
    ...hours.map((hour) => estimateTextWidth(hour, fontSize)),
  );
  return {
    animation: false,
    textStyle: { fontFamily: FONT_STACK, fontSize },
    // Margins sized from the labels' text, as for the alert charts (chart-options.ts). ECharts 6
    // ignores containLabel unless its legacy grid module is registered, which left the labels
    // outside the chart.
    grid: {
      left: labelGap + Math.max(tickWidth + labelGap, hourWidth / 2),
      right: labelGap + hourWidth / 2,
      top: fontSize * 0.6,
      bottom: labelGap + fontSize * 1.2 + labelGap,
      outerBoundsMode: 'none',
    },
    xAxis: {
      type: 'category',
      data: hours,
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
    series: SENTIMENT_STACK_ORDER.map((sentiment) => ({
      id: `sentiment-${sentiment}`,
      name: labels[sentiment],
      type: 'bar',
      stack: 'sentiment',
      data: view === null ? [] : sentimentCounts(view, sentiment),
      barMaxWidth: fontSize * 1.4,
      itemStyle: { color: SENTIMENT_COLORS[sentiment] },
    })),
  };
}

export interface TopicRow {
  rank: number;
  topic: string;
  heat: number;
  count: number;
  /** Bar width in tenths of the hottest topic's heat, 0..10, for the stylesheet's `bar-w` classes. */
  barStep: number;
}

/** The hottest topics in the view's order (hottest first), with bar widths relative to the first. */
export function topicRows(
  view: OpinionWallView,
  limit: number = TOP_TOPICS,
): TopicRow[] {
  const topics = view.topics.slice(0, limit);
  const hottest = Math.max(0, ...topics.map((topic) => topic.heat));
  return topics.map((topic, index) => ({
    rank: index + 1,
    topic: topic.topic,
    heat: topic.heat,
    count: topic.count,
    barStep: hottest === 0 ? 0 : Math.round((topic.heat / hottest) * 10),
  }));
}

/** Item counts of every source, in the schema's order, zero included. */
export function sourceRows(
  view: OpinionWallView,
): { source: OpinionSource; count: number }[] {
  return OpinionSource.options.map((source) => ({
    source,
    count: view.sources[source],
  }));
}

/** Heat as a whole number; the sum of many items' fractional heats carries no useful decimals. */
export function heatText(heat: number): string {
  return String(Math.round(heat));
}
