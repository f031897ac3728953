import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../../src-shared/contract/index.js';
import type { CacheEvent } from '../../../src-main/services/cache/index.js';
import type { SnapshotPageRows } from '../../../src-main/services/cache/protocol.js';
import {
  stagedAlertValues,
  stagedVillageValues,
} from '../../../src-main/services/cache/snapshot-staging.js';
import { CacheStore } from '../../../src-main/services/cache/store.js';
import { BASE_TIME, makeAlert } from '../services/helpers/alerts.js';
import { createTempDirs } from '../services/helpers/temp.js';
import { countVillages } from './helpers.js';

const temp = createTempDirs();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Division codes the alerts cycle through: three villages, a town code, a grid code below a
 * village, a 12-character code that is not all digits, and no code. Only the first three name a
 * village.
 */
const CODES = [
  '421123100201',
  '421123100202',
  '421123101203',
  '421123100',
  '421123100201001',
  '42112310020X',
  null,
] as const;

/** Builds makeAlert's alert `index`, placed on CODES[index % CODES.length]. */
function placedAlert(index: number, overrides: Partial<Alert> = {}): Alert {
  const base = makeAlert(index, overrides);
  return {
    ...base,
    place: {
      ...base.place,
      divisionCode: CODES[index % CODES.length] ?? null,
    },
  };
}

function createdEvents(
  alerts: readonly Alert[],
  firstSeq: number,
): CacheEvent[] {
  return alerts.map((alert, index) => ({
    seq: firstSeq + index,
    at: alert.publishedAt,
    body: { kind: 'alert.created', alert },
  }));
}

function range(from: number, to: number, build = placedAlert): Alert[] {
  return Array.from({ length: to - from + 1 }, (_, offset) =>
    build(from + offset),
  );
}

function openStore(clock: { now: number } = { now: Date.now() }): CacheStore {
  return CacheStore.open(
    {
      path: join(temp.make(), 'cache.sqlite3'),
      retention: { eventsMs: DAY, aggregatesMs: 3 * DAY },
    },
    () => clock.now,
  );
}

afterEach(() => temp.removeAll());

