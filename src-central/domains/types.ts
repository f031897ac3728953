import type {
  Alert,
  RecordData,
  StoredRecord,
} from '../../src-shared/contract/index.js';

/** Result of one command: applied with a result, or rejected with a typed code and a message. */
export type DomainOutcome =
  | { outcome: 'applied'; result: Record<string, unknown> }
  | { outcome: 'rejected'; error: { code: string; message: string } };

/** Sender of a command: the console install, and the operator signed in on it when known. */
export interface CommandActor {
  installId: string;
  /** Operator id the console attached to the command, or the install id when none was given. */
  operatorId: string;
}

/**
 * Services the central gives a domain. Every write goes through `put` or `remove`, which append one
 * `record.put` / `record.remove` event to the domain's stream and update the central's current
 * copy, inside the transaction of the command or tick that calls them. Reads see earlier writes of
 * the same transaction.
 */
export interface DomainContext {
  /** Server clock, ms since the Unix epoch. */
  now(): number;
  get(collection: string, id: string): StoredRecord | null;
  /** Every current record of a collection, ordered by id. */
  list(collection: string): StoredRecord[];
  /** Writes the full value of a record and returns its new version and the event's sequence. */
  put(
    collection: string,
    id: string,
    data: RecordData,
  ): { version: number; seq: number };
  remove(
    collection: string,
    id: string,
  ): { version: number; seq: number } | null;
  /** Returns an alert published on the alerts stream, or null when not found. */
  alert(alertId: string): Alert | null;
  /** Publishes new alerts on the alerts stream (a spike of negative opinion, an escalation). */
  publishAlerts(alerts: readonly Alert[]): void;
  /** Runs `work` in one transaction of the central's log. */
  transaction<T>(work: () => T): T;
}

export type CommandHandler = (
  context: DomainContext,
  actor: CommandActor,
  payload: unknown,
) => DomainOutcome;

/**
 * A domain of the reference central: its record stream, the commands it accepts and the
 * background work it runs (seeding, simulated field responses, generated feeds).
 */
export interface CentralDomain {
  readonly name: string;
  readonly stream: string;
  /** Handlers by command name, such as `incident.accept`. Names are unique across domains. */
  readonly commands: Readonly<Record<string, CommandHandler>>;
  /**
   * Seeds what is missing and starts timers, once when the central starts and after the log is
   * open. Returns the function that stops the timers. Time-driven work must go through
   * `context.now()` and stay reproducible from `options.seed`.
   */
  start?(context: DomainContext, options: DomainStartOptions): () => void;
}

export interface DomainStartOptions {
  seed: number;
  /** Scenario time runs this many times faster than real time (1 = real time). */
  speed: number;
  /**
   * Scenario name. 'county' runs the generated county, and 'none' and 'open311' seed reference
   * data only.
   */
  scenario: string;
}
