import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StoredRecord } from '../../../src-shared/contract/index.js';
import {
  RecordQuery,
  type Alert,
  type AlertAggregates,
  type AlertQuery,
  type AlertStatus,
  type OptimisticRecord,
  type RecordChange,
} from '../../../src-shared/contract/index.js';
import { createLogger } from '../../../src-node/logging/index.js';
import {
  ADD_HOURLY_SQL,
  ADD_TOTAL_SQL,
  ADD_VILLAGE_SQL,
  CountTally,
  ALERT_JSON_INDEX,
  INSERT_ALERT_SQL,
  INSERT_EVENT_SQL,
  OPEN_SEVERE_SQL,
  alertFromRow,
  alertRowValues,
  boundAlertRow,
  buildAlertQuery,
  emptyAggregates,
  eventBodyText,
  parseAlertBody,
  textBytes,
  villageCountsSelect,
} from './alert-rows.js';
import { PACK_FUNCTION, packAlertJson } from './alert-packing.js';
import { claimCache, releaseCache } from './lock.js';
import {
  SELECT_COLLECTION_SQL,
  SELECT_OVERLAY_ONLY_SQL,
  SELECT_RECORD_SQL,
  UPSERT_RECORD_SQL,
  overlayValues,
  parseRecordBody,
  recordChange,
  recordFromRow,
} from './record-rows.js';
import { openStoreFile } from './store-open.js';
import {
  DONE_SQL,
  GRAMS_FUNCTION,
  INDEX_TAIL_SQL,
  PENDING_SQL,
  TEXT_INDEX_DONE_KEY,
  TEXT_INDEX_PENDING_KEY,
  TEXT_TAIL_LAST_SQL,
  TEXT_TAIL_SIZE_SQL,
} from './text-search.js';
import type {
  SnapshotPageRows,
  SnapshotSwapResult,
  StagedSnapshot,
  SwapProgress,
} from './protocol.js';
import {
  ALERT_STAGING_RANGE_SQL,
  CLEAR_ALERT_STAGING_SQL,
  CLEAR_RECORD_STAGING_SQL,
  CLEAR_VILLAGE_STAGING_SQL,
  MOVE_RECORDS_SQL,
  REBUILD_HOURLY_SQL,
  REBUILD_TOTALS_SQL,
  REBUILD_VILLAGES_SQL,
  STAGE_ALERT_SQL,
  STAGE_RECORD_SQL,
  STAGE_VILLAGE_SQL,
  SWAP_CACHE_KIB,
  SWAP_CHUNK_ROWS,
  moveAlertsSql,
  stagedValues,
} from './snapshot-staging.js';
import {
  PACK_MARK_KEY,
  REPACKING_KEY,
  VILLAGE_PENDING_KEY,
  VILLAGE_PENDING_SQL,
  readSchemaVersion,
  type Migration,
} from './schema.js';
import type { Database, SqlRow, SqlValue, Statement } from './sqlite.js';
import type {
  AlertChange,
  ApplyResult,
  CacheEvent,
  CloseReport,
  CommandOutcome,
  EnqueueResult,
  ExportResult,
  FileStats,
  MaintenanceReport,
  OptimisticStatus,
  OutboxCommand,
  OutboxState,
  RetentionPolicy,
  SettleResult,
  StoredPosition,
} from './types.js';

/** Names of the values of `PRAGMA auto_vacuum`, from SQLite's documentation. */
const AUTO_VACUUM_MODES: Readonly<
  Record<number, 'none' | 'full' | 'incremental'>
> = {
  0: 'none',
  1: 'full',
  2: 'incremental',
};

const log = createLogger('cache');

const DAY_MS = 86_400_000;

export const DEFAULT_RETENTION: RetentionPolicy = {
  eventsMs: 30 * DAY_MS,
  aggregatesMs: 400 * DAY_MS,
  rowsPerTransaction: 2_000,
  transactionsPerRun: 50,
  vacuumPagesPerStep: 256,
};

const DEFAULT_CLOSE_TIMEOUT_MS = 5_000;

/** Count keys summed in memory during a snapshot swap before they are written. */
const SNAPSHOT_TALLY_KEYS = 50_000;

/** Hours of counts pruned per transaction. */
const HOURS_PER_PRUNE = 24;

/** Dimensions of alert_totals and the alert_hourly column each one sums. */
const TOTAL_COLUMNS: readonly [string, string][] = [
  ['level', 'level'],
  ['class', 'emergency_class'],
  ['type', 'event_type_label'],
  ['town', 'town_name'],
];

/** Options of the synchronous store; the worker builds them from the proxy's `CacheOptions`. */
export interface StoreOptions {
  /** Path of the SQLite file; its folder is created when missing. */
  path: string;
  /** Schema steps; tests pass a prefix to build an older cache. */
  migrations?: readonly Migration[];
  retention?: Partial<RetentionPolicy>;
  /** 'auto' checks after an unclean shutdown or when the last check is a week old. */
  integrityCheck?: 'auto' | 'always' | 'never';
  /**
   * Most alert rows a write may leave outside the text index; above it, the write indexes the
   * excess before it commits. Text queries read these rows with a LIKE, so the bound keeps them
   * fast. Default TEXT_TAIL_ROWS.
   */
  textTailRows?: number;
  /** Newest alert rows the maintenance pass leaves unpacked. Default PLAIN_ALERT_ROWS. */
  plainAlertRows?: number;
}

/**
 * Default count of the newest alert rows kept as plain JSON: about an hour at 5 events/s. Panels
 * read these most, and a row packed later needs no unpacking on those reads.
 */
export const PLAIN_ALERT_ROWS = 20_000;

const ALERT_COLUMNS =
  'id, stream, level, emergency_class, event_type_label, town_name, occurred_at, published_at, status, search_text, json, event_seq, packed';

/** Rows of one repacking step, held in a temporary table between the delete and the insert. */
const CREATE_REPACK_TABLE_SQL = `CREATE TEMP TABLE IF NOT EXISTS alert_repack (
  rid INTEGER PRIMARY KEY, ${ALERT_COLUMNS})`;

const COPY_TO_REPACK_SQL = `INSERT INTO temp.alert_repack (rid, ${ALERT_COLUMNS})
  SELECT rowid, id, stream, level, emergency_class, event_type_label, town_name, occurred_at,
         published_at, status, search_text, CASE WHEN packed IS NULL THEN '' ELSE json END,
         event_seq, COALESCE(packed, ${PACK_FUNCTION}(json))
  FROM alerts WHERE rowid > ? AND rowid <= ?`;

const COPY_FROM_REPACK_SQL = `INSERT INTO alerts (rowid, ${ALERT_COLUMNS})
  SELECT rid, ${ALERT_COLUMNS} FROM temp.alert_repack ORDER BY rid`;

/** Adds the village counts of the alerts rows with rowids in (?1, ?2] (schema 11's pending rows). */
const COUNT_PENDING_VILLAGES_SQL = `
  INSERT INTO alert_village_hourly (hour, town_name, village_code, n)
  ${villageCountsSelect('rowid > ?1 AND rowid <= ?2')}
  ON CONFLICT DO UPDATE SET n = n + excluded.n`;

/**
 * Pending rows counted per transaction (schema 11). A packed row took about 100 µs on the loaded
 * 2-core development machine (bench/cache-village-fill.ts), so a transaction takes about 50 ms.
 */
const VILLAGE_ROWS_PER_TRANSACTION = 500;

/** Village counting transactions per maintenance run; the run reports `more` when rows are left. */
const VILLAGE_TRANSACTIONS_PER_RUN = 8;

/** Rows packed per transaction (about 30 ms), so a request waits at most that long. */
const PACK_ROWS_PER_TRANSACTION = 250;

/** Packing transactions per maintenance run; the run reports `more` when rows are left. */
const PACK_TRANSACTIONS_PER_RUN = 8;

