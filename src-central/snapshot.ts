import { randomUUID } from 'node:crypto';
import {
  AlertEventBody,
  STREAMS,
  type Alert,
  type SnapshotPageFrame,
  type StoredRecord,
} from '../src-shared/contract/index.js';
import { createLogger } from '../src-node/logging/index.js';
import type { EventLog } from './log/event-log.js';

const log = createLogger('central-snapshot');

/** Rows per snapshot page at most; a page also stops at SNAPSHOT_PAGE_BYTES. */
export const DEFAULT_SNAPSHOT_PAGE_SIZE = 5000;
/**
 * UTF-8 bytes of rows per page at most, below the 1 MiB frame limit with room for the envelope.
 * Pages of 200 rows made a resync of 1,000,000 alerts take 5,001 requests, each answered and
 * staged before the next one was sent.
 */
export const SNAPSHOT_PAGE_BYTES = 768 * 1024;
/** Snapshots held at once; the oldest is dropped first. */
const MAX_SNAPSHOTS = 8;
/** A snapshot that received no page request for this long is dropped. */
const SNAPSHOT_IDLE_MS = 10 * 60_000;
const REBUILD_PAGE = 1000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS alert_rows (
  id TEXT PRIMARY KEY,
  json TEXT NOT NULL
);
`;

interface HeldSnapshot {
  id: string;
  stream: string;
  epoch: string;
  headSeq: number;
  /** Each row as JSON text: a million parsed alerts held several times the memory of their text. */
  rows: string[];
  /** Index of the first row of each page, then the row count. */
  bounds: number[];
  usedAt: number;
}

/**
 * Splits rows into pages of at most `maxRows` rows and `maxBytes` UTF-8 bytes; a longer row gets a
 * page of its own. Returns the index of the first row of each page, then the row count. No rows
 * make one empty page.
 */
export function pageBounds(
  rows: readonly string[],
  maxRows: number,
  maxBytes: number,
): number[] {
  const bounds = [0];
  let start = 0;
  let bytes = 0;
  for (let index = 0; index < rows.length; index += 1) {
    const size = Buffer.byteLength(rows[index] ?? '') + 1;
    if (
      index > start &&
      (index - start >= maxRows || bytes + size > maxBytes)
    ) {
      bounds.push(index);
      start = index;
      bytes = 0;
    }
    bytes += size;
  }
  bounds.push(rows.length);
  return bounds;
}

/**
 * The current state of each stream, kept beside the log so that a console whose position can no
 * longer be replayed gets the state (the alert rows) instead of the history. A snapshot is taken
 * in one synchronous read, so it matches the head it names. It is held in memory while the console
 * pages through it. A central restart drops it, and the console then starts a new one.
 */
export class SnapshotStore {
  private readonly held = new Map<string, HeldSnapshot>();
  private recordSource: (stream: string) => StoredRecord[] = () => [];
  private readonly upsert;
  private readonly selectAll;
  private readonly selectOne;

  constructor(
    private readonly log: EventLog,
    private readonly pageSize: number,
    private readonly clock: () => number,
  ) {
    log.db.exec(SCHEMA);
    this.upsert = log.prepare(
      'INSERT INTO alert_rows (id, json) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json',
    );
    this.selectAll = log.prepare('SELECT json FROM alert_rows ORDER BY id');
    this.selectOne = log.prepare('SELECT json FROM alert_rows WHERE id = ?');
    this.rebuildIfEmpty();
  }

  /** Names where the records of a record stream come from; a snapshot of it is its records. */
  setRecordSource(source: (stream: string) => StoredRecord[]): void {
    this.recordSource = source;
  }

  /** The current value of an alert, or null. */
  alert(alertId: string): Alert | null {
    const row = this.selectOne.get(alertId);
    return row ? (JSON.parse(String(row.json)) as Alert) : null;
  }

  /** Mirrors one alerts event into the rows; call inside the append's transaction. */
  recordAlertEvent(body: AlertEventBody): void {
    if (body.kind === 'alert.created') {
      this.upsert.run([body.alert.id, JSON.stringify(body.alert)]);
      return;
    }
    const row = this.selectOne.get(body.alertId);
    if (!row) {
      return;
    }
    const alert = JSON.parse(String(row.json)) as Alert;
    this.upsert.run([
      body.alertId,
      JSON.stringify({ ...alert, status: body.status }),
    ]);
  }

  /** Returns page `page` of snapshot `snapshotId`, or page 1 of a new snapshot when it is gone. */
  page(stream: string, snapshotId?: string, page = 1): SnapshotPageFrame {
    this.dropIdle();
    let snapshot =
      snapshotId === undefined ? undefined : this.held.get(snapshotId);
    if (snapshot === undefined || snapshot.stream !== stream) {
      snapshot = this.take(stream);
      page = 1;
    }
    snapshot.usedAt = this.clock();
    const pages = snapshot.bounds.length - 1;
    const index = Math.min(Math.max(page, 1), pages);
    const items = snapshot.rows
      .slice(snapshot.bounds[index - 1], snapshot.bounds[index])
      .map((row) => JSON.parse(row) as unknown);
    const last = index >= pages;
    return {
      type: 'snapshot-page',
      stream,
      snapshotId: snapshot.id,
      epoch: snapshot.epoch,
      headSeq: snapshot.headSeq,
      page: index,
      pages,
      items,
      cursor: last ? null : `${snapshot.id}:${index + 1}`,
    };
  }

  private take(stream: string): HeldSnapshot {
    const head = this.log.head(stream);
    // The text is kept as stored and parsed one page at a time, when the page is sent.
    const rows =
      stream === STREAMS.alerts
        ? this.selectAll.all().map((row) => String(row.json))
        : this.recordSource(stream).map((record) => JSON.stringify(record));
    const snapshot: HeldSnapshot = {
      id: randomUUID(),
      stream,
      epoch: head.epoch,
      headSeq: head.headSeq,
      rows,
      bounds: pageBounds(rows, this.pageSize, SNAPSHOT_PAGE_BYTES),
      usedAt: this.clock(),
    };
    this.held.set(snapshot.id, snapshot);
    while (this.held.size > MAX_SNAPSHOTS) {
      const oldest = this.held.keys().next().value;
      if (oldest === undefined) {
        break;
      }
      this.held.delete(oldest);
    }
    log.info('take: snapshot taken', {
      stream,
      snapshotId: snapshot.id,
      headSeq: head.headSeq,
      items: rows.length,
      pages: snapshot.bounds.length - 1,
    });
    return snapshot;
  }

  private dropIdle(): void {
    const limit = this.clock() - SNAPSHOT_IDLE_MS;
    for (const [id, snapshot] of this.held) {
      if (snapshot.usedAt < limit) {
        this.held.delete(id);
      }
    }
  }

  /** Fills the rows from the retained log for a log written before the rows existed. */
  private rebuildIfEmpty(): void {
    const any = this.log.db.get('SELECT count(*) AS n FROM alert_rows');
    if (any && Number(any.n) > 0) {
      return;
    }
    const head = this.log.head(STREAMS.alerts);
    let next = head.firstSeq;
    this.log.transaction(() => {
      while (next <= head.headSeq) {
        const events = this.log.read(STREAMS.alerts, next, REBUILD_PAGE);
        if (events.length === 0) {
          break;
        }
        for (const event of events) {
          const body = AlertEventBody.safeParse(event.body);
          if (body.success) {
            this.recordAlertEvent(body.data);
          }
          next = event.seq + 1;
        }
      }
    });
  }
}

/** Splits a snapshot cursor into its snapshot id and page, or null when it is not one. */
export function parseSnapshotCursor(
  cursor: string,
): { snapshotId: string; page: number } | null {
  const at = cursor.lastIndexOf(':');
  const page = Number(cursor.slice(at + 1));
  if (at <= 0 || !Number.isInteger(page) || page < 1) {
    return null;
  }
  return { snapshotId: cursor.slice(0, at), page };
}
