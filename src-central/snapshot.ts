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
  usedAt: number;
  /** Rows of the stream when the snapshot was taken, for the page count shown as progress. */
  total: number;
  /**
   * Alerts: for each page handed out so far, the alert id its rows come after ('' for page 1)
   * and the rows served before it. A page is read from alert_rows when it is requested.
   */
  starts: Map<number, { after: string; rowsBefore: number }>;
  /** Alerts: rows to read for the next page, sized from the bytes of earlier rows. */
  readLimit: number;
  /** Record streams: each record as JSON text, taken at once because they are few. */
  rows: string[];
  /** Record streams: index of the first row of each page, then the row count. */
  bounds: number[];
}

/** A snapshot page as the frame's fields without its items, and the whole frame as JSON text. */
export interface SnapshotPageText {
  header: Omit<SnapshotPageFrame, 'items'>;
  items: number;
  /** The frame, built from the stored JSON of each row so that no row is parsed and written again. */
  text: string;
}

/** Builds the JSON text of a snapshot-page frame around rows that are already JSON text. */
export function snapshotPageText(
  header: Omit<SnapshotPageFrame, 'items'>,
  rows: readonly string[],
): string {
  const { cursor, ...fields } = header;
  const head = JSON.stringify(fields);
  return `${head.slice(0, -1)},"items":[${rows.join(',')}],"cursor":${JSON.stringify(cursor)}}`;
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
 * longer be replayed gets the state (the alert rows) instead of the history.
 *
 * An alerts snapshot records the head when it is taken and then reads each page from alert_rows
 * by id when the console requests it, so it never holds the rows or blocks the event loop for a
 * full read. A row may therefore already show events after that head. The console replays every
 * event after the head once the last page is stored, and alert events are full values or status
 * changes, so applying them again yields the state at the log's head. A record stream snapshot is
 * read at once, because its records are few. A central restart drops the snapshots, and the
 * console then starts a new one.
 */
export class SnapshotStore {
  private readonly held = new Map<string, HeldSnapshot>();
  private recordSource: (stream: string) => StoredRecord[] = () => [];
  private readonly upsert;
  private readonly selectAfter;
  private readonly countRows;
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
    this.selectAfter = log.prepare(
      'SELECT id, json FROM alert_rows WHERE id > ? ORDER BY id LIMIT ?',
    );
    this.countRows = log.prepare('SELECT count(*) AS n FROM alert_rows');
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

  /**
   * Returns page `page` of snapshot `snapshotId`, or page 1 of a new snapshot when that snapshot is
   * gone or that page was never handed out as a cursor.
   */
  page(stream: string, snapshotId?: string, page = 1): SnapshotPageText {
    this.dropIdle();
    let snapshot =
      snapshotId === undefined ? undefined : this.held.get(snapshotId);
    if (
      snapshot === undefined ||
      snapshot.stream !== stream ||
      !this.hasPage(snapshot, page)
    ) {
      snapshot = this.take(stream);
      page = 1;
    }
    snapshot.usedAt = this.clock();
    const { rows, pages, last } =
      stream === STREAMS.alerts
        ? this.readAlertPage(snapshot, page)
        : this.recordPage(snapshot, page);
    const header: Omit<SnapshotPageFrame, 'items'> = {
      type: 'snapshot-page',
      stream,
      snapshotId: snapshot.id,
      epoch: snapshot.epoch,
      headSeq: snapshot.headSeq,
      page,
      pages,
      cursor: last ? null : `${snapshot.id}:${page + 1}`,
    };
    return { header, items: rows.length, text: snapshotPageText(header, rows) };
  }

  private hasPage(snapshot: HeldSnapshot, page: number): boolean {
    if (snapshot.stream === STREAMS.alerts) {
      return snapshot.starts.has(page);
    }
    return page >= 1 && page < snapshot.bounds.length;
  }

  /**
   * Reads the rows of an alerts page after the id where it starts, up to the row limit and
   * SNAPSHOT_PAGE_BYTES, and records where the next page starts. One row more than fits is read,
   * to tell whether another page follows.
   */
  private readAlertPage(
    snapshot: HeldSnapshot,
    page: number,
  ): { rows: string[]; pages: number; last: boolean } {
    const start = snapshot.starts.get(page) ?? { after: '', rowsBefore: 0 };
    const found = this.selectAfter.all([start.after, snapshot.readLimit + 1]);
    const cap = Math.min(this.pageSize, snapshot.readLimit);
    const rows: string[] = [];
    let bytes = 0;
    let lastId = start.after;
    for (const row of found) {
      const json = String(row.json);
      const size = Buffer.byteLength(json) + 1;
      if (
        rows.length > 0 &&
        (rows.length >= cap || bytes + size > SNAPSHOT_PAGE_BYTES)
      ) {
        break;
      }
      rows.push(json);
      bytes += size;
      lastId = String(row.id);
    }
    const last = rows.length === found.length;
    if (rows.length > 0) {
      // Read a tenth more rows than the last page's average size fits, so few reads go unused.
      const fit = Math.ceil((SNAPSHOT_PAGE_BYTES / bytes) * rows.length * 1.1);
      snapshot.readLimit = Math.max(1, Math.min(this.pageSize, fit));
    }
    const rowsBefore = start.rowsBefore + rows.length;
    if (last) {
      return { rows, pages: page, last };
    }
    snapshot.starts.set(page + 1, { after: lastId, rowsBefore });
    const left = Math.max(0, snapshot.total - rowsBefore);
    const more = Math.max(1, Math.ceil(left / Math.max(1, rows.length)));
    return { rows, pages: page + more, last };
  }

  private recordPage(
    snapshot: HeldSnapshot,
    page: number,
  ): { rows: string[]; pages: number; last: boolean } {
    const pages = snapshot.bounds.length - 1;
    return {
      rows: snapshot.rows.slice(
        snapshot.bounds[page - 1],
        snapshot.bounds[page],
      ),
      pages,
      last: page >= pages,
    };
  }

  private take(stream: string): HeldSnapshot {
    const head = this.log.head(stream);
    const isAlerts = stream === STREAMS.alerts;
    const rows = isAlerts
      ? []
      : this.recordSource(stream).map((record) => JSON.stringify(record));
    const total = isAlerts
      ? Number(this.countRows.all()[0]?.n ?? 0)
      : rows.length;
    const snapshot: HeldSnapshot = {
      id: randomUUID(),
      stream,
      epoch: head.epoch,
      headSeq: head.headSeq,
      usedAt: this.clock(),
      total,
      starts: new Map([[1, { after: '', rowsBefore: 0 }]]),
      readLimit: this.pageSize,
      rows,
      bounds: isAlerts
        ? [0, 0]
        : pageBounds(rows, this.pageSize, SNAPSHOT_PAGE_BYTES),
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
      items: total,
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