/**
 * Default bound of the text index's tail. A burst of this many alerts (a resume after a long
 * outage) commits without indexing, and a text query then reads the tail with a LIKE. With a
 * 50,000-row tail that LIKE took 68 ms in bench/cache-bench.ts, above the 50 ms a panel query may
 * take, so the bound is 20,000 rows.
 */
export const TEXT_TAIL_ROWS = 20_000;

/** Outcome of one step of indexing the text tail. */
export interface TextTailStep {
  indexed: number;
  /** Rows still above the done mark, estimated from the rowid range (never below the truth). */
  remaining: number;
}

interface UndoRecord {
  alertId: string;
  previous: AlertStatus;
  optimistic: AlertStatus;
}

function asNumber(value: SqlValue | undefined): number {
  if (typeof value === 'number') {
    return value;
  }
  if (typeof value === 'bigint') {
    return Number(value);
  }
  return 0;
}

function asNullableNumber(value: SqlValue | undefined): number | null {
  return value === null || value === undefined ? null : asNumber(value);
}

function parseJsonColumn(value: SqlValue | undefined): unknown {
  return typeof value === 'string' ? (JSON.parse(value) as unknown) : null;
}

/**
 * The cache engine: logged events, alerts derived from them, hourly alert counts, stream
 * positions, the command outbox and install metadata, in one SQLite file. Every method is
 * synchronous and runs on the cache worker thread; `Cache` in cache.ts is the async proxy that
 * the rest of main calls.
 */
export class CacheStore {
  private readonly statements = new Map<string, Statement>();
  private closed = false;

  /** False on a cache held at a schema older than 8 (tests build those), where triggers index. */
  private readonly deferredText: boolean;
  /** False on a cache held at a schema older than 9, which has no packed column. */
  private readonly packing: boolean;

  private constructor(
    private readonly db: Database,
    readonly path: string,
    private readonly now: () => number,
    private readonly retention: RetentionPolicy,
    private readonly textTailRows: number,
    private readonly plainAlertRows: number,
  ) {
    const version = readSchemaVersion(db);
    this.deferredText = version >= 8;
    this.packing = version >= 9;
  }

