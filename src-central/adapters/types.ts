import { Alert } from '../../src-shared/contract/index.js';

/** Counts an adapter reports; every input row lands in exactly one of the outcome counters. */
export interface AdapterStats {
  adapter: string;
  /** Input rows (CSV rows, generated alerts) the adapter has looked at. */
  rows: number;
  published: number;
  /** Rows found in the log from an earlier run and not published again. */
  alreadyPublished: number;
  /** Rows not published, by reason. */
  skipped: Record<string, number>;
  /** Rows published with a repair (a fallback value), by reason. */
  repaired: Record<string, number>;
  /** Rows still waiting for their replay time. */
  pending: number;
}

/** What the server gives an adapter: publishing and the durable state it may consult. */
export interface AdapterContext {
  now(): number;
  /**
   * Publishes `alert.created` events for `alerts` in one transaction. When `cursor` is given it is
   * stored in the same transaction, so a restart resumes exactly after the last published alert.
   */
  publishAlerts(
    alerts: readonly Alert[],
    cursor?: { name: string; value: string },
  ): void;
  hasAlert(alertId: string): boolean;
  cursor(name: string): string | null;
}

export interface SourceAdapter {
  readonly name: string;
  start(context: AdapterContext): void;
  stop(): void;
  stats(): AdapterStats;
}

export function emptyStats(adapter: string): AdapterStats {
  return {
    adapter,
    rows: 0,
    published: 0,
    alreadyPublished: 0,
    skipped: {},
    repaired: {},
    pending: 0,
  };
}

export function countReason(
  counters: Record<string, number>,
  reason: string,
  count = 1,
): void {
  counters[reason] = (counters[reason] ?? 0) + count;
}

/** Checks an alert against the contract, returning the parsed alert or a readable reason. */
export function validateAlert(
  candidate: unknown,
): { ok: true; alert: Alert } | { ok: false; error: string } {
  const parsed = Alert.safeParse(candidate);
  if (parsed.success) {
    return { ok: true, alert: parsed.data };
  }
  const issue = parsed.error.issues[0];
  const where = issue ? issue.path.join('.') : '';
  return {
    ok: false,
    error: `${where || 'alert'}: ${issue?.message ?? 'invalid'}`,
  };
}

/** Largest delay Node's timers accept (about 24.8 days); longer waits are taken in steps. */
export const MAX_TIMER_MS = 2_147_483_647;
