// Schemas for the dispatch collections as the renderer reads them. Record data arrives as
// `unknown` from the console's cache, so every value is parsed before the panel uses it.
import { z } from 'zod';

import {
  AlertLevel,
  EmergencyClass,
  EventType,
  Place,
} from '../../../../src-shared/contract/domain.js';
import type { Incident } from '../../../../src-shared/dispatch/index.js';
import {
  ClockStart,
  COMMAND_KINDS,
  IncidentChannel,
  IncidentState,
  Resource,
} from '../../../../src-shared/dispatch/index.js';

export const COLLECTIONS = {
  incident: 'incident',
  resource: 'resource',
  escalation: 'dispatch.escalation',
  audit: 'dispatch.audit',
} as const;

const Instant = z.number();
const TIMELINE_ACTIONS = new Set<string>([
  ...COMMAND_KINDS,
  'report',
  'absorb_incident',
  'attach_alert',
]);

const PendingExtension = z.object({
  requestedBy: z.string(),
  requestedAt: Instant,
  reason: z.string(),
  commandId: z.string(),
});

const TrackedMilestone = z.object({
  key: z.string(),
  label: z.string(),
  ruleId: z.string(),
  startsAt: ClockStart,
  durationMs: z.number(),
  metWhen: IncidentState,
  extensionStepMs: z.number(),
  maxExtensions: z.number(),
  extensionsGranted: z.number(),
  pendingExtension: PendingExtension.nullable(),
  source: z.string(),
});

const TimelineEntry = z.object({
  who: z.string(),
  when: Instant,
  from: IncidentState.nullable(),
  to: IncidentState,
  why: z.string(),
  action: z
    .string()
    .refine((action) => TIMELINE_ACTIONS.has(action), 'unknown action'),
  commandId: z.string().nullable(),
});

/** Incident record data; mirrors the `Incident` interface of the shared dispatch rules. */
export const IncidentData = z.object({
  id: z.string().min(1),
  version: z.number().int().min(0),
  state: IncidentState,
  title: z.string(),
  channel: IncidentChannel,
  eventType: EventType,
  emergencyClass: EmergencyClass.nullable(),
  level: AlertLevel.nullable(),
  place: Place,
  occurredAt: Instant,
  reportedAt: Instant,
  originAlertIds: z.array(z.string()),
  assignedResourceIds: z.array(z.string()),
  feedback: z.string().nullable(),
  mergedInto: z.string().nullable(),
  enteredAt: z.partialRecord(IncidentState, Instant),
  milestones: z.array(TrackedMilestone),
  timeline: z.array(TimelineEntry),
});

export const EscalationData = z.object({
  incidentId: z.string().min(1),
  milestone: z.string(),
  dueAt: Instant,
  state: z.enum(['near', 'overdue']),
  raisedAt: Instant,
  acknowledgedAt: Instant.nullable(),
});
export type EscalationData = z.infer<typeof EscalationData>;

export const AuditData = z.object({
  who: z.string(),
  when: Instant,
  name: z.string(),
  incidentId: z.string().nullish(),
  outcome: z.string(),
  code: z.string().nullish(),
  summary: z.string(),
});
export type AuditData = z.infer<typeof AuditData>;

export type ParseResult<T> =
  | { ok: true; value: T }
  | { ok: false; error: string };

function describe(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

/** Parses incident record data. The schema checks the action names, so the cast only narrows. */
export function parseIncident(data: unknown): ParseResult<Incident> {
  const result = IncidentData.safeParse(data);
  return result.success
    ? { ok: true, value: result.data as Incident }
    : { ok: false, error: describe(result.error) };
}

export function parseResource(data: unknown): ParseResult<Resource> {
  const result = Resource.safeParse(data);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, error: describe(result.error) };
}

export function parseEscalation(data: unknown): ParseResult<EscalationData> {
  const result = EscalationData.safeParse(data);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, error: describe(result.error) };
}

export function parseAudit(data: unknown): ParseResult<AuditData> {
  const result = AuditData.safeParse(data);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, error: describe(result.error) };
}