  /** Opens or creates the store at `options.path`, checked, repaired and migrated. */
  static open(options: StoreOptions, now: () => number): CacheStore {
    mkdirSync(dirname(options.path), { recursive: true });
    const claim = claimCache(options.path);
    try {
      const db = openStoreFile({
        path: options.path,
        migrations: options.migrations,
        now,
        integrityCheck: options.integrityCheck ?? 'auto',
        uncleanShutdown: claim.uncleanShutdown,
      });
      const store = new CacheStore(
        db,
        options.path,
        now,
        { ...DEFAULT_RETENTION, ...options.retention },
        options.textTailRows ?? TEXT_TAIL_ROWS,
        options.plainAlertRows ?? PLAIN_ALERT_ROWS,
      );
      store.ensureInstallId();
      return store;
    } catch (error) {
      releaseCache(options.path);
      throw error;
    }
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  // ---- meta ----

  installId(): string {
    return this.ensureInstallId();
  }

  getMeta(key: string): string | null {
    const row = this.one('SELECT value FROM meta WHERE key = ?', key);
    const value = row?.['value'];
    return typeof value === 'string' ? value : null;
  }

  setMeta(key: string, value: string): void {
    this.statement(
      'INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)',
    ).run([key, value]);
  }

  /** Deletes every meta row whose key starts with `prefix`; returns how many went. */
  deleteMetaPrefix(prefix: string): number {
    return this.statement(
      'DELETE FROM meta WHERE substr(key, 1, length(?1)) = ?1',
    ).run([prefix]).changes;
  }

  // ---- streams ----

  positions(): Record<string, StoredPosition> {
    const rows = this.many(
      'SELECT stream, epoch, seq, last_event_at, confirmed_at FROM stream_positions',
    );
    const result: Record<string, StoredPosition> = {};
    for (const row of rows) {
      const position = positionFromRow(row);
      result[position.stream] = position;
    }
    return result;
  }

  position(stream: string): StoredPosition | null {
    return this.readPosition(stream);
  }

  /**
   * Writes a batch of one stream in a single transaction: the events, the alert rows derived from
   * them and the new position. Events at or below the stored position are skipped, so a replayed
   * batch changes nothing. A gap or an epoch other than the stored one rolls the whole batch back.
   */
  applyEvents(
    stream: string,
    epoch: string,
    events: readonly CacheEvent[],
  ): ApplyResult {
    return this.transaction(() =>
      this.applyInTransaction(stream, epoch, events),
    );
  }

  /** Drops a stream's events and alerts and restarts it at `epoch`, before the sequence `nextSeq`. */
  resetStream(stream: string, epoch: string, nextSeq = 1): StoredPosition {
    return this.transaction(() => {
      this.statement('DELETE FROM events WHERE stream = ?').run(stream);
      this.statement('DELETE FROM alerts WHERE stream = ?').run(stream);
      this.statement('DELETE FROM records WHERE stream = ?').run(stream);
      if (stream === 'alerts') {
        // Every count comes from the alerts stream, which is replayed from the new epoch.
        this.statement('DELETE FROM alert_hourly').run();
        this.statement('DELETE FROM alert_totals').run();
        this.statement('DELETE FROM alert_village_hourly').run();
        this.statement('DELETE FROM meta WHERE key = ?').run([
          VILLAGE_PENDING_KEY,
        ]);
      }
      this.statement(
        `INSERT OR REPLACE INTO stream_positions (stream, epoch, seq, last_event_at, confirmed_at)
         VALUES (?, ?, ?, NULL, NULL)`,
      ).run([stream, epoch, Math.max(0, nextSeq - 1)]);
      log.info('resetStream: dropped the cached copy of a stream', {
        stream,
        epoch,
        nextSeq,
      });
      return this.requirePosition(stream);
    });
  }

  /**
   * Replaces a stream's cached copy with a snapshot from the central, in one transaction: drops
   * its events and alerts, writes the snapshot's alerts, sets the position to `headSeq` of
   * `epoch`, and deletes the meta rows under `metaPrefix` that staged the snapshot. For the alerts
   * stream the hourly counts are rebuilt from the snapshot, so counts of alerts the central no
   * longer sends are dropped with them. For a record stream, `records` replace its records. Both
   * are read once, in order, so a caller may pass generators that read staged pages lazily.
   */
  replaceStreamFromSnapshot(
    stream: string,
    epoch: string,
    headSeq: number,
    alerts: Iterable<Alert>,
    metaPrefix: string,
    records: Iterable<StoredRecord> = [],
  ): StoredPosition {
    return this.transaction(() => {
      this.statement('DELETE FROM events WHERE stream = ?').run(stream);
      this.statement('DELETE FROM alerts WHERE stream = ?').run(stream);
      this.statement('DELETE FROM records WHERE stream = ?').run(stream);
      let recordCount = 0;
      for (const record of records) {
        recordCount += 1;
        this.statement(UPSERT_RECORD_SQL).run([
          record.collection,
          record.id,
          stream,
          record.version,
          record.updatedAt,
          textBytes(JSON.stringify(record.data)),
        ]);
      }
      if (stream === 'alerts') {
        this.statement('DELETE FROM alert_hourly').run();
        this.statement('DELETE FROM alert_totals').run();
        this.statement('DELETE FROM alert_village_hourly').run();
        this.statement('DELETE FROM meta WHERE key = ?').run([
          VILLAGE_PENDING_KEY,
        ]);
      }
      // The rows may come from a generator that reads staged pages one at a time, so they are
      // counted here rather than through a length.
      const tally = new CountTally();
      let alertCount = 0;
      for (const alert of alerts) {
        this.statement(INSERT_ALERT_SQL).run(
          boundAlertRow(alertRowValues(alert, stream)),
        );
        tally.add(alert, 1);
        alertCount += 1;
        if (tally.size >= SNAPSHOT_TALLY_KEYS) {
          // Written in steps, so the sums of a million-row snapshot are not all held at once.
          this.writeTally(tally);
          tally.clear();
        }
      }
      this.writeTally(tally);
      this.statement(
        `INSERT OR REPLACE INTO stream_positions (stream, epoch, seq, last_event_at, confirmed_at)
         VALUES (?, ?, ?, NULL, NULL)`,
      ).run([stream, epoch, Math.max(0, headSeq)]);
      this.deleteMetaPrefix(metaPrefix);
      log.info('replaceStreamFromSnapshot: replaced a stream from a snapshot', {
        stream,
        epoch,
        headSeq,
        alerts: alertCount,
        records: recordCount,
      });
      return this.requirePosition(stream);
    });
  }

  // ---- snapshot staging ----

  /**
   * Appends one snapshot page to its staging table and stores the resync progress, in one
   * transaction, so after a crash the staged rows and the stored cursor still agree. Returns the
   * rows staged.
   */
  stageSnapshotPage(page: SnapshotPageRows): number {
    return this.transaction(() => {
      if (page.restart) {
        this.clearStaging(page.stream);
      } else if (this.getMeta(page.progressKey) !== page.previous) {
        throw new Error(
          `snapshot page of ${page.stream} does not follow the pages staged under ${page.progressKey}; resume the resync from its stored cursor`,
        );
      }
      for (const values of page.alertRows) {
        this.statement(STAGE_ALERT_SQL).run(stagedValues(values));
      }
      for (const values of page.villageRows) {
        this.statement(STAGE_VILLAGE_SQL).run(values);
      }
      for (const values of page.recordRows) {
        this.statement(STAGE_RECORD_SQL).run(values);
      }
      this.setMeta(page.progressKey, page.progress);
      return page.alertRows.length + page.recordRows.length;
    });
  }

  /** Drops a stream's staged rows and the meta rows under `metaPrefix`, in one transaction. */
  clearStagedSnapshot(stream: string, metaPrefix: string): void {
    this.transaction(() => {
      this.clearStaging(stream);
      this.deleteMetaPrefix(metaPrefix);
    });
  }

  /** Rows staged for `stream`, for diagnostics and tests. */
  stagedRowCount(stream: string): number {
    const row =
      stream === 'alerts'
        ? this.one('SELECT COUNT(*) AS n FROM alert_staging')
        : this.one(
            'SELECT COUNT(*) AS n FROM record_staging WHERE stream = ?',
            stream,
          );
    return asNumber(row?.['n']);
  }

  /**
   * Replaces a stream's cached copy with its staged snapshot, in one transaction: drops its events,
   * alerts and records, moves the staged rows in with INSERT ... SELECT, rebuilds the alert counts
   * with GROUP BY, sets the position to `headSeq` of `epoch`, and deletes the staged rows and the
   * meta rows of the resync. Readers see the old copy until the commit. `onProgress` gets the rows
   * moved so far after each chunk of SWAP_CHUNK_ROWS.
   */
  swapStagedSnapshot(
    snapshot: StagedSnapshot,
    onProgress: (progress: SwapProgress) => void = () => undefined,
  ): SnapshotSwapResult {
    const cacheSize = this.one('PRAGMA cache_size')?.['cache_size'] ?? null;
    // PRAGMA takes no bound parameters; both values are integers.
    this.db.exec(`PRAGMA cache_size = -${SWAP_CACHE_KIB}`);
    try {
      return this.swapInTransaction(snapshot, onProgress);
    } finally {
      if (typeof cacheSize === 'number') {
        this.db.exec(`PRAGMA cache_size = ${Math.trunc(cacheSize)}`);
      }
    }
  }

  private swapInTransaction(
    snapshot: StagedSnapshot,
    onProgress: (progress: SwapProgress) => void,
  ): SnapshotSwapResult {
    const { stream } = snapshot;
    return this.transaction(() => {
      this.statement('DELETE FROM events WHERE stream = ?').run(stream);
      this.statement('DELETE FROM alerts WHERE stream = ?').run(stream);
      this.statement('DELETE FROM records WHERE stream = ?').run(stream);
      let alerts = 0;
      let records = 0;
      if (stream === 'alerts') {
        alerts = this.moveStagedAlerts(onProgress);
        // Every count comes from the alerts stream, so they are rebuilt from its new rows.
        this.statement('DELETE FROM alert_hourly').run();
        this.statement('DELETE FROM alert_totals').run();
        this.statement('DELETE FROM alert_village_hourly').run();
        this.statement('DELETE FROM meta WHERE key = ?').run([
          VILLAGE_PENDING_KEY,
        ]);
        this.statement(REBUILD_HOURLY_SQL).run([stream]);
        this.statement(REBUILD_TOTALS_SQL).run();
        this.statement(REBUILD_VILLAGES_SQL).run();
      } else {
        records = this.statement(MOVE_RECORDS_SQL).run([stream]).changes;
        onProgress({ done: records, total: records });
      }
      this.clearStaging(stream);
      this.statement(
        `INSERT OR REPLACE INTO stream_positions (stream, epoch, seq, last_event_at, confirmed_at)
         VALUES (?, ?, ?, NULL, NULL)`,
      ).run([stream, snapshot.epoch, Math.max(0, snapshot.headSeq)]);
      this.deleteMetaPrefix(snapshot.metaPrefix);
      log.info(
        'swapStagedSnapshot: replaced a stream from its staged snapshot',
        {
          stream,
          epoch: snapshot.epoch,
          headSeq: snapshot.headSeq,
          alerts,
          records,
        },
      );
      return { position: this.requirePosition(stream), alerts, records };
    });
  }

  /** Moves the staged alerts into `alerts` in rowid chunks; returns how many were staged. */
  private moveStagedAlerts(
    onProgress: (progress: SwapProgress) => void,
  ): number {
    const range = this.one(ALERT_STAGING_RANGE_SQL);
    const total = asNumber(range?.['n']);
    if (total === 0) {
      onProgress({ done: 0, total: 0 });
      return 0;
    }
    const low = asNumber(range?.['low']);
    const high = asNumber(range?.['high']);
    const columns = this.many('PRAGMA table_info(alert_staging)').map((row) =>
      String(row['name']),
    );
    const move = this.statement(moveAlertsSql(columns));
    let done = 0;
    for (let from = low; from <= high; from += SWAP_CHUNK_ROWS) {
      move.run([from, Math.min(high, from + SWAP_CHUNK_ROWS - 1)]);
      // Staging only appends, and a restart empties the table, so the staged rowids are dense.
      done = Math.min(total, from + SWAP_CHUNK_ROWS - low);
      onProgress({ done, total });
    }
    return total;
  }

  private clearStaging(stream: string): void {
    if (stream === 'alerts') {
      this.statement(CLEAR_ALERT_STAGING_SQL).run();
      this.statement(CLEAR_VILLAGE_STAGING_SQL).run();
    } else {
      this.statement(CLEAR_RECORD_STAGING_SQL).run([stream]);
    }
  }

  /** Records that the console was level with the central on `stream` at `at`. */
  markConfirmed(stream: string, at: number): StoredPosition | null {
    this.statement(
      'UPDATE stream_positions SET confirmed_at = ? WHERE stream = ?',
    ).run([at, stream]);
    return this.readPosition(stream);
  }

  eventCount(stream: string): number {
    const row = this.one(
      'SELECT COUNT(*) AS n FROM events WHERE stream = ?',
      stream,
    );
    return asNumber(row?.['n']);
  }

  /** Stored events of a stream in sequence order, for diagnostics and tests. */
  events(
    stream: string,
  ): { seq: number; epoch: string; at: number; body: unknown }[] {
    // The view writes a body that refers to its alert row back as the JSON it arrived as.
    const rows = this.many(
      'SELECT seq, epoch, at, body FROM event_bodies WHERE stream = ? ORDER BY seq',
      stream,
    );
    return rows.map((row) => ({
      seq: asNumber(row['seq']),
      epoch: String(row['epoch']),
      at: asNumber(row['at']),
      body: parseJsonColumn(row['body']),
    }));
  }

  // ---- alerts ----

  /**
   * Returns the wall's alert counts from `alert_totals`, which every alert write updates together
   * with `alert_hourly`. Both are kept longer than raw events and alert rows, so the counts
   * survive their pruning.
   */
  aggregates(): AlertAggregates {
    const result = emptyAggregates();
    const groups: Record<string, Record<string, number>> = {
      level: result.byLevel,
      class: result.byClass,
      type: result.byType,
      town: result.byTown,
      hour: result.byHour,
    };
    for (const row of this.many('SELECT dimension, key, n FROM alert_totals')) {
      const group = groups[String(row['dimension'])];
      const count = asNumber(row['n']);
      if (group !== undefined && count > 0) {
        group[String(row['key'])] = count;
      }
    }
    result.total = Object.values(result.byLevel).reduce((sum, n) => sum + n, 0);
    return result;
  }

  /**
   * Returns the alert counts of each town, keyed by town name as in `byTown`, summed from
   * `alert_hourly` in one grouped read. The table has one row per hour and key combination, so
   * the read does not grow with the number of alerts.
   */
  aggregatesByTown(): Record<string, AlertAggregates> {
    const byTown: Record<string, AlertAggregates> = {};
    const rows = this.many(
      `SELECT town_name AS town, 'level' AS dimension, level AS key, SUM(n) AS n
         FROM alert_hourly GROUP BY town_name, level
       UNION ALL SELECT town_name, 'class', emergency_class, SUM(n)
         FROM alert_hourly GROUP BY town_name, emergency_class
       UNION ALL SELECT town_name, 'type', event_type_label, SUM(n)
         FROM alert_hourly GROUP BY town_name, event_type_label
       UNION ALL SELECT town_name, 'hour', CAST(hour AS TEXT), SUM(n)
         FROM alert_hourly GROUP BY town_name, hour`,
    );
    for (const row of rows) {
      const count = asNumber(row['n']);
      if (count <= 0) {
        continue;
      }
      const town = String(row['town']);
      const counts = (byTown[town] ??= emptyAggregates());
      const key = String(row['key']);
      switch (String(row['dimension'])) {
        case 'level':
          counts.byLevel[key] = count;
          counts.total += count;
          break;
        case 'class':
          counts.byClass[key] = count;
          break;
        case 'type':
          counts.byType[key] = count;
          break;
        default:
          counts.byHour[key] = count;
      }
    }
    for (const [town, counts] of Object.entries(byTown)) {
      counts.byTown[town] = counts.total;
    }
    return byTown;
  }

  /**
   * Returns the alert counts per village of each town, keyed by town name as in `byTown` and then
   * by 12-digit village code, summed from `alert_village_hourly`. A town's alerts without a village
   * code are in no entry, so its villages may sum to less than its count.
   */
  villageCountsByTown(): Record<string, Record<string, number>> {
    const byTown: Record<string, Record<string, number>> = {};
    const rows = this.many(
      `SELECT town_name AS town, village_code AS code, SUM(n) AS n
         FROM alert_village_hourly GROUP BY town_name, village_code HAVING SUM(n) > 0`,
    );
    for (const row of rows) {
      const villages = (byTown[String(row['town'])] ??= {});
      villages[String(row['code'])] = asNumber(row['n']);
    }
    return byTown;
  }

  /** Returns the newest alerts by publication time, then id, newest first. */
  latestAlerts(limit: number): Alert[] {
    return this.queryAlerts({ limit });
  }

  /**
   * A text query first reads the newest rows in panel order. When they contain fewer than
   * `limit` matches, it reads the text index (see buildAlertQuery).
   */
  queryAlerts(query: AlertQuery): Alert[] {
    const { sql, values, search } = buildAlertQuery(query);
    let rows = this.many(sql, values);
    if (search !== undefined && rows.length < search.limit) {
      rows = this.many(search.sql, search.values);
    }
    return rows.map(alertFromRow);
  }

  /** Unacknowledged level-1 and level-2 alerts, newest first, at most `limit`. */
  openSevereAlerts(limit: number): Alert[] {
    return this.many(OPEN_SEVERE_SQL, [limit]).map(alertFromRow);
  }

  getAlert(id: string): Alert | null {
    return this.readAlert(id);
  }

  // ---- records ----

  /**
   * Records of one collection ordered by id, each with the value of its newest queued command when
   * one is pending. Records created by a queued command and not yet published come after them.
   */
  queryRecords(query: RecordQuery): StoredRecord[] {
    const { collection, since, limit } = RecordQuery.parse(query);
    const rows = this.many(SELECT_COLLECTION_SQL, [
      collection,
      since ?? Number.MIN_SAFE_INTEGER,
      limit,
    ]);
    const result = rows.map(recordFromRow);
    if (since === undefined && result.length < limit) {
      const local = this.many(SELECT_OVERLAY_ONLY_SQL, collection);
      for (const row of local.slice(0, limit - result.length)) {
        result.push(recordFromRow(row));
      }
    }
    return result;
  }

  getRecord(collection: string, id: string): StoredRecord | null {
    return this.readRecord(collection, id);
  }

  recordCount(stream: string): number {
    const row = this.one(
      'SELECT COUNT(*) AS n FROM records WHERE stream = ?',
      stream,
    );
    return asNumber(row?.['n']);
  }

  // ---- outbox ----

  /**
   * Queues a command with the next install sequence and a fresh idempotency key. When `optimistic`
   * is given, the alert's status changes in the same transaction, so a crash keeps both or neither.
   */
  enqueueCommand(
    name: string,
    payload: unknown,
    optimistic: OptimisticStatus | null = null,
    records: readonly OptimisticRecord[] = [],
  ): EnqueueResult {
    return this.transaction(() =>
      this.enqueueInTransaction(name, payload, optimistic, records),
    );
  }

  /**
   * Writes a batch of events and queues commands in one transaction, so a crash keeps the whole
   * batch or none of it.
   */
  applyBatch(
    stream: string,
    epoch: string,
    events: readonly CacheEvent[],
    commands: readonly { name: string; payload: unknown }[],
  ): { applied: ApplyResult; queued: EnqueueResult[] } {
    return this.transaction(() => {
      const applied = this.applyInTransaction(stream, epoch, events);
      const queued = commands.map((command) =>
        this.enqueueInTransaction(command.name, command.payload, null),
      );
      return { applied, queued };
    });
  }

  private enqueueInTransaction(
    name: string,
    payload: unknown,
    optimistic: OptimisticStatus | null,
    records: readonly OptimisticRecord[] = [],
  ): EnqueueResult {
    const max = this.one(
      'SELECT COALESCE(MAX(install_seq), 0) AS n FROM outbox',
    );
    const installSeq = asNumber(max?.['n']) + 1;
    const commandId = randomUUID();
    const alertChanges: AlertChange[] = [];
    let undo: UndoRecord | null = null;

    if (optimistic !== null) {
      const change = this.writeStatus(optimistic.alertId, optimistic.status);
      if (change !== null && change.before !== null) {
        alertChanges.push(change);
        undo = {
          alertId: optimistic.alertId,
          previous: change.before.status,
          optimistic: optimistic.status,
        };
      }
    }

    this.statement(
      `INSERT INTO outbox (install_seq, command_id, name, payload, created_at, state, result, undo)
       VALUES (?, ?, ?, ?, ?, 'pending', NULL, ?)`,
    ).run([
      installSeq,
      commandId,
      name,
      JSON.stringify(payload ?? null),
      this.now(),
      undo === null ? null : JSON.stringify(undo),
    ]);

    const recordChanges: RecordChange[] = [];
    for (const value of records) {
      this.statement(
        `INSERT OR REPLACE INTO record_overlay (install_seq, stream, collection, id, data)
         VALUES (?, ?, ?, ?, ?)`,
      ).run(overlayValues(installSeq, value));
      const shown = this.readRecord(value.collection, value.id);
      if (shown !== null) {
        recordChanges.push(recordChange(value.stream, shown, false));
      }
    }
    return { installSeq, commandId, alertChanges, recordChanges };
  }

  pendingCommands(): OutboxCommand[] {
    const rows = this.many(
      `SELECT install_seq, command_id, name, payload, created_at, state, result
       FROM outbox WHERE state = 'pending' ORDER BY install_seq`,
    );
    return rows.map(commandFromRow);
  }

  pendingCount(): number {
    const row = this.one(
      "SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'",
    );
    return asNumber(row?.['n']);
  }

  allCommands(): OutboxCommand[] {
    const rows = this.many(
      `SELECT install_seq, command_id, name, payload, created_at, state, result
       FROM outbox ORDER BY install_seq`,
    );
    return rows.map(commandFromRow);
  }

  /**
   * Settles a pending command. A rejection reverts its optimistic change, unless a later write
   * (an event from the central, another command) already replaced the optimistic value.
   */
  markCommandResult(outcome: CommandOutcome): SettleResult {
    return this.transaction(() => {
      const row = this.one(
        "SELECT undo, command_id, name FROM outbox WHERE install_seq = ? AND state = 'pending'",
        outcome.installSeq,
      );
      if (row === null) {
        return { updated: false, alertChanges: [], recordChanges: [] };
      }

      this.statement(
        'UPDATE outbox SET state = ?, result = ? WHERE install_seq = ?',
      ).run([
        outcome.outcome,
        JSON.stringify(outcome.result ?? null),
        outcome.installSeq,
      ]);

      const alertChanges: AlertChange[] = [];
      const undo = parseJsonColumn(row['undo']) as UndoRecord | null;
      if (outcome.outcome === 'rejected' && undo !== null) {
        const current = this.readAlert(undo.alertId);
        if (current !== null && current.status === undo.optimistic) {
          const change = this.writeStatus(undo.alertId, undo.previous);
          if (change !== null) {
            alertChanges.push(change);
          }
        }
      }
      const recordChanges = this.dropOverlays(
        'install_seq = ?',
        outcome.installSeq,
      );
      return {
        updated: true,
        alertChanges,
        recordChanges,
        command: {
          commandId: String(row['command_id']),
          name: String(row['name']),
          outcome: outcome.outcome,
          result: outcome.result,
        },
      };
    });
  }

  /**
   * Deletes the optimistic values selected by `where` and returns what each record shows after:
   * the central's value, the next queued command's value, or a removal when neither exists.
   */
  private dropOverlays(where: string, value: number): RecordChange[] {
    const dropped = this.many(
      `SELECT DISTINCT stream, collection, id FROM record_overlay WHERE ${where}`,
      value,
    );
    if (dropped.length === 0) {
      return [];
    }
    this.statement(`DELETE FROM record_overlay WHERE ${where}`).run(value);
    return dropped.map((row) => {
      const stream = String(row['stream']);
      const collection = String(row['collection']);
      const id = String(row['id']);
      const shown = this.readRecord(collection, id);
      return shown === null
        ? recordChange(
            stream,
            { collection, id, version: 0, updatedAt: 0, data: {} },
            true,
          )
        : recordChange(stream, shown, false);
    });
  }

  /**
   * Marks pending commands at or below `watermark` as applied: the central reported it has applied
   * them, but the console never received their results.
   */
  settleUpTo(watermark: number): number {
    return this.transaction(() => {
      const info = this.statement(
        `UPDATE outbox SET state = 'applied', result = ?
         WHERE state = 'pending' AND install_seq <= ?`,
      ).run([JSON.stringify({ settledByWatermark: watermark }), watermark]);
      this.dropOverlays('install_seq <= ?', watermark);
      return info.changes;
    });
  }

  // ---- retention and compaction ----

  /**
   * Prunes rows past their retention and returns free pages to the file system, in transactions
   * of at most `rowsPerTransaction` rows so that reads and writes interleave. Raw events and
   * closed alerts go after `eventsMs`; alerts still open and the hourly counts after
   * `aggregatesMs`. Stops after `transactionsPerRun` transactions and reports whether work is left.
   */
  maintain(): MaintenanceReport {
    const now = this.now();
    const eventCutoff = now - this.retention.eventsMs;
    const aggregateCutoff = now - this.retention.aggregatesMs;
    const report: MaintenanceReport = {
      prunedEvents: 0,
      prunedAlerts: 0,
      prunedHours: 0,
      indexedAlerts: 0,
      countedVillageAlerts: 0,
      packedAlerts: 0,
      freedPages: 0,
      more: false,
    };
    let budget = this.retention.transactionsPerRun;

    const steps: [keyof MaintenanceReport, string, number][] = [
      [
        'prunedEvents',
        `DELETE FROM events WHERE (stream, seq) IN
           (SELECT stream, seq FROM events WHERE at < ? LIMIT ?)`,
        eventCutoff,
      ],
      [
        'prunedAlerts',
        `DELETE FROM alerts WHERE id IN
           (SELECT id FROM alerts WHERE status = 'closed' AND published_at < ? LIMIT ?)`,
        eventCutoff,
      ],
      [
        'prunedAlerts',
        `DELETE FROM alerts WHERE id IN
           (SELECT id FROM alerts WHERE published_at < ? LIMIT ?)`,
        aggregateCutoff,
      ],
    ];
    for (const [field, sql, cutoff] of steps) {
      const limit = this.retention.rowsPerTransaction;
      let changes = limit;
      while (changes >= limit && budget > 0) {
        changes = this.transaction(
          () => this.statement(sql).run([cutoff, limit]).changes,
        );
        (report[field] as number) += changes;
        budget -= 1;
      }
      if (changes >= limit) {
        report.more = true;
      }
    }

    let hours = HOURS_PER_PRUNE;
    while (hours >= HOURS_PER_PRUNE && budget > 0) {
      hours = this.transaction(() => this.pruneHours(aggregateCutoff));
      report.prunedHours += hours;
      budget -= 1;
    }
    if (hours >= HOURS_PER_PRUNE) {
      report.more = true;
    }

    while (budget > 0 && this.deferredText && this.textTailSize() > 0) {
      report.indexedAlerts += this.transaction(() =>
        this.indexTail(this.retention.rowsPerTransaction),
      );
      budget -= 1;
    }
    if (this.deferredText && this.textTailSize() > 0) {
      report.more = true;
    }

    while (budget > 0 && this.textIndexPending() > 0) {
      report.indexedAlerts += this.transaction(() => this.indexPendingAlerts());
      budget -= 1;
    }
    if (this.textIndexPending() > 0) {
      report.more = true;
    }

    let villageSteps = 0;
    while (
      villageSteps < VILLAGE_TRANSACTIONS_PER_RUN &&
      this.villagePending() > 0
    ) {
      report.countedVillageAlerts += this.transaction(() =>
        this.countPendingVillages(),
      );
      villageSteps += 1;
    }
    if (this.villagePending() > 0) {
      report.more = true;
    }

    let packs = 0;
    while (packs < PACK_TRANSACTIONS_PER_RUN && this.packable() > 0) {
      report.packedAlerts += this.transaction(() => this.packAlerts());
      packs += 1;
    }
    if (this.packable() > 0) {
      report.more = true;
    }

    report.freedPages = this.compact(budget);
    if (report.prunedEvents + report.prunedAlerts + report.prunedHours > 0) {
      log.info('maintain: pruned rows past their retention', { ...report });
    }
    return report;
  }

  /**
   * Indexes up to `limit` rows of the text tail in one transaction, oldest first. The cache worker
   * calls it while no request is waiting, so ingest commits without tokenizing.
   */
  indexTextTail(limit: number): TextTailStep {
    if (!this.deferredText) {
      return { indexed: 0, remaining: 0 };
    }
    const indexed =
      this.textTailSize() > 0
        ? this.transaction(() => this.indexTail(limit))
        : 0;
    return { indexed, remaining: this.textTailSize() };
  }

  /** Alert rows above the done mark, estimated from the rowid range; 0 once all are indexed. */
  private textTailSize(): number {
    return Math.max(0, asNumber(this.one(TEXT_TAIL_SIZE_SQL)?.['n']));
  }

  /**
   * Adds the next `limit` rows above the done mark to the text index and raises the mark past
   * them, inside the caller's transaction, so a row is never read from both the index and the
   * LIKE. Returns the rows indexed.
   */
  private indexTail(limit: number): number {
    const done = asNumber(this.one(`SELECT ${DONE_SQL} AS n`)?.['n']);
    const last = asNumber(this.one(TEXT_TAIL_LAST_SQL, [done, limit])?.['n']);
    if (last <= done) {
      // Nothing above the mark: the rows there are gone, so the mark may rise to the top.
      this.setMeta(
        TEXT_INDEX_DONE_KEY,
        String(Math.max(done, this.maxAlertRowid())),
      );
      return 0;
    }
    const indexed = this.statement(INDEX_TAIL_SQL).run([done, last]).changes;
    this.setMeta(TEXT_INDEX_DONE_KEY, String(last));
    return indexed;
  }

  private maxAlertRowid(): number {
    return asNumber(
      this.one('SELECT COALESCE(MAX(rowid), 0) AS n FROM alerts')?.['n'],
    );
  }

  /** Rows between the pack mark and the newest `plainAlertRows`, by rowid; 0 on a schema before 9. */
  private packable(): number {
    if (!this.packing) {
      return 0;
    }
    const mark = Number(this.getMeta(PACK_MARK_KEY) ?? 0);
    return Math.max(0, this.maxAlertRowid() - this.plainAlertRows - mark);
  }

  /**
   * Packs the next rows above the pack mark, in rowid order, and raises the mark past them in the
   * same transaction. The range is deleted and inserted again packed under the same rowids, with
   * the triggers held back (schema 9), so its pages are freed for later rows. Rows REPLACEd later
   * get new rowids and are packed when the mark reaches them, and a status change keeps a packed
   * row packed (writeStatus). Returns the rows packed.
   */
  private packAlerts(): number {
    const mark = Number(this.getMeta(PACK_MARK_KEY) ?? 0);
    const top = this.maxAlertRowid() - this.plainAlertRows;
    const last = asNumber(
      this.one(
        `SELECT MAX(rowid) AS n FROM (SELECT rowid FROM alerts
           WHERE rowid > ? AND rowid <= ? ORDER BY rowid LIMIT ?)`,
        [mark, top, PACK_ROWS_PER_TRANSACTION],
      )?.['n'],
    );
    if (last <= mark) {
      this.setMeta(PACK_MARK_KEY, String(Math.max(mark, top)));
      return 0;
    }
    const plain = asNumber(
      this.one(
        'SELECT COUNT(*) AS n FROM alerts WHERE rowid > ? AND rowid <= ? AND packed IS NULL',
        [mark, last],
      )?.['n'],
    );
    if (plain > 0) {
      this.db.exec(CREATE_REPACK_TABLE_SQL);
      this.setMeta(REPACKING_KEY, '1');
      this.statement('DELETE FROM temp.alert_repack').run();
      this.statement(COPY_TO_REPACK_SQL).run([mark, last]);
      this.statement('DELETE FROM alerts WHERE rowid > ? AND rowid <= ?').run([
        mark,
        last,
      ]);
      this.statement(COPY_FROM_REPACK_SQL).run();
      this.statement('DELETE FROM temp.alert_repack').run();
      this.statement('DELETE FROM meta WHERE key = ?').run(REPACKING_KEY);
    }
    this.setMeta(PACK_MARK_KEY, String(last));
    return plain;
  }

  /** Indexes the part of the text tail above its bound; runs before every commit. */
  private boundTextTail(): void {
    if (!this.deferredText) {
      return;
    }
    const excess = this.textTailSize() - this.textTailRows;
    if (excess > 0) {
      this.indexTail(excess);
    }
  }

  /** Highest alerts rowid not in the text index yet; 0 when every row is indexed. */
  private textIndexPending(): number {
    return asNumber(this.one(`SELECT ${PENDING_SQL} AS pending`)?.['pending']);
  }

  /**
   * Adds the next rowid range of alerts cached before the text index existed to the index, from
   * the highest rowid down, and lowers the pending mark past it in the same transaction, so a
   * text query never reads a row from both the index and the LIKE. Returns the rows indexed.
   */
  private indexPendingAlerts(): number {
    const pending = this.textIndexPending();
    const low = Math.max(0, pending - this.retention.rowsPerTransaction);
    const indexed = this.statement(
      `INSERT INTO alerts_fts (rowid, grams)
       SELECT rowid, ${GRAMS_FUNCTION}(search_text) FROM alerts WHERE rowid > ? AND rowid <= ?`,
    ).run([low, pending]).changes;
    const below = asNumber(
      this.one(
        'SELECT COALESCE(MAX(rowid), 0) AS n FROM alerts WHERE rowid <= ?',
        low,
      )?.['n'],
    );
    this.setMeta(TEXT_INDEX_PENDING_KEY, String(below));
    return indexed;
  }

  /** Returns the highest alerts rowid whose village is not counted yet (schema 11), or 0. */
  private villagePending(): number {
    return asNumber(
      this.one(`SELECT ${VILLAGE_PENDING_SQL} AS pending`)?.['pending'],
    );
  }

  /**
   * Adds the village counts of the next rowid range of alerts cached before schema 11, from the
   * highest rowid down, and lowers the pending mark past it in the same transaction, so no row is
   * counted twice. Returns the rows read.
   */
  private countPendingVillages(): number {
    const pending = this.villagePending();
    const rows = Math.min(
      this.retention.rowsPerTransaction,
      VILLAGE_ROWS_PER_TRANSACTION,
    );
    const low = Math.max(0, pending - rows);
    this.statement(COUNT_PENDING_VILLAGES_SQL).run([low, pending]);
    const read = asNumber(
      this.one(
        'SELECT COUNT(*) AS n FROM alerts WHERE rowid > ? AND rowid <= ?',
        [low, pending],
      )?.['n'],
    );
    const below = asNumber(
      this.one(
        'SELECT COALESCE(MAX(rowid), 0) AS n FROM alerts WHERE rowid <= ?',
        low,
      )?.['n'],
    );
    this.setMeta(VILLAGE_PENDING_KEY, String(below));
    return read;
  }

  /**
   * Deletes the hourly counts of up to HOURS_PER_PRUNE hours before `cutoff` and takes them off
   * the totals, so the wall's counts cover exactly the hours still kept. Returns the hours deleted.
   */
  private pruneHours(cutoff: number): number {
    const rows = this.many(
      'SELECT DISTINCT hour FROM alert_hourly WHERE hour < ? ORDER BY hour LIMIT ?',
      [cutoff, HOURS_PER_PRUNE],
    );
    if (rows.length === 0) {
      return 0;
    }
    const hours = JSON.stringify(rows.map((row) => asNumber(row['hour'])));
    for (const [dimension, column] of TOTAL_COLUMNS) {
      // Column names come from the constant table above, never from input.
      this.statement(
        `UPDATE alert_totals SET n = n - (
           SELECT COALESCE(SUM(h.n), 0) FROM alert_hourly AS h
           WHERE h.hour IN (SELECT value FROM json_each(?)) AND h.${column} = alert_totals.key)
         WHERE dimension = '${dimension}'`,
      ).run([hours]);
    }
    this.statement(
      `DELETE FROM alert_totals WHERE dimension = 'hour'
         AND key IN (SELECT CAST(value AS TEXT) FROM json_each(?))`,
    ).run([hours]);
    this.statement(
      'DELETE FROM alert_hourly WHERE hour IN (SELECT value FROM json_each(?))',
    ).run([hours]);
    // Every village count has an hourly count of the same hour, so the hours up to the last one
    // pruned here cover them all.
    this.statement('DELETE FROM alert_village_hourly WHERE hour <= ?').run([
      asNumber(rows[rows.length - 1]?.['hour']),
    ]);
    this.statement('DELETE FROM alert_totals WHERE n <= 0').run();
    return rows.length;
  }

  /** Releases free pages with incremental vacuum, a few pages per step, within `steps` steps. */
  private compact(steps: number): number {
    const before = this.stats().freelistCount;
    let remaining = before;
    let budget = steps;
    while (remaining > 0 && budget > 0) {
      const pages = Math.min(remaining, this.retention.vacuumPagesPerStep);
      // PRAGMA takes no bound parameters; `pages` is an integer computed above.
      this.db.exec(`PRAGMA incremental_vacuum(${Math.trunc(pages)})`);
      remaining = this.stats().freelistCount;
      budget -= 1;
      if (remaining >= before) {
        // auto_vacuum is NONE in a cache created before it was set; see fileStats().autoVacuum.
        break;
      }
    }
    return Math.max(0, before - remaining);
  }

  stats(): FileStats {
    const number = (pragma: string): number =>
      asNumber(Object.values(this.one(`PRAGMA ${pragma}`) ?? {})[0]);
    const autoVacuum = number('auto_vacuum');
    return {
      pageSize: number('page_size'),
      pageCount: number('page_count'),
      freelistCount: number('freelist_count'),
      autoVacuum: AUTO_VACUUM_MODES[autoVacuum] ?? 'none',
      textTailRows: this.deferredText ? this.textTailSize() : 0,
    };
  }

  /** Runs `PRAGMA quick_check` now; returns the problems found, or an empty list. */
  check(): string[] {
    const rows = this.many('PRAGMA quick_check');
    return rows
      .map((row) => String(Object.values(row)[0]))
      .filter((text) => text !== 'ok');
  }

  // ---- export ----

  /**
   * Writes a consistent copy of the cache to `target` with `VACUUM INTO`, which reads inside one
   * transaction, so writes that arrive meanwhile wait and the copy is a committed state.
   */
  exportTo(target: string): ExportResult {
    mkdirSync(dirname(target), { recursive: true });
    this.statement('VACUUM INTO ?').run(target);
    const stats = this.stats();
    log.info('exportTo: exported the cache', { path: this.path, target });
    return {
      path: target,
      bytes: stats.pageCount * stats.pageSize,
      schemaVersion: asNumber(
        this.one('PRAGMA user_version')?.['user_version'],
      ),
    };
  }

  // ---- lifecycle ----

  /**
   * Finalizes every prepared statement, closes the file and releases the owner record. Finalizing
   * stops at `timeoutMs`; SQLite's close_v2 then frees what is left when the handle goes away.
   */
  close(timeoutMs = DEFAULT_CLOSE_TIMEOUT_MS): CloseReport {
    const report: CloseReport = {
      prepared: this.statements.size,
      finalized: 0,
      closed: false,
    };
    if (this.closed) {
      return report;
    }
    this.closed = true;
    const deadline = Date.now() + timeoutMs;
    for (const [sql, statement] of this.statements) {
      if (Date.now() > deadline) {
        break;
      }
      try {
        statement.finalize();
        report.finalized += 1;
      } catch (error) {
        log.warn('close: finalizing a statement failed', {
          sql,
          error: (error as Error).message,
        });
      }
    }
    if (report.finalized < report.prepared) {
      log.warn('close: not every statement was finalized; closing anyway', {
        path: this.path,
        prepared: report.prepared,
        finalized: report.finalized,
        timeoutMs,
      });
    }
    this.statements.clear();
    try {
      if (this.db.inTransaction) {
        this.db.exec('ROLLBACK');
      }
      this.db.close();
      report.closed = !this.db.isOpen;
    } finally {
      releaseCache(this.path);
    }
    return report;
  }

  // ---- internals ----

  private statement(sql: string): Statement {
    if (this.closed) {
      throw new Error(`cache ${this.path} is closed; open it again first`);
    }
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Runs a query that returns at most one row. It reads through to the end rather than using
   * Statement.get, which leaves the statement mid-step: an unfinished statement keeps its read
   * lock, and in this VFS that lock is the `<db>.lock` directory.
   */
  private one(sql: string, values?: SqlValue | SqlValue[]): SqlRow | null {
    const rows = this.statement(sql).all(values) as SqlRow[];
    return rows[0] ?? null;
  }

  private many(sql: string, values?: SqlValue | SqlValue[]): SqlRow[] {
    return this.statement(sql).all(values) as SqlRow[];
  }

  private transaction<T>(work: () => T): T {
    if (this.closed) {
      throw new Error(`cache ${this.path} is closed; open it again first`);
    }
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.boundTextTail();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.inTransaction) {
        this.db.exec('ROLLBACK');
      }
      throw error;
    }
  }

