import {
  UNKNOWN_AGGREGATE_KEY,
  type Alert,
  type StoredRecord,
} from '../../../src-shared/contract/index.js';
import {
  INSERT_ALERT_SQL,
  aggregateKeys,
  alertRowValues,
} from './alert-rows.js';
import type { SqlValue } from './sqlite.js';

// SQL of the snapshot staging tables created by schema version 7. A resync appends each page to a
// staging table as it arrives; the last page moves the rows into `alerts` or `records` with
// INSERT ... SELECT, inside the cache worker, so no row is read back into JavaScript.

/** Rows moved per INSERT ... SELECT during a swap; the worker reports progress after each. */
export const SWAP_CHUNK_ROWS = 50_000;

/**
 * Inserts one alert into `alert_staging`, with the columns and values of INSERT_ALERT_SQL, so the
 * staged row is exactly the row an event would write.
 */
export const STAGE_ALERT_SQL = stagingInsert(INSERT_ALERT_SQL);

function stagingInsert(sql: string): string {
  const staged = sql.replace(
    /INSERT\s+OR\s+REPLACE\s+INTO\s+alerts\s*\(/,
    'INSERT INTO alert_staging (',
  );
  if (staged === sql) {
    throw new Error(
      'INSERT_ALERT_SQL no longer starts with "INSERT OR REPLACE INTO alerts (", so the snapshot staging insert cannot be derived from it; update snapshot-staging.ts',
    );
  }
  return staged;
}

/** Values of STAGE_ALERT_SQL for each alert of a snapshot page of `stream`. */
export function stagedAlertValues(
  alerts: readonly Alert[],
  stream: string,
): SqlValue[][] {
  return alerts.map((alert) => alertRowValues(alert, stream));
}

/**
 * Returns the values of STAGE_VILLAGE_SQL for a snapshot page: its alerts counted per hour, town and
 * village, with the keys of aggregateKeys(). Alerts without a 12-digit division code count in no
 * village. Counting here, where the alerts are objects already, spares the swap a read of the
 * division code out of a million JSON rows.
 */
export function stagedVillageValues(alerts: readonly Alert[]): SqlValue[][] {
  const counts = new Map<string, SqlValue[]>();
  for (const alert of alerts) {
    const keys = aggregateKeys(alert);
    if (keys.village === null) {
      continue;
    }
    const key = `${keys.hour}\u0000${keys.town}\u0000${keys.village}`;
    const row = counts.get(key);
    if (row === undefined) {
      counts.set(key, [Number(keys.hour), keys.town, keys.village, 1]);
    } else {
      row[3] = Number(row[3]) + 1;
    }
  }
  return [...counts.values()];
}

/** Appends one page's count of one hour, town and village to `village_staging`. */
export const STAGE_VILLAGE_SQL = `
  INSERT INTO village_staging (hour, town_name, village_code, n) VALUES (?, ?, ?, ?)`;

export const CLEAR_VILLAGE_STAGING_SQL = 'DELETE FROM village_staging';

/** Values of STAGE_RECORD_SQL for each record of a snapshot page of `stream`. */
export function stagedRecordValues(
  records: readonly StoredRecord[],
  stream: string,
): SqlValue[][] {
  return records.map((record) => [
    record.collection,
    record.id,
    stream,
    record.version,
    record.updatedAt,
    JSON.stringify(record.data),
  ]);
}

export const STAGE_RECORD_SQL = `
  INSERT INTO record_staging (collection, id, stream, version, updated_at, data)
  VALUES (?, ?, ?, ?, ?, ?)`;

/** Alert rows are staged only by the alerts stream, so the staging table is emptied whole. */
export const CLEAR_ALERT_STAGING_SQL = 'DELETE FROM alert_staging';

export const CLEAR_RECORD_STAGING_SQL =
  'DELETE FROM record_staging WHERE stream = ?';

export const ALERT_STAGING_RANGE_SQL =
  'SELECT MIN(rowid) AS low, MAX(rowid) AS high, COUNT(*) AS n FROM alert_staging';

/**
 * Moves staged alerts with rowids in [?1, ?2] into `alerts`; `columns` lists the staging columns.
 * A value staged as UTF-8 bytes (see stagedValues) goes back to text on the way.
 */
export function moveAlertsSql(columns: readonly string[]): string {
  const list = columns.join(', ');
  const values = columns
    .map(
      (column) =>
        `CASE WHEN typeof(${column}) = 'blob' THEN CAST(${column} AS TEXT) ELSE ${column} END`,
    )
    .join(', ');
  return `INSERT OR REPLACE INTO alerts (${list})
    SELECT ${values} FROM alert_staging WHERE rowid BETWEEN ?1 AND ?2 ORDER BY rowid`;
}

/** Strings at least this long are staged as UTF-8 bytes. */
const BYTES_FROM_LENGTH = 64;

const encoder = new TextEncoder();

/**
 * Returns row values with long strings turned into UTF-8 bytes. Binding a string in
 * node-sqlite3-wasm costs far more than binding the same text as a Uint8Array. Staging an alert
 * row took about 46 µs with strings and 8 µs with bytes, in a scratch measurement of 50,000 rows on
 * the 2-core development machine. The move back to `alerts` casts the bytes to text.
 */
export function stagedValues<T>(values: readonly T[]): (T | Uint8Array)[] {
  return values.map((value) =>
    typeof value === 'string' && value.length >= BYTES_FROM_LENGTH
      ? encoder.encode(value)
      : value,
  );
}

/**
 * Page cache of the cache connection while a swap runs, in KiB. The swap writes every row and
 * index entry of a stream in one transaction. With the default 2 MiB cache, SQLite spills pages to
 * the file before the commit, and moving 50,000 rows took about 45 µs a row instead of 9 µs.
 */
export const SWAP_CACHE_KIB = 128 * 1024;

export const MOVE_RECORDS_SQL = `
  INSERT OR REPLACE INTO records (collection, id, stream, version, updated_at, data)
  SELECT collection, id, stream, version, updated_at, data
  FROM record_staging WHERE stream = ?1 ORDER BY rowid`;

// Aggregate keys are plain words, so they can sit in SQL text without escaping.
const UNKNOWN = UNKNOWN_AGGREGATE_KEY.replaceAll("'", "''");

/**
 * Rebuilds `alert_hourly` from the alert rows of stream ?1, with the keys of aggregateKeys() in
 * alert-rows.ts. The caller empties the table first.
 */
export const REBUILD_HOURLY_SQL = `
  INSERT INTO alert_hourly (hour, level, emergency_class, event_type_label, town_name, n)
  SELECT (occurred_at / 3600000) * 3600000,
         COALESCE(CAST(level AS TEXT), '${UNKNOWN}'),
         COALESCE(emergency_class, '${UNKNOWN}'),
         event_type_label,
         COALESCE(town_name, '${UNKNOWN}'),
         COUNT(*)
  FROM alerts WHERE stream = ?1 GROUP BY 1, 2, 3, 4, 5`;

/**
 * Rebuilds `alert_village_hourly` from the counts staged with the snapshot's pages. The caller
 * empties the table first.
 */
export const REBUILD_VILLAGES_SQL = `
  INSERT INTO alert_village_hourly (hour, town_name, village_code, n)
  SELECT hour, town_name, village_code, SUM(n) FROM village_staging GROUP BY 1, 2, 3`;

/** Rebuilds `alert_totals` from `alert_hourly`; the caller empties it first. */
export const REBUILD_TOTALS_SQL = `
  INSERT INTO alert_totals (dimension, key, n)
  SELECT 'level', level, SUM(n) FROM alert_hourly GROUP BY level
  UNION ALL SELECT 'class', emergency_class, SUM(n) FROM alert_hourly GROUP BY emergency_class
  UNION ALL SELECT 'type', event_type_label, SUM(n) FROM alert_hourly GROUP BY event_type_label
  UNION ALL SELECT 'town', town_name, SUM(n) FROM alert_hourly GROUP BY town_name
  UNION ALL SELECT 'hour', CAST(hour AS TEXT), SUM(n) FROM alert_hourly GROUP BY hour`;
