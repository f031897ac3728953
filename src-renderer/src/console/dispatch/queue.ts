// The incident queue in urgency order, kept sorted as records change.
//
// The shared `compareUrgency` orders by: overdue first, level, time to the nearest running
// deadline, report time, id. Only the first step depends on the clock, and an incident is overdue
// exactly when the clock is past its nearest running due instant. Comparing times left at one
// instant is comparing due instants. So the queue keeps one array sorted by the clock-free part
// (level, nearest due instant, report time, id) and splits it into overdue and the rest when the
// clock moves. That split keeps both halves in order and costs one pass, with no sort.
import type {
  DeadlineConfig,
  Incident,
  MilestoneStatus,
} from '../../../../src-shared/dispatch/index.js';
import {
  isOpenState,
  milestoneStatuses,
} from '../../../../src-shared/dispatch/index.js';

export type NearConfig = Pick<DeadlineConfig, 'near'>;

/** The clock-free part of an incident's urgency. */
export interface QueueKey {
  id: string;
  incident: Incident;
  /** 1..4, or 5 for an unknown level. */
  levelRank: number;
  /** Earliest due instant among the running milestones, or null when none runs. */
  nearestDueAt: number | null;
  reportedAt: number;
}

export interface QueueRow {
  id: string;
  incident: Incident;
  overdue: boolean;
  nearestDueAt: number | null;
}

/** One change to the queue: the incident's new value, or null when its record was removed. */
export interface QueueChange {
  id: string;
  incident: Incident | null;
}

export interface QueueOrder {
  rows: readonly QueueRow[];
  overdueCount: number;
  /**
   * The split stays valid while the clock is at or before this instant; the first incident to
   * turn overdue afterwards changes it. Infinity when no running deadline is ahead.
   */
  validUntil: number;
}

/** A batch larger than this share of the queue is applied by rebuilding instead of inserting. */
const REBUILD_SHARE = 1 / 8;
const REBUILD_MIN = 64;

/**
 * Computes the key. A milestone runs while its clock has started and it is neither met nor
 * stopped, which does not depend on the clock, so any instant gives the same due instants.
 */
export function queueKeyOf(incident: Incident, config: NearConfig): QueueKey {
  let nearestDueAt: number | null = null;
  for (const status of milestoneStatuses(incident, config, 0)) {
    if (status.dueAt === null || status.metAt !== null) {
      continue;
    }
    if (status.state === 'stopped') {
      continue;
    }
    nearestDueAt =
      nearestDueAt === null
        ? status.dueAt
        : Math.min(nearestDueAt, status.dueAt);
  }
  return {
    id: incident.id,
    incident,
    levelRank: incident.level ?? 5,
    nearestDueAt,
    reportedAt: incident.reportedAt,
  };
}

/** Orders keys like `compareUrgency` does for two incidents that are both overdue or both not. */
export function compareKeys(a: QueueKey, b: QueueKey): number {
  if (a.levelRank !== b.levelRank) {
    return a.levelRank - b.levelRank;
  }
  const aDue = a.nearestDueAt ?? Number.POSITIVE_INFINITY;
  const bDue = b.nearestDueAt ?? Number.POSITIVE_INFINITY;
  if (aDue !== bDue) {
    return aDue < bDue ? -1 : 1;
  }
  if (a.reportedAt !== b.reportedAt) {
    return a.reportedAt - b.reportedAt;
  }
  if (a.id === b.id) {
    return 0;
  }
  return a.id < b.id ? -1 : 1;
}

/** Overdue means strictly past the due instant, as in the shared milestone rules. */
export function isOverdueAt(key: QueueKey, now: number): boolean {
  return key.nearestDueAt !== null && now > key.nearestDueAt;
}

/** First index whose key sorts after `key`. */
function upperBound(sorted: readonly QueueKey[], key: QueueKey): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareKeys(sorted[middle] as QueueKey, key) <= 0) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

/** First index whose key does not sort before `key`. */
function lowerBound(sorted: readonly QueueKey[], key: QueueKey): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareKeys(sorted[middle] as QueueKey, key) < 0) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

/**
 * Open incidents in urgency order. Closed, cancelled and merged incidents leave the queue. Not
 * reactive: the store copies `order()` into a shallow ref.
 */
export class UrgencyQueue {
  private sorted: QueueKey[] = [];
  private readonly keys = new Map<string, QueueKey>();

  constructor(private readonly config: NearConfig) {}

  get size(): number {
    return this.sorted.length;
  }

  has(id: string): boolean {
    return this.keys.has(id);
  }

  /**
   * Applies a batch of changes in order; a large batch rebuilds the array with one sort. A change
   * with `incident: null` removes the incident.
   */
  apply(changes: readonly QueueChange[]): void {
    if (
      changes.length > REBUILD_MIN &&
      changes.length > this.sorted.length * REBUILD_SHARE
    ) {
      this.rebuild(changes);
      return;
    }
    for (const change of changes) {
      if (change.incident === null) {
        this.remove(change.id);
      } else {
        this.upsert(change.incident);
      }
    }
  }