  private ensureInstallId(): string {
    const row = this.one("SELECT value FROM meta WHERE key = 'install_id'");
    const existing = row?.['value'];
    if (typeof existing === 'string') {
      return existing;
    }
    const created = randomUUID();
    this.statement(
      "INSERT INTO meta (key, value) VALUES ('install_id', ?)",
    ).run(created);
    log.info('ensureInstallId: created a new install id', { path: this.path });
    return created;
  }

  private applyInTransaction(
    stream: string,
    epoch: string,
    events: readonly CacheEvent[],
  ): ApplyResult {
    const stored = this.readPosition(stream);
    if (stored !== null && stored.epoch !== epoch) {
      throw new Error(
        `stream ${stream} is cached at epoch ${stored.epoch}, not ${epoch}; reset the stream before applying another epoch`,
      );
    }

    let seq = stored?.seq ?? 0;
    let lastEventAt = stored?.lastEventAt ?? null;
    let applied = 0;
    let skipped = 0;
    const changes = new Map<string, AlertChange>();
    const records = new Map<string, RecordChange>();
    const tally = new CountTally();
    const villagePending = stream === 'alerts' ? this.villagePending() : 0;

    for (const received of events) {
      if (received.seq <= seq) {
        skipped += 1;
        continue;
      }
      // A cache that was never given a position may start anywhere; after that, no gaps.
      if (seq > 0 && received.seq !== seq + 1) {
        throw new Error(
          `stream ${stream} has a gap: event ${received.seq} follows ${seq}; reconnect to replay the missing events`,
        );
      }
      const event = withBody(received);
      let body = received.bodyText ?? JSON.stringify(event.body);
      if (stream === 'alerts') {
        body = this.deriveAlertRows(stream, event, body, changes, {
          tally,
          villagePending,
        });
      } else {
        this.deriveRecordRow(stream, event, records);
      }
      this.statement(INSERT_EVENT_SQL).run([
        stream,
        event.seq,
        epoch,
        event.at,
        textBytes(body),
      ]);
      seq = event.seq;
      lastEventAt = event.at;
      applied += 1;
    }
    this.writeTally(tally);

    this.statement(
      `INSERT INTO stream_positions (stream, epoch, seq, last_event_at, confirmed_at)
       VALUES (?, ?, ?, ?, NULL)
       ON CONFLICT (stream) DO UPDATE SET
         epoch = excluded.epoch, seq = excluded.seq, last_event_at = excluded.last_event_at`,
    ).run([stream, epoch, seq, lastEventAt]);

    return {
      stream,
      epoch,
      applied,
      skipped,
      alertChanges: [...changes.values()],
      recordChanges: [...records.values()],
      position: this.requirePosition(stream),
    };
  }

