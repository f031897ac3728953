import type { Alert } from '../../../src-shared/contract/index.js';

/** Most alerts the live list keeps; older ones stay reachable through `alerts:query`. */
export const LIVE_LIST_LIMIT = 500;

/**
 * Newest first by publication instant. A burst published in the same millisecond falls back to
 * the instant of occurrence, and the id keeps the order stable.
 */
export function compareNewestFirst(a: Alert, b: Alert): number {
  if (a.publishedAt !== b.publishedAt) {
    return b.publishedAt - a.publishedAt;
  }
  if (a.occurredAt !== b.occurredAt) {
    return b.occurredAt - a.occurredAt;
  }
  if (a.id === b.id) {
    return 0;
  }
  return a.id < b.id ? 1 : -1;
}

/**
 * Returns a new list with `incoming` merged into `current` by id (incoming wins), newest first,
 * cut to `limit`. Loops instead of spreading, because spreading a very large array into a call
 * overflows the call stack.
 */
export function mergeAlerts(
  current: readonly Alert[],
  incoming: readonly Alert[],
  limit: number,
): Alert[] {
  const byId = new Map<string, Alert>();
  for (const alert of current) {
    byId.set(alert.id, alert);
  }
  for (const alert of incoming) {
    byId.set(alert.id, alert);
  }
  const merged = Array.from(byId.values());
  merged.sort(compareNewestFirst);
  if (merged.length > limit) {
    merged.length = limit;
  }
  return merged;
}
