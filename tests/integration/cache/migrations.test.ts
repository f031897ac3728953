import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../../src-shared/contract/index.js';
import {
  OPEN_SEVERE_SQL,
  aggregateKeys,
  alertRowValues,
  buildAlertQuery,
} from '../../../src-main/services/cache/alert-rows.js';
import {
  MIGRATIONS,
  SCHEMA_VERSION,
  migrate,
  readSchemaVersion,
} from '../../../src-main/services/cache/schema.js';
import { Database } from '../../../src-main/services/cache/sqlite.js';
import { CacheStore } from '../../../src-main/services/cache/store.js';
import { BASE_TIME, makeAlert } from '../services/helpers/alerts.js';
import { createTempDirs } from '../services/helpers/temp.js';
import { countVillages, writeOlderCache } from './helpers.js';

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

/** The alerts row as versions 1 to 5 wrote it, before `event_seq`. */
const LEGACY_ALERT_SQL = `
  INSERT OR REPLACE INTO alerts (
    id, stream, level, emergency_class, event_type_label, town_name,
    occurred_at, published_at, status, search_text, json
  ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

function insertLegacyAlert(
  db: InstanceType<typeof Database>,
  alert: Alert,
): void {
  db.run(LEGACY_ALERT_SQL, alertRowValues(alert, 'alerts').slice(0, 11));
}

/** Writes an event and its alert row as a version 5 cache did: the body in full, twice. */
function insertLegacyEvent(
  db: InstanceType<typeof Database>,
  seq: number,
  body: unknown,
): void {
  db.run(
    "INSERT INTO events (stream, seq, epoch, at, body) VALUES ('alerts', ?, 'e1', ?, ?)",
    [seq, BASE_TIME + seq * 1000, JSON.stringify(body)],
  );
}

/** Ids from the text index query and from the LIKE form, for a query of `text`. */
function indexSearch(
  db: InstanceType<typeof Database>,
  text: string,
): string[] {
  const query = buildAlertQuery({ text, limit: 100 }).search;
  if (query === undefined) {
    throw new Error(`no text index query for ${text}`);
  }
  return db.all(query.sql, query.values).map((row) => String(row['json']));
}

function likeSearch(db: InstanceType<typeof Database>, text: string): string[] {
  const query = buildAlertQuery({ text, limit: 100 }, { textIndex: false });
  return db.all(query.sql, query.values).map((row) => String(row['json']));
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
      insertLegacyAlert(db, alert);
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
      insertLegacyAlert(db, makeAlert(index));
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

  it('version 6 adds the text index and event references', () => {
    const path = join(temp.make(), 'cache.sqlite3');
    const db = new Database(path);
    migrate(db, MIGRATIONS.slice(0, 5));
    const alerts = Array.from({ length: 30 }, (_, index) =>
      makeAlert(index + 1),
    );
    for (const [index, alert] of alerts.entries()) {
      insertLegacyEvent(db, index + 1, { kind: 'alert.created', alert });
      insertLegacyAlert(db, alert);
    }
    const before = db.all(
      "SELECT seq, body FROM events WHERE stream = 'alerts' ORDER BY seq",
    );

    migrate(db, MIGRATIONS.slice(0, 6));

    expect(readSchemaVersion(db)).toBe(6);
    // Cached events keep their JSON; the view reads them unchanged.
    expect(
      db.all(
        "SELECT seq, body FROM events WHERE stream = 'alerts' ORDER BY seq",
      ),
    ).toEqual(before);
    expect(
      db.all(
        "SELECT seq, body FROM event_bodies WHERE stream = 'alerts' ORDER BY seq",
      ),
    ).toEqual(before);
    // The cached rows wait for the maintenance pass; the text query reads them with the LIKE.
    expect(
      db.get("SELECT value FROM meta WHERE key = 'text_index_pending'"),
    ).toEqual({ value: '30' });
    const indexes = db
      .all(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'alerts'",
      )
      .map((row) => String(row['name']))
      .sort();
    expect(indexes).toEqual([
      'alerts_by_status',
      'alerts_by_stream',
      'alerts_by_time',
      'sqlite_autoindex_alerts_1',
    ]);
    db.close();

    const store = CacheStore.open({ path }, () => BASE_TIME + 86_400_000);
    const opened = (store as unknown as { db: InstanceType<typeof Database> })
      .db;
    // Before the maintenance pass, the text query finds the rows of step 6 through the LIKE.
    expect(indexSearch(opened, '城关')).toEqual(likeSearch(opened, '城关'));
    expect(likeSearch(opened, '城关').length).toBeGreaterThan(0);
    const report = store.maintain();
    expect(report.indexedAlerts).toBe(30);
    expect(report.prunedEvents).toBe(0);
    expect(store.getMeta('text_index_pending')).toBe('0');
    const raw = (store as unknown as { db: InstanceType<typeof Database> }).db;
    for (const text of [
      '火灾',
      '城关',
      '人民路3',
      '告警 1',
      '有人受伤 100%',
      '无此',
    ]) {
      expect({ text, ids: indexSearch(raw, text) }).toEqual({
        text,
        ids: likeSearch(raw, text),
      });
    }
    store.close();
  });

  it('version 6 finds rows written below the pending mark', () => {
    const path = join(temp.make(), 'cache.sqlite3');
    const db = new Database(path);
    migrate(db, MIGRATIONS.slice(0, 5));
    for (let index = 1; index <= 20; index += 1) {
      insertLegacyAlert(db, makeAlert(index));
    }
    db.close();
    const store = CacheStore.open({ path }, () => BASE_TIME);
    // A reset empties the table, so new rows take rowids the index has not covered yet.
    store.resetStream('alerts', 'e2');
    store.applyEvents(
      'alerts',
      'e2',
      [1, 2, 3].map((seq) => ({
        seq,
        at: BASE_TIME,
        body: { kind: 'alert.created', alert: makeAlert(seq + 100) },
      })),
    );
    const raw = (store as unknown as { db: InstanceType<typeof Database> }).db;

    expect(indexSearch(raw, '告警 10')).toHaveLength(3);
    expect(indexSearch(raw, '告警 10')).toEqual(likeSearch(raw, '告警 10'));
    expect(store.maintain().indexedAlerts).toBe(3);
    expect(indexSearch(raw, '告警 10')).toEqual(likeSearch(raw, '告警 10'));
    expect(store.getMeta('text_index_pending')).toBe('0');
    store.close();
  });

  it('version 10 indexes open severe alerts', () => {
    const db = databaseAt(9);
    const statuses = ['new', 'acknowledged', 'closed'] as const;
    const written: Alert[] = [];
    for (let index = 1; index <= 60; index += 1) {
      const alert = makeAlert(index, { status: statuses[index % 3] });
      written.push(alert);
      insertLegacyAlert(db, alert);
    }

    migrate(db, MIGRATIONS.slice(0, 10));

    expect(readSchemaVersion(db)).toBe(10);
    const plan = db
      .all(`EXPLAIN QUERY PLAN ${OPEN_SEVERE_SQL}`, [100])
      .map((row) => String(row['detail']))
      .join('\n');
    expect(plan).toContain('alerts_open_severe');
    expect(plan).not.toContain('TEMP B-TREE');
    const expected = written
      .filter(
        (alert) =>
          alert.status === 'new' && (alert.level === 1 || alert.level === 2),
      )
      .sort(
        (left, right) =>
          (left.level ?? 0) - (right.level ?? 0) ||
          right.publishedAt - left.publishedAt,
      )
      .map((alert) => alert.id);
    expect(expected.length).toBeGreaterThan(3);
    const found = db
      .all(OPEN_SEVERE_SQL, [100])
      .map((row) => (JSON.parse(String(row['json'])) as Alert).id);
    expect(found).toEqual(expected);
    db.close();
  });

  it('version 11 counts cached alerts by village', () => {
    const path = join(temp.make(), 'cache.sqlite3');
    const codes = [
      '421123100201',
      '421123100202',
      '421123101203',
      '421123100',
      '421123100201001',
      null,
    ];
    const alerts = Array.from({ length: 48 }, (_, offset) => {
      const base = makeAlert(offset + 1);
      return {
        ...base,
        place: {
          ...base.place,
          divisionCode: codes[offset % codes.length] ?? null,
        },
      };
    });
    writeOlderCache(path, 10, alerts);
    // Pack rows 1..24 and raise the pack mark past them, as the maintenance pass of schema 9 does.
    const older = new Database(path);
    migrate(older, MIGRATIONS.slice(0, 10));
    older.run(
      "UPDATE alerts SET packed = cache_pack(json), json = '' WHERE rowid <= 24",
    );
    older.run("UPDATE meta SET value = '24' WHERE key = 'pack_mark'");
    expect(
      older.get('SELECT COUNT(*) AS n FROM alerts WHERE packed IS NOT NULL'),
    ).toEqual({ n: 24 });
    expect(readSchemaVersion(older)).toBe(10);
    older.close();

    // The step counts the plain rows above the pack mark and leaves the packed ones pending.
    const store = CacheStore.open(
      { path, retention: { rowsPerTransaction: 10 } },
      Date.now,
    );
    expect(store.villageCountsByTown()).toEqual(
      countVillages(alerts.slice(24)),
    );
    expect(store.getMeta('village_count_pending')).toBe('24');

    // Alert 3 (rowid 3, pending) moves to another village before the pass counts it.
    const moved = {
      ...alerts[2]!,
      place: { ...alerts[2]!.place, divisionCode: '421123100202' },
    };
    store.applyEvents('alerts', 'e1', [
      { seq: 49, at: BASE_TIME, body: { kind: 'alert.created', alert: moved } },
    ]);
    let report = store.maintain();
    let passes = 1;
    while (report.more) {
      report = store.maintain();
      passes += 1;
    }
    const counts = store.villageCountsByTown();
    const pending = store.getMeta('village_count_pending');
    store.close();

    const current = alerts.map((alert) =>
      alert.id === moved.id ? moved : alert,
    );
    const expected = countVillages(current);
    expect(Object.keys(expected).length).toBeGreaterThan(1);
    expect(counts).toEqual(expected);
    expect(pending).toBe('0');
    expect(passes).toBeGreaterThanOrEqual(1);
    const reopened = new Database(path);
    expect(readSchemaVersion(reopened)).toBe(11);
    reopened.close();
  });

  it('upgrades a version 2 cache with unchanged aggregates', () => {
    const path = join(temp.make(), 'cache.sqlite3');
    const db = new Database(path);
    migrate(db, MIGRATIONS.slice(0, 2));
    for (let index = 1; index <= 25; index += 1) {
      insertLegacyAlert(db, makeAlert(index));
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