  /**
   * Writes the record an event puts or removes. A version at or below the stored one changes
   * nothing; several events on one record in a batch collapse to the last.
   */
  private deriveRecordRow(
    stream: string,
    event: CacheEvent,
    records: Map<string, RecordChange>,
  ): void {
    const body = parseRecordBody(event.body);
    if (body === null) {
      log.warn('applyEvents: stored a record event whose body does not parse', {
        stream,
        seq: event.seq,
      });
      return;
    }
    const key = `${body.collection}\u0000${body.id}`;
    if (body.kind === 'record.remove') {
      const info = this.statement(
        'DELETE FROM records WHERE collection = ? AND id = ? AND version < ?',
      ).run([body.collection, body.id, body.version]);
      if (info.changes > 0) {
        const shown = this.readRecord(body.collection, body.id);
        records.set(
          key,
          recordChange(
            stream,
            shown ?? {
              collection: body.collection,
              id: body.id,
              version: body.version,
              updatedAt: event.at,
              data: {},
            },
            shown === null,
          ),
        );
      }
      return;
    }
    const info = this.statement(UPSERT_RECORD_SQL).run([
      body.collection,
      body.id,
      stream,
      body.version,
      event.at,
      textBytes(JSON.stringify(body.data)),
    ]);
    if (info.changes > 0) {
      const shown = this.readRecord(body.collection, body.id);
      if (shown !== null) {
        records.set(key, recordChange(stream, shown, false));
      }
    }
  }

