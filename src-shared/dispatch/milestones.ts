// Milestone status on a server clock, and who to escalate to when a milestone is near or overdue.
//
// Boundary: a milestone is overdue only after its due instant. At exactly the due instant it is
// still `near` with 0 ms remaining, and a milestone met exactly at the due instant is on time.
import type {
  DeadlineConfig,
  EscalationRole,
  TrackedMilestone,
} from './deadlines.js';
import type { Incident } from './incident.js';
import type { Instant } from './states.js';
import { MAIN_PATH, mainPathRank, MINUTE_MS } from './states.js';

export type MilestoneState =
  | 'not_started'
  | 'ok'
  | 'near'
  | 'overdue'
  | 'met'
  | 'stopped';

export interface MilestoneStatus {
  key: string;
  label: string;
  state: MilestoneState;
  startAt: Instant | null;
  /** Due instant including approved extensions; null until the clock starts. */
  dueAt: Instant | null;
  metAt: Instant | null;
  /** Milliseconds left while running; 0 once overdue; null when not running. */
  remainingMs: number | null;
  /** Milliseconds past due: while overdue, or by how much a met milestone was late; else 0. */
  overdueMs: number;
  /** True for a milestone met after its due instant. */
  late: boolean;
  extensionsGranted: number;
  extensionPending: boolean;
}

/** Instant the milestone's clock starts, or null while the start event has not happened. */
export function clockStartOf(
  incident: Incident,
  milestone: TrackedMilestone,
): Instant | null {
  switch (milestone.startsAt) {
    case 'occurred':
      return incident.occurredAt;
    case 'reported':
      return incident.reportedAt;
    case 'accepted':
      return incident.enteredAt.accepted ?? null;
  }
}

export function dueAtOf(
  incident: Incident,
  milestone: TrackedMilestone,
): Instant | null {
  const start = clockStartOf(incident, milestone);
  if (start === null) {
    return null;
  }
  return (
    start +
    milestone.durationMs +
    milestone.extensionsGranted * milestone.extensionStepMs
  );
}

/**
 * Returns the first instant the incident reached the milestone's state or any later state on the
 * main path. A reopened incident keeps the milestones it met before it was reopened.
 */
export function metAtOf(
  incident: Incident,
  milestone: TrackedMilestone,
): Instant | null {
  const needed = mainPathRank(milestone.metWhen);
  let first: Instant | null = null;
  for (const state of MAIN_PATH.slice(needed)) {
    const at = incident.enteredAt[state];
    if (at !== undefined && (first === null || at < first)) {
      first = at;
    }
  }
  return first;
}

/** Width of the `near` band before the due instant. */
export function nearThresholdMs(
  spanMs: number,
  near: DeadlineConfig['near'],
): number {
  return Math.max(spanMs * near.fraction, near.minMinutes * MINUTE_MS);
}

function statusOf(
  incident: Incident,
  milestone: TrackedMilestone,
  near: DeadlineConfig['near'],
  now: Instant,
): MilestoneStatus {
  const startAt = clockStartOf(incident, milestone);
  const dueAt = dueAtOf(incident, milestone);
  const metAt = metAtOf(incident, milestone);
  const status: MilestoneStatus = {
    key: milestone.key,
    label: milestone.label,
    state: 'ok',
    startAt,
    dueAt,
    metAt,
    remainingMs: null,
    overdueMs: 0,
    late: false,
    extensionsGranted: milestone.extensionsGranted,
    extensionPending: milestone.pendingExtension !== null,
  };

  if (metAt !== null) {
    const lateBy = dueAt === null ? 0 : Math.max(0, metAt - dueAt);
    return { ...status, state: 'met', overdueMs: lateBy, late: lateBy > 0 };
  }
  if (incident.state === 'cancelled' || incident.state === 'merged') {
    return { ...status, state: 'stopped' };
  }
  if (startAt === null || dueAt === null) {
    return { ...status, state: 'not_started' };
  }

  if (now > dueAt) {
    return {
      ...status,
      state: 'overdue',
      remainingMs: 0,
      overdueMs: now - dueAt,
    };
  }
  const remainingMs = dueAt - now;
  const band = nearThresholdMs(dueAt - startAt, near);
  return { ...status, state: remainingMs <= band ? 'near' : 'ok', remainingMs };
}

/** Computes every tracked milestone's status at `now` (server clock). */
export function milestoneStatuses(
  incident: Incident,
  config: Pick<DeadlineConfig, 'near'>,
  now: Instant,
): MilestoneStatus[] {
  return incident.milestones.map((milestone) =>
    statusOf(incident, milestone, config.near, now),
  );
}

export interface EscalationTarget {
  role: EscalationRole;
  /** Person on duty in that role, or null when the roster has no one in that role. */
  personId: string | null;
  incidentId: string;
  milestone: string;
  state: 'near' | 'overdue';
}

/**
 * Lists the people to notify about near and overdue milestones. `onDuty` maps each role to the
 * person the duty roster has in it now.
 */
export function escalationTargets(
  incident: Incident,
  statuses: readonly MilestoneStatus[],
  policy: DeadlineConfig['escalation'],
  onDuty: Partial<Record<EscalationRole, string>>,
): EscalationTarget[] {
  const targets: EscalationTarget[] = [];
  for (const status of statuses) {
    if (status.state !== 'near' && status.state !== 'overdue') {
      continue;
    }
    const state = status.state;
    for (const role of policy[state]) {
      targets.push({
        role,
        personId: onDuty[role] ?? null,
        incidentId: incident.id,
        milestone: status.key,
        state,
      });
    }
  }
  return targets;
}
