import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  Alert,
  StoredRecord,
} from '../../../src-shared/contract/index.js';
import type {
  SnapshotPageRows,
  SwapProgress,
} from '../../../src-main/services/cache/protocol.js';
import {
  MIGRATIONS,
  migrate,
  prepareCacheConnection,
  readSchemaVersion,
} from '../../../src-main/services/cache/schema.js';
import {
  Database,
  type SqlValue,
} from '../../../src-main/services/cache/sqlite.js';
import {
  stagedAlertValues,
  stagedVillageValues,
  stagedRecordValues,
} from '../../../src-main/services/cache/snapshot-staging.js';
import { CacheStore } from '../../../src-main/services/cache/store.js';
import { createdEvents } from './helpers.js';
import { makeAlert } from '../services/helpers/alerts.js';
import { createTempDirs } from '../services/helpers/temp.js';

const temp = createTempDirs();
const PROGRESS_KEY = 'resync:alerts';

function alertsPage(
  alerts: Alert[],
  restart: boolean,
  progress: string,
  previous: string | null = null,
): SnapshotPageRows {
  return {
    stream: 'alerts',
    restart,
    previous,
    alertRows: stagedAlertValues(alerts, 'alerts'),
    villageRows: stagedVillageValues(alerts),
    recordRows: [],
    progressKey: PROGRESS_KEY,
    progress,
  };
}

function alertRange(from: number, to: number): Alert[] {
  const alerts: Alert[] = [];
  for (let index = from; index <= to; index += 1) {
    alerts.push(makeAlert(index, { status: 'acknowledged' }));
  }
  return alerts;
}

function openStore(path: string): CacheStore {
  return CacheStore.open({ path }, Date.now);
}

afterEach(() => temp.removeAll());

