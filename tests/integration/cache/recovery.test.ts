import {
  openSync,
  readdirSync,
  statSync,
  writeFileSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Cache } from '../../../src-main/services/cache/index.js';
import { CacheStore } from '../../../src-main/services/cache/store.js';
import { createTempDirs } from '../services/helpers/temp.js';
import { captureLogs, createdEvents, messages } from './helpers.js';

const temp = createTempDirs();
const DAMAGED =
  'open: the cache failed its integrity check; moved it aside and created a new one';

/** Writes a cache whose outbox and meta sit in the first pages and events fill the rest. */
function writeCache(path: string): { installId: string; commandIds: string[] } {
  const store = CacheStore.open({ path }, Date.now);
  const installId = store.installId();
  const commandIds = [1, 2, 3].map(
    (index) => store.enqueueCommand('alert.acknowledge', { index }).commandId,
  );
  for (let batch = 0; batch < 10; batch += 1) {
    store.applyEvents(
      'alerts',
      'e1',
      createdEvents(batch * 200 + 1, batch * 200 + 200),
    );
  }
  store.close();
  return { installId, commandIds };
}

/** Overwrites the last `fraction` of the file with a repeated byte. */
function damageTail(path: string, fraction: number): void {
  const size = statSync(path).size;
  const start = Math.floor(size * (1 - fraction));
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, Buffer.alloc(size - start, 0xab), 0, size - start, start);
  } finally {
    closeSync(fd);
  }
}

afterEach(() => temp.removeAll());

describe('cache recovery', () => {
  it('rebuilds a damaged cache and keeps its outbox', async () => {
    const dir = temp.make();
    const path = join(dir, 'cache.sqlite3');
    const written = writeCache(path);
    damageTail(path, 0.4);
    const logs = captureLogs();

    const cache = await Cache.open({
      path,
      integrityCheck: 'always',
      maintenanceIntervalMs: 0,
    });
    logs.stop();
    const pending = await cache.pendingCommands();
    const installId = await cache.installId();
    const problems = await cache.check();
    const events = await cache.eventCount('alerts');
    await cache.close();

    expect(messages(logs.records)).toContain(DAMAGED);
    expect(pending.map((command) => command.commandId)).toEqual(
      written.commandIds,
    );
    expect(pending.map((command) => command.installSeq)).toEqual([1, 2, 3]);
    expect(installId).toBe(written.installId);
    expect(problems).toEqual([]);
    expect(events).toBe(0);
    expect(
      readdirSync(dir).filter((name) => name.includes('.corrupt-')),
    ).toHaveLength(1);
  });

  it('replaces a file that is not a database', async () => {
    const dir = temp.make();
    const path = join(dir, 'cache.sqlite3');
    writeFileSync(path, Buffer.alloc(8192, 0x41));
    const logs = captureLogs();

    const cache = await Cache.open({ path, maintenanceIntervalMs: 0 });
    logs.stop();
    await cache.applyEvents('alerts', 'e1', createdEvents(1, 2));
    const events = await cache.eventCount('alerts');
    await cache.close();

    expect(messages(logs.records)).toContain(DAMAGED);
    expect(events).toBe(2);
    expect(
      readdirSync(dir).filter((name) => name.includes('.corrupt-')),
    ).toHaveLength(1);
  });

  it('skips the check after a clean shutdown', async () => {
    const path = join(temp.make(), 'cache.sqlite3');
    await (await Cache.open({ path, maintenanceIntervalMs: 0 })).close();
    const logs = captureLogs();

    const cache = await Cache.open({ path, maintenanceIntervalMs: 0 });
    logs.stop();
    await cache.close();

    expect(messages(logs.records)).not.toContain(
      'open: integrity check finished',
    );
  });
});
