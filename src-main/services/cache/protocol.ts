import type { LogRecord } from '../../../src-node/logging/index.js';
import type { SqlValue } from './sqlite.js';
import type { StoreOptions } from './store.js';
import type { StoredPosition } from './types.js';

/** Store methods the proxy may call; the worker rejects any other name. */
export const STORE_METHODS = [
  'installId',
  'getMeta',
  'setMeta',
  'deleteMetaPrefix',
  'replaceStreamFromSnapshot',
  'stagedRowCount',
  'positions',
  'position',
  'applyEvents',
  'applyBatch',
  'resetStream',
  'markConfirmed',
  'eventCount',
  'events',
  'aggregates',
  'aggregatesByTown',
  'villageCountsByTown',
  'latestAlerts',
  'queryAlerts',
  'openSevereAlerts',
  'getAlert',
  'queryRecords',
  'getRecord',
  'recordCount',
  'enqueueCommand',
  'pendingCommands',
  'pendingCount',
  'allCommands',
  'markCommandResult',
  'settleUpTo',
  'maintain',
  'stats',
  'check',
  'exportTo',
] as const;

export type StoreMethod = (typeof STORE_METHODS)[number];

/**
 * A request from the proxy. `now` is the proxy's clock at the time of the call, because a clock
 * function cannot cross the thread boundary and tests drive a simulated one.
 */
export type WorkerRequest = { id: number; now: number } & (
  | { type: 'open'; options: StoreOptions }
  | { type: 'call'; method: StoreMethod; args: unknown[] }
  | { type: 'close'; timeoutMs: number }
  | { type: 'import'; source: string; target: string }
  | { type: 'memory' }
  | { type: 'stage-snapshot'; page: SnapshotPageRows }
  | { type: 'clear-snapshot'; stream: string; metaPrefix: string }
  | { type: 'swap-snapshot'; snapshot: StagedSnapshot }
);

/**
 * One snapshot page for the staging tables, with the resync progress stored in the same
 * transaction. The rows passed their schema on the main thread.
 */
export interface SnapshotPageRows {
  stream: string;
  /** Empty the stream's staged rows first: the first page of a new snapshot. */
  restart: boolean;
  /**
   * Progress text the previous page stored under `progressKey`. Unless `restart` is set, the page
   * is refused when the stored text differs, so a page never lands after a lost predecessor.
   */
  previous: string | null;
  /**
   * Values of the `alerts` rows to stage (alertRowValues), built on the main thread so that the
   * worker, the busier thread during a resync, only binds and inserts them. Empty for a record
   * stream.
   */
  alertRows: SqlValue[][];
  /** The page's alerts counted per hour, town and village (stagedVillageValues). */
  villageRows: SqlValue[][];
  /** Values of the `records` rows to stage (stagedRecordValues); empty for the alerts stream. */
  recordRows: SqlValue[][];
  /** Meta key and value of the progress that resumes after this page. */
  progressKey: string;
  progress: string;
}

/** A snapshot staged page by page, ready to replace its stream's copy. */
export interface StagedSnapshot {
  stream: string;
  epoch: string;
  headSeq: number;
  /** Prefix of every meta row of the resync, deleted in the swap's transaction. */
  metaPrefix: string;
}

/** What a snapshot swap wrote. */
export interface SnapshotSwapResult {
  position: StoredPosition;
  alerts: number;
  records: number;
}

/** Rows a running swap has moved so far, out of the rows staged. */
export interface SwapProgress {
  done: number;
  total: number;
}

/** An error as it crosses the thread boundary; `name` selects the class rebuilt on the main side. */
export interface SerializedError {
  name: string;
  message: string;
  ownerPid?: number;
  dbPath?: string;
}

export type WorkerReply =
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'progress'; id: number; progress: SwapProgress }
  | { type: 'result'; id: number; ok: false; error: SerializedError }
  | { type: 'log'; record: LogRecord };

/** Memory of the worker after a forced garbage collection, in bytes. */
export interface WorkerMemory {
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  rss: number;
}
