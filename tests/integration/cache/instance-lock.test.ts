import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleCore } from '../../../src-main/core/core.js';
import {
  DataFolderInUseError,
  INSTANCE_LOCK_FILE,
  acquireInstanceLock,
} from '../../../src-main/services/cache/index.js';
import { createTempDirs } from '../services/helpers/temp.js';

const temp = createTempDirs();

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid ?? 0;
}

function core(dataDir: string) {
  // Port 9 on loopback has no listener, so the session only retries in the background.
  return createConsoleCore({
    centralUrl: 'ws://127.0.0.1:9/console',
    dataDir,
    token: 'test-token',
    clientVersion: '0.0.0-test',
  });
}

afterEach(() => temp.removeAll());

describe('data folder instance lock', () => {
  it('rejects a second console on one folder', async () => {
    const dataDir = temp.make();
    const first = core(dataDir);
    const second = core(dataDir);
    await first.start();

    const attempt = second.start();

    await expect(attempt).rejects.toBeInstanceOf(DataFolderInUseError);
    await expect(attempt).rejects.toThrow(`data folder ${dataDir} is in use`);
    await first.stop();
    expect(existsSync(join(dataDir, INSTANCE_LOCK_FILE))).toBe(false);
    await second.start();
    await second.stop();
  });

  it('replaces the lock of an exited console', async () => {
    const dataDir = temp.make();
    writeFileSync(
      join(dataDir, INSTANCE_LOCK_FILE),
      JSON.stringify({ pid: await deadPid(), startedAt: 0, startTicks: null }),
    );

    const lock = await acquireInstanceLock(dataDir);
    await lock.release();

    expect(existsSync(join(dataDir, INSTANCE_LOCK_FILE))).toBe(false);
  });
});
