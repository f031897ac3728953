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

/** Progress of one stream's snapshot resync, persisted under resyncKey so it resumes after a drop. */
export interface ResyncProgress {
  snapshotId: string | null;
  cursor: string | null;
  received: number;
  pages: number;
}

/**
 * Rebuilds streams from paged snapshots. Each page is staged in the cache's meta table with the
 * cursor that requests the next one, so a dropped link resumes where it stopped. The last page
 * swaps the stream's copy in one transaction, and until then readers see the old copy.
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
    const stored = await this.cache.getMeta(resyncKey(frame.stream));
    const progress: ResyncProgress =
      stored === null
        ? { snapshotId: null, cursor: null, received: 0, pages: 0 }
        : (JSON.parse(stored) as ResyncProgress);
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
   * Stages one page and returns the request for the next one, null after the last page, or
   * 'unexpected' for a page of a stream that is not being resynchronized.
   */
  async stage(
    page: SnapshotPageFrame,
  ): Promise<SnapshotRequestFrame | null | 'unexpected'> {
    const key = resyncKey(page.stream);
    let progress = this.active.get(page.stream);
    if (progress === undefined) {
      log.warn('stage: page for a stream not being resynchronized', {
        stream: page.stream,
        page: page.page,
      });
      return 'unexpected';
    }
    if (progress.snapshotId !== page.snapshotId) {
      // The central started another snapshot because the old one expired, so drop what was staged.
      await this.cache.deleteMetaPrefix(`${key}:page:`);
      progress = { ...progress, snapshotId: page.snapshotId };
    }

    await this.cache.setMeta(
      `${key}:page:${page.page}`,
      JSON.stringify(page.items),
    );
    progress = {
      snapshotId: page.snapshotId,
      cursor: page.cursor,
      received: page.page,
      pages: page.pages,
    };
    this.active.set(page.stream, progress);
    await this.cache.setMeta(key, JSON.stringify(progress));

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

  /** Swaps the staged pages in as the stream's copy, at the last page's epoch and head. */
  async swap(last: SnapshotPageFrame): Promise<StoredPosition> {
    const key = resyncKey(last.stream);
    const isAlerts = last.stream === STREAMS.alerts;
    const alerts = isAlerts
      ? await this.stagedRows(key, last, Alert)
      : ([] as Alert[]);
    const records = isAlerts
      ? ([] as StoredRecord[])
      : await this.stagedRows(key, last, StoredRecord);
    const position = await this.cache.replaceStreamFromSnapshot(
      last.stream,
      last.epoch,
      last.headSeq,
      alerts,
      key,
      records,
    );
    this.active.delete(last.stream);
    log.info('swap: stream resynchronized', {
      stream: last.stream,
      headSeq: last.headSeq,
      rows: alerts.length + records.length,
    });
    return position;
  }

  private async stagedRows<T>(
    key: string,
    last: SnapshotPageFrame,
    schema: {
      safeParse(item: unknown): { success: true; data: T } | { success: false };
    },
  ): Promise<T[]> {
    const alerts: T[] = [];
    let skipped = 0;
    for (let index = 1; index <= last.pages; index += 1) {
      const text = await this.cache.getMeta(`${key}:page:${index}`);
      const items = text === null ? [] : (JSON.parse(text) as unknown[]);
      for (const item of items) {
        const parsed = schema.safeParse(item);
        if (parsed.success) {
          alerts.push(parsed.data);
        } else {
          skipped += 1;
        }
      }
    }
    if (skipped > 0) {
      log.warn('stagedRows: snapshot rows that do not parse were left out', {
        stream: last.stream,
        skipped,
      });
    }
    return alerts;
  }
}
