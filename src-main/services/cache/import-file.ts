import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { createLogger } from '../../../src-node/logging/index.js';
import { moveAside, readHeaderState } from './file-checks.js';
import { claimCache, releaseCache } from './lock.js';
import { SCHEMA_VERSION, readSchemaVersion } from './schema.js';
import { Database, type SqlRow } from './sqlite.js';

const log = createLogger('cache-import');

const REQUIRED_TABLES = [
  'meta',
  'events',
  'alerts',
  'stream_positions',
  'outbox',
];

export interface ImportResult {
  /** Where the cache that was replaced now lies, or null when there was none. */
  previousMovedTo: string | null;
  schemaVersion: number;
}

/**
 * Checks a cache file made by `Cache.exportTo` and lists what is wrong with it: not an SQLite file,
 * WAL mode, a failed `PRAGMA integrity_check`, a schema version this build cannot read, or a
 * missing table. An empty list means the file can be imported.
 */
export function validateCacheFile(source: string): {
  problems: string[];
  schemaVersion: number;
} {
  const header = readHeaderState(source);
  if (header !== 'rollback') {
    return {
      problems: [
        `${source} is ${header === 'wal' ? 'in WAL mode' : `${header}, not an SQLite cache`}`,
      ],
      schemaVersion: 0,
    };
  }

  const db = new Database(source, { readOnly: true });
  try {
    const problems = (db.all('PRAGMA integrity_check') as SqlRow[])
      .map((row) => String(Object.values(row)[0]))
      .filter((text) => text !== 'ok');
    const schemaVersion = readSchemaVersion(db);
    if (schemaVersion < 1 || schemaVersion > SCHEMA_VERSION) {
      problems.push(
        `schema version ${schemaVersion} is outside 1..${SCHEMA_VERSION} that this build reads`,
      );
    }
    const tables = new Set(
      (
        db.all(
          "SELECT name FROM sqlite_master WHERE type = 'table'",
        ) as SqlRow[]
      ).map((row) => String(row['name'])),
    );
    for (const table of REQUIRED_TABLES) {
      if (!tables.has(table)) {
        problems.push(`table ${table} is missing`);
      }
    }
    return { problems, schemaVersion };
  } finally {
    db.close();
  }
}

/**
 * Replaces the cache at `target` with the file at `source` after validating it. The cache must be
 * closed: a live owner raises CacheInUseError. The replaced cache is moved aside, not deleted, and
 * the next open migrates an older schema forward.
 */
export function importCacheFile(
  source: string,
  target: string,
  now: number,
): ImportResult {
  const { problems, schemaVersion } = validateCacheFile(source);
  if (problems.length > 0) {
    throw new Error(
      `cannot import ${source}: ${problems.slice(0, 5).join('; ')}; export the cache again from a console`,
    );
  }

  claimCache(target);
  try {
    const staging = `${target}.importing`;
    rmSync(staging, { force: true });
    copyFileSync(source, staging);
    const previousMovedTo = existsSync(target)
      ? moveAside(target, 'before-import', now)
      : null;
    renameSync(staging, target);
    log.info('importCacheFile: replaced the cache with an imported file', {
      source,
      target,
      previousMovedTo,
      schemaVersion,
    });
    return { previousMovedTo, schemaVersion };
  } finally {
    releaseCache(target);
  }
}
