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

const log = createLogger('session-snapshot');

/** Meta key prefix of a stream's snapshot resync: its progress, and its staged pages below it. */
export function resyncKey(stream: string): string {
  return `resync:${stream}`;
}

/**
 * Version of the staged page format: 2 stores each page as `resync:<stream>:rows:<n>`, holding only
 * rows that passed their schema. Progress of another format is dropped and the resync starts over.
 */
const STAGE_FORMAT = 2;

/** Meta key of staged page `page` of a stream's snapshot resync. */
export function stagedPageKey(stream: string, page: number): string {
  return `${resyncKey(stream)}:rows:${page}`;
}

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

  constructor(private readonly cache: Cache) {}

  /** Forgets the resyncs of the previous link; their stored progress stays in the cache. */
  clear(): void {
    this.active.clear();
  }

  /** Loads the stored progress of the stream and builds the request that starts or resumes it. */
  async start(
    frame: ResyncFrame,
  ): Promise<{ request: SnapshotRequestFrame; progress: ResyncProgress }> {
    const key = resyncKey(frame.stream);
    const stored = await this.cache.getMeta(key);
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
        // Pages staged by an earlier build hold rows that were never checked; fetch them again.
        await this.cache.deleteMetaPrefix(`${key}:`);
        log.info('start: dropped pages staged in an older format', {
          stream: frame.stream,
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
   * Checks each row of a page with its stream's schema and stages the rows that pass, then the
   * progress that resumes after this page. Rows that fail are left out and logged.
   */
  async stage(page: SnapshotPageFrame): Promise<void> {
    const key = resyncKey(page.stream);
    const progress = this.active.get(page.stream);
    if (progress === undefined) {
      return;
    }
    if (progress.snapshotId !== page.snapshotId) {
      // The central started another snapshot because the old one expired, so drop what was staged.
      await this.cache.deleteMetaPrefix(`${key}:rows:`);
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

    await this.cache.setMeta(
      stagedPageKey(page.stream, page.page),
      JSON.stringify(rows),
    );
    const next: ResyncProgress = {
      snapshotId: page.snapshotId,
      cursor: page.cursor,
      received: page.page,
      pages: page.pages,
      format: STAGE_FORMAT,
    };
    this.active.set(page.stream, next);
    await this.cache.setMeta(key, JSON.stringify(next));
  }

  /**
   * Swaps the staged pages in as the stream's copy, at the last page's epoch and head. The cache
   * worker reads the pages back itself, so the rows stay off the main thread.
   */
  async swap(last: SnapshotPageFrame): Promise<StoredPosition> {
    const pageKeys = Array.from({ length: last.pages }, (_, index) =>
      stagedPageKey(last.stream, index + 1),
    );
    const result = await this.cache.swapStagedSnapshot({
      stream: last.stream,
      epoch: last.epoch,
      headSeq: last.headSeq,
      pageKeys,
      metaPrefix: resyncKey(last.stream),
    });
    this.active.delete(last.stream);
    if (result.missingPages > 0) {
      log.warn(
        'swap: staged pages were missing; their rows are not in the cache',
        {
          stream: last.stream,
          missingPages: result.missingPages,
        },
      );
    }
    log.info('swap: stream resynchronized', {
      stream: last.stream,
      headSeq: last.headSeq,
      rows: result.alerts + result.records,
    });
    return result.position;
  }
}
