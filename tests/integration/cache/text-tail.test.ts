import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../src-shared/contract/index.js';
import { EventRows } from '../../../bench/lib/rows.js';
import { Cache } from '../../../src-main/services/cache/index.js';
import type { CacheEvent } from '../../../src-main/services/cache/index.js';
import {
  alertFromRow,
  buildAlertQuery,
} from '../../../src-main/services/cache/alert-rows.js';
import type { SqlRow } from '../../../src-main/services/cache/sqlite.js';
import { CacheStore } from '../../../src-main/services/cache/store.js';
import { createTempDirs } from '../services/helpers/temp.js';
import { writeOlderCache } from './helpers.js';

// Schema 8 leaves new alert rows out of the text index until the cache is idle or the tail passes
// its bound. Whatever the order of writes, removals and indexing steps, a text query must return
// exactly the rows of the plain LIKE, and the index must hold exactly the rows between the marks.

const temp = createTempDirs();
const START = Date.UTC(2026, 10, 1);
const HOUR_MS = 3_600_000;
const TAIL_BOUND = 40;
const QUERIES = ['城关', '火', 'noise', '纠纷', 'street', '镇人', 'x'];

type Raw = { all(sql: string, values?: unknown[]): SqlRow[] };

function rawOf(store: CacheStore): Raw {
  return (store as unknown as { db: Raw }).db;
}

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function ids(rows: SqlRow[]): string[] {
  return rows.map((row) => alertFromRow(row).id);
}

/** Rowids in the index, and the rowids between the two marks. */
function indexCoverage(store: CacheStore): {
  held: number[];
  marked: number[];
} {
  const db = rawOf(store);
  const held = db
    .all('SELECT rowid AS r FROM alerts_fts ORDER BY rowid')
    .map((row) => Number(row['r']));
  const pending = Number(store.getMeta('text_index_pending') ?? 0);
  const done = Number(store.getMeta('text_index_done'));
  const marked = db
    .all(
      'SELECT rowid AS r FROM alerts WHERE rowid > ? AND rowid <= ? ORDER BY rowid',
      [pending, done],
    )
    .map((row) => Number(row['r']));
  return { held, marked };
}

function expectSearchEqualsLike(store: CacheStore, step: string): void {
  const db = rawOf(store);
  for (const text of QUERIES) {
    const like = buildAlertQuery({ text, limit: 500 }, { textIndex: false });
    const expected = ids(db.all(like.sql, like.values));
    const found = store.queryAlerts({ text, limit: 500 }).map((a) => a.id);
    expect(found, `query "${text}" after ${step}`).toEqual(expected);
  }
}

function retitled(alert: Alert, random: () => number): Alert {
  const word = QUERIES[Math.floor(random() * QUERIES.length)] ?? '';
  return {
    ...alert,
    title: `${alert.title} ${word}${Math.floor(random() * 9)}`,
  };
}