describe('snapshot staging', () => {
  it('keeps the old copy visible until the swap', () => {
    const store = openStore(join(temp.make(), 'cache.sqlite3'));
    store.applyEvents('alerts', 'old-epoch', createdEvents(1, 5));

    store.stageSnapshotPage(alertsPage(alertRange(101, 130), true, 'p1'));
    store.stageSnapshotPage(
      alertsPage(alertRange(131, 150), false, 'p2', 'p1'),
    );

    expect(store.stagedRowCount('alerts')).toBe(50);
    expect(store.getMeta(PROGRESS_KEY)).toBe('p2');
    expect(store.queryAlerts({ limit: 100 })).toHaveLength(5);
    expect(store.aggregates().total).toBe(5);
    expect(store.position('alerts')?.epoch).toBe('old-epoch');
    store.close();
  });

  it('swaps staged rows in with rebuilt counts', () => {
    const dir = temp.make();
    const store = openStore(join(dir, 'cache.sqlite3'));
    store.applyEvents('alerts', 'old-epoch', createdEvents(1, 5));
    store.stageSnapshotPage(alertsPage(alertRange(101, 160), true, 'p1'));
    store.setMeta(`${PROGRESS_KEY}:other`, 'x');

    const reports: SwapProgress[] = [];
    const result = store.swapStagedSnapshot(
      {
        stream: 'alerts',
        epoch: 'new-epoch',
        headSeq: 900,
        metaPrefix: PROGRESS_KEY,
      },
      (progress) => reports.push(progress),
    );

    expect(result.alerts).toBe(60);
    expect(result.position).toMatchObject({ epoch: 'new-epoch', seq: 900 });
    expect(reports.at(-1)).toEqual({ done: 60, total: 60 });
    expect(store.stagedRowCount('alerts')).toBe(0);
    expect(store.eventCount('alerts')).toBe(0);
    expect(store.getMeta(PROGRESS_KEY)).toBeNull();
    expect(store.getMeta(`${PROGRESS_KEY}:other`)).toBeNull();
    const ids = store.queryAlerts({ limit: 100 }).map((alert) => alert.id);
    expect(ids.sort()).toEqual(alertRange(101, 160).map((alert) => alert.id));
    expect(store.getAlert(makeAlert(120).id)?.status).toBe('acknowledged');

    // The same alerts written through events must give the same wall counts.
    const reference = openStore(join(dir, 'reference.sqlite3'));
    const events = alertRange(101, 160).map((alert, index) => ({
      seq: index + 1,
      at: 1_000 + index,
      body: { kind: 'alert.created', alert },
    }));
    reference.applyEvents('alerts', 'e', events);
    expect(store.aggregates()).toEqual(reference.aggregates());
    reference.close();
    store.close();
  });

  it('resumes staging after the cache is reopened', () => {
    const path = join(temp.make(), 'cache.sqlite3');
    const first = openStore(path);
    first.stageSnapshotPage(alertsPage(alertRange(1, 40), true, 'after-1'));
    first.close();

    const second = openStore(path);
    expect(second.getMeta(PROGRESS_KEY)).toBe('after-1');
    expect(second.stagedRowCount('alerts')).toBe(40);
    second.stageSnapshotPage(
      alertsPage(alertRange(41, 70), false, 'after-2', 'after-1'),
    );
    const result = second.swapStagedSnapshot({
      stream: 'alerts',
      epoch: 'e',
      headSeq: 70,
      metaPrefix: PROGRESS_KEY,
    });

    expect(result.alerts).toBe(70);
    expect(second.aggregates().total).toBe(70);
    second.close();
  });

  it('restarts staging on the first page of another snapshot', () => {
    const store = openStore(join(temp.make(), 'cache.sqlite3'));
    store.stageSnapshotPage(alertsPage(alertRange(1, 30), true, 'a'));

    store.stageSnapshotPage(alertsPage(alertRange(500, 509), true, 'b'));

    expect(store.stagedRowCount('alerts')).toBe(10);
    store.clearStagedSnapshot('alerts', PROGRESS_KEY);
    expect(store.stagedRowCount('alerts')).toBe(0);
    expect(store.getMeta(PROGRESS_KEY)).toBeNull();
    store.close();
  });

  it('rolls back a page whose rows fail to write', () => {
    const store = openStore(join(temp.make(), 'cache.sqlite3'));
    store.stageSnapshotPage(alertsPage(alertRange(1, 5), true, 'ok'));
    const page = alertsPage(alertRange(6, 7), false, 'broken', 'ok');
    // A value SQLite cannot bind fails the second insert, after the first row was written.
    const second = page.alertRows[1] ?? [];
    second[2] = { level: 1 } as unknown as SqlValue;

    expect(() => store.stageSnapshotPage(page)).toThrow();

    expect(store.stagedRowCount('alerts')).toBe(5);
    expect(store.getMeta(PROGRESS_KEY)).toBe('ok');
    store.close();
  });

  it('refuses a page whose predecessor was not staged', () => {
    const store = openStore(join(temp.make(), 'cache.sqlite3'));
    store.stageSnapshotPage(alertsPage(alertRange(1, 5), true, 'after-1'));

    expect(() =>
      store.stageSnapshotPage(
        alertsPage(alertRange(11, 15), false, 'after-3', 'after-2'),
      ),
    ).toThrow(/does not follow/);

    expect(store.stagedRowCount('alerts')).toBe(5);
    expect(store.getMeta(PROGRESS_KEY)).toBe('after-1');
    store.close();
  });

  it('stages and swaps the records of a record stream', () => {
    const store = openStore(join(temp.make(), 'cache.sqlite3'));
    const record = (id: string, version: number): StoredRecord => ({
      collection: 'incident',
      id,
      version,
      updatedAt: 1_000 + version,
      data: { title: `incident ${id}` },
    });
    store.stageSnapshotPage({
      stream: 'dispatch',
      restart: true,
      previous: null,
      alertRows: [],
      villageRows: [],
      recordRows: stagedRecordValues(
        [record('a', 3), record('b', 1)],
        'dispatch',
      ),
      progressKey: 'resync:dispatch',
      progress: 'p1',
    });
    store.stageSnapshotPage({
      stream: 'duty',
      restart: true,
      previous: null,
      alertRows: [],
      villageRows: [],
      recordRows: stagedRecordValues(
        [{ ...record('c', 1), collection: 'shift' }],
        'duty',
      ),
      progressKey: 'resync:duty',
      progress: 'p1',
    });

    const result = store.swapStagedSnapshot({
      stream: 'dispatch',
      epoch: 'e',
      headSeq: 12,
      metaPrefix: 'resync:dispatch',
    });

    expect(result.records).toBe(2);
    expect(store.recordCount('dispatch')).toBe(2);
    expect(store.getRecord('incident', 'a')?.version).toBe(3);
    expect(store.stagedRowCount('dispatch')).toBe(0);
    // Another stream's staged rows stay for its own swap.
    expect(store.stagedRowCount('duty')).toBe(1);
    expect(store.recordCount('duty')).toBe(0);
    store.close();
  });
});

function columnsOf(db: InstanceType<typeof Database>, table: string): string[] {
  return db
    .all(`PRAGMA table_info(${table})`)
    .map((row) => String(row['name']));
}

describe('cache migration 7', () => {
  it('adds staging tables shaped like alerts and records', () => {
    const db = new Database(join(temp.make(), 'cache.sqlite3'));
    prepareCacheConnection(db);
    migrate(
      db,
      MIGRATIONS.filter((step) => step.version < 7),
    );
    db.run("INSERT INTO meta (key, value) VALUES ('kept', 'yes')");

    migrate(db, MIGRATIONS);

    expect(readSchemaVersion(db)).toBeGreaterThanOrEqual(7);
    expect(columnsOf(db, 'alert_staging')).toEqual(columnsOf(db, 'alerts'));
    expect(columnsOf(db, 'record_staging')).toEqual(columnsOf(db, 'records'));
    const indexes = db.all(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('alert_staging', 'record_staging')",
    );
    expect(indexes).toEqual([]);
    expect(db.get("SELECT value FROM meta WHERE key = 'kept'")).toEqual({
      value: 'yes',
    });
    db.close();
  });
});