  private readRecord(collection: string, id: string): StoredRecord | null {
    const row = this.one(SELECT_RECORD_SQL, [collection, id]);
    if (row !== null) {
      return recordFromRow(row);
    }
    const local = this.one(
      `SELECT collection, id, install_seq AS pending_seq, data AS pending_data
       FROM record_overlay WHERE collection = ? AND id = ?
       ORDER BY install_seq DESC LIMIT 1`,
      [collection, id],
    );
    return local === null ? null : recordFromRow(local);
  }

  /**
   * Writes the alert row an event creates or the status it sets, and returns the text to store as
   * the event's body: a reference to the alert row when the body is exactly that row's JSON.
   */
  private deriveAlertRows(
    stream: string,
    event: CacheEvent,
    bodyText: string,
    changes: Map<string, AlertChange>,
    counts: { tally: CountTally; villagePending: number },
  ): string {
    const body = parseAlertBody(event.body);
    if (body === null) {
      log.warn(
        'applyEvents: stored an alerts event whose body does not parse',
        {
          stream,
          seq: event.seq,
        },
      );
      return bodyText;
    }

    let stored = bodyText;
    let change: AlertChange | null;
    if (body.kind === 'alert.created') {
      const previous = this.one(
        'SELECT rowid, id, json, packed FROM alerts WHERE id = ?',
        body.alert.id,
      );
      const before = previous === null ? null : alertFromRow(previous);
      const values = alertRowValues(body.alert, stream);
      const reference = eventBodyText(
        bodyText,
        body.alert.id,
        values[ALERT_JSON_INDEX] as string,
      );
      if (reference.referenced) {
        values[ALERT_JSON_INDEX + 1] = event.seq;
        stored = reference.text;
      }
      const inserted = this.statement(INSERT_ALERT_SQL).run(
        boundAlertRow(values),
      );
      // Rows at or below the pending mark are not in the village counts yet (schema 11). The
      // maintenance pass adds them later, so a change here leaves their village out.
      const { tally, villagePending } = counts;
      if (before !== null) {
        tally.add(before, -1, asNumber(previous?.['rowid']) > villagePending);
      }
      tally.add(
        body.alert,
        1,
        Number(inserted.lastInsertRowid) > villagePending,
      );
      change = { before, after: body.alert };
    } else {
      change = this.writeStatus(body.alertId, body.status);
      if (change === null) {
        log.warn('applyEvents: status event for an alert not in the cache', {
          stream,
          seq: event.seq,
          alertId: body.alertId,
        });
        return bodyText;
      }
    }

    // Several events on one alert in a batch collapse to one change from the first state to the last.
    const earlier = changes.get(change.after.id);
    changes.set(change.after.id, {
      before: earlier === undefined ? change.before : earlier.before,
      after: change.after,
    });
    return stored;
  }

