import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Cache,
  CacheInUseError,
  SCHEMA_VERSION,
} from '../../../src-main/services/cache/index.js';
import { validateCacheFile } from '../../../src-main/services/cache/import-file.js';
import { Database } from '../../../src-main/services/cache/sqlite.js';
import { CacheStore } from '../../../src-main/services/cache/store.js';
import { createTempDirs } from '../services/helpers/temp.js';
import { createdEvents } from './helpers.js';

const temp = createTempDirs();
const BATCH = 25;

async function openCache(path: string): Promise<Cache> {
  return Cache.open({ path, maintenanceIntervalMs: 0 });
}

afterEach(() => temp.removeAll());

describe('cache export and import', () => {
  it('exports a consistent copy while writing', async () => {
    const dir = temp.make();
    const cache = await openCache(join(dir, 'cache.sqlite3'));
    const target = join(dir, 'export', 'copy.sqlite3');

    const writes: Promise<unknown>[] = [];
    for (let batch = 0; batch < 20; batch += 1) {
      writes.push(
        cache.applyEvents(
          'alerts',
          'e1',
          createdEvents(batch * BATCH + 1, (batch + 1) * BATCH),
        ),
      );
      if (batch === 10) {
        writes.push(cache.exportTo(target));
      }
    }
    await Promise.all(writes);
    await cache.close();

    const validation = validateCacheFile(target);
    const copy = CacheStore.open({ path: target }, Date.now);
    const events = copy.eventCount('alerts');
    const seq = copy.position('alerts')?.seq;
    copy.close();

    expect(validation).toEqual({ problems: [], schemaVersion: SCHEMA_VERSION });
    expect(events).toBe(11 * BATCH);
    expect(seq).toBe(events);
  });

  it('imports a valid file and keeps the replaced one', async () => {
    const dir = temp.make();
    const source = await openCache(join(dir, 'source.sqlite3'));
    await source.applyEvents('alerts', 'e1', createdEvents(1, 7));
    await source.exportTo(join(dir, 'exported.sqlite3'));
    await source.close();
    const path = join(dir, 'cache.sqlite3');
    const other = await openCache(path);
    await other.applyEvents('alerts', 'e9', createdEvents(1, 2));
    await other.close();

    const result = await Cache.importFile(join(dir, 'exported.sqlite3'), path);
    const cache = await openCache(path);
    const events = await cache.eventCount('alerts');
    const epoch = (await cache.position('alerts'))?.epoch;
    await cache.close();

    expect(result.schemaVersion).toBe(SCHEMA_VERSION);
    expect(result.previousMovedTo).not.toBeNull();
    expect(existsSync(result.previousMovedTo ?? '')).toBe(true);
    expect(events).toBe(7);
    expect(epoch).toBe('e1');
  });

  it('rejects a file from a newer build', async () => {
    const dir = temp.make();
    const source = join(dir, 'newer.sqlite3');
    const db = new Database(source);
    db.exec('CREATE TABLE meta (key TEXT); PRAGMA user_version = 99');
    db.close();

    await expect(
      Cache.importFile(source, join(dir, 'cache.sqlite3')),
    ).rejects.toThrow(/schema version 99 is outside/);
    expect(existsSync(join(dir, 'cache.sqlite3'))).toBe(false);
  });

  it('rejects a file that is not a cache', async () => {
    const dir = temp.make();
    const source = join(dir, 'plain.sqlite3');
    const db = new Database(source);
    db.exec('CREATE TABLE something (x INTEGER); PRAGMA user_version = 1');
    db.close();

    await expect(
      Cache.importFile(source, join(dir, 'cache.sqlite3')),
    ).rejects.toThrow(/table outbox is missing/);
  });

  it('refuses to replace an open cache', async () => {
    const dir = temp.make();
    const path = join(dir, 'cache.sqlite3');
    const cache = await openCache(path);
    await cache.exportTo(join(dir, 'exported.sqlite3'));

    const attempt = Cache.importFile(join(dir, 'exported.sqlite3'), path);

    await expect(attempt).rejects.toBeInstanceOf(CacheInUseError);
    await cache.close();
  });
});