describe('alert counts per village', () => {
  it('counts inserted alerts by village code', () => {
    const store = openStore();
    const alerts = range(1, 70);
    store.applyEvents('alerts', 'e1', createdEvents(alerts, 1));

    const counts = store.villageCountsByTown();

    expect(counts).toEqual(countVillages(alerts));
    expect(Object.keys(counts).length).toBeGreaterThan(1);
    // Each town's villages sum to less than its count. The rest is placed on no village.
    const byTown = store.aggregates().byTown;
    for (const [town, villages] of Object.entries(counts)) {
      const placed = Object.values(villages).reduce((sum, n) => sum + n, 0);
      expect(placed, town).toBeLessThan(byTown[town] ?? 0);
    }
    store.close();
  });

  it('keeps counts on a status change', () => {
    const store = openStore();
    const alerts = range(1, 40);
    store.applyEvents('alerts', 'e1', createdEvents(alerts, 1));
    const before = store.villageCountsByTown();

    const statuses: CacheEvent[] = alerts.slice(0, 20).map((alert, index) => ({
      seq: 41 + index,
      at: BASE_TIME + index,
      body: {
        kind: 'alert.status',
        alertId: alert.id,
        status: index % 2 === 0 ? 'acknowledged' : 'closed',
        by: 'test',
      },
    }));
    store.applyEvents('alerts', 'e1', statuses);

    expect(store.villageCountsByTown()).toEqual(before);
    expect(store.villageCountsByTown()).toEqual(countVillages(alerts));
    store.close();
  });

  it('moves a re-created alert to its new village', () => {
    const store = openStore();
    const alerts = range(1, 40);
    store.applyEvents('alerts', 'e1', createdEvents(alerts, 1));

    // Alert 1 moves from village 421123100202 to 421123101203, and alert 3 loses its village.
    const moved = placedAlert(2);
    const first: Alert = {
      ...alerts[0]!,
      place: { ...alerts[0]!.place, divisionCode: moved.place.divisionCode },
    };
    const third: Alert = {
      ...alerts[2]!,
      place: { ...alerts[2]!.place, divisionCode: null },
    };
    store.applyEvents('alerts', 'e1', createdEvents([first, third], 41));

    const current = [first, alerts[1]!, third, ...alerts.slice(3)];
    expect(store.villageCountsByTown()).toEqual(countVillages(current));
    expect(store.villageCountsByTown()).not.toEqual(countVillages(alerts));
    store.close();
  });

  it('prunes counts with the hourly counts', () => {
    const clock = { now: BASE_TIME };
    const store = openStore(clock);
    const at = (index: number, start: number): Alert =>
      placedAlert(index, {
        occurredAt: start + (index % 20) * HOUR,
        publishedAt: start + (index % 20) * HOUR,
      });
    const old = range(1, 35, (index) => at(index, BASE_TIME));
    const recent = range(36, 70, (index) => at(index, BASE_TIME + 5 * DAY));
    store.applyEvents('alerts', 'e1', createdEvents([...old, ...recent], 1));
    // Half the recent alerts close, so their rows go with the events after a day.
    const closes: CacheEvent[] = recent
      .filter((_, index) => index % 2 === 0)
      .map((alert, index) => ({
        seq: 71 + index,
        at: BASE_TIME + 5 * DAY,
        body: {
          kind: 'alert.status',
          alertId: alert.id,
          status: 'closed',
          by: 'test',
        },
      }));
    store.applyEvents('alerts', 'e1', closes);

    clock.now = BASE_TIME + 7 * DAY;
    let report = store.maintain();
    while (report.more) {
      report = store.maintain();
    }

    expect(store.getAlert(recent[0]!.id)).toBeNull();
    expect(store.villageCountsByTown()).toEqual(countVillages(recent));
    const raw = (
      store as unknown as {
        db: { all(sql: string): Record<string, unknown>[] };
      }
    ).db;
    const oldest = raw.all(
      'SELECT MIN(hour) AS hour FROM alert_village_hourly',
    );
    expect(Number(oldest[0]?.['hour'])).toBeGreaterThanOrEqual(
      BASE_TIME + 5 * DAY,
    );
    store.close();
  });

  it('rebuilds counts from a snapshot', () => {
    const store = openStore();
    store.applyEvents('alerts', 'e1', createdEvents(range(1, 30), 1));
    const snapshot = range(101, 160);

    store.replaceStreamFromSnapshot('alerts', 'e2', 500, snapshot, 'resync:');

    expect(store.villageCountsByTown()).toEqual(countVillages(snapshot));
    store.close();
  });

  it('rebuilds counts from a staged snapshot', () => {
    const store = openStore();
    store.applyEvents('alerts', 'e1', createdEvents(range(1, 30), 1));
    const snapshot = range(101, 190);
    // Two pages, so that counts of the same hour and village staged by both are summed.
    const page = (
      alerts: Alert[],
      restart: boolean,
      previous: string | null,
      progress: string,
    ): SnapshotPageRows => ({
      stream: 'alerts',
      restart,
      previous,
      alertRows: stagedAlertValues(alerts, 'alerts'),
      villageRows: stagedVillageValues(alerts),
      recordRows: [],
      progressKey: 'resync:alerts',
      progress,
    });
    store.stageSnapshotPage(page(snapshot.slice(0, 45), true, null, 'p1'));
    store.stageSnapshotPage(page(snapshot.slice(45), false, 'p1', 'p2'));

    store.swapStagedSnapshot({
      stream: 'alerts',
      epoch: 'e2',
      headSeq: 900,
      metaPrefix: 'resync:alerts',
    });

    expect(store.villageCountsByTown()).toEqual(countVillages(snapshot));
    store.close();
  });

  it('empties counts on a stream reset', () => {
    const store = openStore();
    store.applyEvents('alerts', 'e1', createdEvents(range(1, 30), 1));
    expect(store.villageCountsByTown()).not.toEqual({});

    store.resetStream('alerts', 'e2');

    expect(store.villageCountsByTown()).toEqual({});
    store.close();
  });
});
