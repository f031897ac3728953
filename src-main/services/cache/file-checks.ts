import {
  closeSync,
  existsSync,
  openSync,
  readSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import { createLogger } from '../../../src-node/logging/index.js';

export {
  rollbackHotJournal,
  type JournalOutcome,
} from '../../../src-node/sqlite/hot-journal.js';
import { Database, type SqlRow } from './sqlite.js';

const log = createLogger('cache-file');

/** First 16 bytes of every SQLite database file, from the SQLite file format. */
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** Offsets of the file format write and read versions: 1 is rollback journal, 2 is WAL. */
const WRITE_VERSION_OFFSET = 18;
const READ_VERSION_OFFSET = 19;
const WAL_VERSION = 2;
const ROLLBACK_VERSION = 1;

export type HeaderState = 'missing' | 'empty' | 'rollback' | 'wal' | 'invalid';

/** Classifies the file at `path` by its 100-byte header, without opening it with SQLite. */
export function readHeaderState(path: string): HeaderState {
  if (!existsSync(path)) {
    return 'missing';
  }
  const size = statSync(path).size;
  if (size === 0) {
    return 'empty';
  }
  const header = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (size < 100 || !header.subarray(0, 16).equals(SQLITE_MAGIC)) {
    return 'invalid';
  }
  const write = header[WRITE_VERSION_OFFSET];
  const read = header[READ_VERSION_OFFSET];
  return write === WAL_VERSION || read === WAL_VERSION ? 'wal' : 'rollback';
}

/**
 * Sets the header of a WAL database back to rollback journaling. This is what SQLite itself writes
 * when `journal_mode=DELETE` runs on a WAL database whose log has been checkpointed, so it is only
 * safe when no `-wal` file with content sits beside it; the caller checks that first.
 */
export function convertWalHeader(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(
      fd,
      Buffer.from([ROLLBACK_VERSION, ROLLBACK_VERSION]),
      0,
      2,
      WRITE_VERSION_OFFSET,
    );
  } finally {
    closeSync(fd);
  }
}

/** Returns true when a `-wal` file with frames not yet copied into the database is present. */
export function hasWalContent(path: string): boolean {
  try {
    return statSync(`${path}-wal`).size > 0;
  } catch {
    return false;
  }
}

/**
 * Renames the cache and its side files to `<path>.<reason>-<now>.bak`, so a new cache can be
 * created without destroying the old one. Returns the new path of the database file.
 */
export function moveAside(path: string, reason: string, now: number): string {
  const target = `${path}.${reason}-${now}.bak`;
  if (existsSync(path)) {
    renameSync(path, target);
  }
  for (const suffix of ['-journal', '-wal', '-shm']) {
    if (existsSync(`${path}${suffix}`)) {
      renameSync(`${path}${suffix}`, `${target}${suffix}`);
    }
  }
  return target;
}

/** Pending commands and install metadata read from a damaged cache before it is replaced. */
export interface RecoveredRows {
  outbox: SqlRow[];
  meta: SqlRow[];
}

/**
 * Reads the pending outbox and the meta rows from a cache that failed its checks. Each table is
 * read on its own, so a damaged page in one does not lose the other. Returns empty lists when the
 * file cannot be read at all.
 */
export function recoverRows(path: string): RecoveredRows {
  const recovered: RecoveredRows = { outbox: [], meta: [] };
  let db: InstanceType<typeof Database>;
  try {
    db = new Database(path, { readOnly: true });
  } catch (error) {
    log.error('recoverRows: the damaged cache cannot be opened at all', {
      path,
      error: (error as Error).message,
    });
    return recovered;
  }
  try {
    recovered.outbox = readTable(
      db,
      "SELECT * FROM outbox WHERE state = 'pending' ORDER BY install_seq",
      path,
    );
    recovered.meta = readTable(db, 'SELECT key, value FROM meta', path);
  } finally {
    db.close();
  }
  log.warn('recoverRows: read rows from the damaged cache', {
    path,
    pendingCommands: recovered.outbox.length,
    metaRows: recovered.meta.length,
  });
  return recovered;
}

function readTable(
  db: InstanceType<typeof Database>,
  sql: string,
  path: string,
): SqlRow[] {
  try {
    return db.all(sql) as SqlRow[];
  } catch (error) {
    log.error('recoverRows: a table of the damaged cache cannot be read', {
      path,
      sql,
      error: (error as Error).message,
    });
    return [];
  }
}

/**
 * Runs `PRAGMA quick_check` and returns the problems it lists; an empty list means the file is
 * intact. SQLite error codes such as SQLITE_CORRUPT and SQLITE_NOTADB are returned as a problem.
 */
export function quickCheck(db: InstanceType<typeof Database>): string[] {
  try {
    const rows = db.all('PRAGMA quick_check') as SqlRow[];
    const problems = rows
      .map((row) => String(Object.values(row)[0]))
      .filter((text) => text !== 'ok');
    return problems;
  } catch (error) {
    return [(error as Error).message];
  }
}

/** First 8 bytes of a valid rollback journal header, from the SQLite file format. */
