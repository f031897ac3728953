import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import type {
  Alert,
  AlertAggregates,
  AlertQuery,
  AlertStatus,
} from '../../../src-shared/contract/index.js';
import { createLogger } from '../../../src-node/logging/index.js';
import {
  INSERT_ALERT_SQL,
  UNKNOWN_KEY,
  alertFromRow,
  alertRowValues,
  buildAlertQuery,
  emptyAggregates,
  parseAlertBody,
} from './alert-rows.js';
import { claimCache, releaseCache } from './lock.js';
import {
  MIGRATIONS,
  SCHEMA_VERSION,
  migrate,
  readSchemaVersion,
  type Migration,
} from './schema.js';
import {
  Database,
  type SqlRow,
  type SqlValue,
  type Statement,
} from './sqlite.js';
import type {
  AlertChange,
  ApplyResult,
  CacheEvent,
  CommandOutcome,
  EnqueueResult,
  OptimisticStatus,
  OutboxCommand,
  OutboxState,
  SettleResult,
  StoredPosition,
} from './types.js';

const log = createLogger('cache');

const DEFAULT_CLOSE_TIMEOUT_MS = 5_000;

export interface CacheOptions {
  /** Path of the SQLite file; its folder is created when missing. */
  path: string;
  /** Clock in ms since the Unix epoch. */
  now?: () => number;
  /** Schema steps; tests pass a prefix to build an older cache. */
  migrations?: readonly Migration[];
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
 * The console's local cache: logged events, alerts derived from them, stream positions, the
 * command outbox and install metadata, in one SQLite file.
 *
 * NOTE: every method runs synchronously on the calling thread. The API returns promises so that a
 * later move into a worker thread does not change any caller.
 */
export class Cache {
  private readonly statements = new Map<string, Statement>();
  private closed = false;

  private constructor(
    private readonly db: Database,
    readonly path: string,
    private readonly now: () => number,
  ) {}

