// Urgency order for the incident queue: overdue incidents first, then by level (一级 first,
// unknown level last), then by time left to the nearest deadline (none last), then oldest first,
// then by id. Every step compares plain numbers, so the order is total and deterministic.
import type { DeadlineConfig } from './deadlines.js';
import type { Incident } from './incident.js';
import { milestoneStatuses } from './milestones.js';
import type { Instant } from './states.js';

export interface UrgencyKey {
  incidentId: string;
  overdue: boolean;
  /** 1..4, or 5 for an unknown level so it sorts after 四级. */
  levelRank: number;
  /** Milliseconds to the nearest running deadline, negative when overdue; null when none runs. */
  msToDeadline: number | null;
  reportedAt: Instant;
}

/** Computes the fields the queue sorts on, once per incident. */
export function urgencyKey(
  incident: Incident,
  config: Pick<DeadlineConfig, 'near'>,
  now: Instant,
): UrgencyKey {
  let msToDeadline: number | null = null;
  let overdue = false;
  for (const status of milestoneStatuses(incident, config, now)) {
    if (
      status.dueAt === null ||
      status.metAt !== null ||
      status.state === 'stopped'
    ) {
      continue;
    }
    overdue = overdue || status.state === 'overdue';
    const left = status.dueAt - now;
    msToDeadline = msToDeadline === null ? left : Math.min(msToDeadline, left);
  }
  return {
    incidentId: incident.id,
    overdue,
    levelRank: incident.level ?? 5,
    msToDeadline,
    reportedAt: incident.reportedAt,
  };
}

/** Comparator for `Array.prototype.sort`: negative when `a` is more urgent. */
export function compareUrgency(a: UrgencyKey, b: UrgencyKey): number {
  if (a.overdue !== b.overdue) {
    return a.overdue ? -1 : 1;
  }
  if (a.levelRank !== b.levelRank) {
    return a.levelRank - b.levelRank;
  }
  const aLeft = a.msToDeadline ?? Number.POSITIVE_INFINITY;
  const bLeft = b.msToDeadline ?? Number.POSITIVE_INFINITY;
  if (aLeft !== bLeft) {
    return aLeft < bLeft ? -1 : 1;
  }
  if (a.reportedAt !== b.reportedAt) {
    return a.reportedAt - b.reportedAt;
  }
  if (a.incidentId === b.incidentId) {
    return 0;
  }
  return a.incidentId < b.incidentId ? -1 : 1;
}

/** Returns the incidents in queue order without changing the input array. */
export function sortByUrgency(
  incidents: readonly Incident[],
  config: Pick<DeadlineConfig, 'near'>,
  now: Instant,
): Incident[] {
  const keyed = incidents.map((incident) => ({
    incident,
    key: urgencyKey(incident, config, now),
  }));
  keyed.sort((a, b) => compareUrgency(a.key, b.key));
  return keyed.map((entry) => entry.incident);
}
