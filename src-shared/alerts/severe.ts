import type { Alert } from '../contract/index.js';
import { compareNewestFirst } from './order.js';

/** Maximum number of open severe alerts that main's state and a window's store keep. */
export const OPEN_SEVERE_LIMIT = 50;

/** True for a level-1 (一级) or level-2 (二级) alert that no console has acknowledged yet. */
export function isOpenSevere(alert: Alert): boolean {
  return alert.status === 'new' && (alert.level === 1 || alert.level === 2);
}

/** Level 1 before level 2, then newest first: the order of the open severe alerts. */
export function compareSevereFirst(left: Alert, right: Alert): number {
  const byLevel = (left.level ?? 5) - (right.level ?? 5);
  return byLevel !== 0 ? byLevel : compareNewestFirst(left, right);
}

export interface OpenSevereMerge {
  /** Open severe alerts, level 1 first and then newest first, at most the limit. */
  alerts: Alert[];
  /** True when the merge cut open severe alerts off the end to keep the limit. */
  cut: boolean;
  /** True when a change closed, acknowledged or downgraded an alert of the list. */
  removed: boolean;
}

/**
 * Applies `changed` alerts (the new value of each) to the list of open severe alerts `current`:
 * an alert that is open and severe enters the list or replaces its old value, and any other leaves
 * it. Main's state and the windows' stores both run this on the same changes, so their lists stay
 * equal without main sending the list again.
 */
export function mergeOpenSevere(
  current: readonly Alert[],
  changed: readonly Alert[],
  limit: number,
): OpenSevereMerge {
  const byId = new Map(current.map((alert) => [alert.id, alert]));
  let removed = false;
  for (const alert of changed) {
    if (isOpenSevere(alert)) {
      byId.set(alert.id, alert);
    } else if (byId.delete(alert.id)) {
      removed = true;
    }
  }
  // Level 1 first, so that a full list cuts level-2 alerts before any level-1 alert.
  const sorted = [...byId.values()].sort(compareSevereFirst);
  return {
    alerts: sorted.slice(0, limit),
    cut: sorted.length > limit,
    removed,
  };
}
