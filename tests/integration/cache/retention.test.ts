import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../../src-shared/contract/index.js';
import {
  Cache,
  type CacheEvent,
} from '../../../src-main/services/cache/index.js';
import { BASE_TIME, makeAlert } from '../services/helpers/alerts.js';
import { createTempDirs } from '../services/helpers/temp.js';

const temp = createTempDirs();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A cache on a simulated clock that starts at BASE_TIME. */
async function openSimulated(retention: {
  eventsMs: number;
  aggregatesMs: number;
}): Promise<{ cache: Cache; clock: { now: number } }> {
  const clock = { now: BASE_TIME };
  const cache = await Cache.open({
    path: join(temp.make(), 'cache.sqlite3'),
    now: () => clock.now,
    retention,
    maintenanceIntervalMs: 0,
  });
  return { cache, clock };
}

function alertAt(index: number, at: number): Alert {
  return makeAlert(index, { occurredAt: at, publishedAt: at });
}

/** Events creating alerts `first`..`last` at `at`, then closing the alerts in `close`. */
function hourOfEvents(
  seq: number,
  at: number,
  created: Alert[],
  close: Alert[],
): CacheEvent[] {
  const events: CacheEvent[] = [];
  for (const alert of created) {
    events.push({
      seq: seq + events.length,
      at,
      body: { kind: 'alert.created', alert },
    });
  }
  for (const alert of close) {
    events.push({
      seq: seq + events.length,
      at,
      body: {
        kind: 'alert.status',
        alertId: alert.id,
        status: 'closed',
        by: 'test',
      },
    });
  }
  return events;
}

afterEach(() => temp.removeAll());

describe('cache retention', () => {
  it('keeps aggregates after pruning raw events', async () => {
    const { cache, clock } = await openSimulated({
      eventsMs: DAY,
      aggregatesMs: 10 * DAY,
    });
    const alerts = Array.from({ length: 60 }, (_, index) =>
      alertAt(index + 1, clock.now),
    );
    await cache.applyEvents(
      'alerts',
      'e1',
      hourOfEvents(1, clock.now, alerts, alerts),
    );
    const before = await cache.aggregates();

    clock.now += 2 * DAY;
    const report = await cache.maintain();
    const after = await cache.aggregates();
    const events = await cache.eventCount('alerts');
    const latest = await cache.latestAlerts(10);
    await cache.close();

    expect(report.prunedEvents).toBe(120);
    expect(report.prunedAlerts).toBe(60);
    expect(events).toBe(0);
    expect(latest).toEqual([]);
    expect(before.total).toBe(60);
    expect(after).toEqual(before);
  });

  it('keeps open alerts until the aggregate retention', async () => {
    const { cache, clock } = await openSimulated({
      eventsMs: DAY,
      aggregatesMs: 10 * DAY,
    });
    const alerts = Array.from({ length: 5 }, (_, index) =>
      alertAt(index + 1, clock.now),
    );
    await cache.applyEvents(
      'alerts',
      'e1',
      hourOfEvents(1, clock.now, alerts, []),
    );

    clock.now += 2 * DAY;
    await cache.maintain();
    const kept = await cache.latestAlerts(10);
    clock.now += 9 * DAY;
    await cache.maintain();
    const left = await cache.latestAlerts(10);
    const aggregates = await cache.aggregates();
    await cache.close();

    expect(kept).toHaveLength(5);
    expect(left).toEqual([]);
    expect(aggregates.total).toBe(0);
  });

  it('bounds the file size at a constant event rate', async () => {
    const { cache, clock } = await openSimulated({
      eventsMs: DAY,
      aggregatesMs: 3 * DAY,
    });
    const perHour = 40;
    const sizes: number[] = [];
    let seq = 1;
    let index = 1;
    let previous: Alert[] = [];

    for (let hour = 0; hour < 6 * 24; hour += 1) {
      const created = Array.from({ length: perHour }, () =>
        alertAt(index++, clock.now),
      );
      const events = hourOfEvents(seq, clock.now, created, previous);
      await cache.applyEvents('alerts', 'e1', events);
      seq += events.length;
      previous = created;
      clock.now += HOUR;
      await cache.maintain();
      if ((hour + 1) % 24 === 0) {
        const stats = await cache.stats();
        sizes.push(stats.pageCount * stats.pageSize);
      }
    }
    const stats = await cache.stats();
    await cache.close();
    process.stdout.write(
      `cache size at the end of each simulated day: ${sizes.join(', ')} bytes\n`,
    );

    expect(stats.autoVacuum).toBe('incremental');
    expect(stats.freelistCount).toBeLessThan(64);
    // Retention reaches its steady state after the aggregate period of 3 days.
    const steady = sizes[3] ?? 0;
    for (const size of sizes.slice(4)) {
      expect(size).toBeLessThanOrEqual(steady * 1.1);
    }
  }, 120_000);
});
