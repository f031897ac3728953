import { UNKNOWN_AGGREGATE_KEY } from '../../../src-shared/contract/index.js';
import { UNPACK_FUNCTION } from './alert-packing.js';
import { VILLAGE_CODE_GLOB } from './alert-rows.js';
import type { Database } from './sqlite.js';
import {
  DONE_SQL,
  GRAMS_FUNCTION,
  PENDING_SQL,
  TEXT_INDEX_DONE_KEY,
  TEXT_INDEX_PENDING_KEY,
  prepareConnection,
} from './text-search.js';

// Aggregate keys are plain words, so they can sit in SQL text without escaping.
const UNKNOWN_KEY_SQL = UNKNOWN_AGGREGATE_KEY.replaceAll("'", "''");

/** Meta key of the highest alerts rowid up to which the maintenance pass has packed rows. */
export const PACK_MARK_KEY = 'pack_mark';

/**
 * Meta key of the highest alerts rowid whose village the hourly village counts do not hold yet
 * (schema version 11). The maintenance pass counts those rows from the top down.
 */
export const VILLAGE_PENDING_KEY = 'village_count_pending';

/** SQL expression of that rowid, 0 when every row is counted. */
export const VILLAGE_PENDING_SQL = `COALESCE((SELECT CAST(value AS INTEGER) FROM meta WHERE key = '${VILLAGE_PENDING_KEY}'), 0)`;

/** Newest alert rows schema step 11 counts itself; the maintenance pass counts the older ones. */
const VILLAGE_FILL_ROWS = 20_000;

/** Meta key present only inside the maintenance pass's repacking transaction. */
export const REPACKING_KEY = 'repacking';

const NOT_REPACKING = `NOT EXISTS (SELECT 1 FROM meta WHERE key = '${REPACKING_KEY}')`;

