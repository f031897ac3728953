import {
  UNKNOWN_AGGREGATE_KEY,
  alertSearchText,
  type Alert,
  AlertEventBody,
  AlertQuery,
  type AlertAggregates,
} from '../../../src-shared/contract/index.js';
import type { SqlRow, SqlValue } from './sqlite.js';
import { UNPACK_FUNCTION, unpackAlertJson } from './alert-packing.js';
import { DONE_SQL, PENDING_SQL, searchMatch } from './text-search.js';

/** Key used in aggregates for an alert with no level, class or town. */
export const UNKNOWN_KEY = UNKNOWN_AGGREGATE_KEY;

const HOUR_MS = 3_600_000;

/** Start of the UTC hour of `instant`, as the string key used by `byHour`. */
export function hourKey(instant: number): string {
  return String(Math.floor(instant / HOUR_MS) * HOUR_MS);
}

export function emptyAggregates(): AlertAggregates {
  return {
    total: 0,
    byLevel: {},
    byClass: {},
    byType: {},
    byTown: {},
    byHour: {},
  };
}

const VILLAGE_CODE = /^\d{12}$/;

/**
 * Returns the village code an alert is counted under: its division code when that has exactly 12
 * digits, or null for an alert placed only on its town, on a grid or nowhere. Schema 11's fill and
 * REBUILD_VILLAGES_SQL apply the same rule in SQL.
 */
export function villageCodeOf(alert: Alert): string | null {
  const code = alert.place.divisionCode;
  return code !== null && VILLAGE_CODE.test(code) ? code : null;
}

/** SQL GLOB pattern that matches exactly the 12-digit codes villageCodeOf accepts. */
export const VILLAGE_CODE_GLOB = `'${'[0-9]'.repeat(12)}'`;

/**
 * SELECT of hour, town, village code and count of the alerts rows matching `where`, grouped by the
 * first three, with the keys of aggregateKeys(). Rows without a 12-digit division code are left
 * out. A packed row costs about 100 µs on the 2-core development machine (docs/CACHE.md).
 */
export function villageCountsSelect(where: string): string {
  const unknown = UNKNOWN_KEY.replaceAll("'", "''");
  return `SELECT hour, town, code, COUNT(*) FROM (
      SELECT (occurred_at / 3600000) * 3600000 AS hour,
             COALESCE(town_name, '${unknown}') AS town,
             json_extract(
               CASE WHEN packed IS NULL THEN json ELSE ${UNPACK_FUNCTION}(packed) END,
               '$.place.divisionCode') AS code
      FROM alerts WHERE ${where})
    WHERE typeof(code) = 'text' AND code GLOB ${VILLAGE_CODE_GLOB}
    GROUP BY 1, 2, 3`;
}

/** Keys an alert is counted under in each aggregate. */
export function aggregateKeys(alert: Alert): {
  level: string;
  emergencyClass: string;
  type: string;
  town: string;
  hour: string;
  village: string | null;
} {
  return {
    level: alert.level === null ? UNKNOWN_KEY : String(alert.level),
    emergencyClass: alert.emergencyClass ?? UNKNOWN_KEY,
    type: alert.eventType.label,
    town: alert.place.townName ?? UNKNOWN_KEY,
    hour: hourKey(alert.occurredAt),
    village: villageCodeOf(alert),
  };
}

/** Index of the `json` value in the list alertRowValues returns. */
export const ALERT_JSON_INDEX = 10;

/**
 * Values of an alerts row, in the column order of INSERT_ALERT_SQL. `eventSeq` is the sequence of
 * the event whose stored body refers to this row (see eventBodyText), or null.
 */
export function alertRowValues(
  alert: Alert,
  stream: string,
  eventSeq: number | null = null,
): SqlValue[] {
  return [
    alert.id,
    stream,
    alert.level,
    alert.emergencyClass,
    alert.eventType.label,
    alert.place.townName,
    alert.occurredAt,
    alert.publishedAt,
    alert.status,
    alertSearchText(alert),
    JSON.stringify(alert),
    eventSeq,
  ];
}

// The search text, the JSON and the event body may be bound as UTF-8 bytes (textBytes): the CAST
// stores them as text, as a bound string would be.
export const INSERT_ALERT_SQL = `
  INSERT OR REPLACE INTO alerts (
    id, stream, level, emergency_class, event_type_label, town_name,
    occurred_at, published_at, status, search_text, json, event_seq
  ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT), CAST(? AS TEXT), ?)`;