  clear(): void {
    this.sorted = [];
    this.keys.clear();
  }

  upsert(incident: Incident): void {
    this.remove(incident.id);
    if (!isOpenState(incident.state)) {
      return;
    }
    const key = queueKeyOf(incident, this.config);
    this.sorted.splice(upperBound(this.sorted, key), 0, key);
    this.keys.set(key.id, key);
  }

  remove(id: string): void {
    const key = this.keys.get(id);
    if (key === undefined) {
      return;
    }
    this.keys.delete(id);
    const index = lowerBound(this.sorted, key);
    if (this.sorted[index]?.id === id) {
      this.sorted.splice(index, 1);
      return;
    }
    // Only a key changed in place could get here; fall back to a scan to stay correct.
    const found = this.sorted.findIndex((entry) => entry.id === id);
    if (found >= 0) {
      this.sorted.splice(found, 1);
    }
  }

  /** Keys in clock-free order, for tests and benchmarks. */
  sortedKeys(): readonly QueueKey[] {
    return this.sorted;
  }

  /** Splits the sorted keys at `now`: overdue incidents first, each half keeping its order. */
  order(now: number): QueueOrder {
    const overdue: QueueRow[] = [];
    const rest: QueueRow[] = [];
    let validUntil = Number.POSITIVE_INFINITY;
    for (const key of this.sorted) {
      const isOverdue = isOverdueAt(key, now);
      const row: QueueRow = {
        id: key.id,
        incident: key.incident,
        overdue: isOverdue,
        nearestDueAt: key.nearestDueAt,
      };
      if (isOverdue) {
        overdue.push(row);
        continue;
      }
      rest.push(row);
      if (key.nearestDueAt !== null && key.nearestDueAt < validUntil) {
        validUntil = key.nearestDueAt;
      }
    }
    const overdueCount = overdue.length;
    for (const row of rest) {
      overdue.push(row);
    }
    return { rows: overdue, overdueCount, validUntil };
  }

  private rebuild(changes: readonly QueueChange[]): void {
    for (const { id, incident } of changes) {
      if (incident !== null && isOpenState(incident.state)) {
        this.keys.set(id, queueKeyOf(incident, this.config));
      } else {
        this.keys.delete(id);
      }
    }
    this.sorted = Array.from(this.keys.values()).sort(compareKeys);
  }
}

/** The deadline a queue row shows: the worst running milestone. */
export interface RowDeadline {
  state: 'none' | 'ok' | 'near' | 'overdue';
  label: string | null;
  dueAt: number | null;
  /** Milliseconds left, or milliseconds past due when overdue; null when no milestone runs. */
  ms: number | null;
}

const SEVERITY: Readonly<Record<string, number>> = {
  overdue: 3,
  near: 2,
  ok: 1,
};

/** Picks the most severe running milestone, the nearest due one among equals. */
export function rowDeadline(
  incident: Incident,
  config: NearConfig,
  now: number,
): RowDeadline {
  let worst: MilestoneStatus | null = null;
  for (const status of milestoneStatuses(incident, config, now)) {
    const severity = SEVERITY[status.state];
    if (severity === undefined || status.dueAt === null) {
      continue;
    }
    if (
      worst === null ||
      severity > (SEVERITY[worst.state] ?? 0) ||
      (severity === SEVERITY[worst.state] && status.dueAt < (worst.dueAt ?? 0))
    ) {
      worst = status;
    }
  }
  if (worst === null || worst.dueAt === null) {
    return { state: 'none', label: null, dueAt: null, ms: null };
  }
  if (worst.state === 'overdue') {
    return {
      state: 'overdue',
      label: worst.label,
      dueAt: worst.dueAt,
      ms: worst.overdueMs,
    };
  }
  return {
    state: worst.state === 'near' ? 'near' : 'ok',
    label: worst.label,
    dueAt: worst.dueAt,
    ms: worst.remainingMs ?? 0,
  };
}

function twoDigits(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/**
 * Formats a span as `H:MM:SS`, with a day count in front from 24 hours on. Time left is rounded
 * up to the second, so a countdown shows 0:00:00 only at the due instant. Time past due is
 * rounded down, so it shows 0:00:01 one full second after.
 */
export function formatSpan(
  ms: number,
  direction: 'left' | 'past',
  dayUnit: string,
): string {
  const seconds =
    direction === 'left' ? Math.ceil(ms / 1000) : Math.floor(ms / 1000);
  const safe = Math.max(0, seconds);
  const days = Math.floor(safe / 86_400);
  const hours = Math.floor((safe % 86_400) / 3600);
  const minutes = Math.floor((safe % 3600) / 60);
  const clock = `${hours}:${twoDigits(minutes)}:${twoDigits(safe % 60)}`;
  return days > 0 ? `${days}${dayUnit} ${clock}` : clock;
}
