import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CacheEvent } from '../../../src-main/services/cache/index.js';
import type { SqlRow } from '../../../src-main/services/cache/sqlite.js';
import { CacheStore } from '../../../src-main/services/cache/store.js';
import { BASE_TIME, makeAlert } from '../services/helpers/alerts.js';
import { createTempDirs } from '../services/helpers/temp.js';

// Since schema 6 an alert.created event stores a reference to its alert row instead of a second
// copy of the alert. Whatever happens to the row afterwards, the event must read as it arrived.

const temp = createTempDirs();
const DAY = 86_400_000;

afterEach(() => temp.removeAll());

function openStore(clock: { now: number }): CacheStore {
  return CacheStore.open(
    {
      path: join(temp.make(), 'cache.sqlite3'),
      retention: { eventsMs: DAY, aggregatesMs: 10 * DAY },
    },
    () => clock.now,
  );
}

function rawBodies(store: CacheStore): string[] {
  const db = (store as unknown as { db: { all(sql: string): SqlRow[] } }).db;
  return db
    .all('SELECT body FROM events ORDER BY seq')
    .map((row) => String(row['body']));
}

describe('event bodies that refer to their alert row', () => {
  it('read as they arrived after status changes, re-creation and pruning', () => {
    const clock = { now: BASE_TIME };
    const store = openStore(clock);
    const first = makeAlert(1, { publishedAt: BASE_TIME });
    const second = makeAlert(2, { publishedAt: BASE_TIME });
    const events: CacheEvent[] = [
      { seq: 1, at: BASE_TIME, body: { kind: 'alert.created', alert: first } },
      { seq: 2, at: BASE_TIME, body: { kind: 'alert.created', alert: second } },
      {
        seq: 3,
        at: BASE_TIME,
        body: {
          kind: 'alert.status',
          alertId: first.id,
          status: 'acknowledged',
          by: 't',
        },
      },
      {
        seq: 4,
        at: BASE_TIME,
        body: {
          kind: 'alert.created',
          alert: { ...second, title: '改过的标题' },
        },
      },
      {
        seq: 5,
        at: BASE_TIME,
        body: {
          kind: 'alert.created',
          alert: makeAlert(3),
          note: 'extra field',
        },
      },
    ];
    store.applyEvents('alerts', 'e1', events.slice(0, 2));
    expect(rawBodies(store)).toEqual([`@${first.id}`, `@${second.id}`]);

    store.applyEvents('alerts', 'e1', events.slice(2));

    expect(store.events('alerts').map((event) => event.body)).toEqual(
      events.map((event) => event.body),
    );
    const raw = rawBodies(store);
    expect(raw[0]?.startsWith('{')).toBe(true);
    expect(raw[1]?.startsWith('{')).toBe(true);
    expect(raw[3]).toBe(`@${second.id}`);
    expect(raw[4]?.startsWith('{')).toBe(true);
    store.close();
  });

  it('keeps the body of an event whose alert row retention removed first', () => {
    const clock = { now: BASE_TIME };
    const store = openStore(clock);
    // Published long before the central logged it, so the closed row ages out before its event.
    const alert = makeAlert(1, { publishedAt: BASE_TIME, status: 'closed' });
    const at = BASE_TIME + 2 * DAY;
    const body = { kind: 'alert.created', alert };
    store.applyEvents('alerts', 'e1', [{ seq: 1, at, body }]);
    expect(rawBodies(store)).toEqual([`@${alert.id}`]);

    clock.now = BASE_TIME + 2.5 * DAY;
    const report = store.maintain();

    expect(report.prunedAlerts).toBe(1);
    expect(report.prunedEvents).toBe(0);
    expect(store.getAlert(alert.id)).toBeNull();
    expect(store.events('alerts').map((event) => event.body)).toEqual([body]);
    store.close();
  });
});
