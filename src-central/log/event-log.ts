import { randomBytes } from 'node:crypto';
import type { StreamHead } from '../../src-shared/contract/index.js';
import { createLogger } from '../../src-node/logging/index.js';
import {
  openDatabaseFile,
  type OpenedDatabase,
  type SqliteDatabase,
} from './sqlite-file.js';

type Statement = ReturnType<SqliteDatabase['prepare']>;

const log = createLogger('central-log');

/** One event as stored in the log. */
export interface LoggedEvent {
  stream: string;
  epoch: string;
  seq: number;
  /** Instant of the append, in ms since the Unix epoch. */
  at: number;
  body: unknown;
}

export interface RetentionRule {
  /** Drop events appended before this instant (ms since the Unix epoch). */
  appendedBefore?: number;
  /** Keep at most this many of the newest events. */
  keepLast?: number;
}

export interface EventLogOptions {
  clock?: () => number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS streams (
  name TEXT PRIMARY KEY,
  epoch TEXT NOT NULL,
  first_seq INTEGER NOT NULL,
  head_seq INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
  stream TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (stream, seq)
) WITHOUT ROWID;
`;

/** Layout version of the file, kept in `PRAGMA user_version`. */
export const SCHEMA_VERSION = 1;

/** Rejects a file written by a newer central, whose tables this code might misread. */
function checkSchemaVersion(file: OpenedDatabase): void {
  const row = file.db.get('PRAGMA user_version');
  const version = Number(row?.user_version ?? 0);
  if (version > SCHEMA_VERSION) {
    throw new Error(
      `database ${file.path} has layout version ${version}, newer than ${SCHEMA_VERSION}; ` +
        'run a newer central or use another data folder',
    );
  }
  if (version < SCHEMA_VERSION) {
    file.db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
  }
}

/** Creates a log epoch: 16 random bytes in hex, new for every stream that starts from nothing. */
function newEpoch(): string {
  return randomBytes(16).toString('hex');
}

function asNumber(value: unknown, column: string): number {
  if (typeof value === 'number') {
    return value;
  }
  if (typeof value === 'bigint') {
    return Number(value);
  }
  throw new Error(
    `column ${column} contains a ${typeof value}, expected a number`,
  );
}

interface StreamRow {
  epoch: string;
  firstSeq: number;
  headSeq: number;
}

/**
 * Durable per-stream event log in a SQLite file. Each stream numbers its events gaplessly from 1
 * and carries an epoch, which changes only when the stream is created anew (a wiped or new file).
 * Retention drops a prefix of old events and moves `firstSeq`, never the head.
 *
 * The log is synchronous on purpose: node-sqlite3-wasm blocks the caller, and keeping every
 * append in one call on the event loop means no append can interleave with another.
 */
export class EventLog {
  readonly path: string;
  private readonly file: OpenedDatabase;
  private readonly clock: () => number;
  private readonly statements: Statement[] = [];
  private readonly selectStream: Statement;
  private readonly insertStream: Statement;
  private readonly updateHead: Statement;
  private readonly updateFirst: Statement;
  private readonly insertEvent: Statement;
  private readonly selectRange: Statement;
  private transactionDepth = 0;
  private pendingNotices: LoggedEvent[][] = [];
  private readonly appendListeners = new Set<(events: LoggedEvent[]) => void>();

  private constructor(file: OpenedDatabase, options: EventLogOptions) {
    this.file = file;
    this.path = file.path;
    this.clock = options.clock ?? Date.now;
    checkSchemaVersion(file);
    file.db.exec(SCHEMA);

    this.selectStream = this.prepare(
      'SELECT epoch, first_seq AS firstSeq, head_seq AS headSeq FROM streams WHERE name = ?',
    );
    this.insertStream = this.prepare(
      'INSERT INTO streams (name, epoch, first_seq, head_seq, created_at) VALUES (?, ?, 1, 0, ?)',
    );
    this.updateHead = this.prepare(
      'UPDATE streams SET head_seq = ? WHERE name = ?',
    );
    this.updateFirst = this.prepare(
      'UPDATE streams SET first_seq = ? WHERE name = ?',
    );
    this.insertEvent = this.prepare(
      'INSERT INTO events (stream, seq, at, body) VALUES (?, ?, ?, ?)',
    );
    this.selectRange = this.prepare(
      'SELECT seq, at, body FROM events WHERE stream = ? AND seq >= ? ORDER BY seq LIMIT ?',
    );
  }

  /** Opens the log file, creating it when missing; clears a stale lock of a killed process. */
  static open(file: string, options: EventLogOptions = {}): EventLog {
    const opened = openDatabaseFile(file);
    try {
      return new EventLog(opened, options);
    } catch (error) {
      opened.close();
      throw error;
    }
  }

  /** The open connection, for stores that keep their tables in the same file. */
  get db(): SqliteDatabase {
    return this.file.db;
  }

  /** Prepares a statement that `close` finalizes. */
  prepare(sql: string): Statement {
    const statement = this.file.db.prepare(sql);
    this.statements.push(statement);
    return statement;
  }

  /**
   * Runs `work` in one transaction, or inside the caller's transaction when one is open. Append
   * listeners hear about the events only after the outermost commit, so no listener receives an event that
   * a rollback later removes.
   */
  transaction<T>(work: () => T): T {
    if (this.transactionDepth > 0) {
      this.transactionDepth += 1;
      try {
        return work();
      } finally {
        this.transactionDepth -= 1;
      }
    }

    this.file.db.exec('BEGIN IMMEDIATE');
    this.transactionDepth = 1;
    let result: T;
    try {
      result = work();
      this.file.db.exec('COMMIT');
    } catch (error) {
      this.pendingNotices = [];
      if (this.file.db.inTransaction) {
        this.file.db.exec('ROLLBACK');
      }
      throw error;
    } finally {
      this.transactionDepth = 0;
    }

    const notices = this.pendingNotices;
    this.pendingNotices = [];
    for (const events of notices) {
      this.notify(events);
    }
    return result;
  }

  /** Registers a listener called with each committed batch, in sequence order. */
  onAppend(listener: (events: LoggedEvent[]) => void): () => void {
    this.appendListeners.add(listener);
    return () => this.appendListeners.delete(listener);
  }

  /** Appends `bodies` to `stream` in one transaction and returns them with their sequences. */
  append(stream: string, bodies: readonly unknown[]): LoggedEvent[] {
    if (bodies.length === 0) {
      return [];
    }
    return this.transaction(() => {
      const current = this.streamRow(stream);
      const at = this.clock();
      const events: LoggedEvent[] = [];
      let seq = current.headSeq;
      for (const body of bodies) {
        seq += 1;
        const text = JSON.stringify(body);
        if (text === undefined) {
          throw new Error(
            `event body for stream ${stream} cannot be written as JSON`,
          );
        }
        this.insertEvent.run([stream, seq, at, text]);
        events.push({ stream, epoch: current.epoch, seq, at, body });
      }
      this.updateHead.run([seq, stream]);
      this.pendingNotices.push(events);
      return events;
    });
  }

  /** Reads up to `limit` events of `stream` from `fromSeq` on, in order. */
  read(stream: string, fromSeq: number, limit: number): LoggedEvent[] {
    const current = this.existingStream(stream);
    if (!current || limit <= 0) {
      return [];
    }
    const rows = this.selectRange.all([stream, Math.max(fromSeq, 1), limit]);
    return rows.map((row) => ({
      stream,
      epoch: current.epoch,
      seq: asNumber(row.seq, 'seq'),
      at: asNumber(row.at, 'at'),
      body: JSON.parse(String(row.body)) as unknown,
    }));
  }

  /** Returns the epoch, first retained sequence and head of `stream`, creating it when new. */
  head(stream: string): StreamHead {
    const row = this.streamRow(stream);
    return { epoch: row.epoch, firstSeq: row.firstSeq, headSeq: row.headSeq };
  }

  streams(): string[] {
    return this.file.db
      .all('SELECT name FROM streams ORDER BY name')
      .map((row) => String(row.name));
  }

  /**
   * Drops the oldest events of `stream` by `rule` and returns how many it dropped. Only a prefix
   * is dropped, even if clocks went backwards, so the retained range stays gapless.
   */
  prune(stream: string, rule: RetentionRule): number {
    return this.transaction(() => {
      const current = this.existingStream(stream);
      if (!current || current.headSeq < current.firstSeq) {
        return 0;
      }
      let lastDropped = current.firstSeq - 1;

      if (rule.appendedBefore !== undefined) {
        const row = this.file.db.get(
          'SELECT max(seq) AS seq FROM events WHERE stream = ? AND at < ?',
          [stream, rule.appendedBefore],
        );
        if (row && row.seq !== null && row.seq !== undefined) {
          lastDropped = Math.max(lastDropped, asNumber(row.seq, 'seq'));
        }
      }
      if (rule.keepLast !== undefined) {
        lastDropped = Math.max(
          lastDropped,
          current.headSeq - Math.max(rule.keepLast, 0),
        );
      }
      if (lastDropped < current.firstSeq) {
        return 0;
      }

      const info = this.file.db.run(
        'DELETE FROM events WHERE stream = ? AND seq <= ?',
        [stream, lastDropped],
      );
      this.updateFirst.run([lastDropped + 1, stream]);
      log.info('prune: dropped old events', {
        stream,
        dropped: info.changes,
        firstSeq: lastDropped + 1,
      });
      return info.changes;
    });
  }

  get isOpen(): boolean {
    return this.file.db.isOpen;
  }

  /** Finalizes the prepared statements and closes the file. Safe to call twice. */
  close(): void {
    if (!this.file.db.isOpen) {
      return;
    }
    for (const statement of this.statements) {
      if (!statement.isFinalized) {
        statement.finalize();
      }
    }
    this.statements.length = 0;
    this.appendListeners.clear();
    this.file.close();
  }

  private existingStream(stream: string): StreamRow | null {
    const row = this.selectStream.get(stream);
    if (!row) {
      return null;
    }
    return {
      epoch: String(row.epoch),
      firstSeq: asNumber(row.firstSeq, 'first_seq'),
      headSeq: asNumber(row.headSeq, 'head_seq'),
    };
  }

  private streamRow(stream: string): StreamRow {
    const existing = this.existingStream(stream);
    if (existing) {
      return existing;
    }
    const epoch = newEpoch();
    this.insertStream.run([stream, epoch, this.clock()]);
    log.info('streamRow: created stream', { stream, epoch });
    return { epoch, firstSeq: 1, headSeq: 0 };
  }

  private notify(events: LoggedEvent[]): void {
    for (const listener of this.appendListeners) {
      try {
        listener(events);
      } catch (error) {
        log.error('notify: append listener failed', {
          stream: events[0]?.stream,
          error: (error as Error).message,
        });
      }
    }
  }
}
