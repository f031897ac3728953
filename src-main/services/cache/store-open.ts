import { createLogger } from '../../../src-node/logging/index.js';
import {
  convertWalHeader,
  hasWalContent,
  moveAside,
  quickCheck,
  readHeaderState,
  recoverRows,
  rollbackHotJournal,
  type RecoveredRows,
} from './file-checks.js';
import {
  MIGRATIONS,
  migrate,
  prepareCacheConnection,
  readSchemaVersion,
  type Migration,
} from './schema.js';
import { Database, type SqlRow, type SqlValue } from './sqlite.js';

const log = createLogger('cache-open');

/** A full check runs at least this often even after clean shutdowns. */
const CHECK_INTERVAL_MS = 7 * 86_400_000;

const LAST_CHECK_KEY = 'last_integrity_check';

/**
 * Page cache of the connection, in KiB when negative (SQLite's default is 2,000 KiB). The newest
 * pages of the time, id and text indexes stay in memory during ingest and panel reads instead of
 * being read again through the VFS, each read a call out of WebAssembly.
 */
export const PAGE_CACHE_PRAGMA = -16_384;

export interface OpenFileOptions {
  path: string;
  migrations?: readonly Migration[] | undefined;
  now: () => number;
  integrityCheck: 'auto' | 'always' | 'never';
  /** The previous owner died holding the cache (owner record, lock or journal left behind). */
  uncleanShutdown: boolean;
}

type Db = InstanceType<typeof Database>;

/**
 * Opens the cache file ready for use: a WAL header converted back or the file set aside, a file
 * that fails `PRAGMA quick_check` replaced after its pending outbox is copied out, a file from a
 * newer build set aside, and the schema migrated. Every replacement is logged with the old path.
 */