export const INSERT_EVENT_SQL =
  'INSERT INTO events (stream, seq, epoch, at, body) VALUES (?, ?, ?, ?, CAST(? AS TEXT))';

/** Strings at least this long are bound as UTF-8 bytes. */
const BYTES_FROM_LENGTH = 64;

/**
 * Returns a long string as its UTF-8 bytes, for a parameter that the SQL casts to text. Binding a
 * string in node-sqlite3-wasm encodes it one character at a time in JavaScript. In a CPU profile
 * of 30,000 benchmark rows that took about two fifths of the cache worker's ingest time, while
 * bytes are copied in one piece. A Buffer is a Uint8Array, so better-sqlite3 binds it too.
 */
export function textBytes(value: SqlValue): SqlValue {
  return typeof value === 'string' && value.length >= BYTES_FROM_LENGTH
    ? Buffer.from(value, 'utf8')
    : value;
}

/** Index of the search text in the values of alertRowValues; the JSON follows it. */
const ALERT_SEARCH_INDEX = 9;

/** Values of alertRowValues with the search text and JSON turned into bytes (textBytes). */
export function boundAlertRow(values: readonly SqlValue[]): SqlValue[] {
  const bound = [...values];
  for (const index of [ALERT_SEARCH_INDEX, ALERT_SEARCH_INDEX + 1]) {
    bound[index] = textBytes(bound[index] ?? null);
  }
  return bound;
}

/** First character of an `events.body` that refers to an alerts row instead of holding JSON. */
export const ALERT_REFERENCE_MARK = '@';

/** Builds the JSON text of an alert.created body whose alert serializes to `alertJson`. */
export function createdBodyText(alertJson: string): string {
  return `{"kind":"alert.created","alert":${alertJson}}`;
}

/**
 * What `events.body` stores for an alert.created event: `@` and the alert id when the body is
 * exactly the JSON of the alert row written with it, so the alert is not stored twice; the JSON
 * text otherwise (a body with other fields or another key order). The alerts row keeps the
 * event's sequence in `event_seq`, and the schema's triggers write the JSON back into the event
 * before that row changes or goes (schema version 6).
 */
export function eventBodyText(
  bodyText: string,
  alertId: string,
  alertJson: string,
): { text: string; referenced: boolean } {
  if (bodyText === createdBodyText(alertJson)) {
    return { text: `${ALERT_REFERENCE_MARK}${alertId}`, referenced: true };
  }
  return { text: bodyText, referenced: false };
}

/**
 * Reads the alert of an alerts row from its `json` column, or from `packed` when the row is packed
 * (schema 9), so every query selects both. Rows are written only from alerts that passed the
 * Alert schema (an event body parsed on ingest, or a snapshot row parsed by the session), so
 * reads skip the schema, which dominated panel reads of hundreds of alerts in bench/cache-bench.ts.
 * Text that is not JSON still throws.
 */
export function alertFromRow(row: SqlRow): Alert {
  return JSON.parse(alertJsonOf(row)) as Alert;
}

/** JSON text of an alerts row selected with its `json` and `packed` columns. */
export function alertJsonOf(row: SqlRow): string {
  const packed = row['packed'];
  if (packed !== null && packed !== undefined) {
    return unpackAlertJson(packed);
  }
  const text = row['json'];
  if (typeof text !== 'string') {
    throw new Error(
      `alerts row ${String(row['id'])} has neither a json nor a packed column; select both`,
    );
  }
  return text;
}

/** Parses a stored body of the alerts stream; null when it does not match the schema. */
export function parseAlertBody(body: unknown): AlertEventBody | null {
  const parsed = AlertEventBody.safeParse(body);
  return parsed.success ? parsed.data : null;
}

/** Escapes `%`, `_` and the escape character itself for a LIKE pattern with ESCAPE '\'. */
export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** ORDER BY of every alert query; `alerts_by_time` has this order, so no sort is needed. */
const ALERT_ORDER = 'published_at DESC, occurred_at DESC, id DESC';

