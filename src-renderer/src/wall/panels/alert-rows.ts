// Pure selection of the alerts the latest-alerts list and the severe-alert banner show. Both scan
// the list once, because the wall may hold about 100,000 alerts and sorting them all on every
// update would cost far more than the few rows on screen.
import { compareNewestFirst } from '../../../../src-shared/alerts/order.js';
import {
  compareSevereFirst,
  isOpenSevere,
} from '../../../../src-shared/alerts/severe.js';
import type { Alert } from '../../../../src-shared/contract/index.js';
import { formatDateTime } from '../../format/time.js';

export { compareNewestFirst };

/** Rows the latest-alerts list shows when the caller gives no limit. */
export const DEFAULT_LATEST_LIMIT = 20;

/**
 * Returns the `limit` newest alerts, newest first, in any order of `alerts`. Keeps a sorted
 * window of at most `limit` alerts and inserts into it, so the cost is about n × log(limit).
 */
export function latestAlerts(
  alerts: readonly Alert[],
  limit: number = DEFAULT_LATEST_LIMIT,
): Alert[] {
  const size = Math.max(0, Math.floor(limit));
  const window: Alert[] = [];
  if (size === 0) {
    return window;
  }

  for (const alert of alerts) {
    const full = window.length === size;
    if (full && compareNewestFirst(alert, window[size - 1]!) >= 0) {
      continue;
    }
    window.splice(insertionIndex(window, alert), 0, alert);
    if (window.length > size) {
      window.pop();
    }
  }
  return window;
}

function insertionIndex(sorted: readonly Alert[], alert: Alert): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareNewestFirst(sorted[middle]!, alert) <= 0) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

/**
 * Returns the unacknowledged alert the banner shows: of the most severe level open (一级 before
 * 二级), the newest. Null when no level-1 or level-2 alert is open. A newer level-2 alert must not
 * push an open level-1 alert off the banner.
 */
export function severeAlert(alerts: readonly Alert[]): Alert | null {
  let first: Alert | null = null;
  for (const alert of alerts) {
    if (!isOpenSevere(alert)) {
      continue;
    }
    if (first === null || compareSevereFirst(alert, first) < 0) {
      first = alert;
    }
  }
  return first;
}

/** Number of open level-1 and level-2 alerts in `alerts`. */
export function openSevereCount(alerts: readonly Alert[]): number {
  return alerts.filter(isOpenSevere).length;
}

/** `MM-DD HH:mm` in Beijing time: short enough to read from across the hall, and unambiguous across midnight. */
export function wallTimeText(epochMs: number): string {
  return formatDateTime(epochMs).slice(5, 16);
}
