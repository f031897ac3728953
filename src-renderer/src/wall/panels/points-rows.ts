// Pure builders of the points panels: the distribution bars, the town ranking and the rules of
// the week.
import type {
  PointsWallView,
  WallAreaAverage,
  WallRuleMovement,
} from '../../../../src-shared/points/index.js';
import type { EChartsCoreOption } from '../../charts/echarts.js';
import { FONT_STACK } from '../../shared/fonts.js';
import { estimateTextWidth } from '../chart-options.js';

const AXIS_TEXT = '#c9d4e5';
const GRID_LINE = 'rgba(201, 212, 229, 0.15)';
const BAR_COLOR = '#37c6ff';

/** Rules listed per list (positive, negative) on the rules panel. */
export const RULES_PER_LIST = 5;

export interface RangeLabels {
  /** Open lower bucket, with `{to}`. */
  below: string;
  /** Open upper bucket, with `{from}`. */
  atLeast: string;
  /** Closed bucket, with `{from}` and `{to}`. */
  range: string;
}

function fill(template: string, values: Record<string, number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : String(value);
  });
}

/** Axis label of a score bucket: `from` is included and `to` excluded, and a null bound is open. */
export function bucketLabel(
  bucket: { from: number | null; to: number | null },
  labels: RangeLabels,
): string {
  // A single bucket with no bounds holds every score, so it needs no range.
  if (bucket.from === null && bucket.to === null) {
    return '';
  }
  if (bucket.from === null) {
    return fill(labels.below, { to: bucket.to! });
  }
  if (bucket.to === null) {
    return fill(labels.atLeast, { from: bucket.from });
  }
  return fill(labels.range, { from: bucket.from, to: bucket.to });
}

/** Size of a chart's box in CSS px. */
export interface ChartBox {
  width: number;
  height: number;
}

/** Line height of chart text as a multiple of its font size, as ECharts draws one line. */
const TEXT_LINE = 1.2;

/** Placement of the histogram's texts in a chart of a given width. */
export interface DistributionLayout {
  /** Left and right grid margin, in CSS px. */
  side: number;
  /** Buckets per axis label: 1 labels every bucket, 2 every other one, starting with the first. */
  labelStep: number;
  /** Whether the counts above the bars stand upright, because side by side they would touch. */
  uprightCounts: boolean;
}

/**
 * Computes the histogram's margins, label step and count direction from the estimated width of
 * its texts, so that every axis label and count it draws lies inside the chart and apart from
 * its neighbours. ECharts would otherwise drop the labels that overlap, wherever they fall.
 * Without a measured width (`null`), every bucket is labelled.
 */
export function distributionLayout(
  names: readonly string[],
  counts: readonly number[],
  fontSize: number,
  width: number | null,
): DistributionLayout {
  const gap = fontSize * 0.3;
  const widestName = Math.max(
    0,
    ...names.map((name) => estimateTextWidth(name, fontSize)),
  );
  const widestCount = Math.max(
    0,
    ...counts.map((count) => estimateTextWidth(String(count), fontSize)),
  );
  if (width === null || width <= 0 || names.length === 0) {
    return { side: gap, labelStep: 1, uprightCounts: false };
  }

  // A label is centred on its bucket, so one wider than the bucket reaches into the margin:
  // side = gap + (widest - bucket) / 2 with bucket = (width - 2 side) / n, solved for side. With a
  // single bucket the label is centred on the chart and a margin gains it nothing.
  const n = names.length;
  const widest = Math.max(widestName, widestCount);
  const side =
    n > 1
      ? Math.max(gap, ((gap + widest / 2 - width / (2 * n)) * n) / (n - 1))
      : gap;
  const bucket = Math.max(1, (width - 2 * side) / n);
  return {
    side,
    labelStep: Math.max(1, Math.ceil((widestName + 2 * gap) / bucket)),
    uprightCounts: widestCount + 2 * gap > bucket,
  };
}

/**
 * Vertical bars of subjects per score bucket, lowest scores on the left, each with its count on
 * top. `box` is the chart's size, from which the bucket labels and counts are placed so that none
 * is cut or drawn over another.
 */
