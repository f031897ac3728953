import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventRows } from '../../../bench/lib/rows.js';
import {
  alertFromRow,
  buildAlertQuery,
  type SqlQuery,
} from '../../../src-main/services/cache/alert-rows.js';
import type { SqlRow } from '../../../src-main/services/cache/sqlite.js';
import { CacheStore } from '../../../src-main/services/cache/store.js';
import { createTempDirs } from '../services/helpers/temp.js';

// The text index must return exactly what the LIKE over search_text returns. The rows are the
// benchmark's real event rows: county scenario alerts and Open311 sample alerts.

const temp = createTempDirs();
const EVENTS = 3_000;
const START = Date.UTC(2026, 10, 1);

let store: CacheStore;
let texts: string[] = [];

function rowsOf(query: SqlQuery): string[] {
  const db = (
    store as unknown as {
      db: { all(sql: string, values: unknown[]): SqlRow[] };
    }
  ).db;
  return db.all(query.sql, query.values).map((row) => {
    return alertFromRow(row).id;
  });
}

/** Ids by the LIKE form, by the text index alone, and by the store's two-step query. */
function search(
  text: string,
  limit: number,
): { like: string[]; index: string[]; store: string[] } {
  const like = rowsOf(buildAlertQuery({ text, limit }, { textIndex: false }));
  const built = buildAlertQuery({ text, limit });
  const index =
    built.search === undefined ? rowsOf(built) : rowsOf(built.search);
  return {
    like,
    index,
    store: store.queryAlerts({ text, limit }).map((alert) => alert.id),
  };
}

/** A small seeded generator, so a failure names the same queries every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Substrings of real search texts: `count` of each length, Chinese and Latin alike. */
function sampledQueries(count: number, lengths: number[]): string[] {
  const random = seeded(20_261_204);
  const result: string[] = [];
  for (const length of lengths) {
    for (let index = 0; index < count; index += 1) {
      const chars = [...(texts[Math.floor(random() * texts.length)] ?? '')];
      const from = Math.floor(random() * Math.max(1, chars.length - length));
      result.push(chars.slice(from, from + length).join(''));
    }
  }
  return result.filter((text) => text.trim() !== '');
}

beforeAll(() => {
  store = CacheStore.open(
    { path: join(temp.make(), 'cache.sqlite3') },
    Date.now,
  );
  const rows = new EventRows(START, 5);
  for (let done = 0; done < EVENTS; done += 500) {
    store.applyEvents('alerts', 'e1', rows.batch(500));
  }
  const db = (store as unknown as { db: { all(sql: string): SqlRow[] } }).db;
  texts = db
    .all('SELECT search_text FROM alerts')
    .map((row) => String(row['search_text']));
}, 120_000);

afterAll(() => {
  store.close();
  temp.removeAll();
});

describe('alert text index', () => {
  const fixed = [
    '火灾',
    '火',
    '纠纷',
    '镇',
    '胜利镇',
    '请核实情况',
    '，',
    '：',
    '（',
    '-',
    ' - ',
    '%',
    '_',
    '\\',
    "'",
    '"',
    '*',
    'street',
    'Street Light',
    'DOF',
    'a',
    'q',
    '0',
    '11',
    'nyc',
    'open311:',
    'county-421123',
    'zzzz-none',
    '无此告警',
    'a镇',
    '镇 a',
    '\n',
    'noise - residential',
  ];

  it('finds the rows of the LIKE form for fixed queries', () => {
    for (const text of fixed) {
      const { like, index, store: stored } = search(text, 1_000);
      expect({ text, ids: index }).toEqual({ text, ids: like });
      expect({ text, ids: stored }).toEqual({ text, ids: like });
    }
  });

  it('finds the rows of the LIKE form for substrings of the cached texts', () => {
    const queries = sampledQueries(40, [1, 2, 3, 4, 7]);
    let matched = 0;
    for (const text of queries) {
      const { like, index } = search(text, 1_000);
      expect({ text, ids: index }).toEqual({ text, ids: like });
      matched += like.length > 0 ? 1 : 0;
    }
    // Every sampled query comes from a cached text, so each one matches at least its source.
    expect(matched).toBe(queries.length);
  });

  it('pages like the LIKE form when the limit cuts the matches', () => {
    for (const text of ['镇', 'street', '纠纷', 'e', '村', '火']) {
      for (const limit of [1, 7, 50, 200]) {
        const { like, store: stored } = search(text, limit);
        expect({ text, limit, ids: stored }).toEqual({
          text,
          limit,
          ids: like,
        });
      }
    }
  });

  it('combines text with the other filters as the LIKE form does', () => {
    const queries = [
      { text: '纠纷', levels: [1, 2] as (1 | 2)[], limit: 100 },
      { text: 'street', townNames: ['manhattan', 'Manhattan'], limit: 100 },
      { text: '村', townNames: ['胜利镇'], limit: 30 },
      { text: 'e', before: START + 300_000, limit: 40 },
    ];
    for (const query of queries) {
      const like = rowsOf(buildAlertQuery(query, { textIndex: false }));
      const stored = store.queryAlerts(query).map((alert) => alert.id);
      expect({ query, ids: stored }).toEqual({ query, ids: like });
    }
  });

  it('drops a row from the index when its alert row is deleted', () => {
    const db = (
      store as unknown as {
        db: { all(sql: string): SqlRow[]; run(sql: string): unknown };
      }
    ).db;
    const oldest = db
      .all('SELECT id FROM alerts ORDER BY rowid LIMIT 3')
      .map((row) => String(row['id']));
    for (const id of oldest) {
      expect(search(id, 1_000).index).toContain(id);
    }

    db.run(
      'DELETE FROM alerts WHERE id IN (SELECT id FROM alerts ORDER BY rowid LIMIT 3)',
    );

    for (const id of oldest) {
      const after = search(id, 1_000);
      expect(after.index).not.toContain(id);
      expect(after.index).toEqual(after.like);
    }
  });
});
