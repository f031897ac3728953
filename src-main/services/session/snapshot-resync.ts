import {
  Alert,
  StoredRecord,
  STREAMS,
  type ResyncFrame,
  type SnapshotPageFrame,
  type SnapshotRequestFrame,
} from '../../../src-shared/contract/index.js';
import { createLogger } from '../../../src-node/logging/index.js';
import type { Cache, StoredPosition } from '../cache/index.js';
import type { SwapProgress } from '../cache/protocol.js';
import {
  stagedAlertValues,
  stagedRecordValues,
  stagedVillageValues,
} from '../cache/snapshot-staging.js';

const log = createLogger('session-snapshot');

/** Meta key of a stream's snapshot resync progress; older builds kept staged pages below it. */
export function resyncKey(stream: string): string {
  return `resync:${stream}`;
}

/**
 * Version of the staging format: 3 appends each page to the cache's staging tables (alert_staging,
 * record_staging). Progress of another format (2 kept pages as JSON in meta rows under
 * `resync:<stream>:rows:<n>`) is dropped with its pages, and the resync starts over.
 */
const STAGE_FORMAT = 3;

/** Progress of one stream's snapshot resync, persisted under resyncKey so it resumes after a drop. */
export interface ResyncProgress {
  snapshotId: string | null;
  cursor: string | null;
  received: number;
  pages: number;
  format?: number;
}

interface RowSchema {
  safeParse(
    item: unknown,
  ): { success: true; data: unknown } | { success: false };
}

/** Schema of a snapshot row of `stream`: alert rows for alerts, stored records for the others. */
function rowSchema(stream: string): RowSchema {
  return stream === STREAMS.alerts ? Alert : StoredRecord;
}

/**
 * Rebuilds streams from paged snapshots. Each page is checked row by row and staged in the cache's
 * meta table with the cursor that requests the next one, so a dropped link resumes where it
 * stopped. The last page swaps the stream's copy in one transaction, and until then readers see
 * the old copy.
 */
export class SnapshotResync {
  private readonly active = new Map<string, ResyncProgress>();
  /** Progress text each stream's last posted page stores, which the next page must find. */
  private readonly written = new Map<string, string | null>();

  constructor(private readonly cache: Cache) {}

  /** Forgets the resyncs of the previous link; their stored progress stays in the cache. */
  clear(): void {
    this.active.clear();
    this.written.clear();
  }

  /** Loads the stored progress of the stream and builds the request that starts or resumes it. */
  async start(
    frame: ResyncFrame,
  ): Promise<{ request: SnapshotRequestFrame; progress: ResyncProgress }> {
    const key = resyncKey(frame.stream);
    const stored = await this.cache.getMeta(key);
    this.written.set(frame.stream, stored);
    let progress: ResyncProgress = {
      snapshotId: null,
      cursor: null,
      received: 0,
      pages: 0,
      format: STAGE_FORMAT,
    };
    if (stored !== null) {
      const parsed = JSON.parse(stored) as ResyncProgress;
      if (parsed.format === STAGE_FORMAT) {
        progress = parsed;
      } else {
        // Pages staged by an earlier build are in another place; fetch them again.
        await this.cache.clearStagedSnapshot(frame.stream, key);
        this.written.set(frame.stream, null);
        log.info('start: dropped pages staged in an older format', {
          stream: frame.stream,
          format: parsed.format ?? null,
        });
      }
    }
    this.active.set(frame.stream, progress);
    log.warn('start: resynchronizing a stream from a snapshot', {
      stream: frame.stream,
      reason: frame.reason,
      resumeFrom: progress.cursor,
    });
    const request: SnapshotRequestFrame = {
      type: 'snapshot-request',
      stream: frame.stream,
    };
    if (progress.snapshotId !== null) {
      request.snapshotId = progress.snapshotId;
    }
    if (progress.cursor !== null) {
      request.cursor = progress.cursor;
    }
    return { request, progress };
  }

  /**
   * Returns the request for the page after `page`, null after the last page, or 'unexpected' for a
   * page of a stream that is not being resynchronized. The session sends it before it stages
   * `page`, so the central builds the next page while this one is written.
   */
  next(page: SnapshotPageFrame): SnapshotRequestFrame | null | 'unexpected' {
    if (!this.active.has(page.stream)) {
      log.warn('next: page for a stream not being resynchronized', {
        stream: page.stream,
        page: page.page,
      });
      return 'unexpected';
    }
    if (page.cursor === null) {
      return null;
    }
    return {
      type: 'snapshot-request',
      stream: page.stream,
      snapshotId: page.snapshotId,
      cursor: page.cursor,
    };
  }

  /**
   * Checks each row of a page with its stream's schema and appends the rows that pass to the
   * cache's staging table, with the progress that resumes after this page, in one transaction.
   * Rows that fail are left out and logged. The first page of a snapshot (or of another snapshot
   * than the one staged) empties the staging table first.
   */
  async stage(page: SnapshotPageFrame): Promise<void> {
    const progress = this.active.get(page.stream);
    if (progress === undefined) {
      return;
    }

    const schema = rowSchema(page.stream);
    const rows: unknown[] = [];
    for (const item of page.items) {
      const parsed = schema.safeParse(item);
      if (parsed.success) {
        rows.push(parsed.data);
      }
    }
    if (rows.length < page.items.length) {
      log.warn('stage: snapshot rows that do not parse were left out', {
        stream: page.stream,
        page: page.page,
        skipped: page.items.length - rows.length,
      });
    }

    const next: ResyncProgress = {
      snapshotId: page.snapshotId,
      cursor: page.cursor,
      received: page.page,
      pages: page.pages,
      format: STAGE_FORMAT,
    };
    const isAlerts = page.stream === STREAMS.alerts;
    const text = JSON.stringify(next);
    const previous = this.written.get(page.stream) ?? null;
    // Set before the write finishes, so the next page can be posted behind this one.
    this.active.set(page.stream, next);
    this.written.set(page.stream, text);
    await this.cache.stageSnapshotPage({
      stream: page.stream,
      // A new snapshot id means the central started over (the old one expired or it restarted).
      restart: progress.snapshotId !== page.snapshotId || page.page === 1,
      previous,
      alertRows: isAlerts
        ? stagedAlertValues(rows as Alert[], page.stream)
        : [],
      villageRows: isAlerts ? stagedVillageValues(rows as Alert[]) : [],
      recordRows: isAlerts
        ? []
        : stagedRecordValues(rows as StoredRecord[], page.stream),
      progressKey: resyncKey(page.stream),
      progress: text,
    });
  }

  /**
   * Swaps the staged rows in as the stream's copy, at the last page's epoch and head. The cache
   * worker moves them with SQL, so the rows stay off the main thread, and reports the rows moved
   * to `onProgress`.
   */
  async swap(
    last: SnapshotPageFrame,
    onProgress?: (progress: SwapProgress) => void,
  ): Promise<StoredPosition> {
    const result = await this.cache.swapStagedSnapshot(
      {
        stream: last.stream,
        epoch: last.epoch,
        headSeq: last.headSeq,
        metaPrefix: resyncKey(last.stream),
      },
      onProgress,
    );
    this.active.delete(last.stream);
    log.info('swap: stream resynchronized', {
      stream: last.stream,
      headSeq: last.headSeq,
      rows: result.alerts + result.records,
    });
    return result.position;
  }
}
