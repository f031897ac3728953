import type {
  Alert,
  AlertAggregates,
  AlertStatus,
  RecordChange,
} from '../../../src-shared/contract/index.js';

/** One logged event to store. `body` has already been parsed by its stream's schema. */
export interface CacheEvent {
  seq: number;
  /** Instant the central appended the event, ms since the Unix epoch. */
  at: number;
  body: unknown;
  /**
   * The body's JSON text exactly as the central sent it, in place of `body` (which is then left
   * undefined). The worker stores the text as it is and parses it once.
   */
  bodyText?: string;
}

export interface StoredPosition {
  stream: string;
  epoch: string;
  /** Last committed sequence; 0 before the first event of the epoch. */
  seq: number;
  lastEventAt: number | null;
  confirmedAt: number | null;
}

/** An alert row as it was before and after a write; `before` is null for a new alert. */
export interface AlertChange {
  before: Alert | null;
  after: Alert;
}

export interface ApplyResult {
  stream: string;
  epoch: string;
  /** Events written in this batch. */
  applied: number;
  /** Events skipped because their sequence was already stored. */
  skipped: number;
  alertChanges: AlertChange[];
  /** Records put or removed by the batch, as renderers should now show them. */
  recordChanges: RecordChange[];
  position: StoredPosition;
}

export type OutboxState = 'pending' | 'applied' | 'rejected';

export interface OutboxCommand {
  installSeq: number;
  commandId: string;
  name: string;
  payload: unknown;
  createdAt: number;
  state: OutboxState;
  result: unknown;
}

/** A local change made together with a queued command, shown before the central confirms it. */
export interface OptimisticStatus {
  alertId: string;
  status: AlertStatus;
}

export interface EnqueueResult {
  installSeq: number;
  commandId: string;
  alertChanges: AlertChange[];
  /** Records showing the command's optimistic values. */
  recordChanges: RecordChange[];
}

export interface CommandOutcome {
  installSeq: number;
  outcome: 'applied' | 'rejected';
  result: unknown;
}

export interface SettleResult {
  /** False when the command was unknown or already settled. */
  updated: boolean;
  /** Optimistic changes reverted because the central rejected the command. */
  alertChanges: AlertChange[];
  /** Records whose optimistic value the result dropped, as they show now. */
  recordChanges: RecordChange[];
  /** The settled command, when `updated`. */
  command?: {
    commandId: string;
    name: string;
    outcome: 'applied' | 'rejected';
    result: unknown;
  };
}

export type { Alert, AlertAggregates };

/** How long the cache keeps each kind of row, and how much pruning one run may do. */
export interface RetentionPolicy {
  /** Raw events and closed alerts are pruned after this age, in ms. Default 30 days. */
  eventsMs: number;
  /** Hourly alert counts, and alerts that stay open, are pruned after this age, in ms. */
  aggregatesMs: number;
  /** Rows deleted per transaction, so a run never holds the write lock for long. */
  rowsPerTransaction: number;
  /** Transactions (prune steps plus vacuum steps) allowed to one maintenance run. */
  transactionsPerRun: number;
  /** Pages released by one `PRAGMA incremental_vacuum` step. */
  vacuumPagesPerStep: number;
}

export interface MaintenanceReport {
  prunedEvents: number;
  prunedAlerts: number;
  prunedHours: number;
  /** Alerts this run added to the text index: the tail ingest left, then rows older than schema 6. */
  indexedAlerts: number;
  /** Alerts cached before schema 11 whose village this run counted. */
  countedVillageAlerts: number;
  /** Alert rows whose JSON this run packed (schema 9). */
  packedAlerts: number;
  freedPages: number;
  /** True when the run stopped at its budget and more rows are past retention. */
  more: boolean;
}

export interface FileStats {
  pageSize: number;
  pageCount: number;
  freelistCount: number;
  autoVacuum: 'none' | 'full' | 'incremental';
  /** Alert rows not in the text index yet (schema 8's tail, an estimate never below the truth). */
  textTailRows: number;
}

/** What `close()` did: statements prepared, statements finalized, and whether the file closed. */
export interface CloseReport {
  prepared: number;
  finalized: number;
  closed: boolean;
}

export interface ExportResult {
  path: string;
  bytes: number;
  schemaVersion: number;
}
