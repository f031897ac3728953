import { UNKNOWN_AGGREGATE_KEY } from '../../../src-shared/contract/index.js';
import type { Database } from './sqlite.js';

// Aggregate keys are plain words, so they can sit in SQL text without escaping.
const UNKNOWN_KEY_SQL = UNKNOWN_AGGREGATE_KEY.replaceAll("'", "''");

/** One forward step of the cache schema. `version` is the `PRAGMA user_version` after it runs. */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

/**
 * Cache schema steps in order. A step is never edited once released: a change is a new step, so a
 * cache written by any older build migrates forward.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'events, alerts, stream positions, outbox and meta',
    sql: `
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE events (
        stream TEXT NOT NULL,
        seq INTEGER NOT NULL,
        epoch TEXT NOT NULL,
        at INTEGER NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (stream, seq)
      ) WITHOUT ROWID;
      CREATE TABLE alerts (
        id TEXT PRIMARY KEY,
        stream TEXT NOT NULL,
        level INTEGER,
        emergency_class TEXT,
        event_type_label TEXT NOT NULL,
        town_name TEXT,
        occurred_at INTEGER NOT NULL,
        published_at INTEGER NOT NULL,
        status TEXT NOT NULL,
        search_text TEXT NOT NULL,
        json TEXT NOT NULL
      );
      CREATE INDEX alerts_by_published ON alerts (published_at DESC, id DESC);
      CREATE INDEX alerts_by_level ON alerts (level, published_at DESC);
      CREATE INDEX alerts_by_class ON alerts (emergency_class, published_at DESC);
      CREATE INDEX alerts_by_town ON alerts (town_name, published_at DESC);
      CREATE INDEX alerts_by_type ON alerts (event_type_label);
      CREATE INDEX alerts_by_stream ON alerts (stream);
      CREATE TABLE stream_positions (
        stream TEXT PRIMARY KEY,
        epoch TEXT NOT NULL,
        seq INTEGER NOT NULL,
        last_event_at INTEGER,
        confirmed_at INTEGER
      );
      CREATE TABLE outbox (
        install_seq INTEGER PRIMARY KEY,
        command_id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'applied', 'rejected')),
        result TEXT
      );
      CREATE INDEX outbox_by_state ON outbox (state, install_seq);
    `,
  },
  {
    version: 2,
    description:
      'outbox undo column, to revert an optimistic change when the central rejects it',
    sql: `ALTER TABLE outbox ADD COLUMN undo TEXT;`,
  },
  {
    version: 3,
    description:
      'hourly alert counts for panels, and an index on event time for retention',
    // The counts start from the alerts already cached, so an upgraded cache shows the same totals.
    // Keys are those of aggregateKeys() in alert-rows.ts, with the unknown key for a missing value.
    sql: `
      CREATE TABLE alert_hourly (
        hour INTEGER NOT NULL,
        level TEXT NOT NULL,
        emergency_class TEXT NOT NULL,
        event_type_label TEXT NOT NULL,
        town_name TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (hour, level, emergency_class, event_type_label, town_name)
      ) WITHOUT ROWID;
      INSERT INTO alert_hourly (hour, level, emergency_class, event_type_label, town_name, n)
        SELECT (occurred_at / 3600000) * 3600000,
               COALESCE(CAST(level AS TEXT), '${UNKNOWN_KEY_SQL}'),
               COALESCE(emergency_class, '${UNKNOWN_KEY_SQL}'),
               event_type_label,
               COALESCE(town_name, '${UNKNOWN_KEY_SQL}'),
               COUNT(*)
        FROM alerts GROUP BY 1, 2, 3, 4, 5;
      CREATE INDEX events_by_at ON events (at);
      CREATE INDEX alerts_by_status ON alerts (status, published_at);
    `,
  },
  {
    version: 4,
    description:
      'alert count totals per dimension for the wall, and an index in panel order',
    // alert_totals contains the sums of alert_hourly per level, class, type, town and hour, so the
    // wall's counts are one small read instead of five scans of the hourly table. The time index
    // matches the ORDER BY of alert queries, so the newest rows come without a sort.
    sql: `
      CREATE TABLE alert_totals (
        dimension TEXT NOT NULL,
        key TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (dimension, key)
      ) WITHOUT ROWID;
      INSERT INTO alert_totals (dimension, key, n)
        SELECT 'level', level, SUM(n) FROM alert_hourly GROUP BY level
        UNION ALL SELECT 'class', emergency_class, SUM(n) FROM alert_hourly GROUP BY emergency_class
        UNION ALL SELECT 'type', event_type_label, SUM(n) FROM alert_hourly GROUP BY event_type_label
        UNION ALL SELECT 'town', town_name, SUM(n) FROM alert_hourly GROUP BY town_name
        UNION ALL SELECT 'hour', CAST(hour AS TEXT), SUM(n) FROM alert_hourly GROUP BY hour;
      CREATE INDEX alerts_by_time ON alerts (published_at DESC, occurred_at DESC, id DESC);
      DROP INDEX alerts_by_published;
    `,
  },
  {
    version: 5,
    description:
      'records of the domain streams, and optimistic values of queued commands',
    // A record row holds the newest value the central published; record_overlay holds the values
    // queued commands show until the central answers, keyed by the command's install sequence so
    // that its result drops exactly its own values.
    sql: `
      CREATE TABLE records (
        collection TEXT NOT NULL,
        id TEXT NOT NULL,
        stream TEXT NOT NULL,
        version INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (collection, id)
      ) WITHOUT ROWID;
      CREATE INDEX records_by_stream ON records (stream);
      CREATE INDEX records_by_updated ON records (collection, updated_at);
      CREATE TABLE record_overlay (
        install_seq INTEGER NOT NULL,
        stream TEXT NOT NULL,
        collection TEXT NOT NULL,
        id TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (install_seq, collection, id)
      ) WITHOUT ROWID;
      CREATE INDEX record_overlay_by_record ON record_overlay (collection, id, install_seq);
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

export function readSchemaVersion(db: Database): number {
  const row = db.get('PRAGMA user_version');
  const value = row?.['user_version'];
  return typeof value === 'number' ? value : 0;
}

/**
 * Runs every step above the database's current version, each in its own transaction together
 * with the version bump, so a crash between steps leaves a consistent older version.
 */
export function migrate(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
): { from: number; to: number } {
  const from = readSchemaVersion(db);
  let current = from;
  for (const step of migrations) {
    if (step.version <= current) {
      continue;
    }
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(step.sql);
      // PRAGMA takes no bound parameters; the version is an integer from the list above.
      db.exec(`PRAGMA user_version = ${Math.trunc(step.version)}`);
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) {
        db.exec('ROLLBACK');
      }
      throw new Error(
        `cache migration to version ${step.version} (${step.description}) failed: ${(error as Error).message}`,
        { cause: error },
      );
    }
    current = step.version;
  }
  return { from, to: current };
}
