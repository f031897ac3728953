import { open, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createLogger } from '../../../src-node/logging/index.js';
import { currentOwner, isOwnerAlive, type LockOwner } from './lock.js';

const log = createLogger('instance-lock');

/** File in the data folder that names the console process using the folder. */
export const INSTANCE_LOCK_FILE = 'console.instance-lock';

/** Raised when another live console already uses the data folder. */
export class DataFolderInUseError extends Error {
  constructor(
    readonly ownerPid: number,
    readonly dataDir: string,
  ) {
    super(
      `the data folder ${dataDir} is in use by another console (process ${ownerPid}); close that console first, or give this one its own data folder`,
    );
    this.name = 'DataFolderInUseError';
  }
}

export interface InstanceLock {
  readonly path: string;
  release(): Promise<void>;
}

async function readOwner(path: string): Promise<LockOwner | null> {
  try {
    const value = JSON.parse(
      await readFile(path, 'utf8'),
    ) as Partial<LockOwner>;
    if (typeof value.pid !== 'number' || !Number.isInteger(value.pid)) {
      return null;
    }
    return {
      pid: value.pid,
      startedAt: typeof value.startedAt === 'number' ? value.startedAt : 0,
      startTicks:
        typeof value.startTicks === 'number' ? value.startTicks : null,
    };
  } catch {
    return null;
  }
}

/**
 * Takes the single-instance lock of a data folder: one console per folder, because two would
 * write the same cache and outbox. The file is created exclusively; a file left by a process that
 * has exited is replaced, and a live owner (another process, or this one) raises
 * DataFolderInUseError.
 */
export async function acquireInstanceLock(
  dataDir: string,
): Promise<InstanceLock> {
  const path = join(dataDir, INSTANCE_LOCK_FILE);
  const owner = currentOwner();
  const text = JSON.stringify(owner);

  try {
    const handle = await open(path, 'wx');
    await handle.writeFile(text);
    await handle.close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw error;
    }
    const previous = await readOwner(path);
    if (previous !== null && isOwnerAlive(previous)) {
      throw new DataFolderInUseError(previous.pid, dataDir);
    }
    log.warn(
      'acquireInstanceLock: replacing the lock of a console that has exited',
      {
        path,
        previousPid: previous?.pid ?? null,
      },
    );
    await writeFile(path, text);
  }

  return {
    path,
    async release(): Promise<void> {
      const current = await readOwner(path);
      if (current !== null && current.pid !== owner.pid) {
        return;
      }
      await rm(path, { force: true });
    },
  };
}
