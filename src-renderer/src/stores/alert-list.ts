import { compareNewestFirst } from '../../../src-shared/alerts/order.js';
import type { Alert } from '../../../src-shared/contract/index.js';

/** Most alerts the live list keeps; older ones stay reachable through `alerts:query`. */
export const LIVE_LIST_LIMIT = 500;

function isNewestFirst(alerts: readonly Alert[]): boolean {
  for (let i = 1; i < alerts.length; i += 1) {
    if (compareNewestFirst(alerts[i - 1] as Alert, alerts[i] as Alert) > 0) {
      return false;
    }
  }
  return true;
}

/**
 * Returns a new list with `incoming` merged into `current` by id (incoming wins), newest first,
 * cut to `limit`. A `current` that is already newest first (every list this function returns) is
 * merged in one pass with the sorted incoming alerts, so one new alert costs a copy of the list
 * rather than a sort of it. Items are copied in a loop, because spreading a very large array into
 * a call overflows the call stack.
 */
export function mergeAlerts(
  current: readonly Alert[],
  incoming: readonly Alert[],
  limit: number,
): Alert[] {
  const replacements = new Map<string, Alert>();
  for (const alert of incoming) {
    replacements.set(alert.id, alert);
  }
  const added = Array.from(replacements.values()).sort(compareNewestFirst);
  const base = isNewestFirst(current)
    ? current
    : current.slice().sort(compareNewestFirst);

  const merged: Alert[] = [];
  let i = 0;
  let j = 0;
  while (merged.length < limit && (i < base.length || j < added.length)) {
    const kept = base[i];
    if (kept !== undefined && replacements.has(kept.id)) {
      i += 1;
      continue;
    }
    const next = added[j];
    if (
      next === undefined ||
      (kept !== undefined && compareNewestFirst(kept, next) <= 0)
    ) {
      merged.push(kept as Alert);
      i += 1;
    } else {
      merged.push(next);
      j += 1;
    }
  }
  return merged;
}