/** SQL expression of the JSON text of the alerts row `row` (a table alias, old or new), packed or not. */
function jsonOf(row: string): string {
  return `(CASE WHEN ${row}.packed IS NULL THEN ${row}.json ELSE ${UNPACK_FUNCTION}(${row}.packed) END)`;
}

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
  {
    version: 6,
    description:
      'text index over alerts, event bodies that refer to their alert row, fewer indexes',
    // alerts_fts holds the character-pair tokens of search_text (text-search.ts), without a copy of
    // the text or token positions, and triggers keep it in the alert row's statement. Rows cached
    // before this step are indexed later by the maintenance pass, from the highest rowid down:
    // meta 'text_index_pending' is the highest rowid not indexed yet, and text queries read the
    // rows at or below it with the LIKE. So the step itself stays short on a large cache, which
    // has to open within the open time box.
    // From this step on, an alert.created event whose body is exactly its alert row's JSON stores
    // '@' and the alert id, and the row keeps the event's sequence in event_seq. The triggers
    // write the JSON back into the event before the row changes or goes, so a body always reads
    // as it arrived. Events cached before keep their JSON text until retention prunes them.
    // The level, class, town and type indexes go: alert queries keep SQLite off them.
    sql: `
      DROP INDEX alerts_by_level;
      DROP INDEX alerts_by_class;
      DROP INDEX alerts_by_town;
      DROP INDEX alerts_by_type;
      ALTER TABLE alerts ADD COLUMN event_seq INTEGER;
      CREATE VIRTUAL TABLE alerts_fts USING fts5(
        grams, content='', contentless_delete=1, detail=none,
        tokenize='unicode61 remove_diacritics 0'
      );
      INSERT OR REPLACE INTO meta (key, value)
        SELECT '${TEXT_INDEX_PENDING_KEY}', COALESCE(MAX(rowid), 0) FROM alerts;
      CREATE TRIGGER alerts_after_insert AFTER INSERT ON alerts
        WHEN new.rowid > ${PENDING_SQL} BEGIN
        INSERT INTO alerts_fts (rowid, grams) VALUES (new.rowid, ${GRAMS_FUNCTION}(new.search_text));
      END;
      CREATE TRIGGER alerts_after_delete AFTER DELETE ON alerts BEGIN
        DELETE FROM alerts_fts WHERE rowid = old.rowid;
        UPDATE events SET body = '{"kind":"alert.created","alert":' || old.json || '}'
          WHERE old.event_seq IS NOT NULL AND stream = old.stream AND seq = old.event_seq
            AND body = '@' || old.id;
      END;
      CREATE TRIGGER alerts_after_text_update AFTER UPDATE OF search_text ON alerts
        WHEN old.rowid > ${PENDING_SQL} BEGIN
        DELETE FROM alerts_fts WHERE rowid = old.rowid;
        INSERT INTO alerts_fts (rowid, grams) VALUES (new.rowid, ${GRAMS_FUNCTION}(new.search_text));
      END;
      CREATE TRIGGER alerts_after_json_update AFTER UPDATE OF json ON alerts
        WHEN old.event_seq IS NOT NULL AND new.json IS NOT old.json BEGIN
        UPDATE events SET body = '{"kind":"alert.created","alert":' || old.json || '}'
          WHERE stream = old.stream AND seq = old.event_seq AND body = '@' || old.id;
      END;
      CREATE VIEW event_bodies AS
        SELECT e.stream, e.seq, e.epoch, e.at,
               CASE WHEN substr(e.body, 1, 1) = '@'
                 THEN '{"kind":"alert.created","alert":' || a.json || '}'
                 ELSE e.body END AS body
        FROM events AS e
        LEFT JOIN alerts AS a ON substr(e.body, 1, 1) = '@' AND a.id = substr(e.body, 2);
    `,
  },
  {
    version: 7,
    description:
      'staging tables for snapshot rows, filled page by page during a resync',
    // The staging tables copy the columns of alerts and records as they are at this step, with no
    // key and no index, so staging a page is a plain append and the swap is one INSERT ... SELECT.
    // NOTE: a later step that adds a column to alerts or records must add it here too; the swap
    // names the staging columns, so a missing one leaves that column at its default.
    sql: `
      CREATE TABLE alert_staging AS SELECT * FROM alerts WHERE 0;
      CREATE TABLE record_staging AS SELECT * FROM records WHERE 0;
    `,
  },
  {
    version: 8,
    description:
      'alert text indexed after the commit, from a tail that ingest leaves behind',
    // Tokenizing and writing the index cost more than the rest of an alert row, so ingest no longer
    // does it in the row's statement. A row is in the index exactly when its rowid is above the
    // pending mark of step 6 and at or below meta 'text_index_done'. Rows above that mark are the
    // tail: text queries read them with the LIKE, the cache worker indexes them while it is idle,
    // and a write that leaves the tail above its bound indexes the excess before it commits
    // (store.ts). A new row whose rowid is at or below the mark (SQLite reuses the highest rowid
    // once its row is gone) is indexed by its insert trigger, so the rule holds for every row.
    sql: `
      INSERT OR REPLACE INTO meta (key, value)
        SELECT '${TEXT_INDEX_DONE_KEY}', COALESCE(MAX(rowid), 0) FROM alerts;
      DROP TRIGGER alerts_after_insert;
      DROP TRIGGER alerts_after_delete;
      DROP TRIGGER alerts_after_text_update;
      CREATE TRIGGER alerts_after_insert AFTER INSERT ON alerts
        WHEN new.rowid > ${PENDING_SQL} AND new.rowid <= ${DONE_SQL} BEGIN
        INSERT INTO alerts_fts (rowid, grams) VALUES (new.rowid, ${GRAMS_FUNCTION}(new.search_text));
      END;
      CREATE TRIGGER alerts_after_delete AFTER DELETE ON alerts BEGIN
        DELETE FROM alerts_fts WHERE rowid = old.rowid
          AND old.rowid > ${PENDING_SQL} AND old.rowid <= ${DONE_SQL};
        UPDATE events SET body = '{"kind":"alert.created","alert":' || old.json || '}'
          WHERE old.event_seq IS NOT NULL AND stream = old.stream AND seq = old.event_seq
            AND body = '@' || old.id;
      END;
      CREATE TRIGGER alerts_after_text_update AFTER UPDATE OF search_text ON alerts
        WHEN old.rowid > ${PENDING_SQL} AND old.rowid <= ${DONE_SQL} BEGIN
        DELETE FROM alerts_fts WHERE rowid = old.rowid;
        INSERT INTO alerts_fts (rowid, grams) VALUES (new.rowid, ${GRAMS_FUNCTION}(new.search_text));
      END;
    `,
  },
  {
    version: 9,
    description:
      'alert JSON packed with a preset dictionary once the row is no longer recent',
    // A packed row keeps its JSON in alerts.packed (alert-packing.ts) and '' in alerts.json.
    // Shrinking a row in place leaves free bytes inside its page that later rows, with higher
    // rowids, never use, so the file would not get smaller. The maintenance pass instead packs a
    // rowid range by deleting it and inserting the same rows packed, with the same rowids, which
    // leaves whole pages free for later rows and for the incremental vacuum (store.ts). While it
    // does, meta 'repacking' keeps the delete and insert triggers from running: the rows, their tokens and
    // the events that refer to them all stay as they were. Readers select both columns, and the
    // triggers and the view unpack with a SQL function. The JSON update trigger compares unpacked
    // text, so a status change on a packed row writes the old JSON into its event as before. The
    // staging table gets the column too, as step 7 asks.
    sql: `
      ALTER TABLE alerts ADD COLUMN packed BLOB;
      ALTER TABLE alert_staging ADD COLUMN packed BLOB;
      INSERT OR REPLACE INTO meta (key, value) VALUES ('${PACK_MARK_KEY}', '0');
      DROP TRIGGER alerts_after_insert;
      DROP TRIGGER alerts_after_delete;
      CREATE TRIGGER alerts_after_insert AFTER INSERT ON alerts
        WHEN new.rowid > ${PENDING_SQL} AND new.rowid <= ${DONE_SQL} AND ${NOT_REPACKING} BEGIN
        INSERT INTO alerts_fts (rowid, grams) VALUES (new.rowid, ${GRAMS_FUNCTION}(new.search_text));
      END;
      CREATE TRIGGER alerts_after_delete AFTER DELETE ON alerts WHEN ${NOT_REPACKING} BEGIN
        DELETE FROM alerts_fts WHERE rowid = old.rowid
          AND old.rowid > ${PENDING_SQL} AND old.rowid <= ${DONE_SQL};
        UPDATE events SET body = '{"kind":"alert.created","alert":' || ${jsonOf('old')} || '}'
          WHERE old.event_seq IS NOT NULL AND stream = old.stream AND seq = old.event_seq
            AND body = '@' || old.id;
      END;
      DROP TRIGGER alerts_after_json_update;
      DROP VIEW event_bodies;
      CREATE TRIGGER alerts_after_json_update AFTER UPDATE OF json, packed ON alerts
        WHEN old.event_seq IS NOT NULL AND ${jsonOf('new')} IS NOT ${jsonOf('old')} BEGIN
        UPDATE events SET body = '{"kind":"alert.created","alert":' || ${jsonOf('old')} || '}'
          WHERE stream = old.stream AND seq = old.event_seq AND body = '@' || old.id;
      END;
      CREATE VIEW event_bodies AS
        SELECT e.stream, e.seq, e.epoch, e.at,
               CASE WHEN substr(e.body, 1, 1) = '@'
                 THEN '{"kind":"alert.created","alert":' || ${jsonOf('a')} || '}'
                 ELSE e.body END AS body
        FROM events AS e
        LEFT JOIN alerts AS a ON substr(e.body, 1, 1) = '@' AND a.id = substr(e.body, 2);
    `,
  },
  {
    version: 10,
    description: 'index of the unacknowledged level-1 and level-2 alerts',
    // The severe-alert banner needs every open severe alert, however many lower alerts came after
    // it. A partial index holds only those rows, level 1 first and then in the order of alert
    // queries, so reading them stays short on a cache of a million alerts that are mostly
    // acknowledged or of lower level. Building it reads every alert row once.
    sql: `
      CREATE INDEX alerts_open_severe
        ON alerts (level, published_at DESC, occurred_at DESC, id DESC)
        WHERE status = 'new' AND level IN (1, 2);
    `,
  },
  {
    version: 11,
    description: 'hourly alert counts per village of each town',
    // Kept next to alert_hourly and pruned with the same hours, so a town's village counts outlive
    // the alert rows as its town counts do. Only alerts whose division code has exactly 12 digits
    // are counted. The rest of a town's count is the part placed on no village. Counts of alerts
    // whose rows retention already deleted stay in the town's count but in no village's.
    // The village code is inside the JSON, and reading it from a packed row costs about 100 µs, so
    // filling a cache of a million packed rows here would overrun the open time box (10 s). The
    // step therefore counts only the rows above both the pack mark and the newest VILLAGE_FILL_ROWS
    // rowids, which are plain, and stores the highest rowid below them in meta
    // 'village_count_pending'. The maintenance pass counts the rest from the top down (store.ts).
    // village_staging contains the village counts of a resync's staged pages, which the swap sums, so
    // the swap reads no division code out of the JSON rows (snapshot-staging.ts).
    sql: `
      CREATE TABLE alert_village_hourly (
        hour INTEGER NOT NULL,
        town_name TEXT NOT NULL,
        village_code TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (hour, town_name, village_code)
      ) WITHOUT ROWID;
      CREATE TABLE village_staging (
        hour INTEGER NOT NULL,
        town_name TEXT NOT NULL,
        village_code TEXT NOT NULL,
        n INTEGER NOT NULL
      );
      INSERT OR REPLACE INTO meta (key, value)
        SELECT '${VILLAGE_PENDING_KEY}', MAX(
          0,
          COALESCE((SELECT CAST(value AS INTEGER) FROM meta WHERE key = '${PACK_MARK_KEY}'), 0),
          COALESCE((SELECT MAX(rowid) FROM alerts), 0) - ${VILLAGE_FILL_ROWS});
      INSERT INTO alert_village_hourly (hour, town_name, village_code, n)
        SELECT hour, town, code, COUNT(*) FROM (
          SELECT (occurred_at / 3600000) * 3600000 AS hour,
                 COALESCE(town_name, '${UNKNOWN_KEY_SQL}') AS town,
                 json_extract(${jsonOf('alerts')}, '$.place.divisionCode') AS code
          FROM alerts WHERE rowid > ${VILLAGE_PENDING_SQL})
        WHERE typeof(code) = 'text' AND code GLOB ${VILLAGE_CODE_GLOB}
        GROUP BY 1, 2, 3;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

/** Registers the SQL function the schema's triggers call and turns on recursive triggers. */
export function prepareCacheConnection(db: Database): void {
  prepareConnection(db, (name, fn) => {
    db.function(name, fn, { deterministic: true });
  });
}

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
  prepareCacheConnection(db);
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
