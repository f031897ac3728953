import type { AlertAggregates } from '../../../src-shared/contract/index.js';
import {
  aggregateKeys,
  emptyAggregates,
  type AlertChange,
} from '../cache/index.js';

type CountMap = Record<string, number>;

type AlertKeys = ReturnType<typeof aggregateKeys>;

function bump(map: CountMap, key: string, delta: number): void {
  const next = (map[key] ?? 0) + delta;
  if (next > 0) {
    map[key] = next;
  } else {
    // The SQL aggregates have no row for an empty group, so a zero count drops its key too.
    delete map[key];
  }
}

function countInto(
  counts: AlertAggregates,
  keys: AlertKeys,
  delta: number,
): void {
  counts.total += delta;
  bump(counts.byLevel, keys.level, delta);
  bump(counts.byClass, keys.emergencyClass, delta);
  bump(counts.byType, keys.type, delta);
  bump(counts.byTown, keys.town, delta);
  bump(counts.byHour, keys.hour, delta);
}

/** Alert counts per village of each town: town name (a `byTown` key), then 12-digit village code. */
export type VillageCountsByTown = Readonly<
  Record<string, Readonly<Record<string, number>>>
>;

/**
 * Alert counts kept in memory, for the county, for each town and for each village of a town. They
 * start from the cache's SQL aggregates and follow every committed change, so a batch costs work
 * per changed alert instead of a scan of the table, and a wall scoped to one town reads its counts
 * without a query.
 */
export class AggregateCounters {
  private counts: AlertAggregates;
  /** Counts per town, keyed like `byTown`: by town name, or the unknown key. */
  private towns = new Map<string, AlertAggregates>();
  /** Counts per village code, per town name. Alerts without a village code are in none. */
  private villages = new Map<string, CountMap>();

  constructor(
    initial: AlertAggregates = emptyAggregates(),
    byTown: Readonly<Record<string, AlertAggregates>> = {},
    villagesByTown: VillageCountsByTown = {},
  ) {
    this.counts = structuredClone(initial);
    this.resetTowns(byTown, villagesByTown);
  }

  /**
   * Starts over from `initial`, with the town and village counts from `byTown` and
   * `villagesByTown` (empty when left out).
   */
  reset(
    initial: AlertAggregates,
    byTown: Readonly<Record<string, AlertAggregates>> = {},
    villagesByTown: VillageCountsByTown = {},
  ): void {
    this.counts = structuredClone(initial);
    this.resetTowns(byTown, villagesByTown);
  }

  /** Applies alert changes; returns true when any count moved. */
  apply(changes: readonly AlertChange[]): boolean {
    let moved = false;
    for (const change of changes) {
      const after = aggregateKeys(change.after);
      if (change.before !== null) {
        const before = aggregateKeys(change.before);
        if (sameKeys(before, after)) {
          continue;
        }
        this.count(before, -1);
      }
      this.count(after, 1);
      moved = true;
    }
    return moved;
  }

  value(): AlertAggregates {
    return structuredClone(this.counts);
  }

  /** Counts of the alerts placed in town `town` (a `byTown` key); empty counts for a town with none. */
  townValue(town: string): AlertAggregates {
    const counts = this.towns.get(town);
    return counts === undefined ? emptyAggregates() : structuredClone(counts);
  }

  /**
   * Returns the counts of town `town`'s alerts per 12-digit village code, empty for a town with
   * none. The town's alerts without a village code are in no entry.
   */
  villageValue(town: string): Record<string, number> {
    return { ...this.villages.get(town) };
  }

  private resetTowns(
    byTown: Readonly<Record<string, AlertAggregates>>,
    villagesByTown: VillageCountsByTown,
  ): void {
    this.towns = new Map(
      Object.entries(byTown).map(([town, counts]) => [
        town,
        structuredClone(counts),
      ]),
    );
    this.villages = new Map(
      Object.entries(villagesByTown).map(([town, counts]) => [
        town,
        { ...counts },
      ]),
    );
  }

  private count(keys: AlertKeys, delta: number): void {
    countInto(this.counts, keys, delta);
    let town = this.towns.get(keys.town);
    if (town === undefined) {
      town = emptyAggregates();
      this.towns.set(keys.town, town);
    }
    countInto(town, keys, delta);
    if (town.total <= 0) {
      this.towns.delete(keys.town);
    }
    if (keys.village !== null) {
      let villages = this.villages.get(keys.town);
      if (villages === undefined) {
        villages = {};
        this.villages.set(keys.town, villages);
      }
      bump(villages, keys.village, delta);
      if (Object.keys(villages).length === 0) {
        this.villages.delete(keys.town);
      }
    }
  }
}

function sameKeys(left: AlertKeys, right: AlertKeys): boolean {
  return (
    left.level === right.level &&
    left.emergencyClass === right.emergencyClass &&
    left.type === right.type &&
    left.town === right.town &&
    left.hour === right.hour &&
    left.village === right.village
  );
}
