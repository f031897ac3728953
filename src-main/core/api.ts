import type {
  Alert,
  AlertQuery,
  ChangeBatch,
  CommandRequest,
  SessionStatus,
  StateSnapshot,
} from '../../src-shared/contract/index.js';

/**
 * Domain state served to every renderer: a snapshot to start from, then ordered change batches.
 * Every window sees the same truth, and a reloaded renderer recovers by taking a new snapshot.
 */
export interface StateService {
  snapshot(): StateSnapshot;
  /** Subscribes to change batches in revision order; returns the function that unsubscribes. */
  subscribe(listener: (batch: ChangeBatch) => void): () => void;
  queryAlerts(query: AlertQuery): Promise<Alert[]>;
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
