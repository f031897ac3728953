import type { ClientOptions } from 'ws';
import type { TokenSource } from '../services/session/auth.js';
import type {
  Alert,
  TownAlertAggregates,
  AlertQuery,
  ChangeBatch,
  RecordQuery,
  StoredRecord,
  CommandRequest,
  PendingCommand,
  SessionStatus,
  StateSnapshot,
} from '../../src-shared/contract/index.js';
import type { Scope } from '../../src-shared/opinion/scope.js';
import type { PointsWallView } from '../../src-shared/points/index.js';

/**
 * Domain state served to every renderer: a snapshot to start from, then ordered change batches.
 * Every window sees the same truth, and a reloaded renderer recovers by taking a new snapshot.
 */
export interface StateService {
  snapshot(): StateSnapshot;
  /** Subscribes to change batches in revision order; returns the function that unsubscribes. */
  subscribe(listener: (batch: ChangeBatch) => void): () => void;
  queryAlerts(query: AlertQuery): Promise<Alert[]>;
  queryRecords(query: RecordQuery): Promise<StoredRecord[]>;
  /**
   * Alert counts of one town, keyed like `byTown`, with its counts per village. Optional, so that
   * cores built for tests need not serve them.
   */
  townAggregates?(town: string): TownAlertAggregates;
  /** Points wall view of one town or village; optional like `townAggregates`. */
  pointsWallView?(scope: Scope): Promise<PointsWallView | null>;
}

export interface QueuedCommand {
  commandId: string;
  installSeq: number;
}

/** The console's main-process services, independent of the host (Electron or browser host). */
export interface ConsoleCore {
  readonly state: StateService;
  sessionStatus(): SessionStatus;
  submitCommand(request: CommandRequest): Promise<QueuedCommand>;
  /** Checks the link to the central at once (wake, unlock, network change). */
  probe?(): void;
  /** This install's id, which the central records as the sender of its commands. */
  installId?(): string | null;
  /** Queued commands; optional so that cores built for tests need not list them. */
  pendingCommands?(): Promise<PendingCommand[]>;
  /** Sends a command that waited for the operator because it was too old. */
  confirmCommand?(installSeq: number): Promise<void>;
  /** Drops a command that waited for the operator, undoing its optimistic change. */
  discardCommand?(installSeq: number): Promise<void>;
  start(): Promise<void>;
  /** Stops the session, flushes and closes the cache; time-boxed. */
  stop(): Promise<void>;
}

export interface ConsoleCoreOptions {
  /** WebSocket URL of the central, for example ws://127.0.0.1:7410/console. */
  centralUrl: string;
  /** Folder for the cache and the install identity. */
  dataDir: string;
  /** Access token presented in the hello frame. */
  token: string;
  clientVersion: string;
  /** Clock in ms since the Unix epoch; tests pass a controlled one. */
  now?: () => number;
}

/** Timing of the session with the central, in ms; each field falls back to the product default. */
export interface SessionTimingOptions {
  handshakeTimeoutMs?: number;
  pingIntervalMs?: number;
  deadAfterMs?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  stableAfterMs?: number;
}

/** Options of `createConsoleCore` beyond the host-facing ones; tests and benchmarks set them. */
export interface ConsoleCoreTuning {
  sessionTiming?: SessionTimingOptions;
  /** Options for the `ws` client, such as the county's private CA in `ca`. */
  socketOptions?: ClientOptions;
  /** Random source in [0, 1) for the reconnect jitter. */
  random?: () => number;
  /** Time allowed to open the cache in start(), in ms. */
  openTimeoutMs?: number;
  /** Time allowed to each step of stop(), in ms. */
  stopTimeoutMs?: number;
  /** Source of short access tokens; without it the session presents the static `token`. */
  tokenSource?: TokenSource;
}