describe('alert text tail', () => {
  it('new cache has done mark 0', () => {
    const store = CacheStore.open(
      { path: join(temp.make(), 'cache.sqlite3') },
      () => START,
    );
    expect(store.getMeta('text_index_done')).toBe('0');
    expect(store.stats().textTailRows).toBe(0);
    store.close();
  });

  it('version 8 marks indexed rows done', () => {
    const path = join(temp.make(), 'cache.sqlite3');
    const rows = new EventRows(START, 5);
    writeOlderCache(
      path,
      7,
      rows.batch(80).map((event) => (event.body as { alert: Alert }).alert),
    );

    const store = CacheStore.open({ path }, () => START);
    expect(store.getMeta('text_index_done')).toBe('80');
    let coverage = indexCoverage(store);
    expect(coverage.held).toHaveLength(80);
    expect(coverage.held).toEqual(coverage.marked);

    const next = rows.batch(20).map((event, index) => ({
      ...event,
      seq: 81 + index,
    }));
    store.applyEvents('alerts', 'e1', next);
    expect(store.stats().textTailRows).toBe(20);
    coverage = indexCoverage(store);
    expect(coverage.held).toHaveLength(80);
    expectSearchEqualsLike(store, 'the upgrade');
    store.close();
  });

  it('idle steps index the tail in order', () => {
    const store = CacheStore.open(
      { path: join(temp.make(), 'cache.sqlite3') },
      () => START,
    );
    const rows = new EventRows(START, 5);
    store.applyEvents('alerts', 'e1', rows.batch(300));

    expect(store.stats().textTailRows).toBe(300);
    expect(indexCoverage(store).held).toEqual([]);
    expectSearchEqualsLike(store, 'ingest');

    expect(store.indexTextTail(120)).toEqual({ indexed: 120, remaining: 180 });
    expect(indexCoverage(store).held).toEqual(
      Array.from({ length: 120 }, (_, index) => index + 1),
    );
    expectSearchEqualsLike(store, 'a partial index');

    expect(store.indexTextTail(1_000)).toEqual({ indexed: 180, remaining: 0 });
    expect(store.indexTextTail(1_000)).toEqual({ indexed: 0, remaining: 0 });
    const coverage = indexCoverage(store);
    expect(coverage.held).toEqual(coverage.marked);
    expect(coverage.held).toHaveLength(300);
    expectSearchEqualsLike(store, 'a full index');
    store.close();
  });

  it('seeded writes keep search equal to LIKE', () => {
    const clock = { now: START };
    const store = CacheStore.open(
      {
        path: join(temp.make(), 'cache.sqlite3'),
        textTailRows: TAIL_BOUND,
        // Packing moves rows out and back under the same rowids, so it runs here too.
        plainAlertRows: 30,
        retention: { eventsMs: HOUR_MS, rowsPerTransaction: 25 },
      },
      () => clock.now,
    );
    const random = seeded(8_080);
    const rows = new EventRows(START, 5);
    const known: Alert[] = [];
    let seq = 0;
    const apply = (bodies: CacheEvent['body'][]): void => {
      const events = bodies.map((body) => {
        seq += 1;
        return { seq, at: clock.now, body };
      });
      store.applyEvents('alerts', 'e1', events);
    };

    for (let step = 0; step < 160; step += 1) {
      const roll = random();
      let name: string;
      if (roll < 0.4 || known.length === 0) {
        const fresh = rows.batch(1 + Math.floor(random() * 60));
        clock.now = Math.max(clock.now, fresh[fresh.length - 1]?.at ?? 0);
        for (const event of fresh) {
          // EventRows makes only alert.created bodies.
          known.push((event.body as { alert: Alert }).alert);
        }
        apply(fresh.map((event) => event.body));
        name = `ingest of ${fresh.length}`;
      } else if (roll < 0.55) {
        const index = Math.floor(random() * known.length);
        const alert = retitled(known[index] as Alert, random);
        known[index] = alert;
        apply([{ kind: 'alert.created', alert }]);
        name = `a new title for ${alert.id}`;
      } else if (roll < 0.7) {
        const picked = Array.from(
          { length: 1 + Math.floor(random() * 20) },
          () => known[Math.floor(random() * known.length)] as Alert,
        );
        apply(
          picked.map((alert) => ({
            kind: 'alert.status' as const,
            alertId: alert.id,
            status: 'closed' as const,
            by: null,
          })),
        );
        name = `${picked.length} closes`;
      } else if (roll < 0.8) {
        clock.now += HOUR_MS / 4;
        store.maintain();
        name = 'a maintenance run';
      } else {
        const limit = 1 + Math.floor(random() * 50);
        store.indexTextTail(limit);
        name = `an idle step of ${limit}`;
      }

      const label = `step ${step} (${name})`;
      expect(store.stats().textTailRows, label).toBeLessThanOrEqual(TAIL_BOUND);
      const coverage = indexCoverage(store);
      expect(coverage.held, label).toEqual(coverage.marked);
      if (step % 8 === 0) {
        expectSearchEqualsLike(store, label);
      }
    }
    expectSearchEqualsLike(store, 'the last step');
    const count = rawOf(store).all('SELECT COUNT(*) AS n FROM alerts');
    expect(Number(count[0]?.['n'])).toBeGreaterThan(TAIL_BOUND);
    store.close();
  });

  it('worker indexes the tail when idle', async () => {
    const cache = await Cache.open({
      path: join(temp.make(), 'cache.sqlite3'),
      maintenanceIntervalMs: 0,
    });
    try {
      const rows = new EventRows(START, 5);
      await cache.applyEvents('alerts', 'e1', rows.batch(500));
      let tail = (await cache.stats()).textTailRows;
      expect(tail).toBeGreaterThan(0);

      const deadline = Date.now() + 20_000;
      while (tail > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        tail = (await cache.stats()).textTailRows;
      }
      expect(tail).toBe(0);
      const found = await cache.queryAlerts({ text: '镇', limit: 1_000 });
      expect(found.length).toBeGreaterThan(0);
    } finally {
      await cache.close();
    }
  });
});
