import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../../src-shared/contract/index.js';
import { logSink, type LogRecord } from '../../../src-node/logging/index.js';
import {
  Cache,
  CacheInUseError,
  MIGRATIONS,
  SCHEMA_VERSION,
  migrate,
} from '../../../src-main/services/cache/index.js';
import { Database } from '../../../src-main/services/cache/sqlite.js';
import {
  createdBody,
  makeAlert,
  statusBody,
} from '../services/helpers/alerts.js';
import { createTempDirs } from '../services/helpers/temp.js';

const temp = createTempDirs();
const opened: Cache[] = [];

async function openCache(path: string): Promise<Cache> {
  const cache = await Cache.open({ path });
  opened.push(cache);
  return cache;
}

function createdEvents(from: number, to: number) {
  const events = [];
  for (let seq = from; seq <= to; seq += 1) {
    events.push({ seq, at: 1_000 + seq, body: createdBody(seq) });
  }
  return events;
}

function userVersion(path: string): number {
  const db = new Database(path);
  try {
    return Number(db.get('PRAGMA user_version')?.['user_version']);
  } finally {
    db.close();
  }
}

/** Runs a short-lived process and returns its pid once it has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  if (child.pid === undefined) {
    throw new Error('could not start a child process');
  }
  return child.pid;
}

afterEach(async () => {
  for (const cache of opened.splice(0)) {
    await cache.close();
  }
  temp.removeAll();
});

describe('cache schema', () => {
  it('creates a fresh cache at the current version', async () => {
    const path = join(temp.make(), 'cache.db');
    const cache = await openCache(path);
    await cache.close();

    expect(userVersion(path)).toBe(SCHEMA_VERSION);
    const db = new Database(path);
    const tables = db
      .all("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .map((row) => row['name']);
    db.close();
    expect(tables).toEqual(
      expect.arrayContaining([
        'alerts',
        'events',
        'meta',
        'outbox',
        'stream_positions',
      ]),
    );
  });

  it('migrates a version 1 cache forward and keeps its rows', async () => {
    const path = join(temp.make(), 'cache.db');
    const db = new Database(path);
    migrate(db, MIGRATIONS.slice(0, 1));
    db.run(
      "INSERT INTO outbox (install_seq, command_id, name, payload, created_at, state) VALUES (1, 'cmd-00000001', 'alert.acknowledge', '{}', 5, 'pending')",
    );
    db.close();
    expect(userVersion(path)).toBe(1);

    const cache = await openCache(path);
    const pending = await cache.pendingCommands();

    expect(pending.map((command) => command.commandId)).toEqual([
      'cmd-00000001',
    ]);
    await cache.close();
    expect(userVersion(path)).toBe(SCHEMA_VERSION);
  });

  it('sets aside a cache from a newer build', async () => {
    const dir = temp.make();
    const path = join(dir, 'cache.db');
    const db = new Database(path);
    db.exec('CREATE TABLE future (x INTEGER); PRAGMA user_version = 99');
    db.close();
    const records: LogRecord[] = [];
    const unsubscribe = logSink.onRecord((record) => records.push(record));

    const cache = await openCache(path);
    unsubscribe();

    expect(await cache.positions()).toEqual({});
    await cache.close();
    expect(userVersion(path)).toBe(SCHEMA_VERSION);
    const moved = readdirSync(dir).filter((name) => name.endsWith('.bak'));
    expect(moved).toHaveLength(1);
    expect(userVersion(join(dir, moved[0] ?? ''))).toBe(99);
    expect(
      records.some((record) => record.message.includes('moved it aside')),
    ).toBe(true);
  });
});

describe('cache applyEvents', () => {
  it('skips events already stored', async () => {
    const cache = await openCache(join(temp.make(), 'cache.db'));
    const first = await cache.applyEvents('alerts', 'e1', createdEvents(1, 10));
    const again = await cache.applyEvents('alerts', 'e1', createdEvents(1, 10));
    const overlap = await cache.applyEvents(
      'alerts',
      'e1',
      createdEvents(5, 15),
    );

    expect(first.applied).toBe(10);
    expect(again.applied).toBe(0);
    expect(again.skipped).toBe(10);
    expect(again.alertChanges).toEqual([]);
    expect(overlap.applied).toBe(5);
    expect(overlap.position.seq).toBe(15);
    expect(await cache.eventCount('alerts')).toBe(15);
    expect((await cache.aggregates()).total).toBe(15);
  });

  it('rolls back a batch with a gap', async () => {
    const cache = await openCache(join(temp.make(), 'cache.db'));
    await cache.applyEvents('alerts', 'e1', createdEvents(1, 10));
    const broken = [...createdEvents(11, 12), ...createdEvents(14, 15)];

    await expect(cache.applyEvents('alerts', 'e1', broken)).rejects.toThrow(
      /gap/,
    );

    expect((await cache.position('alerts'))?.seq).toBe(10);
    expect(await cache.eventCount('alerts')).toBe(10);
    expect((await cache.aggregates()).total).toBe(10);
    expect(await cache.getAlert(makeAlert(11).id)).toBeNull();
  });

  it('rejects another epoch until the stream is reset', async () => {
    const cache = await openCache(join(temp.make(), 'cache.db'));
    await cache.applyEvents('alerts', 'e1', createdEvents(1, 3));

    await expect(
      cache.applyEvents('alerts', 'e2', createdEvents(1, 2)),
    ).rejects.toThrow(/epoch/);
    const reset = await cache.resetStream('alerts', 'e2');
    const applied = await cache.applyEvents(
      'alerts',
      'e2',
      createdEvents(1, 2),
    );

    expect(reset.seq).toBe(0);
    expect(applied.position).toMatchObject({ epoch: 'e2', seq: 2 });
    expect((await cache.aggregates()).total).toBe(2);
  });

  it('derives status changes from status events', async () => {
    const cache = await openCache(join(temp.make(), 'cache.db'));
    await cache.applyEvents('alerts', 'e1', createdEvents(1, 2));
    const alertId = makeAlert(1).id;
    const result = await cache.applyEvents('alerts', 'e1', [
      { seq: 3, at: 3, body: statusBody(alertId, 'acknowledged') },
      { seq: 4, at: 4, body: statusBody(alertId, 'closed') },
      { seq: 5, at: 5, body: statusBody('missing-alert', 'closed') },
    ]);

    expect(result.applied).toBe(3);
    expect(result.alertChanges).toHaveLength(1);
    expect(result.alertChanges[0]?.before?.status).toBe('new');
    expect(result.alertChanges[0]?.after.status).toBe('closed');
    expect((await cache.getAlert(alertId))?.status).toBe('closed');
  });
});

describe('cache queries', () => {
  const alerts: Alert[] = [];
  for (let index = 1; index <= 300; index += 1) {
    alerts.push(makeAlert(index));
  }

  async function filledCache(): Promise<Cache> {
    const cache = await openCache(join(temp.make(), 'cache.db'));
    await cache.applyEvents('alerts', 'e1', createdEvents(1, 300));
    return cache;
  }

  function countBy(key: (alert: Alert) => string): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const alert of alerts) {
      counts[key(alert)] = (counts[key(alert)] ?? 0) + 1;
    }
    return counts;
  }

  it('aggregates match counts over the alerts', async () => {
    const cache = await filledCache();
    const aggregates = await cache.aggregates();

    expect(aggregates.total).toBe(300);
    expect(aggregates.byLevel).toEqual(
      countBy((alert) =>
        alert.level === null ? 'unknown' : String(alert.level),
      ),
    );
    expect(aggregates.byClass).toEqual(
      countBy((alert) => alert.emergencyClass ?? 'unknown'),
    );
    expect(aggregates.byType).toEqual(
      countBy((alert) => alert.eventType.label),
    );
    expect(aggregates.byTown).toEqual(
      countBy((alert) => alert.place.townName ?? 'unknown'),
    );
    expect(aggregates.byHour).toEqual(
      countBy((alert) =>
        String(Math.floor(alert.occurredAt / 3_600_000) * 3_600_000),
      ),
    );
  });

  it('filters by level, class, town, text and time', async () => {
    const cache = await filledCache();
    const newestFirst = [...alerts].sort(
      (a, b) => b.publishedAt - a.publishedAt,
    );
    const ids = (list: Alert[]) => list.map((alert) => alert.id);

    const byLevel = await cache.queryAlerts({ levels: [1, 2], limit: 1000 });
    expect(ids(byLevel)).toEqual(
      ids(
        newestFirst.filter((alert) => alert.level === 1 || alert.level === 2),
      ),
    );

    const byClassAndTown = await cache.queryAlerts({
      classes: ['accident'],
      townNames: ['城关镇', '柳林镇'],
      limit: 1000,
    });
    expect(ids(byClassAndTown)).toEqual(
      ids(
        newestFirst.filter(
          (alert) =>
            alert.emergencyClass === 'accident' &&
            ['城关镇', '柳林镇'].includes(alert.place.townName ?? ''),
        ),
      ),
    );

    const byText = await cache.queryAlerts({ text: '100%', limit: 1000 });
    expect(ids(byText)).toEqual(
      ids(newestFirst.filter((alert) => alert.description.includes('100%'))),
    );
    const noWildcard = await cache.queryAlerts({ text: '1_0', limit: 1000 });
    expect(noWildcard).toEqual([]);

    const before = newestFirst[49]?.publishedAt ?? 0;
    const page = await cache.queryAlerts({ before, limit: 20 });
    expect(ids(page)).toEqual(ids(newestFirst.slice(50, 70)));

    const latest = await cache.latestAlerts(5);
    expect(ids(latest)).toEqual(ids(newestFirst.slice(0, 5)));
  });
});

describe('cache outbox', () => {
  it('numbers commands without gaps', async () => {
    const cache = await openCache(join(temp.make(), 'cache.db'));
    const queued = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        cache.enqueueCommand('alert.acknowledge', {
          alertId: `alert-${index}`,
        }),
      ),
    );
    const seqs = queued
      .map((command) => command.installSeq)
      .sort((a, b) => a - b);

    expect(seqs).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
    expect(new Set(queued.map((command) => command.commandId)).size).toBe(50);
    const pending = await cache.pendingCommands();
    expect(pending.map((command) => command.installSeq)).toEqual(seqs);
  });

  it('settles commands and reverts a rejected optimistic change', async () => {
    const cache = await openCache(join(temp.make(), 'cache.db'));
    await cache.applyEvents('alerts', 'e1', createdEvents(1, 2));
    const first = await cache.enqueueCommand(
      'alert.acknowledge',
      { alertId: makeAlert(1).id },
      { alertId: makeAlert(1).id, status: 'acknowledged' },
    );
    const second = await cache.enqueueCommand(
      'alert.acknowledge',
      { alertId: makeAlert(2).id },
      { alertId: makeAlert(2).id, status: 'acknowledged' },
    );
    expect(first.alertChanges[0]?.after.status).toBe('acknowledged');
    expect((await cache.getAlert(makeAlert(1).id))?.status).toBe(
      'acknowledged',
    );

    const applied = await cache.markCommandResult({
      installSeq: first.installSeq,
      outcome: 'applied',
      result: { ok: true },
    });
    const rejected = await cache.markCommandResult({
      installSeq: second.installSeq,
      outcome: 'rejected',
      result: { code: 'not-found' },
    });
    const repeated = await cache.markCommandResult({
      installSeq: second.installSeq,
      outcome: 'applied',
      result: null,
    });

    expect(applied.updated).toBe(true);
    expect(applied.alertChanges).toEqual([]);
    expect(rejected.alertChanges[0]?.after.status).toBe('new');
    expect(repeated.updated).toBe(false);
    expect((await cache.getAlert(makeAlert(1).id))?.status).toBe(
      'acknowledged',
    );
    expect((await cache.getAlert(makeAlert(2).id))?.status).toBe('new');
    expect(await cache.pendingCount()).toBe(0);
    expect((await cache.allCommands()).map((command) => command.state)).toEqual(
      ['applied', 'rejected'],
    );
  });
});

describe('cache file and lock', () => {
  it('removes a lock left by a dead process', async () => {
    const path = join(temp.make(), 'cache.db');
    await (await Cache.open({ path })).close();
    mkdirSync(`${path}.lock`);
    writeFileSync(
      `${path}.lock-owner`,
      JSON.stringify({ pid: await deadPid(), startedAt: 0, startTicks: null }),
    );

    const cache = await openCache(path);
    await cache.applyEvents('alerts', 'e1', createdEvents(1, 1));

    expect(await cache.eventCount('alerts')).toBe(1);
    // The open cache holds its own lock in EXCLUSIVE mode until it closes.
    await cache.close();
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('removes a lock with no owner record', async () => {
    const path = join(temp.make(), 'cache.db');
    mkdirSync(`${path}.lock`);

    const cache = await openCache(path);

    expect(await cache.positions()).toEqual({});
    await cache.close();
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('rejects a cache owned by a live process', async () => {
    const path = join(temp.make(), 'cache.db');
    const child = spawn(process.execPath, [
      '-e',
      'setTimeout(() => {}, 30000)',
    ]);
    try {
      const pid = child.pid ?? 0;
      mkdirSync(`${path}.lock`);
      writeFileSync(
        `${path}.lock-owner`,
        JSON.stringify({ pid, startedAt: 0, startTicks: null }),
      );

      const attempt = Cache.open({ path });

      await expect(attempt).rejects.toBeInstanceOf(CacheInUseError);
      await expect(attempt).rejects.toThrow(
        `cache is in use by process ${pid}`,
      );
      expect(existsSync(`${path}.lock`)).toBe(true);
    } finally {
      child.kill();
    }
  });

  it('ignores a record from an earlier process with this pid', async () => {
    const path = join(temp.make(), 'cache.db');
    writeFileSync(
      `${path}.lock-owner`,
      JSON.stringify({ pid: process.pid, startedAt: 0, startTicks: null }),
    );

    const cache = await openCache(path);

    expect(await cache.positions()).toEqual({});
  });

  it('rejects a second handle in this process', async () => {
    const path = join(temp.make(), 'cache.db');
    await openCache(path);

    await expect(Cache.open({ path })).rejects.toThrow(
      `process ${process.pid}`,
    );
  });

  it('refuses calls after close', async () => {
    const path = join(temp.make(), 'cache.db');
    const cache = await Cache.open({ path });
    await cache.close();

    await expect(cache.positions()).rejects.toThrow(/closed/);
    expect(existsSync(`${path}.lock-owner`)).toBe(false);
  });
});
