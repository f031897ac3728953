import type { LogRecord } from '../../../src-node/logging/index.js';
import type { StoreOptions } from './store.js';
import type { StoredPosition } from './types.js';

/** Store methods the proxy may call; the worker rejects any other name. */
export const STORE_METHODS = [
  'installId',
  'getMeta',
  'setMeta',
  'deleteMetaPrefix',
  'replaceStreamFromSnapshot',
  'positions',
  'position',
  'applyEvents',
  'applyBatch',
  'resetStream',
  'markConfirmed',
  'eventCount',
  'events',
  'aggregates',
  'latestAlerts',
  'queryAlerts',
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
  | { type: 'swap-snapshot'; snapshot: StagedSnapshot }
);

/**
 * A snapshot whose pages are staged in meta rows, as validated JSON arrays of rows. The worker
 * reads the pages and swaps them in, so that a million rows never cross to the main thread.
 */
export interface StagedSnapshot {
  stream: string;
  epoch: string;
  headSeq: number;
  /** Meta keys of the staged pages, in page order. */
  pageKeys: string[];
  /** Prefix of every meta row of the resync, deleted in the swap's transaction. */
  metaPrefix: string;
}

/** What a snapshot swap wrote. */
export interface SnapshotSwapResult {
  position: StoredPosition;
  alerts: number;
  records: number;
  /** Staged pages that were not found; their rows are missing from the swap. */
  missingPages: number;
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
  | { type: 'result'; id: number; ok: false; error: SerializedError }
  | { type: 'log'; record: LogRecord };

/** Memory of the worker after a forced garbage collection, in bytes. */
export interface WorkerMemory {
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  rss: number;
}
