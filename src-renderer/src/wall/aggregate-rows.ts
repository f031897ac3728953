import type { AlertAggregates } from '../../../src-shared/contract/index.js';
import {
  CLASSES,
  isClassKey,
  isLevelKey,
  LEVELS,
} from '../format/alert-labels.js';

export interface CountRow {
  key: string;
  count: number;
}

/** Counts per level 1..4, then `none` for every key that is not a level (unrated alerts). */
export function levelRows(aggregates: AlertAggregates): CountRow[] {
  let unrated = 0;
  for (const [key, count] of Object.entries(aggregates.byLevel)) {
    if (!isLevelKey(key)) {
      unrated += count;
    }
  }
  const rows: CountRow[] = LEVELS.map((level) => ({
    key: String(level),
    count: aggregates.byLevel[String(level)] ?? 0,
  }));
  rows.push({ key: 'none', count: unrated });
  return rows;
}

/** Counts per emergency class in the law's order, then `none` for unclassified alerts. */
export function classRows(aggregates: AlertAggregates): CountRow[] {
  let unclassified = 0;
  for (const [key, count] of Object.entries(aggregates.byClass)) {
    if (!isClassKey(key)) {
      unclassified += count;
    }
  }
  const rows: CountRow[] = CLASSES.map((name) => ({
    key: name,
    count: aggregates.byClass[name] ?? 0,
  }));
  rows.push({ key: 'none', count: unclassified });
  return rows;
}

function compareByCountThenKey(a: CountRow, b: CountRow): number {
  if (a.count !== b.count) {
    return b.count - a.count;
  }
  if (a.key === b.key) {
    return 0;
  }
  return a.key < b.key ? -1 : 1;
}

/** Lists every key with its count, largest first. Equal counts sort by key, so the ranking is stable. */
export function rankedRows(
  counts: Readonly<Record<string, number>>,
): CountRow[] {
  const rows = Object.entries(counts).map(([key, count]) => ({ key, count }));
  rows.sort(compareByCountThenKey);
  return rows;
}

/** Rows drawn as bars, and what the bars leave out. */
export interface FittedRows {
  bars: CountRow[];
  /** Rows folded into the last bar, and their total; 0 and 0 when every row has its own bar. */
  otherRows: number;
  otherCount: number;
}

/**
 * Keeps the first `capacity` of `rows` (ranked, largest first). When there are more, the last bar
 * sums the rest, so the bars still add up to the total and every bar keeps a readable label.
 */
export function fitRows(
  rows: readonly CountRow[],
  capacity: number,
): FittedRows {
  const room = Math.max(2, Math.floor(capacity));
  if (rows.length <= room) {
    return { bars: [...rows], otherRows: 0, otherCount: 0 };
  }
  const rest = rows.slice(room - 1);
  return {
    bars: rows.slice(0, room - 1),
    otherRows: rest.length,
    otherCount: rest.reduce((sum, row) => sum + row.count, 0),
  };
}

/** Returns how many bars of `fontSize` text fit in `height` pixels, each a label line and a gap high. */
export function barCapacity(height: number, fontSize: number): number {
  return Math.floor(height / (fontSize * 1.6));
}
