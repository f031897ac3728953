import type { ClientOptions } from 'ws';
import type { SessionStatus } from '../../../src-shared/contract/index.js';
import type { TokenSource } from './auth.js';
import type {
  ApplyResult,
  SettleResult,
  StoredPosition,
} from '../cache/index.js';

/** Timing of the session, every field in ms except the two counts. */
export interface SessionTiming {
  /** Time from opening the socket to the welcome frame before the attempt is abandoned. */
  handshakeTimeoutMs: number;
  pingIntervalMs: number;
  /** Silence after which the link is taken as dead and terminated. */
  deadAfterMs: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  /** Time a link must stay up after its welcome before the backoff attempt count resets. */
  stableAfterMs: number;
  /** Largest number of events written in one cache transaction. */
  maxBatch: number;
  /** Largest number of commands sent without a result yet. */
  commandWindow: number;
  /** After a probe (wake, unlock, network change, timer drift), time allowed for any frame. */
  probeTimeoutMs: number;
  /** A link timer firing this much later than planned means the PC slept: probe the link. */
  driftThresholdMs: number;
  /** Above this many queued bytes, pings, pongs and acks are not sent (a later one replaces them). */
  sendBufferDropBytes: number;
  /** Above this many queued bytes the link is recycled. */
  sendBufferRecycleBytes: number;
  /** Refresh an expiring access token at least this long before its expiry. */
  refreshAheadMs: number;
  /** Shortest time between two records of a live stream being level with the central. */
  confirmIntervalMs: number;
}

export const DEFAULT_TIMING: SessionTiming = {
  handshakeTimeoutMs: 10_000,
  pingIntervalMs: 10_000,
  deadAfterMs: 25_000,
  backoffBaseMs: 500,
  backoffCapMs: 30_000,
  stableAfterMs: 30_000,
  maxBatch: 2_000,
  commandWindow: 32,
  probeTimeoutMs: 4_000,
  driftThresholdMs: 5_000,
  sendBufferDropBytes: 256 * 1024,
  sendBufferRecycleBytes: 4 * 1024 * 1024,
  refreshAheadMs: 60_000,
  confirmIntervalMs: 5_000,
};

/** Timer functions, injectable so that tests can drive time. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) =>
    clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Callbacks of the session. The session awaits each one before it handles the next frame, so a
 * listener receives committed changes in log order.
 */
export interface SessionListener {
  onStatus?(status: SessionStatus): void;
  onApplied?(result: ApplyResult): void | Promise<void>;
  onStreamReset?(
    stream: string,
    reason: string,
    position: StoredPosition,
  ): void | Promise<void>;
  onConfirmed?(position: StoredPosition): void | Promise<void>;
  onCommandSettled?(
    installSeq: number,
    settle: SettleResult,
  ): void | Promise<void>;
}

export interface SessionOptions {
  url: string;
  /** Static access token, used when `tokenSource` is absent. */
  token: string;
  /** Source of short access tokens (refreshed at the central's /token endpoint). */
  tokenSource?: TokenSource;
  /** Largest age per command name before the operator must confirm a resend; see command-age.ts. */
  commandMaxAgeMs?: Readonly<Record<string, number>>;
  client: { name: string; version: string };
  listener?: SessionListener;
  now?: () => number;
  timers?: Timers;
  random?: () => number;
  /** Options passed to the `ws` constructor (TLS trust, headers); tests may pass agents. */
  socketOptions?: ClientOptions;
  timing?: Partial<SessionTiming>;
}
