// Commands that move an incident. Each carries an idempotency key (`commandId`) so that the server
// can drop a retried command. These rules do not deduplicate: they copy the key onto the timeline.
// `expectedVersion` is the incident version the operator was looking at.
import { z } from 'zod';

import { describeIssue, DispatchInputError } from './errors.js';

/** Free text that must contain something other than white space. */
const Reason = z.string().trim().min(1).max(2_000);
const OptionalNote = z.string().trim().max(2_000).optional();
const Id = z.string().min(1).max(200);

const base = {
  commandId: Id,
  incidentId: Id,
  expectedVersion: z.number().int().min(0),
};

export const AcceptCommand = z.object({
  ...base,
  kind: z.literal('accept'),
  note: OptionalNote,
});

export const DispatchResourcesCommand = z.object({
  ...base,
  kind: z.literal('dispatch'),
  resourceIds: z
    .array(Id)
    .min(1)
    .max(100)
    .refine((ids) => new Set(ids).size === ids.length, {
      message: 'resource ids must be unique',
    }),
});

export const StartCommand = z.object({ ...base, kind: z.literal('start') });

export const FeedbackCommand = z.object({
  ...base,
  kind: z.literal('feedback'),
  result: Reason,
});

export const VerifyCommand = z.object({
  ...base,
  kind: z.literal('verify'),
  note: OptionalNote,
});

export const CloseCommand = z.object({
  ...base,
  kind: z.literal('close'),
  note: OptionalNote,
});

export const CancelCommand = z.object({
  ...base,
  kind: z.literal('cancel'),
  reason: Reason,
});

export const MergeCommand = z.object({
  ...base,
  kind: z.literal('merge'),
  targetIncidentId: Id,
  targetExpectedVersion: z.number().int().min(0),
});

export const ReopenCommand = z.object({
  ...base,
  kind: z.literal('reopen'),
  reason: Reason,
});

export const RequestExtensionCommand = z.object({
  ...base,
  kind: z.literal('request_extension'),
  milestone: Id,
  reason: Reason,
});

export const DecideExtensionCommand = z.object({
  ...base,
  kind: z.literal('decide_extension'),
  milestone: Id,
  decision: z.enum(['approved', 'rejected']),
  note: OptionalNote,
});

export const IncidentCommand = z.discriminatedUnion('kind', [
  AcceptCommand,
  DispatchResourcesCommand,
  StartCommand,
  FeedbackCommand,
  VerifyCommand,
  CloseCommand,
  CancelCommand,
  MergeCommand,
  ReopenCommand,
  RequestExtensionCommand,
  DecideExtensionCommand,
]);
export type IncidentCommand = z.infer<typeof IncidentCommand>;
export type CommandKind = IncidentCommand['kind'];

export const COMMAND_KINDS: readonly CommandKind[] =
  IncidentCommand.options.map((option) => option.shape.kind.value);

/** Parses a command that arrived as `unknown` from a renderer or the network. */
export function parseCommand(input: unknown): IncidentCommand {
  const result = IncidentCommand.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.map(describeIssue);
    throw new DispatchInputError(
      `Invalid incident command: ${issues.join('; ')}. Fix these fields and resend.`,
      issues,
    );
  }
  return result.data;
}
