import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  Alert,
  AlertAggregates,
  StoredRecord,
} from '../../../src-shared/contract/index.js';
import {
  aggregateKeys,
  emptyAggregates,
} from '../../../src-main/services/cache/alert-rows.js';
import { CacheStore } from '../../../src-main/services/cache/store.js';
import { createdBody, statusBody } from './helpers.js';
import { makeAlert } from '../services/helpers/alerts.js';

/** The wall counts recomputed from alerts, one by one, as the per-alert upserts used to write them. */
function countsOf(alerts: readonly Alert[]): AlertAggregates {
  const result = emptyAggregates();
  const bump = (group: Record<string, number>, key: string): void => {
    group[key] = (group[key] ?? 0) + 1;
  };
  for (const alert of alerts) {
    const keys = aggregateKeys(alert);
    bump(result.byLevel, keys.level);
    bump(result.byClass, keys.emergencyClass);
    bump(result.byType, keys.type);
    bump(result.byTown, keys.town);
    bump(result.byHour, keys.hour);
    result.total += 1;
  }
  return result;
}

function* lazily<T>(rows: readonly T[], taken: { n: number }): Generator<T> {
  for (const row of rows) {
    taken.n += 1;
    yield row;
  }
}

describe('CacheStore wall counts', () => {
  let dir: string;
  let store: CacheStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'count-tally-'));
    store = CacheStore.open({ path: join(dir, 'cache.sqlite3') }, Date.now);
  });

  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('matches its alert rows after alerts re-created within a batch', () => {
    const bodies = [];
    for (let index = 1; index <= 40; index += 1) {
      bodies.push(createdBody(index));
    }
    // Alert 5 moves to other keys twice in the same batch; alert 7 is sent again unchanged.
    bodies.push(createdBody(5, { level: 4, place: makeAlert(6).place }));
    bodies.push(createdBody(5, { level: 1, emergencyClass: null }));
    bodies.push(createdBody(7));
    bodies.push(statusBody(makeAlert(9).id, 'acknowledged'));
    const events = bodies.map((body, index) => ({
      seq: index + 1,
      at: 1_000 + index,
      body,
    }));

    store.applyEvents('alerts', 'epoch-1', events);
    // A second batch moves alerts of the first one to new keys.
    store.applyEvents('alerts', 'epoch-1', [
      {
        seq: events.length + 1,
        at: 5_000,
        body: createdBody(12, { level: 2 }),
      },
      {
        seq: events.length + 2,
        at: 5_001,
        body: createdBody(13, { occurredAt: makeAlert(30).occurredAt }),
      },
    ]);

    const rows = store.latestAlerts(1_000);
    expect(rows).toHaveLength(40);
    expect(store.aggregates()).toEqual(countsOf(rows));
  });

  it('rebuilds the counts from a snapshot handed over as a generator', () => {
    store.applyEvents('alerts', 'epoch-1', [
      { seq: 1, at: 1_000, body: createdBody(500) },
    ]);
    const alerts = Array.from({ length: 30 }, (_, index) =>
      makeAlert(index + 1),
    );
    const taken = { n: 0 };

    const position = store.replaceStreamFromSnapshot(
      'alerts',
      'epoch-2',
      77,
      lazily(alerts, taken),
      'snapshot:alerts:',
    );

    expect(taken.n).toBe(30);
    expect(position).toMatchObject({ epoch: 'epoch-2', seq: 77 });
    expect(store.latestAlerts(1_000)).toHaveLength(30);
    expect(store.aggregates()).toEqual(countsOf(alerts));
  });

  it('replaces a record stream from a generator and leaves the alert counts alone', () => {
    store.applyEvents('alerts', 'epoch-1', [
      { seq: 1, at: 1_000, body: createdBody(1) },
    ]);
    const before = store.aggregates();
    const records: StoredRecord[] = Array.from({ length: 12 }, (_, index) => ({
      collection: 'incidents',
      id: `incident-${index}`,
      version: 3,
      updatedAt: 2_000 + index,
      data: { index },
    }));
    const taken = { n: 0 };

    store.replaceStreamFromSnapshot(
      'dispatch',
      'epoch-d',
      12,
      [],
      'snapshot:dispatch:',
      lazily(records, taken),
    );

    expect(taken.n).toBe(12);
    expect(store.recordCount('dispatch')).toBe(12);
    expect(store.getRecord('incidents', 'incident-4')).toMatchObject({
      version: 3,
      data: { index: 4 },
    });
    expect(store.aggregates()).toEqual(before);
  });
});