  private writeStatus(
    alertId: string,
    status: AlertStatus,
  ): AlertChange | null {
    const row = this.one(
      'SELECT id, json, packed FROM alerts WHERE id = ?',
      alertId,
    );
    if (row === null) {
      return null;
    }
    const before = alertFromRow(row);
    const after: Alert = { ...before, status };
    const json = JSON.stringify(after);
    // A packed row stays packed, or a status change on an old alert would undo the packing.
    const wasPacked = row['packed'] !== null && row['packed'] !== undefined;
    this.statement(
      'UPDATE alerts SET status = ?, json = ?, packed = ? WHERE id = ?',
    ).run([
      status,
      wasPacked ? '' : json,
      wasPacked ? packAlertJson(json) : null,
      alertId,
    ]);
    return { before, after };
  }

  private readAlert(id: string): Alert | null {
    const row = this.one(
      'SELECT id, json, packed FROM alerts WHERE id = ?',
      id,
    );
    return row === null ? null : alertFromRow(row);
  }

  private readPosition(stream: string): StoredPosition | null {
    const row = this.one(
      'SELECT stream, epoch, seq, last_event_at, confirmed_at FROM stream_positions WHERE stream = ?',
      stream,
    );
    return row === null ? null : positionFromRow(row);
  }

  private requirePosition(stream: string): StoredPosition {
    const position = this.readPosition(stream);
    if (position === null) {
      throw new Error(`stream ${stream} has no position after a write`);
    }
    return position;
  }

