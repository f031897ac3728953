import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import sqlite from 'node-sqlite3-wasm';
import { rollbackHotJournal } from '../../src-node/sqlite/hot-journal.js';
import { createLogger } from '../../src-node/logging/index.js';

const { Database } = sqlite;
export type SqliteDatabase = InstanceType<typeof Database>;

const log = createLogger('central-sqlite');

/** Contents of `<db>.lock-owner`, naming the process that has the database open. */
interface LockOwner {
  pid: number;
  /** Start time of that process as the OS reports it (Linux clock ticks since boot), or null. */
  startTime: string | null;
  openedAt: string;
}

export interface OpenedDatabase {
  db: SqliteDatabase;
  path: string;
  /** Closes the connection and removes the owner file. Safe to call twice. */
  close(): void;
}

/**
 * Reads the start time of a process from /proc. Together with the pid it distinguishes a live owner
 * from a new process that reused the pid. Returns null where /proc does not exist (macOS, Windows).
 */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in field 2 may contain spaces and parentheses, so count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the process named by the owner file still runs (and is the same process). */
export function isOwnerAlive(owner: LockOwner): boolean {
  if (!isProcessAlive(owner.pid)) {
    return false;
  }
  if (owner.startTime === null) {
    return true;
  }
  const current = processStartTime(owner.pid);
  return current === null || current === owner.startTime;
}

function readOwner(ownerPath: string): LockOwner | null {
  try {
    const raw = JSON.parse(
      readFileSync(ownerPath, 'utf8'),
    ) as Partial<LockOwner>;
    if (typeof raw.pid !== 'number' || !Number.isInteger(raw.pid)) {
      return null;
    }
    return {
      pid: raw.pid,
      startTime: typeof raw.startTime === 'string' ? raw.startTime : null,
      openedAt: typeof raw.openedAt === 'string' ? raw.openedAt : '',
    };
  } catch {
    return null;
  }
}

/**
 * Removes the lock folder left by a process that was killed while it held the database, and
 * throws when a live process holds it. node-sqlite3-wasm locks a database by creating the folder
 * `<db>.lock` and removes it on unlock, so a killed process leaves the folder behind and every
 * later access fails with SQLITE_BUSY.
 */
export function clearStaleLock(path: string): void {
  const lockDir = `${path}.lock`;
  const ownerPath = `${path}.lock-owner`;
  const owner = existsSync(ownerPath) ? readOwner(ownerPath) : null;

  if (owner && isOwnerAlive(owner)) {
    throw new Error(
      `database ${path} is in use by process ${owner.pid} (opened ${owner.openedAt}); ` +
        'stop that process or use another data folder',
    );
  }

  if (!existsSync(lockDir)) {
    return;
  }
  if (!statSync(lockDir).isDirectory()) {
    throw new Error(
      `lock path ${lockDir} exists but is not a folder; remove it by hand`,
    );
  }
  if (!owner) {
    throw new Error(
      `database ${path} is locked (${lockDir} exists) and no owner file names the process; ` +
        `if no process uses the database, remove ${lockDir}`,
    );
  }
  log.warn(
    'clearStaleLock: removing the lock of a process that no longer runs',
    {
      path,
      pid: owner.pid,
      openedAt: owner.openedAt,
    },
  );
  rmSync(lockDir, { recursive: true, force: true });
}

function writeOwner(ownerPath: string): void {
  const owner: LockOwner = {
    pid: process.pid,
    startTime: processStartTime(process.pid),
    openedAt: new Date().toISOString(),
  };
  writeFileSync(ownerPath, `${JSON.stringify(owner)}\n`);
}

/**
 * Opens (or creates) a SQLite file for a single writer process.
 *
 * node-sqlite3-wasm has no shared-memory support, so WAL is not available. The rollback journal
 * (`journal_mode=DELETE`) with `synchronous=FULL` fsyncs the journal and the database on every
 * commit, so a committed append survives a crash or power loss. A console resumes by sequence
 * number, so the log must never lose an event it has already sent. `locking_mode=EXCLUSIVE` keeps the lock folder for the life
 * of the connection, so a second process fails at once instead of interleaving writes.
 */
export function openDatabaseFile(file: string): OpenedDatabase {
  const path = resolve(file);
  mkdirSync(dirname(path), { recursive: true });
  clearStaleLock(path);
  // No live process owns the file now, so a journal left beside it belongs to a writer that died
  // mid-transaction. The library would not roll it back by itself.
  const journal = rollbackHotJournal(path);
  if (journal !== 'none') {
    log.warn(
      'openDatabaseFile: recovered the journal of an interrupted write',
      {
        path,
        outcome: journal,
      },
    );
  }

  const ownerPath = `${path}.lock-owner`;
  writeOwner(ownerPath);

  let db: SqliteDatabase;
  try {
    db = new Database(path);
    db.exec('PRAGMA journal_mode=DELETE');
    db.exec('PRAGMA synchronous=FULL');
    db.exec('PRAGMA locking_mode=EXCLUSIVE');
    db.exec('PRAGMA busy_timeout=0');
    // Touch the file so the exclusive lock is taken now, not at the first query.
    db.get('SELECT count(*) AS n FROM sqlite_master');
  } catch (error) {
    rmSync(ownerPath, { force: true });
    throw new Error(
      `failed to open database ${path}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }

  let open = true;
  return {
    db,
    path,
    close(): void {
      if (!open) {
        return;
      }
      open = false;
      try {
        db.close();
      } finally {
        rmSync(ownerPath, { force: true });
      }
    },
  };
}