/**
 * Unacknowledged level-1 and level-2 alerts, level 1 first, each level in query order. The WHERE
 * clause repeats the one of the partial index `alerts_open_severe` (schema 10). INDEXED BY names
 * it, because without statistics SQLite prefers `alerts_by_status`, which walks every
 * unacknowledged alert and sorts them.
 */
export const OPEN_SEVERE_SQL = `SELECT json, packed FROM alerts INDEXED BY alerts_open_severe
  WHERE status = 'new' AND level IN (1, 2) ORDER BY level, ${ALERT_ORDER} LIMIT ?`;

/**
 * Number of newest rows a text query reads through `alerts_by_time` before it queries the text
 * index. A common text finds its page among them, and the index serves a rare one.
 */
export const TEXT_SCAN_ROWS = 1_000;

/** SQL and bound values of one statement. */
export interface SqlQuery {
  sql: string;
  values: SqlValue[];
}

/**
 * SQL of one alert query; the SQL has one shape per combination of filters. A text query has two
 * statements: `sql` reads the newest TEXT_SCAN_ROWS rows that pass the other filters, and when
 * that gives fewer than `limit` rows, `search` reads the text index. With `textIndex`
 * false, the text is a LIKE over the whole time index, the form before schema 6, kept to check
 * the index against it.
 */
export function buildAlertQuery(
  input: AlertQuery,
  options: { textIndex?: boolean } = {},
): SqlQuery & { search?: SqlQuery & { limit: number } } {
  const query = AlertQuery.parse(input);
  const where: string[] = [];
  const values: SqlValue[] = [];

  // json_each keeps the SQL text fixed whatever the list length, so prepared statements are reused.
  // The unary + keeps SQLite off any index on these columns: with an IN list it would fetch every
  // matching row and sort them all, while walking alerts_by_time in order stops after `limit`
  // matches. A filter that matches nothing still walks the whole index.
  if (query.levels !== undefined) {
    where.push('+level IN (SELECT value FROM json_each(?))');
    values.push(JSON.stringify(query.levels));
  }
  if (query.classes !== undefined) {
    where.push('+emergency_class IN (SELECT value FROM json_each(?))');
    values.push(JSON.stringify(query.classes));
  }
  if (query.townNames !== undefined) {
    where.push('+town_name IN (SELECT value FROM json_each(?))');
    values.push(JSON.stringify(query.townNames));
  }
  if (query.before !== undefined) {
    where.push('published_at < ?');
    values.push(query.before);
  }

  const text = query.text?.trim() ?? '';
  if (text === '') {
    return {
      sql: `SELECT json, packed FROM alerts ${whereClause(where)} ORDER BY ${ALERT_ORDER} LIMIT ?`,
      values: [...values, query.limit],
    };
  }
  const like = "search_text LIKE ? ESCAPE '\\'";
  if (options.textIndex === false) {
    return {
      sql: `SELECT json, packed FROM alerts ${whereClause([...where, like])} ORDER BY ${ALERT_ORDER} LIMIT ?`,
      values: [...values, likePattern(text), query.limit],
    };
  }
  return {
    sql: `SELECT json, packed FROM (
        SELECT json, packed, search_text, published_at, occurred_at, id FROM alerts ${whereClause(where)}
        ORDER BY ${ALERT_ORDER} LIMIT ${TEXT_SCAN_ROWS})
      WHERE ${like} ORDER BY ${ALERT_ORDER} LIMIT ?`,
    values: [...values, likePattern(text), query.limit],
    search: textIndexQuery(where, values, text, query.limit),
  };
}

/**
 * The text index gives the candidate rowids, with the rows it does not cover yet: rowid at or
 * below the pending mark (schema 6) or above the done mark (schema 8). The LIKE then keeps exactly
 * the rows of the LIKE form, because the index may return more. CROSS JOIN makes SQLite start from the candidates rather than walk
 * the time index, and the inner query sorts only keys before the JSON of the page is read.
 */
