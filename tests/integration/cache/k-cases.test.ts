import { spawn, type ChildProcess } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Cache,
  CacheInUseError,
  MIGRATIONS,
} from '../../../src-main/services/cache/index.js';
import { runQuerySoak } from '../../../bench/lib/soak.js';
import { prepareConnection } from '../../../src-main/services/cache/text-search.js';
import { createTempDirs } from '../services/helpers/temp.js';
import { captureLogs, createdEvents, messages } from './helpers.js';

const temp = createTempDirs();
const opened: Cache[] = [];
const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));

async function openCache(path: string): Promise<Cache> {
  const cache = await Cache.open({ path, maintenanceIntervalMs: 0 });
  opened.push(cache);
  return cache;
}

/** Starts the crash child in `mode` and resolves once it printed `ready`. */
async function startChild(
  mode: 'hold' | 'open',
  path: string,
  ready: string,
): Promise<ChildProcess> {
  const require = createRequire(import.meta.url);
  const loader = pathToFileURL(require.resolve('tsx')).href;
  const child = spawn(process.execPath, [
    '--import',
    loader,
    CHILD,
    mode,
    path,
  ]);
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`child did not print ${ready}: ${output}`)),
      30_000,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(ready)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
  });
  return child;
}

async function killHard(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** Bytes 18 and 19 of the database header: 1 is rollback journaling, 2 is WAL. */
function journalVersions(path: string): number[] {
  const header = readFileSync(path).subarray(18, 20);
  return [...header];
}

/** Builds a cache file with better-sqlite3 in WAL mode, as another tool would. */
function writeWalCache(path: string): BetterSqlite3.Database {
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  // Schema 6 fills the text index through the cache's SQL function, which a tool must register.
  prepareConnection({ exec: (sql) => db.exec(sql) }, (name, fn) =>
    db.function(name, { deterministic: true }, fn),
  );
  for (const step of MIGRATIONS) {
    db.exec(step.sql);
    db.pragma(`user_version = ${step.version}`);
  }
  db.prepare(
    `INSERT INTO outbox (install_seq, command_id, name, payload, created_at, state)
     VALUES (1, 'cmd-wal-1', 'alert.acknowledge', '{}', 5, 'pending')`,
  ).run();
  return db;
}

afterEach(async () => {
  for (const cache of opened.splice(0)) {
    await cache.close();
  }
  temp.removeAll();
});

describe('K1 cache lock left by a killed process', () => {
  it('removes the stale lock and checks integrity', async () => {
    const path = join(temp.make(), 'cache.sqlite3');
    const first = await Cache.open({ path, maintenanceIntervalMs: 0 });
    await first.applyEvents('alerts', 'e1', createdEvents(1, 5));
    await first.close();

    const committedSize = statSync(path).size;
    const child = await startChild('hold', path, 'holding');
    await killHard(child);
    expect(existsSync(`${path}.lock`)).toBe(true);
    expect(statSync(path).size).toBeGreaterThan(committedSize);
    expect(existsSync(`${path}.lock-owner`)).toBe(true);
    const logs = captureLogs();

    const cache = await openCache(path);
    logs.stop();

    expect(messages(logs.records)).toContain(
      'claimCache: removing a stale cache lock',
    );
    const check = logs.records.find(
      (record) => record.message === 'open: integrity check finished',
    );
    expect(check?.fields).toMatchObject({
      reason: 'unclean shutdown',
      problems: 0,
    });
    const journal = logs.records.find(
      (record) =>
        record.message ===
        'open: handled the journal of an interrupted transaction',
    );
    expect(journal?.fields).toMatchObject({ outcome: 'rolled-back' });
    expect(await cache.eventCount('alerts')).toBe(5);
    expect(await cache.eventCount('held')).toBe(0);
    expect(await cache.getMeta('held')).toBeNull();
    expect(await cache.check()).toEqual([]);
    await cache.close();
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('reports a busy cache as CacheInUseError', async () => {
    const path = join(temp.make(), 'cache.sqlite3');
    await (await Cache.open({ path, maintenanceIntervalMs: 0 })).close();
    const child = await startChild('open', path, 'open');
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown): void => {
      uncaught.push(error);
    };
    process.on('uncaughtException', onUncaught);
    try {
      const attempt = Cache.open({ path, maintenanceIntervalMs: 0 });

      await expect(attempt).rejects.toBeInstanceOf(CacheInUseError);
      await expect(attempt).rejects.toThrow(`process ${child.pid ?? 0}`);
    } finally {
      process.off('uncaughtException', onUncaught);
      await killHard(child);
    }
    expect(uncaught).toEqual([]);
  });
});

describe('K2 cache file switched to WAL', () => {
  it('converts a checkpointed WAL file back', async () => {
    const path = join(temp.make(), 'cache.sqlite3');
    writeWalCache(path).close();
    expect(journalVersions(path)).toEqual([2, 2]);
    const logs = captureLogs();

    const cache = await openCache(path);
    logs.stop();
    await cache.applyEvents('alerts', 'e1', createdEvents(1, 3));
    const pending = await cache.pendingCommands();
    await cache.close();

    expect(messages(logs.records)).toContain(
      'open: the cache was switched to WAL mode by another tool; converted it back to rollback journaling',
    );
    expect(pending.map((command) => command.commandId)).toEqual(['cmd-wal-1']);
    expect(journalVersions(path)).toEqual([1, 1]);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('sets aside a WAL file with unsaved frames', async () => {
    const source = join(temp.make(), 'other-tool.sqlite3');
    const writer = writeWalCache(source);
    const dir = temp.make();
    const path = join(dir, 'cache.sqlite3');
    // Copied while the other tool still has it open, so the outbox row is only in the -wal file.
    copyFileSync(source, path);
    copyFileSync(`${source}-wal`, `${path}-wal`);
    writer.close();
    const logs = captureLogs();

    const cache = await openCache(path);
    logs.stop();
    await cache.applyEvents('alerts', 'e1', createdEvents(1, 2));
    await cache.close();

    expect(messages(logs.records)).toContain(
      'open: the cache was switched to WAL mode by another tool and has unsaved WAL frames; moved it aside, the cache is rebuilt from the central',
    );
    const files = readdirSync(dir);
    expect(
      files.filter((name) => name.startsWith('cache.sqlite3.wal-')),
    ).toHaveLength(2);
    expect(journalVersions(path)).toEqual([1, 1]);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });
});

describe('K3 long Chinese path', () => {
  it('opens at exactly the 120-character path', async () => {
    const segment = '综治中心指挥调度'.repeat(4).slice(0, 30);
    const dir = join(temp.make(), segment, segment, segment, segment);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'cache.sqlite3');
    const han = [...path].filter((char) => /\p{Script=Han}/u.test(char));
    expect(han).toHaveLength(120);
    expect(Buffer.byteLength(path)).toBe(path.length + 2 * 120);

    const cache = await openCache(path);
    await cache.applyEvents('alerts', 'e1', createdEvents(1, 3));
    await cache.close();
    const reopened = await openCache(path);

    expect(reopened.path).toBe(path);
    expect(await reopened.eventCount('alerts')).toBe(3);
    expect(readdirSync(dir)).toContain('cache.sqlite3');
  });
});

describe('K4 statements finalized on shutdown', () => {
  it('finalizes every prepared statement on close', async () => {
    const path = join(temp.make(), 'cache.sqlite3');
    const cache = await Cache.open({ path, maintenanceIntervalMs: 0 });
    await cache.applyEvents('alerts', 'e1', createdEvents(1, 10));
    await cache.enqueueCommand('alert.acknowledge', {
      alertId: 'alert-000001',
    });
    await cache.aggregates();
    await cache.queryAlerts({ limit: 5, levels: [1, 2] });
    await cache.pendingCommands();

    const report = await cache.close();

    expect(report?.prepared).toBeGreaterThan(10);
    expect(report?.finalized).toBe(report?.prepared);
    expect(report?.closed).toBe(true);
    expect(existsSync(`${path}.lock`)).toBe(false);
    expect(existsSync(`${path}.lock-owner`)).toBe(false);
  });

  it('keeps memory flat over a query soak', async () => {
    const path = join(temp.make(), 'cache.sqlite3');
    const cache = await openCache(path);
    await cache.applyEvents('alerts', 'e1', createdEvents(1, 200));
    const ids = Array.from(
      { length: 200 },
      (_, index) => `alert-${String(index + 1).padStart(6, '0')}`,
    );

    const soak = await runQuerySoak(cache, 10_000, ids);

    const heapGrowth = soak.after.heapUsed - soak.before.heapUsed;
    const rssGrowth = soak.after.rss - soak.before.rss;
    process.stdout.write(
      `soak of ${soak.queries} queries in ${soak.seconds.toFixed(1)} s: worker heap ${soak.before.heapUsed} -> ${soak.after.heapUsed} bytes, rss ${soak.before.rss} -> ${soak.after.rss} bytes\n`,
    );
    expect(heapGrowth).toBeLessThan(4 * 1024 * 1024);
    expect(rssGrowth).toBeLessThan(32 * 1024 * 1024);
  });
});
