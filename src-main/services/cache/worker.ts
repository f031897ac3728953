// Entry of the cache worker thread. It owns the only SQLite handle of the cache, so every disk
// read and write happens here and the main event loop only posts and receives messages.
import { parentPort } from 'node:worker_threads';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createLogger, logSink } from '../../../src-node/logging/index.js';
import { importCacheFile } from './import-file.js';
import {
  STORE_METHODS,
  type SerializedError,
  type WorkerMemory,
  type WorkerReply,
  type WorkerRequest,
} from './protocol.js';
import { CacheStore } from './store.js';

const port = parentPort;
if (port === null) {
  throw new Error(
    'the cache worker must run as a worker thread; start it through Cache.open',
  );
}

let store: CacheStore | null = null;
let clock = Date.now();

const log = createLogger('cache-worker');

/** Quiet time after the last request before the worker indexes the text tail. */
const IDLE_INDEX_MS = 20;

/** Rows indexed per step (about 10-20 ms), so a request that arrives waits at most one step. */
const IDLE_INDEX_ROWS = 200;

let idleTimer: ReturnType<typeof setTimeout> | null = null;

// The worker's records go to main, where the one log file is; nothing is written from here.
logSink.configure({ directory: null, level: 'trace' });
logSink.onRecord((record) => post({ type: 'log', record }));

function post(reply: WorkerReply): void {
  port?.postMessage(reply);
}

function serializeError(error: unknown): SerializedError {
  const value = error as Error & { ownerPid?: number; dbPath?: string };
  const serialized: SerializedError = {
    name: typeof value.name === 'string' ? value.name : 'Error',
    message: typeof value.message === 'string' ? value.message : String(error),
  };
  if (typeof value.ownerPid === 'number') {
    serialized.ownerPid = value.ownerPid;
  }
  if (typeof value.dbPath === 'string') {
    serialized.dbPath = value.dbPath;
  }
  return serialized;
}

function requireStore(): CacheStore {
  if (store === null) {
    throw new Error(
      'the cache worker has no open cache; call Cache.open first',
    );
  }
  return store;
}

/** Runs a garbage collection and reads memory, for the soak test of statement finalizing. */
function measureMemory(): WorkerMemory {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  const usage = process.memoryUsage();
  return {
    heapUsed: usage.heapUsed,
    external: usage.external,
    arrayBuffers: usage.arrayBuffers,
    rss: usage.rss,
  };
}

function handle(request: WorkerRequest): unknown {
  clock = request.now;
  switch (request.type) {
    case 'open':
      store = CacheStore.open(request.options, () => clock);
      return { path: store.path };
    case 'call': {
      if (!STORE_METHODS.includes(request.method)) {
        throw new Error(`unknown cache method ${String(request.method)}`);
      }
      const target = requireStore() as unknown as Record<
        string,
        (...args: unknown[]) => unknown
      >;
      const method = target[request.method];
      if (method === undefined) {
        throw new Error(`unknown cache method ${request.method}`);
      }
      return method.apply(target, request.args);
    }
    case 'close': {
      const report = requireStore().close(request.timeoutMs);
      store = null;
      return report;
    }
    case 'import':
      return importCacheFile(request.source, request.target, request.now);
    case 'memory':
      return measureMemory();
    case 'stage-snapshot':
      return requireStore().stageSnapshotPage(request.page);
    case 'clear-snapshot':
      requireStore().clearStagedSnapshot(request.stream, request.metaPrefix);
      return null;
    case 'swap-snapshot':
      // Progress goes out while the swap's transaction runs, so the session can show it.
      return requireStore().swapStagedSnapshot(request.snapshot, (progress) =>
        post({ type: 'progress', id: request.id, progress }),
      );
  }
}

/**
 * Ingest leaves new alert rows out of the text index (schema 8), and the worker indexes them in
 * small steps once no request has come for IDLE_INDEX_MS. Each request restarts the wait, so
 * a burst of writes runs without this work between its batches.
 */
function scheduleIdleIndexing(delayMs: number): void {
  if (idleTimer !== null) {
    clearTimeout(idleTimer);
  }
  idleTimer = null;
  if (store === null || !store.isOpen) {
    return;
  }
  idleTimer = setTimeout(indexWhileIdle, delayMs);
  idleTimer.unref();
}

function indexWhileIdle(): void {
  idleTimer = null;
  if (store === null || !store.isOpen) {
    return;
  }
  try {
    const step = store.indexTextTail(IDLE_INDEX_ROWS);
    if (step.remaining > 0) {
      scheduleIdleIndexing(0);
    }
  } catch (error) {
    // The next request restarts the wait; a write that needs the room indexes the tail itself.
    log.warn('indexWhileIdle: indexing the alert text tail failed', {
      error: (error as Error).message,
    });
  }
}

port.on('message', (request: WorkerRequest) => {
  try {
    post({ type: 'result', id: request.id, ok: true, value: handle(request) });
  } catch (error) {
    post({
      type: 'result',
      id: request.id,
      ok: false,
      error: serializeError(error),
    });
  }
  scheduleIdleIndexing(IDLE_INDEX_MS);
});
