// Pure builders of the points panels: the distribution bars, the town ranking and the rules of
// the week.
import type {
  PointsWallView,
  WallAreaAverage,
  WallRuleMovement,
} from '../../../../src-shared/points/index.js';
import type { EChartsCoreOption } from '../../charts/echarts.js';
import { FONT_STACK } from '../../shared/fonts.js';

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

/** Vertical bars of subjects per score bucket, lowest scores on the left. */
export function distributionBarOption(
  view: PointsWallView | null,
  labels: RangeLabels,
  fontSize: number,
): EChartsCoreOption {
  const buckets = view === null ? [] : view.distribution;
  return {
    animation: false,
    textStyle: { fontFamily: FONT_STACK, fontSize },
    // Margins follow the font. The top one leaves room for the counts drawn above the bars.
    grid: {
      left: fontSize * 0.3,
      right: fontSize * 0.6,
      top: fontSize * 1.3,
      bottom: fontSize * 0.3,
      containLabel: true,
    },
    xAxis: {
      type: 'category',
      data: buckets.map((bucket) => bucketLabel(bucket, labels)),
      axisLabel: { color: AXIS_TEXT, fontSize, interval: 0, hideOverlap: true },
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
        id: 'distribution',
        type: 'bar',
        data: buckets.map((bucket) => bucket.count),
        barMaxWidth: fontSize * 1.8,
        itemStyle: { color: BAR_COLOR, borderRadius: [4, 4, 0, 0] },
        label: {
          show: true,
          position: 'top',
          color: '#ffffff',
          fontSize,
          fontFamily: FONT_STACK,
        },
      },
    ],
  };
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
