import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../src-shared/contract/index.js';
import { EventRows } from '../../../bench/lib/rows.js';
import {
  packAlertJson,
  unpackAlertJson,
} from '../../../src-main/services/cache/alert-packing.js';
import type { SqlRow } from '../../../src-main/services/cache/sqlite.js';
import { CacheStore } from '../../../src-main/services/cache/store.js';
import { createTempDirs } from '../services/helpers/temp.js';
import { writeOlderCache } from './helpers.js';

// Schema 9 packs the JSON of older alert rows. Every read must return what it returned before
// packing, and an event that refers to its alert row must keep the JSON it arrived with.

const temp = createTempDirs();
const START = Date.UTC(2026, 10, 1);
const ALERTS = 300;
const PLAIN = 50;

type Raw = {
  all(sql: string, values?: unknown[]): SqlRow[];
  run(sql: string, values?: unknown[]): unknown;
};

function rawOf(store: CacheStore): Raw {
  return (store as unknown as { db: Raw }).db;
}

function realAlerts(count: number): Alert[] {
  const rows = new EventRows(START, 5);
  return rows
    .batch(count)
    .map((event) => (event.body as { alert: Alert }).alert);
}

/** Everything a reader sees of the alerts: lists, lookups, text search and raw events. */
function readings(store: CacheStore, ids: readonly string[]): unknown {
  return {
    latest: store.latestAlerts(500),
    town: store.queryAlerts({ townNames: ['胜利镇'], limit: 500 }),
    text: store.queryAlerts({ text: '纠纷', limit: 500 }),
    english: store.queryAlerts({ text: 'street', limit: 500 }),
    levels: store.queryAlerts({ levels: [3], limit: 500 }),
    byId: ids.map((id) => store.getAlert(id)),
    events: store.events('alerts'),
    aggregates: store.aggregates(),
  };
}

function packedRows(store: CacheStore): number {
  const rows = rawOf(store).all(
    "SELECT COUNT(*) AS n FROM alerts WHERE packed IS NOT NULL AND json = ''",
  );
  return Number(rows[0]?.['n']);
}

function openStore(path: string): CacheStore {
  return CacheStore.open({ path, plainAlertRows: PLAIN }, () => START);
}

describe('alert packing', () => {
  it('round-trips real alert JSON', () => {
    const texts = realAlerts(2_000).map((alert) => JSON.stringify(alert));
    texts.push(
      '{"title":"火灾 \\ud83d\\udd25 emoji and a quote \\" and \\\\"}',
    );
    let raw = 0;
    let packed = 0;
    for (const text of texts) {
      const value = packAlertJson(text);
      expect(unpackAlertJson(value)).toBe(text);
      raw += Buffer.byteLength(text);
      packed += value.length;
    }
    // A size check, not a timing: the dictionary must at least triple what DEFLATE alone doubles.
    expect(packed * 3).toBeLessThan(raw);
  });

  it('rejects unknown or damaged values', () => {
    const value = packAlertJson('{"id":"a"}');
    value[0] = 7;
    expect(() => unpackAlertJson(value)).toThrow(/dictionary version 7/);
    expect(() => unpackAlertJson('text')).toThrow(/not a blob/);
    expect(() => unpackAlertJson(new Uint8Array([1, 255, 255]))).toThrow();
  });

  it('maintenance packs old rows, reads unchanged', () => {
    const store = openStore(join(temp.make(), 'cache.sqlite3'));
    const rows = new EventRows(START, 5);
    store.applyEvents('alerts', 'e1', rows.batch(ALERTS));
    const ids = store.latestAlerts(ALERTS).map((alert) => alert.id);
    const before = readings(store, ids);

    const report = store.maintain();

    expect(report.packedAlerts).toBe(ALERTS - PLAIN);
    expect(packedRows(store)).toBe(ALERTS - PLAIN);
    expect(readings(store, ids)).toEqual(before);
    expect(store.maintain().packedAlerts).toBe(0);
    store.close();
  });

  it('packing frees pages of the alerts table', () => {
    const store = CacheStore.open(
      { path: join(temp.make(), 'cache.sqlite3'), plainAlertRows: 0 },
      () => START,
    );
    const rows = new EventRows(START, 5);
    for (let done = 0; done < 2_000; done += 500) {
      store.applyEvents('alerts', 'e1', rows.batch(500));
    }
    const before = store.stats();
    const usedBefore = before.pageCount - before.freelistCount;

    let report = store.maintain();
    while (report.more) {
      report = store.maintain();
    }

    expect(packedRows(store)).toBe(2_000);
    const after = store.stats();
    const usedAfter = after.pageCount - after.freelistCount;
    // Pages in use, not a timing: the packed rows must fit in well under two thirds of them.
    expect(usedAfter * 3).toBeLessThan(usedBefore * 2);
    store.close();
  });

  it('status change keeps row packed', () => {
    const store = openStore(join(temp.make(), 'cache.sqlite3'));
    const rows = new EventRows(START, 5);
    const batch = rows.batch(ALERTS);
    store.applyEvents('alerts', 'e1', batch);
    store.maintain();
    const first = (batch[0]?.body as { alert: Alert }).alert;
    const arrived = store.events('alerts')[0]?.body;

    store.applyEvents('alerts', 'e1', [
      {
        seq: ALERTS + 1,
        at: START + 1,
        body: {
          kind: 'alert.status',
          alertId: first.id,
          status: 'closed',
          by: null,
        },
      },
    ]);

    expect(store.getAlert(first.id)).toEqual({ ...first, status: 'closed' });
    expect(packedRows(store)).toBe(ALERTS - PLAIN);
    // The created event still reads as it arrived, with the status it had then.
    expect(store.events('alerts')[0]?.body).toEqual(arrived);
    expect(arrived).toEqual({ kind: 'alert.created', alert: first });
    store.close();
  });

  it('deleted packed row restores its event', () => {
    const store = openStore(join(temp.make(), 'cache.sqlite3'));
    const rows = new EventRows(START, 5);
    const batch = rows.batch(ALERTS);
    store.applyEvents('alerts', 'e1', batch);
    store.maintain();
    const first = (batch[0]?.body as { alert: Alert }).alert;
    const raw = rawOf(store);
    expect(raw.all('SELECT body FROM events WHERE seq = 1')[0]?.['body']).toBe(
      `@${first.id}`,
    );

    raw.run('DELETE FROM alerts WHERE id = ?', [first.id]);

    const body = String(
      raw.all('SELECT body FROM events WHERE seq = 1')[0]?.['body'],
    );
    expect(JSON.parse(body)).toEqual({ kind: 'alert.created', alert: first });
    store.close();
  });

  it('version 9 packs a version 8 cache', () => {
    const path = join(temp.make(), 'cache.sqlite3');
    writeOlderCache(path, 8, realAlerts(ALERTS));

    const store = openStore(path);
    expect(store.getMeta('pack_mark')).toBe('0');
    const ids = store.latestAlerts(ALERTS).map((alert) => alert.id);
    const before = readings(store, ids);
    expect(store.maintain().packedAlerts).toBe(ALERTS - PLAIN);
    expect(packedRows(store)).toBe(ALERTS - PLAIN);
    expect(readings(store, ids)).toEqual(before);
    store.close();
  });
});
