import type {
  Alert,
  AlertAggregates,
} from '../../../src-shared/contract/index.js';
import {
  aggregateKeys,
  emptyAggregates,
  type AlertChange,
} from '../cache/index.js';

type CountMap = Record<string, number>;

function bump(map: CountMap, key: string, delta: number): void {
  const next = (map[key] ?? 0) + delta;
  if (next > 0) {
    map[key] = next;
  } else {
    // The SQL aggregates have no row for an empty group, so a zero count drops its key too.
    delete map[key];
  }
}

/**
 * Alert counts kept in memory. They start from the cache's SQL aggregates and follow every
 * committed change, so a batch costs work per changed alert instead of a scan of the table.
 */
export class AggregateCounters {
  private counts: AlertAggregates;

  constructor(initial: AlertAggregates = emptyAggregates()) {
    this.counts = structuredClone(initial);
  }

  reset(initial: AlertAggregates): void {
    this.counts = structuredClone(initial);
  }

  /** Applies alert changes; returns true when any count moved. */
  apply(changes: readonly AlertChange[]): boolean {
    let moved = false;
    for (const change of changes) {
      if (change.before !== null) {
        if (sameKeys(change.before, change.after)) {
          continue;
        }
        this.count(change.before, -1);
      }
      this.count(change.after, 1);
      moved = true;
    }
    return moved;
  }

  value(): AlertAggregates {
    return structuredClone(this.counts);
  }

  private count(alert: Alert, delta: number): void {
    const keys = aggregateKeys(alert);
    this.counts.total += delta;
    bump(this.counts.byLevel, keys.level, delta);
    bump(this.counts.byClass, keys.emergencyClass, delta);
    bump(this.counts.byType, keys.type, delta);
    bump(this.counts.byTown, keys.town, delta);
    bump(this.counts.byHour, keys.hour, delta);
  }
}

function sameKeys(left: Alert, right: Alert): boolean {
  return (
    JSON.stringify(aggregateKeys(left)) === JSON.stringify(aggregateKeys(right))
  );
}