  /** Opens or creates the cache at `options.path`, migrating it to the current schema. */
  static async open(options: CacheOptions): Promise<Cache> {
    const now = options.now ?? Date.now;
    const migrations = options.migrations ?? MIGRATIONS;
    const latest = migrations[migrations.length - 1]?.version ?? 0;

    mkdirSync(dirname(options.path), { recursive: true });
    claimCache(options.path);

    let db: Database;
    try {
      db = openConfigured(options.path);
      const found = readSchemaVersion(db);
      if (found > latest) {
        db.close();
        moveAside(options.path, found, latest, now());
        db = openConfigured(options.path);
      }
      const { from, to } = migrate(db, migrations);
      if (from !== to) {
        log.info('open: migrated the cache schema', {
          path: options.path,
          from,
          to,
        });
      }
    } catch (error) {
      releaseCache(options.path);
      throw error;
    }

    const cache = new Cache(db, options.path, now);
    cache.ensureInstallId();
    return cache;
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  // ---- meta ----

  async installId(): Promise<string> {
    return this.ensureInstallId();
  }

  async getMeta(key: string): Promise<string | null> {
    const row = this.one('SELECT value FROM meta WHERE key = ?', key);
    const value = row?.['value'];
    return typeof value === 'string' ? value : null;
  }

  async setMeta(key: string, value: string): Promise<void> {
    this.statement(
      'INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)',
    ).run([key, value]);
  }

  // ---- streams ----

  async positions(): Promise<Record<string, StoredPosition>> {
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

  async position(stream: string): Promise<StoredPosition | null> {
    return this.readPosition(stream);
  }

  /**
   * Writes a batch of one stream in a single transaction: the events, the alert rows derived from
   * them and the new position. Events at or below the stored position are skipped, so a replayed
   * batch changes nothing. A gap or an epoch other than the stored one rolls the whole batch back.
   */
  async applyEvents(
    stream: string,
    epoch: string,
    events: readonly CacheEvent[],
  ): Promise<ApplyResult> {
    return this.transaction(() =>
      this.applyInTransaction(stream, epoch, events),
    );
  }

  /** Drops a stream's events and alerts and restarts it at `epoch`, before the sequence `nextSeq`. */
  async resetStream(
    stream: string,
    epoch: string,
    nextSeq = 1,
  ): Promise<StoredPosition> {
    return this.transaction(() => {
      this.statement('DELETE FROM events WHERE stream = ?').run(stream);
      this.statement('DELETE FROM alerts WHERE stream = ?').run(stream);
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

  /** Records that the console was level with the central on `stream` at `at`. */
  async markConfirmed(
    stream: string,
    at: number,
  ): Promise<StoredPosition | null> {
    this.statement(
      'UPDATE stream_positions SET confirmed_at = ? WHERE stream = ?',
    ).run([at, stream]);
    return this.readPosition(stream);
  }

  async eventCount(stream: string): Promise<number> {
    const row = this.one(
      'SELECT COUNT(*) AS n FROM events WHERE stream = ?',
      stream,
    );
    return asNumber(row?.['n']);
  }

  /** Stored events of a stream in sequence order, for diagnostics and tests. */
  async events(
    stream: string,
  ): Promise<{ seq: number; epoch: string; at: number; body: unknown }[]> {
    const rows = this.many(
      'SELECT seq, epoch, at, body FROM events WHERE stream = ? ORDER BY seq',
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

  async aggregates(): Promise<AlertAggregates> {
    const result = emptyAggregates();
    const total = this.one('SELECT COUNT(*) AS n FROM alerts');
    result.total = asNumber(total?.['n']);
    result.byLevel = this.groupCounts(
      `SELECT COALESCE(CAST(level AS TEXT), '${UNKNOWN_KEY}') AS k, COUNT(*) AS n FROM alerts GROUP BY k`,
    );
    result.byClass = this.groupCounts(
      `SELECT COALESCE(emergency_class, '${UNKNOWN_KEY}') AS k, COUNT(*) AS n FROM alerts GROUP BY k`,
    );
    result.byType = this.groupCounts(
      'SELECT event_type_label AS k, COUNT(*) AS n FROM alerts GROUP BY k',
    );
    result.byTown = this.groupCounts(
      `SELECT COALESCE(town_name, '${UNKNOWN_KEY}') AS k, COUNT(*) AS n FROM alerts GROUP BY k`,
    );
    // Integer division truncates toward zero; instants before 1970 do not occur in alerts.
    result.byHour = this.groupCounts(
      'SELECT CAST((occurred_at / 3600000) * 3600000 AS TEXT) AS k, COUNT(*) AS n FROM alerts GROUP BY k',
    );
    return result;
  }

  /** Returns the newest alerts by publication time, then id, newest first. */
  async latestAlerts(limit: number): Promise<Alert[]> {
    return this.queryAlerts({ limit });
  }

  async queryAlerts(query: AlertQuery): Promise<Alert[]> {
    const { sql, values } = buildAlertQuery(query);
    const rows = this.many(sql, values);
    return rows.map(alertFromRow);
  }

  async getAlert(id: string): Promise<Alert | null> {
    return this.readAlert(id);
  }

  // ---- outbox ----

  /**
   * Queues a command with the next install sequence and a fresh idempotency key. When `optimistic`
   * is given, the alert's status changes in the same transaction, so a crash keeps both or neither.
   */
  async enqueueCommand(
    name: string,
    payload: unknown,
    optimistic: OptimisticStatus | null = null,
  ): Promise<EnqueueResult> {
    return this.transaction(() => {
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
      return { installSeq, commandId, alertChanges };
    });
  }

  async pendingCommands(): Promise<OutboxCommand[]> {
    const rows = this.many(
      `SELECT install_seq, command_id, name, payload, created_at, state, result
       FROM outbox WHERE state = 'pending' ORDER BY install_seq`,
    );
    return rows.map(commandFromRow);
  }

  async pendingCount(): Promise<number> {
    const row = this.one(
      "SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'",
    );
    return asNumber(row?.['n']);
  }

  async allCommands(): Promise<OutboxCommand[]> {
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
  async markCommandResult(outcome: CommandOutcome): Promise<SettleResult> {
    return this.transaction(() => {
      const row = this.one(
        "SELECT undo FROM outbox WHERE install_seq = ? AND state = 'pending'",
        outcome.installSeq,
      );
      if (row === null) {
        return { updated: false, alertChanges: [] };
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
      return { updated: true, alertChanges };
    });
  }

  /**
   * Marks pending commands at or below `watermark` as applied: the central reported it has applied
   * them, but the console never received their results.
   */
  async settleUpTo(watermark: number): Promise<number> {
    const info = this.statement(
      `UPDATE outbox SET state = 'applied', result = ?
       WHERE state = 'pending' AND install_seq <= ?`,
    ).run([JSON.stringify({ settledByWatermark: watermark }), watermark]);
    return info.changes;
  }

  // ---- lifecycle ----

  /**
   * Finalizes every prepared statement, closes the file and releases the owner record. Finalizing
   * stops at `timeoutMs`; SQLite's close_v2 then frees what is left when the handle goes away.
   */
  async close(timeoutMs = DEFAULT_CLOSE_TIMEOUT_MS): Promise<void> {
    if (this.closed) {
      return;
    }
    this.closed = true;
    const deadline = this.now() + timeoutMs;
    let skipped = 0;
    for (const [sql, statement] of this.statements) {
      if (this.now() > deadline) {
        skipped += 1;
        continue;
      }
      try {
        statement.finalize();
      } catch (error) {
        log.warn('close: finalizing a statement failed', {
          sql,
          error: (error as Error).message,
        });
      }
    }
    if (skipped > 0) {
      log.warn('close: finalizing statements timed out; closing anyway', {
        path: this.path,
        skipped,
        timeoutMs,
      });
    }
    this.statements.clear();
    try {
      if (this.db.inTransaction) {
        this.db.exec('ROLLBACK');
      }
      this.db.close();
    } finally {
      releaseCache(this.path);
    }
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

    for (const event of events) {
      if (event.seq <= seq) {
        skipped += 1;
        continue;
      }
      // A cache that was never given a position may start anywhere; after that, no gaps.
      if (seq > 0 && event.seq !== seq + 1) {
        throw new Error(
          `stream ${stream} has a gap: event ${event.seq} follows ${seq}; reconnect to replay the missing events`,
        );
      }
      this.statement(
        'INSERT INTO events (stream, seq, epoch, at, body) VALUES (?, ?, ?, ?, ?)',
      ).run([stream, event.seq, epoch, event.at, JSON.stringify(event.body)]);
      this.deriveAlertRows(stream, event, changes);
      seq = event.seq;
      lastEventAt = event.at;
      applied += 1;
    }

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
      position: this.requirePosition(stream),
    };
  }

  private deriveAlertRows(
    stream: string,
    event: CacheEvent,
    changes: Map<string, AlertChange>,
  ): void {
    if (stream !== 'alerts') {
      return;
    }
    const body = parseAlertBody(event.body);
    if (body === null) {
      log.warn(
        'applyEvents: stored an alerts event whose body does not parse',
        {
          stream,
          seq: event.seq,
        },
      );
      return;
    }

    let change: AlertChange | null;
    if (body.kind === 'alert.created') {
      const before = this.readAlert(body.alert.id);
      this.statement(INSERT_ALERT_SQL).run(alertRowValues(body.alert, stream));
      change = { before, after: body.alert };
    } else {
      change = this.writeStatus(body.alertId, body.status);
      if (change === null) {
        log.warn('applyEvents: status event for an alert not in the cache', {
          stream,
          seq: event.seq,
          alertId: body.alertId,
        });
        return;
      }
    }

    // Several events on one alert in a batch collapse to one change from the first state to the last.
    const earlier = changes.get(change.after.id);
    changes.set(change.after.id, {
      before: earlier === undefined ? change.before : earlier.before,
      after: change.after,
    });
  }

  private writeStatus(
    alertId: string,
    status: AlertStatus,
  ): AlertChange | null {
    const before = this.readAlert(alertId);
    if (before === null) {
      return null;
    }
    const after: Alert = { ...before, status };
    this.statement('UPDATE alerts SET status = ?, json = ? WHERE id = ?').run([
      status,
      JSON.stringify(after),
      alertId,
    ]);
    return { before, after };
  }

  private readAlert(id: string): Alert | null {
    const row = this.one('SELECT id, json FROM alerts WHERE id = ?', id);
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

  private groupCounts(sql: string): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const row of this.many(sql)) {
      counts[String(row['k'])] = asNumber(row['n']);
    }
    return counts;
  }
}

/**
 * Opens the file with the pragmas the cache relies on. This WASM build has no shared memory, so
 * WAL is unavailable; DELETE journaling commits by removing the journal, and the VFS syncs the
 * folder on that delete. synchronous=FULL syncs the journal before the database is written, so an
 * event acknowledged to the central survives a power cut.
 */
function openConfigured(path: string): Database {
  const db = new Database(path);
  try {
    db.exec('PRAGMA journal_mode = DELETE');
    db.exec('PRAGMA synchronous = FULL');
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** Renames a cache written by a newer build, so this build starts afresh without destroying it. */
function moveAside(
  path: string,
  found: number,
  supported: number,
  now: number,
): void {
  const target = `${path}.v${found}-${now}.bak`;
  renameSync(path, target);
  if (existsSync(`${path}-journal`)) {
    renameSync(`${path}-journal`, `${target}-journal`);
  }
  log.warn(
    'open: the cache has a newer schema than this build supports; moved it aside and created a new one',
    { path, movedTo: target, found, supported },
  );
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

export { SCHEMA_VERSION };
