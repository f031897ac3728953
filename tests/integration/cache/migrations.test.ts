import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../../src-shared/contract/index.js';
import {
  INSERT_ALERT_SQL,
  aggregateKeys,
  alertRowValues,
} from '../../../src-main/services/cache/alert-rows.js';
import {
  MIGRATIONS,
  SCHEMA_VERSION,
  migrate,
  readSchemaVersion,
} from '../../../src-main/services/cache/schema.js';
import { Database } from '../../../src-main/services/cache/sqlite.js';
import { CacheStore } from '../../../src-main/services/cache/store.js';
import { makeAlert } from '../services/helpers/alerts.js';
import { createTempDirs } from '../services/helpers/temp.js';

const temp = createTempDirs();

function databaseAt(version: number): InstanceType<typeof Database> {
  const db = new Database(join(temp.make(), 'cache.sqlite3'));
  migrate(
    db,
    MIGRATIONS.filter((step) => step.version <= version),
  );
  return db;
}

function columns(db: InstanceType<typeof Database>, table: string): string[] {
  return db
    .all(`PRAGMA table_info(${table})`)
    .map((row) => String(row['name']));
}

function tables(db: InstanceType<typeof Database>): string[] {
  return db
    .all("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .map((row) => String(row['name']));
}

afterEach(() => temp.removeAll());

describe('cache migrations', () => {
  it('lists steps 1..N in order', () => {
    expect(MIGRATIONS.map((step) => step.version)).toEqual(
      Array.from({ length: SCHEMA_VERSION }, (_, index) => index + 1),
    );
  });

  it('version 1 creates the base tables', () => {
    const db = databaseAt(1);

    expect(readSchemaVersion(db)).toBe(1);
    expect(tables(db)).toEqual([
      'alerts',
      'events',
      'meta',
      'outbox',
      'stream_positions',
    ]);
    db.close();
  });

  it('version 2 adds the outbox undo column', () => {
    const db = databaseAt(1);
    db.run(
      "INSERT INTO outbox (install_seq, command_id, name, payload, created_at, state) VALUES (1, 'c1', 'n', '{}', 1, 'pending')",
    );

    migrate(db, MIGRATIONS.slice(0, 2));

    expect(readSchemaVersion(db)).toBe(2);
    expect(columns(db, 'outbox')).toContain('undo');
    expect(db.get('SELECT command_id, undo FROM outbox')).toEqual({
      command_id: 'c1',
      undo: null,
    });
    db.close();
  });

  it('version 3 counts cached alerts by hour', () => {
    const db = databaseAt(2);
    const alerts: Alert[] = [];
    for (let index = 1; index <= 40; index += 1) {
      alerts.push(makeAlert(index));
    }
    for (const alert of alerts) {
      db.run(INSERT_ALERT_SQL, alertRowValues(alert, 'alerts'));
    }

    migrate(db, MIGRATIONS.slice(0, 3));

    expect(readSchemaVersion(db)).toBe(3);
    const expected = new Map<string, number>();
    for (const alert of alerts) {
      const keys = aggregateKeys(alert);
      const key = [
        keys.hour,
        keys.level,
        keys.emergencyClass,
        keys.type,
        keys.town,
      ].join('|');
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const stored = new Map<string, number>();
    for (const row of db.all('SELECT * FROM alert_hourly')) {
      const key = [
        String(row['hour']),
        row['level'],
        row['emergency_class'],
        row['event_type_label'],
        row['town_name'],
      ].join('|');
      stored.set(key, Number(row['n']));
    }
    expect(stored).toEqual(expected);
    expect(
      db.all(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'events_by_at'",
      ),
    ).toHaveLength(1);
    db.close();
  });

  it('version 4 sums the hourly counts', () => {
    const db = databaseAt(2);
    for (let index = 1; index <= 30; index += 1) {
      db.run(INSERT_ALERT_SQL, alertRowValues(makeAlert(index), 'alerts'));
    }

    migrate(db, MIGRATIONS.slice(0, 4));

    expect(readSchemaVersion(db)).toBe(4);
    const totals = (dimension: string): number =>
      Number(
        db.get(
          'SELECT SUM(n) AS n FROM alert_totals WHERE dimension = ?',
          dimension,
        )?.['n'],
      );
    for (const dimension of ['level', 'class', 'type', 'town', 'hour']) {
      expect(totals(dimension)).toBe(30);
    }
    expect(
      db.get(
        "SELECT n FROM alert_totals WHERE dimension = 'town' AND key = '城关镇'",
      ),
    ).toEqual({ n: 6 });
    const indexes = db
      .all(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'alerts'",
      )
      .map((row) => String(row['name']));
    expect(indexes).toContain('alerts_by_time');
    expect(indexes).not.toContain('alerts_by_published');
    db.close();
  });

  it('upgrades a version 2 cache with unchanged aggregates', () => {
    const path = join(temp.make(), 'cache.sqlite3');
    const db = new Database(path);
    migrate(db, MIGRATIONS.slice(0, 2));
    for (let index = 1; index <= 25; index += 1) {
      db.run(INSERT_ALERT_SQL, alertRowValues(makeAlert(index), 'alerts'));
    }
    db.close();

    const store = CacheStore.open({ path }, Date.now);
    const aggregates = store.aggregates();
    store.close();

    expect(aggregates.total).toBe(25);
    expect(Object.values(aggregates.byTown).reduce((a, b) => a + b, 0)).toBe(
      25,
    );
    expect(aggregates.byTown['城关镇']).toBe(5);
  });
});
