import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AlertQuery } from '../../../src-shared/contract/index.js';
import { createLogger, logSink } from '../../../src-node/logging/index.js';
import type { ImportResult } from './import-file.js';
import { CacheInUseError, lockDirPath, releaseCache } from './lock.js';
import type {
  SerializedError,
  SnapshotPageRows,
  SnapshotSwapResult,
  StagedSnapshot,
  StoreMethod,
  SwapProgress,
  WorkerMemory,
  WorkerReply,
  WorkerRequest,
} from './protocol.js';
import type { CacheStore, StoreOptions } from './store.js';
import type { CloseReport } from './types.js';

const log = createLogger('cache');

const DEFAULT_OPEN_TIMEOUT_MS = 10_000;
const DEFAULT_CLOSE_TIMEOUT_MS = 5_000;
const DEFAULT_MAINTENANCE_INTERVAL_MS = 10 * 60_000;
/** Delay before the next run when a maintenance run stopped at its budget. */
const MAINTENANCE_FOLLOW_UP_MS = 1_000;

export interface CacheOptions extends StoreOptions {
  /** Clock in ms since the Unix epoch; read on the main side and sent with every call. */
  now?: () => number;
  /**
   * Time allowed to open, including the integrity check, in ms. When it runs out the worker is
   * terminated and open() rejects with CacheOpenTimeoutError.
   */
  openTimeoutMs?: number;
  /** Interval of background retention and compaction runs, in ms; 0 turns them off. */
  maintenanceIntervalMs?: number;
}

/** Raised when the cache does not open within its time box. */
export class CacheOpenTimeoutError extends Error {
  constructor(
    readonly dbPath: string,
    readonly timeoutMs: number,
  ) {
    super(
      `opening the cache ${dbPath} timed out after ${timeoutMs} ms; the file may be very large or on a slow disk, so check the disk and start again`,
    );
    this.name = 'CacheOpenTimeoutError';
  }
}

/** Raised when the worker thread stopped (crashed or terminated) with calls outstanding. */
export class CacheWorkerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CacheWorkerError';
  }
}

type Sync<K extends StoreMethod> = CacheStore[K] extends (
  ...args: infer A
) => infer R
  ? { args: A; result: R }
  : never;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  progress?: (progress: SwapProgress) => void;
}

/**
 * Starts the worker thread. From source (tsx, Vitest) it loads worker.ts through tsx's loader; in
 * the electron-vite build it loads out/main/cache-worker.js, the second entry of the main build.
 */
