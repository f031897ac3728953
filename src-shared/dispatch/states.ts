// Incident states and the actors who move incidents between them.
import { z } from 'zod';

/** Milliseconds since the Unix epoch, always read from the server clock by the caller. */
export type Instant = number;

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/**
 * Incident states. The main path is reported → accepted → dispatched → in_progress → feedback →
 * verified → closed; cancelled and merged end an incident early.
 */
export const IncidentState = z.enum([
  'reported',
  'accepted',
  'dispatched',
  'in_progress',
  'feedback',
  'verified',
  'closed',
  'cancelled',
  'merged',
]);
export type IncidentState = z.infer<typeof IncidentState>;

/** The main path in order. Milestones compare positions on it to decide whether they are met. */
export const MAIN_PATH: readonly IncidentState[] = [
  'reported',
  'accepted',
  'dispatched',
  'in_progress',
  'feedback',
  'verified',
  'closed',
];

/** States in which work on an incident can still change; closed can only be reopened. */
export const OPEN_STATES: readonly IncidentState[] = MAIN_PATH.filter(
  (state) => state !== 'closed',
);

/** States that stop every deadline clock. */
export const FINAL_STATES: readonly IncidentState[] = [
  'closed',
  'cancelled',
  'merged',
];

export function isOpenState(state: IncidentState): boolean {
  return OPEN_STATES.includes(state);
}

/** Position on the main path, or -1 for cancelled and merged. */
export function mainPathRank(state: IncidentState): number {
  return MAIN_PATH.indexOf(state);
}

/** Roles that matter to the rules: only a leader decides on deadline extensions. */
export const ActorRole = z.enum([
  'duty_officer',
  'leader_on_duty',
  'field_worker',
  'system',
]);
export type ActorRole = z.infer<typeof ActorRole>;

export const Actor = z.object({
  id: z.string().min(1).max(200),
  role: ActorRole,
});
export type Actor = z.infer<typeof Actor>;
