import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  Alert,
  AlertAggregates,
} from '../../../src-shared/contract/index.js';
import {
  aggregateKeys,
  emptyAggregates,
  type CacheEvent,
} from '../../../src-main/services/cache/index.js';
import { CacheStore } from '../../../src-main/services/cache/store.js';
import { AggregateCounters } from '../../../src-main/services/state/index.js';
import { createdBody, makeAlert } from './helpers/alerts.js';

const ALERTS = 60;

/** Counts of `alerts` per town, summed here one alert at a time, independently of the cache. */
function countByTown(alerts: Iterable<Alert>): Record<string, AlertAggregates> {
  const byTown: Record<string, AlertAggregates> = {};
  const add = (map: Record<string, number>, key: string): void => {
    map[key] = (map[key] ?? 0) + 1;
  };
  for (const alert of alerts) {
    const keys = aggregateKeys(alert);
    const counts = (byTown[keys.town] ??= emptyAggregates());
    counts.total += 1;
    add(counts.byLevel, keys.level);
    add(counts.byClass, keys.emergencyClass);
    add(counts.byType, keys.type);
    add(counts.byTown, keys.town);
    add(counts.byHour, keys.hour);
  }
  return byTown;
}

function events(bodies: CacheEvent['body'][], firstSeq: number): CacheEvent[] {
  return bodies.map((body, index) => ({
    seq: firstSeq + index,
    at: Date.UTC(2026, 2, 1) + index,
    body,
  }));
}

describe('alert counts per town', () => {
  let dir: string;
  let store: CacheStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'town-aggregates-'));
    store = CacheStore.open({ path: join(dir, 'cache.sqlite3') }, Date.now);
  });

  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('matches alerts counted one by one', () => {
    const alerts = Array.from({ length: ALERTS }, (_, index) =>
      makeAlert(index),
    );
    store.applyEvents(
      'alerts',
      'epoch-1',
      events(
        alerts.map((alert) => ({ kind: 'alert.created', alert })),
        1,
      ),
    );

    const byTown = store.aggregatesByTown();

    expect(byTown).toEqual(countByTown(alerts));
    const county = store.aggregates();
    const summed = Object.values(byTown).reduce(
      (sum, counts) => sum + counts.total,
      0,
    );
    expect(summed).toBe(county.total);
    expect(byTown['城关镇']?.total).toBe(county.byTown['城关镇']);
  });

  it('counters follow moves between towns', () => {
    const first = Array.from({ length: ALERTS }, (_, index) =>
      createdBody(index),
    );
    store.applyEvents('alerts', 'epoch-1', events(first, 1));
    const counters = new AggregateCounters(
      store.aggregates(),
      store.aggregatesByTown(),
    );

    // Alert 0 is re-published in another town with another level; alert 61 is new.
    const moved = makeAlert(0, {
      level: 4,
      place: { ...makeAlert(0).place, townName: '河口乡' },
    });
    const result = store.applyEvents(
      'alerts',
      'epoch-1',
      events(
        [{ kind: 'alert.created', alert: moved }, createdBody(ALERTS + 1)],
        ALERTS + 1,
      ),
    );
    counters.apply(result.alertChanges);

    const expected = store.aggregatesByTown();
    for (const town of ['城关镇', '河口乡', '新华街道', '柳林镇', 'unknown']) {
      expect(counters.townValue(town), town).toEqual(
        expected[town] ?? emptyAggregates(),
      );
    }
    expect(counters.townValue('河口乡').byLevel['4']).toBeGreaterThan(0);
    expect(counters.townValue('没有的镇')).toEqual(emptyAggregates());
  });

  it('counters follow moves between villages', () => {
    const placed = (index: number, code: string | null): Alert => {
      const alert = makeAlert(index);
      return { ...alert, place: { ...alert.place, divisionCode: code } };
    };
    const codes = ['421123100201', '421123100202', '421123100', null];
    const first = Array.from({ length: ALERTS }, (_, index) =>
      placed(index, codes[index % codes.length] ?? null),
    );
    store.applyEvents(
      'alerts',
      'epoch-1',
      events(
        first.map((alert) => ({ kind: 'alert.created', alert })),
        1,
      ),
    );
    const counters = new AggregateCounters(
      store.aggregates(),
      store.aggregatesByTown(),
      store.villageCountsByTown(),
    );
    expect(counters.villageValue('城关镇')).toEqual(
      store.villageCountsByTown()['城关镇'],
    );

    // Alert 0 moves to another village of its town, alert 1 to a village of another town, and
    // alert 2 (placed on its town only) gets a village.
    const moves = [
      placed(0, '421123100202'),
      {
        ...placed(1, '421123101301'),
        place: { ...placed(1, '421123101301').place, townName: '河口乡' },
      },
      placed(2, '421123100201'),
    ];
    const result = store.applyEvents(
      'alerts',
      'epoch-1',
      events(
        moves.map((alert) => ({ kind: 'alert.created', alert })),
        ALERTS + 1,
      ),
    );
    counters.apply(result.alertChanges);

    const expected = store.villageCountsByTown();
    for (const town of ['城关镇', '河口乡', '新华街道', '柳林镇', 'unknown']) {
      expect(counters.villageValue(town), town).toEqual(expected[town] ?? {});
    }
    expect(counters.villageValue('河口乡')['421123101301']).toBe(1);
  });
});
