// The incident record and how one is opened from an alert or a petition.
import type {
  Alert,
  AlertLevel,
  EmergencyClass,
  EventType,
  Place,
} from '../contract/domain.js';
import type { CommandKind } from './commands.js';
import type {
  DeadlineConfig,
  IncidentChannel,
  TrackedMilestone,
} from './deadlines.js';
import { resolveMilestones } from './deadlines.js';
import type { Actor, IncidentState, Instant } from './states.js';

/** Actions on the timeline that are not commands on this incident. */
export type TimelineAction =
  | CommandKind
  | 'report'
  | 'absorb_incident'
  | 'attach_alert';

/** One line of the audit trail. Self-transitions (from = to) record extensions and merges. */
export interface TimelineEntry {
  /** Actor id. */
  who: string;
  when: Instant;
  from: IncidentState | null;
  to: IncidentState;
  why: string;
  action: TimelineAction;
  /** Idempotency key of the command that caused the entry; null for entries without one. */
  commandId: string | null;
}

export interface Incident {
  id: string;
  /** Starts at 0 and grows by 1 with every applied command (optimistic concurrency). */
  version: number;
  state: IncidentState;
  title: string;
  channel: IncidentChannel;
  eventType: EventType;
  emergencyClass: EmergencyClass | null;
  level: AlertLevel | null;
  place: Place;
  occurredAt: Instant;
  /** Instant the hall registered the incident (server clock). */
  reportedAt: Instant;
  /** Ids of every alert folded into this incident, including those of merged incidents. */
  originAlertIds: string[];
  assignedResourceIds: string[];
  feedback: string | null;
  /** Set once the incident is merged into another one. */
  mergedInto: string | null;
  /** First instant the incident entered each state. Reopening does not overwrite it. */
  enteredAt: Partial<Record<IncidentState, Instant>>;
  milestones: TrackedMilestone[];
  timeline: TimelineEntry[];
}

export interface NewIncident {
  id: string;
  title: string;
  channel: IncidentChannel;
  eventType: EventType;
  emergencyClass: EmergencyClass | null;
  level: AlertLevel | null;
  place: Place;
  occurredAt: Instant;
  originAlertIds: string[];
}

/** Opens an incident in `reported` and freezes its milestones from the deadline table. */
export function createIncident(
  input: NewIncident,
  config: DeadlineConfig,
  reporter: Actor,
  now: Instant,
): Incident {
  const milestones = resolveMilestones(config, {
    channel: input.channel,
    emergencyClass: input.emergencyClass,
    eventTypeCode: input.eventType.code,
    level: input.level,
  });
  return {
    ...input,
    originAlertIds: [...new Set(input.originAlertIds)],
    version: 0,
    state: 'reported',
    reportedAt: now,
    assignedResourceIds: [],
    feedback: null,
    mergedInto: null,
    enteredAt: { reported: now },
    milestones,
    timeline: [
      {
        who: reporter.id,
        when: now,
        from: null,
        to: 'reported',
        why: input.title,
        action: 'report',
        commandId: null,
      },
    ],
  };
}

/** Opens an incident from one alert, keeping the alert's id as its origin. */
export function createIncidentFromAlert(
  alert: Alert,
  options: { id: string; channel?: IncidentChannel },
  config: DeadlineConfig,
  reporter: Actor,
  now: Instant,
): Incident {
  return createIncident(
    {
      id: options.id,
      title: alert.title,
      channel: options.channel ?? 'platform',
      eventType: alert.eventType,
      emergencyClass: alert.emergencyClass,
      level: alert.level,
      place: alert.place,
      occurredAt: alert.occurredAt,
      originAlertIds: [alert.id],
    },
    config,
    reporter,
    now,
  );
}