export function distributionBarOption(
  view: PointsWallView | null,
  labels: RangeLabels,
  fontSize: number,
  box: ChartBox | null = null,
): EChartsCoreOption {
  const buckets = view === null ? [] : view.distribution;
  const names = buckets.map((bucket) => bucketLabel(bucket, labels));
  const counts = buckets.map((bucket) => bucket.count);
  const gap = fontSize * 0.3;
  const lineHeight = fontSize * TEXT_LINE;
  const layout = distributionLayout(
    names,
    counts,
    fontSize,
    box === null ? null : box.width,
  );
  const countHeight = layout.uprightCounts
    ? Math.max(
        0,
        ...counts.map((count) => estimateTextWidth(String(count), fontSize)),
      )
    : lineHeight;
  return {
    animation: false,
    textStyle: { fontFamily: FONT_STACK, fontSize },
    // The margins below make room for the labels, so ECharts does not measure them to fit the grid.
    grid: {
      left: layout.side,
      right: layout.side,
      top: gap + countHeight + gap,
      bottom: gap + lineHeight + gap,
      outerBoundsMode: 'none',
    },
    xAxis: {
      type: 'category',
      data: names,
      // Interval n shows the label of every (n + 1)th bucket from the first. hideOverlap stays as a
      // guard in case the width estimate is short, where it drops a label out of the interval.
      axisLabel: {
        color: AXIS_TEXT,
        fontSize,
        margin: gap,
        interval: layout.labelStep - 1,
        hideOverlap: true,
      },
      axisTick: { alignWithLabel: true, interval: layout.labelStep - 1 },
      axisLine: { lineStyle: { color: GRID_LINE } },
    },
    // Every bar carries its count, so the value axis draws grid lines only: tick labels would
    // repeat the counts and take the width the bucket labels need.
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { show: false },
      splitLine: { lineStyle: { color: GRID_LINE } },
    },
    series: [
      {
        id: 'distribution',
        type: 'bar',
        data: counts,
        barMaxWidth: fontSize * 1.8,
        itemStyle: { color: BAR_COLOR, borderRadius: [4, 4, 0, 0] },
        label: {
          show: true,
          position: 'top',
          distance: gap,
          color: '#ffffff',
          fontSize,
          fontFamily: FONT_STACK,
          // Upright counts read from the bar upwards and take a line's width instead of their own.
          // Both branches set every key, because an update merges into the option drawn before.
          ...(layout.uprightCounts
            ? { rotate: 90, align: 'left', verticalAlign: 'middle' }
            : { rotate: 0, align: 'center', verticalAlign: 'bottom' }),
        },
      },
    ],
  };
}

/**
 * Returns whether the summary panel lays its figures out compactly, each label beside its value,
 * to leave the histogram room for its bars and labels. The full layout stacks label over value in
 * rows of figures at least 4.5 em wide. By estimate, each row is about 5 em high with the pending
 * figure's steps, and the histogram needs about 7 em of height. `width` and `height` are the panel body's size.
 */
export function compactSummary(
  width: number,
  height: number,
  fontSize: number,
  figures: number,
): boolean {
  const figureWidth = 4.5 * fontSize;
  const gap = fontSize * 0.4;
  const perRow = Math.max(1, Math.floor((width + gap) / (figureWidth + gap)));
  const rows = Math.ceil(figures / perRow);
  return height < (rows * 5 + 7) * fontSize;
}

/** An average with one decimal, or the text for an area with too few subjects to show one. */
export function averageText(
  average: number | null,
  insufficient: string,
): string {
  return average === null ? insufficient : average.toFixed(1);
}

/**
 * Towns by average, highest first. Towns without an average (too few subjects) follow, by name,
 * so that a small town neither tops nor ends the ranking by accident.
 */
export function rankedTowns(
  towns: readonly WallAreaAverage[],
): WallAreaAverage[] {
  const byName = (a: WallAreaAverage, b: WallAreaAverage): number =>
    a.name.localeCompare(b.name, 'zh-CN') || (a.code < b.code ? -1 : 1);
  const rated = towns.filter((town) => town.average !== null);
  const unrated = towns.filter((town) => town.average === null);
  rated.sort((a, b) => b.average! - a.average! || byName(a, b));
  unrated.sort(byName);
  return [...rated, ...unrated];
}

/** The rules that moved most this week, at most `limit` per list, in the view's order. */
export function topRules(
  view: PointsWallView,
  limit: number = RULES_PER_LIST,
): { positive: WallRuleMovement[]; negative: WallRuleMovement[] } {
  return {
    positive: view.weekRules.positive.slice(0, limit),
    negative: view.weekRules.negative.slice(0, limit),
  };
}

/** Points with an explicit sign, such as `+12` or `-30`. */
export function signedPoints(points: number): string {
  return points > 0 ? `+${points}` : String(points);
}

/**
 * The areas the averages panel ranks for a map scope: every town for the county, and the villages
 * of the scope's town below it, so that a village scope shows its village among its neighbours.
 */
export function scopedAreas(
  view: PointsWallView,
  townCode: string | null,
): WallAreaAverage[] {
  if (townCode === null) {
    return rankedTowns(view.towns);
  }
  return rankedTowns(
    view.villages.filter((village) => village.townCode === townCode),
  );
}
