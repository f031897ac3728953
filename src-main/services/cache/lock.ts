import {
  existsSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createLogger } from '../../../src-node/logging/index.js';

const log = createLogger('cache-lock');

/**
 * Owner of a cache file, written beside node-sqlite3-wasm's `<db>.lock` directory. That VFS takes
 * its file lock by creating the directory and never cleans it up after a killed process, so the
 * owner record is what tells a stale lock from a live one.
 */
export interface LockOwner {
  pid: number;
  /** Process start in ms since the Unix epoch, from the owner's own clock. */
  startedAt: number;
  /** Linux start time in clock ticks after boot (field 22 of /proc/PID/stat); null elsewhere. */
  startTicks: number | null;
}

export class CacheInUseError extends Error {
  constructor(
    readonly ownerPid: number,
    readonly dbPath: string,
  ) {
    super(
      `cache is in use by process ${ownerPid} (${dbPath}); close the other console or wait for it to exit`,
    );
    this.name = 'CacheInUseError';
  }
}

export function lockDirPath(dbPath: string): string {
  return `${dbPath}.lock`;
}

export function ownerFilePath(dbPath: string): string {
  return `${dbPath}.lock-owner`;
}

/** Reads the start time of `pid` in clock ticks on Linux, or null where /proc is missing. */
export function readStartTicks(pid: number): number | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }

  // The command name (field 2) is in parentheses and may contain spaces, so fields are counted
  // after its closing parenthesis: field 3 is the first one there, so field 22 is index 19.
  const afterName = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(afterName[19]);
  return Number.isFinite(ticks) ? ticks : null;
}

export function currentOwner(): LockOwner {
  return {
    pid: process.pid,
    startedAt: Math.round(Date.now() - process.uptime() * 1000),
    startTicks: readStartTicks(process.pid),
  };
}

/** Returns true when `owner` still runs. On Linux a reused pid is detected by its start time. */
export function isOwnerAlive(owner: LockOwner): boolean {
  // A record with this process's pid but another start time is left from an earlier process that
  // had the same pid. Start times of one process agree within rounding.
  if (
    owner.pid === process.pid &&
    Math.abs(owner.startedAt - currentOwner().startedAt) > 2_000
  ) {
    return false;
  }
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM means the process exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') {
      return false;
    }
  }
  if (owner.startTicks === null) {
    return true;
  }
  const ticks = readStartTicks(owner.pid);
  return ticks === null || ticks === owner.startTicks;
}

function readOwner(dbPath: string): LockOwner | null {
  let text: string;
  try {
    text = readFileSync(ownerFilePath(dbPath), 'utf8');
  } catch {
    return null;
  }
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
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

function lockDirExists(dbPath: string): boolean {
  try {
    return statSync(lockDirPath(dbPath)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Claims the cache for this process before SQLite opens it. A live owner (another process, or this
 * one through a second handle) raises CacheInUseError. A lock left by a dead owner is removed, so
 * SQLite can roll back a hot journal instead of reporting the database busy forever.
 */
export function claimCache(dbPath: string): { uncleanShutdown: boolean } {
  const owner = readOwner(dbPath);
  if (owner !== null && isOwnerAlive(owner)) {
    throw new CacheInUseError(owner.pid, dbPath);
  }

  // A clean close removes the owner record, so a record left here means the last owner died
  // holding the cache, and so does a lock directory or a hot journal.
  const uncleanShutdown =
    owner !== null || lockDirExists(dbPath) || existsSync(`${dbPath}-journal`);

  if (lockDirExists(dbPath)) {
    log.warn('claimCache: removing a stale cache lock', {
      dbPath,
      ownerPid: owner?.pid ?? null,
      reason: owner === null ? 'no owner record' : 'owner process has exited',
    });
    rmSync(lockDirPath(dbPath), { recursive: true, force: true });
  }

  writeFileSync(ownerFilePath(dbPath), JSON.stringify(currentOwner()));
  return { uncleanShutdown };
}

/** Removes this process's owner record, leaving another process's record alone. */
export function releaseCache(dbPath: string): void {
  const owner = readOwner(dbPath);
  if (owner !== null && owner.pid !== process.pid) {
    return;
  }
  rmSync(ownerFilePath(dbPath), { force: true });
}
