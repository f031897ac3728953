import type {
  SessionStatus,
  StreamFreshness,
} from '../../../src-shared/contract/index.js';

/** Age of a panel's data, as shown to the operator. */
export type Freshness =
  | { kind: 'none' }
  | { kind: 'current'; at: number }
  | { kind: 'stale'; at: number; minutes: number };

export interface CurrencyInput {
  /** A snapshot has been loaded since the page started. */
  synced: boolean;
  /** The renderer's link to main is up (always true under Electron). */
  linkConnected: boolean;
  session: SessionStatus | null;
  stream: StreamFreshness | undefined;
}

/**
 * True only when the data on screen is known to be level with the central: a snapshot is loaded,
 * main is reachable, the session is online and main has confirmed the stream at least once.
 */
export function isDataCurrent(input: CurrencyInput): boolean {
  return (
    input.synced &&
    input.linkConnected &&
    input.session !== null &&
    input.session.phase === 'online' &&
    input.stream !== undefined &&
    input.stream.confirmedAt !== null
  );
}

/** Instant the data on screen is known to be valid at, or null when there is none yet. */
export function dataAsOf(stream: StreamFreshness | undefined): number | null {
  if (stream === undefined) {
    return null;
  }
  return stream.confirmedAt ?? stream.lastEventAt;
}

export function describeFreshness(
  current: boolean,
  asOf: number | null,
  now: number,
): Freshness {
  if (asOf === null) {
    return { kind: 'none' };
  }
  if (current) {
    return { kind: 'current', at: asOf };
  }
  return {
    kind: 'stale',
    at: asOf,
    minutes: Math.max(0, Math.floor((now - asOf) / 60_000)),
  };
}

/** Message of an empty alert list. "No alerts" is claimed only when the data is current. */
export type EmptyListState = 'no-alerts' | 'no-data-yet' | 'data-as-of';

export function emptyListState(
  current: boolean,
  asOf: number | null,
): EmptyListState {
  if (current) {
    return 'no-alerts';
  }
  return asOf === null ? 'no-data-yet' : 'data-as-of';
}