export function openStoreFile(options: OpenFileOptions): Db {
  const { path, now } = options;
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  let recovered: RecoveredRows | null = null;

  if (options.uncleanShutdown) {
    const outcome = rollbackHotJournal(path);
    if (outcome !== 'none') {
      log.warn('open: handled the journal of an interrupted transaction', {
        path,
        outcome,
      });
    }
  }

  const header = readHeaderState(path);
  if (header === 'wal') {
    handleWalFile(path, now());
  } else if (header === 'invalid') {
    recovered = replaceDamaged(path, ['not an SQLite database header'], now());
  }

  let db: Db;
  try {
    db = openConfigured(path);
  } catch (error) {
    if (!isCorruption(error)) {
      throw error;
    }
    recovered = replaceDamaged(path, [(error as Error).message], now());
    db = openConfigured(path);
  }
  // A new file has nothing to check yet; it counts as checked from now.
  let checked = header === 'missing' || header === 'empty';
  if (!checked && header !== 'invalid' && shouldCheck(db, options)) {
    const problems = timedQuickCheck(db, options);
    if (problems.length > 0) {
      db.close();
      recovered = replaceDamaged(path, problems, now());
      db = openConfigured(path);
    }
    checked = true;
  }

  const found = readVersionOrNull(db);
  if (found === null) {
    db.close();
    recovered = replaceDamaged(path, ['schema version unreadable'], now());
    db = openConfigured(path);
  } else if (found > latest) {
    db.close();
    const movedTo = moveAside(path, `v${found}`, now());
    log.warn(
      'open: the cache has a newer schema than this build supports; moved it aside and created a new one',
      { path, movedTo, found, supported: latest },
    );
    db = openConfigured(path);
  }

  try {
    const { from, to } = migrate(db, migrations);
    if (from !== to) {
      log.info('open: migrated the cache schema', { path, from, to });
    }
    if (recovered !== null) {
      restoreRows(db, recovered);
    }
    if (checked || recovered !== null) {
      recordCheck(db, now());
    }
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * Opens the file with the pragmas the cache relies on; docs/CACHE.md gives the reasons. This WASM
 * build has no shared memory, so WAL is unavailable and a rollback journal is used. synchronous=FULL
 * syncs the journal before database pages are written, so a committed batch survives a power
 * cut. EXCLUSIVE locking holds the VFS's lock directory for the whole session instead of creating
 * it for every read. auto_vacuum can only be chosen before the first table exists, so only a new
 * file gets INCREMENTAL.
 */
export function openConfigured(path: string): Db {
  const db = new Database(path);
  try {
    const pages = db.get('PRAGMA page_count')?.['page_count'];
    if (pages === 0) {
      db.exec('PRAGMA auto_vacuum = INCREMENTAL');
    }
    db.exec('PRAGMA journal_mode = DELETE');
    db.exec('PRAGMA synchronous = FULL');
    db.exec('PRAGMA locking_mode = EXCLUSIVE');
    db.exec(`PRAGMA cache_size = ${PAGE_CACHE_PRAGMA}`);
    prepareCacheConnection(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * Handles a file another tool switched to WAL. With no `-wal` content the header is set back to
 * rollback journaling; with unsaved WAL frames the file cannot be read faithfully here, so it is
 * set aside whole and the cache is rebuilt from the central.
 */
function handleWalFile(path: string, now: number): void {
  if (hasWalContent(path)) {
    const movedTo = moveAside(path, 'wal', now);
    log.error(
      'open: the cache was switched to WAL mode by another tool and has unsaved WAL frames; moved it aside, the cache is rebuilt from the central',
      { path, movedTo },
    );
    return;
  }
  convertWalHeader(path);
  log.warn(
    'open: the cache was switched to WAL mode by another tool; converted it back to rollback journaling',
    { path },
  );
}

/** Copies the pending outbox and meta rows out of a damaged file, then sets the file aside. */
function replaceDamaged(
  path: string,
  problems: string[],
  now: number,
): RecoveredRows {
  const recovered = recoverRows(path);
  const movedTo = moveAside(path, 'corrupt', now);
  log.error(
    'open: the cache failed its integrity check; moved it aside and created a new one',
    {
      path,
      movedTo,
      problems: problems.slice(0, 5),
      recoveredCommands: recovered.outbox.length,
    },
  );
  return recovered;
}

function timedQuickCheck(db: Db, options: OpenFileOptions): string[] {
  const started = Date.now();
  const problems = quickCheck(db);
  let reason = 'periodic';
  if (options.uncleanShutdown) {
    reason = 'unclean shutdown';
  } else if (options.integrityCheck === 'always') {
    reason = 'requested';
  }
  log.info('open: integrity check finished', {
    path: options.path,
    reason,
    problems: problems.length,
    durationMs: Date.now() - started,
  });
  return problems;
}

function shouldCheck(db: Db, options: OpenFileOptions): boolean {
  if (options.integrityCheck !== 'auto') {
    return options.integrityCheck === 'always';
  }
  if (options.uncleanShutdown) {
    return true;
  }
  try {
    const row = db.get('SELECT value FROM meta WHERE key = ?', LAST_CHECK_KEY);
    const last = Number(row?.['value']);
    return !Number.isFinite(last) || options.now() - last > CHECK_INTERVAL_MS;
  } catch {
    // A new file has no meta table yet; a damaged one fails the check that follows.
    return true;
  }
}

function recordCheck(db: Db, now: number): void {
  try {
    db.run('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', [
      LAST_CHECK_KEY,
      String(now),
    ]);
  } catch (error) {
    log.warn('open: could not record the integrity check time', {
      error: (error as Error).message,
    });
  }
}

/** SQLITE_CORRUPT and SQLITE_NOTADB, as node-sqlite3-wasm words them. */
function isCorruption(error: unknown): boolean {
  return /malformed|not a database|corrupt/i.test((error as Error).message);
}

function readVersionOrNull(db: Db): number | null {
  try {
    return readSchemaVersion(db);
  } catch {
    return null;
  }
}

const OUTBOX_COLUMNS = [
  'install_seq',
  'command_id',
  'name',
  'payload',
  'created_at',
  'state',
  'result',
  'undo',
];

/** Writes rows recovered from a damaged cache into the new one, in one transaction. */
function restoreRows(db: Db, recovered: RecoveredRows): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    for (const row of recovered.meta) {
      db.run('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', [
        row['key'] ?? null,
        row['value'] ?? null,
      ]);
    }
    for (const row of recovered.outbox) {
      const columns = OUTBOX_COLUMNS.filter((column) => column in row);
      const values: SqlValue[] = columns.map((column) => valueOf(row, column));
      db.run(
        `INSERT OR IGNORE INTO outbox (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        values,
      );
    }
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) {
      db.exec('ROLLBACK');
    }
    throw error;
  }
  log.info('open: restored the pending outbox into the new cache', {
    commands: recovered.outbox.length,
    metaRows: recovered.meta.length,
  });
}

function valueOf(row: SqlRow, column: string): SqlValue {
  return row[column] ?? null;
}
