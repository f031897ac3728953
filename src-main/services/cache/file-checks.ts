import {
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { createLogger } from '../../../src-node/logging/index.js';
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
const JOURNAL_MAGIC = Buffer.from([
  0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7,
]);

export type JournalOutcome = 'none' | 'discarded' | 'rolled-back';

/**
 * Plays back a hot rollback journal left by a process that died mid-transaction, as SQLite's pager
 * does, and deletes it.
 *
 * node-sqlite3-wasm 0.8.60 takes every lock level by creating `<db>.lock` and answers "is a
 * reserved lock held?" by checking that the directory exists. Its own shared lock creates the
 * directory, so SQLite never finds a journal hot and never rolls one back. The caller must hold
 * the cache (claimCache found the owner dead) so that no writer is active.
 *
 * Journal layout (SQLite file format, "the rollback journal"): a header of `sectorSize` bytes
 * holding the magic, the record count, the checksum nonce, the page count before the
 * transaction, the sector size and the page size; then records of page number, page and
 * checksum. A later header starts at the next sector boundary. A record whose checksum does not
 * match was never synced, so playback stops there.
 */
export function rollbackHotJournal(path: string): JournalOutcome {
  const journalPath = `${path}-journal`;
  if (!existsSync(journalPath)) {
    return 'none';
  }
  const journal = readFileSync(journalPath);
  if (
    journal.length < 28 ||
    !journal.subarray(0, 8).equals(JOURNAL_MAGIC) ||
    !existsSync(path)
  ) {
    // A zeroed or short header marks a committed transaction (EXCLUSIVE locking keeps the file).
    unlinkSync(journalPath);
    return 'discarded';
  }

  const originalPages = journal.readUInt32BE(16);
  const sectorSize = journal.readUInt32BE(20);
  const pageSize = journal.readUInt32BE(24);
  if (sectorSize < 32 || pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) {
    throw new Error(
      `the journal ${journalPath} has an invalid header (sector ${sectorSize}, page ${pageSize}); move the cache folder aside and start again`,
    );
  }

  const fd = openSync(path, 'r+');
  try {
    playbackSegments(journal, fd, sectorSize, pageSize);
    ftruncateSync(fd, originalPages * pageSize);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  unlinkSync(journalPath);
  return 'rolled-back';
}

function playbackSegments(
  journal: Buffer,
  fd: number,
  sectorSize: number,
  pageSize: number,
): void {
  const recordSize = pageSize + 8;
  let offset = 0;
  while (
    offset + 28 <= journal.length &&
    journal.subarray(offset, offset + 8).equals(JOURNAL_MAGIC)
  ) {
    let records = journal.readUInt32BE(offset + 8);
    const nonce = journal.readUInt32BE(offset + 12);
    let position = offset + sectorSize;
    if (records === 0xffffffff) {
      records = Math.floor((journal.length - position) / recordSize);
    }
    for (let index = 0; index < records; index += 1) {
      if (position + recordSize > journal.length) {
        return;
      }
      const pageNumber = journal.readUInt32BE(position);
      const page = journal.subarray(position + 4, position + 4 + pageSize);
      const stored = journal.readUInt32BE(position + 4 + pageSize);
      if (pageNumber === 0 || journalChecksum(nonce, page) !== stored) {
        return;
      }
      writeSync(fd, page, 0, pageSize, (pageNumber - 1) * pageSize);
      position += recordSize;
    }
    offset = Math.ceil(position / sectorSize) * sectorSize;
  }
}

/** SQLite's journal record checksum: the nonce plus every 200th byte, from the page's end. */
function journalChecksum(nonce: number, page: Buffer): number {
  let sum = nonce;
  for (let index = page.length - 200; index > 0; index -= 200) {
    sum = (sum + (page[index] ?? 0)) >>> 0;
  }
  return sum;
}
