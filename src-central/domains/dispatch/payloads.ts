// Payload schemas of the dispatch commands. Consoles send payloads as plain objects, and the
// central parses each one from `unknown` before a handler reads it.
import { z } from 'zod';

import {
  describeIssue,
  IncidentChannel,
} from '../../../src-shared/dispatch/index.js';
import { DispatchRejection } from './errors.js';

const Id = z.string().min(1).max(200);

export const OpenIncidentPayload = z.object({
  incidentId: z.uuid(),
  alertId: Id,
  channel: IncidentChannel.optional(),
});

/**
 * `actingRole` is the role the operator acts in, and only `leader_on_duty` may decide extensions.
 * NOTE: the central trusts the role the console claims and does not check it against the roster.
 */
export const IncidentCommandPayload = z.object({
  command: z.unknown(),
  actingRole: z.enum(['duty_officer', 'leader_on_duty']).optional(),
});

export const AttachAlertPayload = z.object({
  incidentId: Id,
  alertId: Id,
  expectedVersion: z.number().int().min(0),
});

export const AcknowledgeEscalationPayload = z.object({ escalationId: Id });

export function parsePayload<T>(
  schema: z.ZodType<T>,
  payload: unknown,
  name: string,
): T {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(describeIssue).join('; ');
    throw new DispatchRejection(
      'invalid-payload',
      `Invalid ${name} payload: ${issues}. Fix these fields and resend.`,
    );
  }
  return parsed.data;
}

/** Kinds whose free text must not be blank, with the field that carries it. */
const REASON_FIELDS: Readonly<Record<string, string>> = {
  feedback: 'result',
  cancel: 'reason',
  reopen: 'reason',
  request_extension: 'reason',
};

/**
 * Rejects a blank or absent reason with `missing-reason` before the schema check, which would
 * report it as `invalid-payload`. The console prompts the operator for a reason on this code.
 */
export function requireReason(command: unknown): void {
  if (typeof command !== 'object' || command === null) {
    return;
  }
  const fields = command as Record<string, unknown>;
  const field =
    typeof fields.kind === 'string' ? REASON_FIELDS[fields.kind] : undefined;
  if (field === undefined) {
    return;
  }
  const text = fields[field];
  if (
    text === undefined ||
    text === null ||
    (typeof text === 'string' && text.trim() === '')
  ) {
    throw new DispatchRejection(
      'missing-reason',
      `Command "${String(fields.kind)}" on incident ${String(fields.incidentId)} needs a ` +
        `non-blank "${field}"; enter one and retry.`,
    );
  }
}
