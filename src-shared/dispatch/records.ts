// Collection names, command names and record schemas of the dispatch stream. The central parses
// the records it reads back from its log with these schemas. The console parses the records in its
// cache with the same ones, so both sides accept the same records.
import { z } from 'zod';

import {
  AlertLevel,
  EmergencyClass,
  EventType,
  Place,
} from '../contract/domain.js';
import { ClockStart, EscalationRole, IncidentChannel } from './deadlines.js';
import type { Incident, TimelineAction } from './incident.js';
import { IncidentState } from './states.js';

/** Collection names of the dispatch stream. */
export const DISPATCH_COLLECTIONS = {
  incident: 'incident',
  resource: 'resource',
  escalation: 'dispatch.escalation',
  audit: 'dispatch.audit',
} as const;

/** Command names the dispatch domain handles. */
export const DISPATCH_COMMANDS = {
  open: 'incident.open',
  report: 'incident.report',
  command: 'incident.command',
  attachAlert: 'incident.attach-alert',
  acknowledgeEscalation: 'dispatch.escalation-ack',
} as const;

const Instant = z.number().int();
const Text = z.string().max(20_000);
const Id = z.string().min(1).max(200);

export const TimelineActionSchema = z.enum([
  'accept',
  'dispatch',
  'start',
  'feedback',
  'verify',
  'close',
  'cancel',
  'merge',
  'reopen',
  'request_extension',
  'decide_extension',
  'report',
  'absorb_incident',
  'attach_alert',
]);

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// Fails to compile when this list and the `TimelineAction` type of the rules differ.
const timelineActionsMatch: Same<
  z.infer<typeof TimelineActionSchema>,
  TimelineAction
> = true;
void timelineActionsMatch;

export const TimelineEntrySchema = z.object({
  who: Id,
  when: Instant,
  from: IncidentState.nullable(),
  to: IncidentState,
  why: Text,
  action: TimelineActionSchema,
  commandId: Id.nullable(),
});

export const TrackedMilestoneSchema = z.object({
  key: Id,
  label: z.string().max(100),
  ruleId: Id,
  startsAt: ClockStart,
  durationMs: z.number().int().min(0),
  metWhen: IncidentState,
  extensionStepMs: z.number().int().min(0),
  maxExtensions: z.number().int().min(0),
  extensionsGranted: z.number().int().min(0),
  pendingExtension: z
    .object({
      requestedBy: Id,
      requestedAt: Instant,
      reason: Text,
      commandId: Id,
    })
    .nullable(),
  source: z.string().max(500),
});

/** The `data` of an `incident` record: the whole Incident of the dispatch rules. */
export const IncidentRecord: z.ZodType<Incident> = z.object({
  id: Id,
  version: z.number().int().min(0),
  state: IncidentState,
  title: z.string().max(500),
  channel: IncidentChannel,
  eventType: EventType,
  emergencyClass: EmergencyClass.nullable(),
  level: AlertLevel.nullable(),
  place: Place,
  occurredAt: Instant,
  reportedAt: Instant,
  originAlertIds: z.array(Id),
  assignedResourceIds: z.array(Id),
  feedback: Text.nullable(),
  mergedInto: Id.nullable(),
  enteredAt: z.partialRecord(IncidentState, Instant),
  milestones: z.array(TrackedMilestoneSchema),
  timeline: z.array(TimelineEntrySchema),
});

/**
 * The `data` of a `dispatch.escalation` record: a milestone of an incident that is near or past
 * its due instant, raised to the roles the deadline table names (the leader on duty first).
 * The id is `<incidentId>:<milestone>:<state>`, so each state of a milestone is raised once.
 * An approved extension moves `dueAt`, and then the same record is raised again.
 */
export const EscalationRecord = z.object({
  incidentId: Id,
  incidentTitle: z.string().max(500),
  milestone: Id,
  milestoneLabel: z.string().max(100),
  dueAt: Instant,
  state: z.enum(['near', 'overdue']),
  roles: z.array(EscalationRole),
  raisedAt: Instant,
  acknowledgedAt: Instant.nullable(),
  acknowledgedBy: Id.nullable(),
});
export type EscalationRecord = z.infer<typeof EscalationRecord>;

/**
 * The `data` of a `dispatch.audit` record: one command that the dispatch domain applied or
 * rejected, including the simulated field responses. Records are only ever added.
 */
export const AuditRecord = z.object({
  /** Instant the command ran, on the server clock. */
  when: Instant,
  /** Operator id, or `field:<resourceId>` for a simulated field response. */
  who: Id,
  /** Console install that sent the command; null for work the central did on its own. */
  installId: Id.nullable(),
  /** Command name, such as `incident.command`. */
  name: Id,
  /** Kind of an `incident.command`, such as `dispatch`; null for other commands. */
  kind: z.string().max(64).nullable(),
  incidentId: Id.nullable(),
  commandId: Id.nullable(),
  outcome: z.enum(['applied', 'rejected']),
  /** Rejection code; null when applied. */
  code: z.string().max(64).nullable(),
  summary: Text,
});
export type AuditRecord = z.infer<typeof AuditRecord>;