  /** Writes the summed count changes of one transaction, one upsert per key. */
  private writeTally(tally: CountTally): void {
    for (const row of tally.totalRows()) {
      this.statement(ADD_TOTAL_SQL).run(row);
    }
    for (const row of tally.hourlyRows()) {
      this.statement(ADD_HOURLY_SQL).run(row);
    }
    for (const row of tally.villageRows()) {
      this.statement(ADD_VILLAGE_SQL).run(row);
    }
  }
}

/**
 * Returns the event with its body parsed from `bodyText` when the session sent only the text, as
 * received from the central, so the body is parsed once here and never serialized again.
 */
function withBody(event: CacheEvent): CacheEvent {
  if (event.bodyText === undefined) {
    return event;
  }
  return {
    seq: event.seq,
    at: event.at,
    body: JSON.parse(event.bodyText) as unknown,
  };
}

function positionFromRow(row: SqlRow): StoredPosition {
  return {
    stream: String(row['stream']),
    epoch: String(row['epoch']),
    seq: asNumber(row['seq']),
    lastEventAt: asNullableNumber(row['last_event_at']),
    confirmedAt: asNullableNumber(row['confirmed_at']),
  };
}

function commandFromRow(row: SqlRow): OutboxCommand {
  return {
    installSeq: asNumber(row['install_seq']),
    commandId: String(row['command_id']),
    name: String(row['name']),
    payload: parseJsonColumn(row['payload']),
    createdAt: asNumber(row['created_at']),
    state: String(row['state']) as OutboxState,
    result: parseJsonColumn(row['result']),
  };
}
