import type { z } from 'zod';
import type { HallRejectionCode } from '../../../src-shared/walls/index.js';
import type { DomainOutcome } from '../types.js';

export function applied(result: Record<string, unknown>): DomainOutcome {
  return { outcome: 'applied', result };
}

export function rejected(
  code: HallRejectionCode,
  message: string,
): DomainOutcome {
  return { outcome: 'rejected', error: { code, message } };
}

/** Parses a command payload, or returns the rejection that lists every schema issue. */
export function parsePayload<T>(
  schema: z.ZodType<T>,
  command: string,
  payload: unknown,
): { ok: true; value: T } | { ok: false; outcome: DomainOutcome } {
  const parsed = schema.safeParse(payload);
  if (parsed.success) {
    return { ok: true, value: parsed.data };
  }

  const issues = parsed.error.issues
    .map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`)
    .join('; ');
  return {
    ok: false,
    outcome: rejected(
      'invalid-payload',
      `Invalid ${command} payload (${issues}); fix the fields named and send it again.`,
    ),
  };
}