function textIndexQuery(
  where: readonly string[],
  values: readonly SqlValue[],
  text: string,
  limit: number,
): SqlQuery & { limit: number } {
  const filters = [...where, "search_text LIKE ? ESCAPE '\\'"];
  return {
    sql: `SELECT a.json, a.packed FROM (
        SELECT alerts.rowid AS hit FROM (
            SELECT rowid AS candidate FROM alerts_fts WHERE alerts_fts MATCH ?
            UNION ALL
            SELECT rowid FROM alerts WHERE rowid <= ${PENDING_SQL}
            UNION ALL
            SELECT rowid FROM alerts WHERE rowid > ${DONE_SQL}
          ) AS c CROSS JOIN alerts ON alerts.rowid = c.candidate
        WHERE ${filters.join(' AND ')}
        ORDER BY ${ALERT_ORDER} LIMIT ?) AS top
      CROSS JOIN alerts AS a ON a.rowid = top.hit
      ORDER BY a.published_at DESC, a.occurred_at DESC, a.id DESC`,
    values: [searchMatch(text), ...values, likePattern(text), limit],
    limit,
  };
}

function whereClause(where: readonly string[]): string {
  return where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
}

/** One row of `alert_totals` or `alert_hourly` to add `n` to, in the column order of its SQL. */
export type TallyRow = (string | number)[];

/** Adds `n` to a count of `alert_totals`; the values are dimension, key and delta. */
export const ADD_TOTAL_SQL = `
  INSERT INTO alert_totals (dimension, key, n) VALUES (?, ?, ?)
  ON CONFLICT DO UPDATE SET n = n + excluded.n`;

/** Adds `n` to a count of `alert_hourly`; the values are hour, level, class, type, town, delta. */
export const ADD_HOURLY_SQL = `
  INSERT INTO alert_hourly (hour, level, emergency_class, event_type_label, town_name, n)
  VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT DO UPDATE SET n = n + excluded.n`;

/**
 * Adds `n` to a count of `alert_village_hourly` (schema 11). The values are hour, town, village
 * code and delta.
 */
export const ADD_VILLAGE_SQL = `
  INSERT INTO alert_village_hourly (hour, town_name, village_code, n)
  VALUES (?, ?, ?, ?)
  ON CONFLICT DO UPDATE SET n = n + excluded.n`;

/**
 * Count changes of one transaction, summed per key before they are written. Writing each alert's
 * six count rows as it arrives ran six upserts per event; summed, a batch writes each key once,
 * and alerts of the same hour, level, class, type and town share their rows. Keys whose changes
 * cancel out are still written with 0, as the per-alert upserts left them.
 */
export class CountTally {
  private readonly totals = new Map<string, TallyRow>();
  private readonly hourly = new Map<string, TallyRow>();
  private readonly villages = new Map<string, TallyRow>();

  get size(): number {
    return this.totals.size + this.hourly.size + this.villages.size;
  }

  /**
   * Counts `alert` `delta` times (1 when it is written, -1 when it is replaced or removed). With
   * `village` false its village is left out, for a row the village counts do not hold (schema 11).
   */
  add(alert: Alert, delta: number, village = true): void {
    const keys = aggregateKeys(alert);
    this.bump(this.totals, ['level', keys.level], delta);
    this.bump(this.totals, ['class', keys.emergencyClass], delta);
    this.bump(this.totals, ['type', keys.type], delta);
    this.bump(this.totals, ['town', keys.town], delta);
    this.bump(this.totals, ['hour', keys.hour], delta);
    this.bump(
      this.hourly,
      [
        Number(keys.hour),
        keys.level,
        keys.emergencyClass,
        keys.type,
        keys.town,
      ],
      delta,
    );
    if (village && keys.village !== null) {
      this.bump(
        this.villages,
        [Number(keys.hour), keys.town, keys.village],
        delta,
      );
    }
  }

  /** Values for ADD_TOTAL_SQL, one row per dimension and key. */
  totalRows(): TallyRow[] {
    return [...this.totals.values()];
  }

  /** Values for ADD_HOURLY_SQL, one row per hour and group. */
  hourlyRows(): TallyRow[] {
    return [...this.hourly.values()];
  }

  /** Values for ADD_VILLAGE_SQL, one row per hour, town and village. */
  villageRows(): TallyRow[] {
    return [...this.villages.values()];
  }

  clear(): void {
    this.totals.clear();
    this.hourly.clear();
    this.villages.clear();
  }

  private bump(
    rows: Map<string, TallyRow>,
    key: (string | number)[],
    delta: number,
  ): void {
    const id = JSON.stringify(key);
    const row = rows.get(id);
    if (row === undefined) {
      rows.set(id, [...key, delta]);
      return;
    }
    row[row.length - 1] = (row[row.length - 1] as number) + delta;
  }
}