function startWorker(): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const require = createRequire(here);
    const loader = pathToFileURL(require.resolve('tsx/esm/api')).href;
    // Held in a variable so that bundlers do not treat it as an asset to copy.
    const entryName = './worker.ts';
    const entry = new URL(entryName, here).href;
    const bootstrap = `import(${JSON.stringify(loader)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
    return new Worker(bootstrap, { eval: true });
  }

  // NOTE: a packaged app must keep cache-worker.js and its chunks readable by worker_threads;
  // only the unpacked electron-vite output has been run here.
  const candidates = ['./cache-worker.js', '../cache-worker.js'];
  for (const candidate of candidates) {
    const url = new URL(candidate, here);
    if (existsSync(fileURLToPath(url))) {
      return new Worker(url);
    }
  }
  throw new Error(
    `the cache worker file is missing next to ${fileURLToPath(here)}; rebuild with electron-vite build`,
  );
}

function rebuildError(error: SerializedError): Error {
  if (error.name === 'CacheInUseError') {
    return new CacheInUseError(error.ownerPid ?? 0, error.dbPath ?? '');
  }
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return rebuilt;
}

/** Sends requests to one worker and matches the replies; forwards the worker's log records. */
class WorkerChannel {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stopped = false;

  constructor(
    readonly worker: Worker,
    private readonly now: () => number,
  ) {
    worker.on('message', (reply: WorkerReply) => this.receive(reply));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) =>
      this.fail(
        new CacheWorkerError(`the cache worker exited with code ${code}`),
      ),
    );
  }

  request(
    body: DistributiveOmit<WorkerRequest, 'id' | 'now'>,
    progress?: (progress: SwapProgress) => void,
  ): Promise<unknown> {
    if (this.stopped) {
      return Promise.reject(
        new CacheWorkerError(
          'the cache worker has stopped; open the cache again',
        ),
      );
    }
    const id = this.nextId;
    this.nextId += 1;
    return new Promise((resolve, reject) => {
      this.pending.set(
        id,
        progress === undefined
          ? { resolve, reject }
          : { resolve, reject, progress },
      );
      this.worker.postMessage({ ...body, id, now: this.now() });
    });
  }

  async terminate(): Promise<void> {
    this.stopped = true;
    await this.worker.terminate();
  }

  private receive(reply: WorkerReply): void {
    if (reply.type === 'log') {
      const { level, module, message, fields } = reply.record;
      logSink.write(level, module, message, fields as Record<string, unknown>);
      return;
    }
    const waiter = this.pending.get(reply.id);
    if (waiter === undefined) {
      return;
    }
    if (reply.type === 'progress') {
      waiter.progress?.(reply.progress);
      return;
    }
    this.pending.delete(reply.id);
    if (reply.ok) {
      waiter.resolve(reply.value);
    } else {
      waiter.reject(rebuildError(reply.error));
    }
  }

  private fail(error: Error): void {
    if (!this.stopped) {
      log.error('WorkerChannel: the cache worker stopped unexpectedly', {
        error: error.message,
        pendingCalls: this.pending.size,
      });
    }
    this.stopped = true;
    for (const waiter of this.pending.values()) {
      waiter.reject(error);
    }
    this.pending.clear();
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown
  ? Omit<T, K>
  : never;

/** Runs `promise` with a time box; on expiry runs `onTimeout` and rejects with its error. */
function timeBox<T>(
  promise: Promise<T>,
  timeoutMs: number,
  onTimeout: () => Error,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), timeoutMs);
  });
  return Promise.race([promise, expiry]).finally(() => clearTimeout(timer));
}

/**
 * The console's local cache, as the main thread uses it. Each method posts one message to the cache worker
 * thread, which owns the SQLite file, and resolves with its reply, so the main event loop never
 * waits on the disk. Calls run in the order they are made.
 */
export class Cache {
  private closed = false;
  private maintenanceTimer: NodeJS.Timeout | null = null;
  private maintenanceRunning = false;

  private constructor(
    private readonly channel: WorkerChannel,
    readonly path: string,
    private readonly maintenanceIntervalMs: number,
  ) {}

  /** Opens or creates the cache at `options.path` in a new worker thread. */
  static async open(options: CacheOptions): Promise<Cache> {
    const now = options.now ?? Date.now;
    const openTimeoutMs = options.openTimeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS;
    const channel = new WorkerChannel(startWorker(), now);
    const storeOptions: StoreOptions = { path: options.path };
    if (options.migrations !== undefined) {
      storeOptions.migrations = options.migrations;
    }
    if (options.retention !== undefined) {
      storeOptions.retention = options.retention;
    }
    if (options.integrityCheck !== undefined) {
      storeOptions.integrityCheck = options.integrityCheck;
    }

    try {
      await timeBox(
        channel.request({ type: 'open', options: storeOptions }),
        openTimeoutMs,
        () => new CacheOpenTimeoutError(options.path, openTimeoutMs),
      );
    } catch (error) {
      await channel.terminate();
      if (error instanceof CacheOpenTimeoutError) {
        // The terminated worker was this process's only handle, so its locks are stale now.
        rmSync(lockDirPath(options.path), { recursive: true, force: true });
        releaseCache(options.path);
        log.error('open: the cache did not open in time; stopped its worker', {
          path: options.path,
          timeoutMs: openTimeoutMs,
        });
      }
      throw error;
    }

    const cache = new Cache(
      channel,
      options.path,
      options.maintenanceIntervalMs ?? DEFAULT_MAINTENANCE_INTERVAL_MS,
    );
    cache.scheduleMaintenance(cache.maintenanceIntervalMs);
    return cache;
  }

  /**
   * Replaces the cache file at `target` with `source` after checking its integrity and schema
   * version. The cache must be closed; the replaced file is moved aside.
   */
  static async importFile(
    source: string,
    target: string,
    now: () => number = Date.now,
  ): Promise<ImportResult> {
    const channel = new WorkerChannel(startWorker(), now);
    try {
      return (await channel.request({
        type: 'import',
        source,
        target,
      })) as ImportResult;
    } finally {
      await channel.terminate();
    }
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  installId(): Promise<Sync<'installId'>['result']> {
    return this.call('installId');
  }

  getMeta(key: string): Promise<Sync<'getMeta'>['result']> {
    return this.call('getMeta', key);
  }

  setMeta(key: string, value: string): Promise<Sync<'setMeta'>['result']> {
    return this.call('setMeta', key, value);
  }

  deleteMetaPrefix(
    prefix: string,
  ): Promise<Sync<'deleteMetaPrefix'>['result']> {
    return this.call('deleteMetaPrefix', prefix);
  }

  replaceStreamFromSnapshot(
    ...args: Sync<'replaceStreamFromSnapshot'>['args']
  ): Promise<Sync<'replaceStreamFromSnapshot'>['result']> {
    return this.call('replaceStreamFromSnapshot', ...args);
  }

  /**
   * Appends one snapshot page to the staging table of its stream, with the resync progress, in one
   * transaction; see CacheStore.stageSnapshotPage.
   */
  async stageSnapshotPage(page: SnapshotPageRows): Promise<number> {
    this.requireOpen();
    return (await this.channel.request({
      type: 'stage-snapshot',
      page,
    })) as number;
  }

  /** Drops a stream's staged snapshot rows and its resync meta rows. */
  async clearStagedSnapshot(stream: string, metaPrefix: string): Promise<void> {
    this.requireOpen();
    await this.channel.request({ type: 'clear-snapshot', stream, metaPrefix });
  }

  /** Rows staged for `stream` by a resync in progress. */
  stagedRowCount(stream: string): Promise<Sync<'stagedRowCount'>['result']> {
    return this.call('stagedRowCount', stream);
  }

  /**
   * Swaps a staged snapshot in as its stream's copy, in one transaction inside the worker (see
   * CacheStore.swapStagedSnapshot). `onProgress` receives the rows moved so far while it runs.
   */
  async swapStagedSnapshot(
    snapshot: StagedSnapshot,
    onProgress?: (progress: SwapProgress) => void,
  ): Promise<SnapshotSwapResult> {
    this.requireOpen();
    return (await this.channel.request(
      { type: 'swap-snapshot', snapshot },
      onProgress,
    )) as SnapshotSwapResult;
  }

  private requireOpen(): void {
    if (this.closed) {
      throw new Error(`cache ${this.path} is closed; open it again first`);
    }
  }

  positions(): Promise<Sync<'positions'>['result']> {
    return this.call('positions');
  }

  position(stream: string): Promise<Sync<'position'>['result']> {
    return this.call('position', stream);
  }

  /** Writes a batch of one stream in one transaction; see CacheStore.applyEvents. */
  applyEvents(
    ...args: Sync<'applyEvents'>['args']
  ): Promise<Sync<'applyEvents'>['result']> {
    return this.call('applyEvents', ...args);
  }

  /** Writes events and queues commands in one transaction; see CacheStore.applyBatch. */
  applyBatch(
    ...args: Sync<'applyBatch'>['args']
  ): Promise<Sync<'applyBatch'>['result']> {
    return this.call('applyBatch', ...args);
  }

  resetStream(
    ...args: Sync<'resetStream'>['args']
  ): Promise<Sync<'resetStream'>['result']> {
    return this.call('resetStream', ...args);
  }

  markConfirmed(
    stream: string,
    at: number,
  ): Promise<Sync<'markConfirmed'>['result']> {
    return this.call('markConfirmed', stream, at);
  }

  eventCount(stream: string): Promise<Sync<'eventCount'>['result']> {
    return this.call('eventCount', stream);
  }

  events(stream: string): Promise<Sync<'events'>['result']> {
    return this.call('events', stream);
  }

  aggregates(): Promise<Sync<'aggregates'>['result']> {
    return this.call('aggregates');
  }

  aggregatesByTown(): Promise<Sync<'aggregatesByTown'>['result']> {
    return this.call('aggregatesByTown');
  }

  villageCountsByTown(): Promise<Sync<'villageCountsByTown'>['result']> {
    return this.call('villageCountsByTown');
  }

  latestAlerts(limit: number): Promise<Sync<'latestAlerts'>['result']> {
    return this.call('latestAlerts', limit);
  }

  queryAlerts(query: AlertQuery): Promise<Sync<'queryAlerts'>['result']> {
    return this.call('queryAlerts', query);
  }

  openSevereAlerts(limit: number): Promise<Sync<'openSevereAlerts'>['result']> {
    return this.call('openSevereAlerts', limit);
  }

  getAlert(id: string): Promise<Sync<'getAlert'>['result']> {
    return this.call('getAlert', id);
  }

  queryRecords(
    ...args: Sync<'queryRecords'>['args']
  ): Promise<Sync<'queryRecords'>['result']> {
    return this.call('queryRecords', ...args);
  }

  getRecord(
    ...args: Sync<'getRecord'>['args']
  ): Promise<Sync<'getRecord'>['result']> {
    return this.call('getRecord', ...args);
  }

  recordCount(stream: string): Promise<Sync<'recordCount'>['result']> {
    return this.call('recordCount', stream);
  }

  enqueueCommand(
    ...args: Sync<'enqueueCommand'>['args']
  ): Promise<Sync<'enqueueCommand'>['result']> {
    return this.call('enqueueCommand', ...args);
  }

  pendingCommands(): Promise<Sync<'pendingCommands'>['result']> {
    return this.call('pendingCommands');
  }

  pendingCount(): Promise<Sync<'pendingCount'>['result']> {
    return this.call('pendingCount');
  }

  allCommands(): Promise<Sync<'allCommands'>['result']> {
    return this.call('allCommands');
  }

  markCommandResult(
    ...args: Sync<'markCommandResult'>['args']
  ): Promise<Sync<'markCommandResult'>['result']> {
    return this.call('markCommandResult', ...args);
  }

  settleUpTo(watermark: number): Promise<Sync<'settleUpTo'>['result']> {
    return this.call('settleUpTo', watermark);
  }

  /** Runs one retention and compaction pass now; the background timer calls it too. */
  maintain(): Promise<Sync<'maintain'>['result']> {
    return this.call('maintain');
  }

  stats(): Promise<Sync<'stats'>['result']> {
    return this.call('stats');
  }

  /** Runs `PRAGMA quick_check`; resolves with the problems found, or an empty list. */
  check(): Promise<Sync<'check'>['result']> {
    return this.call('check');
  }

  /** Writes a consistent copy of the running cache to `target`, which must not exist. */
  exportTo(target: string): Promise<Sync<'exportTo'>['result']> {
    return this.call('exportTo', target);
  }

  /** Memory of the worker thread after a garbage collection, for soak tests. */
  async workerMemory(): Promise<WorkerMemory> {
    return (await this.channel.request({ type: 'memory' })) as WorkerMemory;
  }

  /**
   * Finalizes every prepared statement and closes the file in the worker, then stops the worker.
   * When the worker does not reply within `timeoutMs`, it is terminated. The next open then plays
   * back the journal of any open transaction (`rollbackHotJournal`), which SQLite in this
   * WebAssembly build would not do by itself.
   */
  async close(
    timeoutMs = DEFAULT_CLOSE_TIMEOUT_MS,
  ): Promise<CloseReport | null> {
    if (this.closed) {
      return null;
    }
    this.closed = true;
    this.stopMaintenance();
    try {
      return (await timeBox(
        this.channel.request({ type: 'close', timeoutMs }),
        timeoutMs,
        () =>
          new CacheWorkerError(
            `closing the cache ${this.path} timed out after ${timeoutMs} ms`,
          ),
      )) as CloseReport;
    } catch (error) {
      log.error('close: the cache did not close cleanly; stopping its worker', {
        path: this.path,
        error: (error as Error).message,
      });
      await this.channel.terminate();
      // The worker held this process's only handle, so its lock and owner record are stale and
      // would make this process look like a live owner at the next open.
      rmSync(lockDirPath(this.path), { recursive: true, force: true });
      releaseCache(this.path);
      return null;
    } finally {
      await this.channel.terminate();
    }
  }

  private async call<K extends StoreMethod>(
    method: K,
    ...args: Sync<K>['args']
  ): Promise<Sync<K>['result']> {
    if (this.closed) {
      throw new Error(`cache ${this.path} is closed; open it again first`);
    }
    return (await this.channel.request({
      type: 'call',
      method,
      args: [...args],
    })) as Sync<K>['result'];
  }

  private scheduleMaintenance(delayMs: number): void {
    if (this.maintenanceIntervalMs <= 0 || this.closed) {
      return;
    }
    this.maintenanceTimer = setTimeout(
      () => void this.runMaintenance(),
      delayMs,
    );
    this.maintenanceTimer.unref();
  }

  private async runMaintenance(): Promise<void> {
    if (this.maintenanceRunning || this.closed) {
      return;
    }
    this.maintenanceRunning = true;
    let next = this.maintenanceIntervalMs;
    try {
      const report = await this.maintain();
      if (report.more) {
        next = MAINTENANCE_FOLLOW_UP_MS;
      }
    } catch (error) {
      log.error('maintain: the retention run failed; trying again later', {
        path: this.path,
        error: (error as Error).message,
      });
    } finally {
      this.maintenanceRunning = false;
    }
    this.scheduleMaintenance(next);
  }

  private stopMaintenance(): void {
    if (this.maintenanceTimer !== null) {
      clearTimeout(this.maintenanceTimer);
      this.maintenanceTimer = null;
    }
  }
}
