// Parses the dispatch records for the panel. Record data arrives as `unknown` from the console's
// cache, so every value is parsed with the shared schema before the panel uses it.
import type { z } from 'zod';

import type { ParseResult } from '../../../../src-shared/contract/frames.js';
import type { Incident } from '../../../../src-shared/dispatch/index.js';
import {
  AuditRecord,
  describeIssue,
  EscalationRecord,
  IncidentRecord,
  Resource,
} from '../../../../src-shared/dispatch/index.js';

export type { ParseResult } from '../../../../src-shared/contract/frames.js';

/** The fields of an escalation record that the panel shows; the others may be absent. */
export const EscalationData = EscalationRecord.pick({
  incidentId: true,
  milestone: true,
  dueAt: true,
  state: true,
  raisedAt: true,
  acknowledgedAt: true,
});
export type EscalationData = z.infer<typeof EscalationData>;

/** The fields of an audit record that the panel shows and exports; the others may be absent. */
export const AuditData = AuditRecord.pick({
  who: true,
  when: true,
  name: true,
  incidentId: true,
  outcome: true,
  code: true,
  summary: true,
});
export type AuditData = z.infer<typeof AuditData>;

function parseWith<T>(schema: z.ZodType<T>, data: unknown): ParseResult<T> {
  const result = schema.safeParse(data);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, error: result.error.issues.map(describeIssue).join('; ') };
}

export function parseIncident(data: unknown): ParseResult<Incident> {
  return parseWith(IncidentRecord, data);
}

export function parseResource(data: unknown): ParseResult<Resource> {
  return parseWith(Resource, data);
}

export function parseEscalation(data: unknown): ParseResult<EscalationData> {
  return parseWith(EscalationData, data);
}

export function parseAudit(data: unknown): ParseResult<AuditData> {
  return parseWith(AuditData, data);
}
