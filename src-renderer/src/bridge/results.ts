import { z } from 'zod';
import {
  BridgeError,
  ChangeBatch,
  InvokeSchemas,
  type BridgeResult,
  type InvokeChannel,
  type InvokeResponse,
} from '../../../src-shared/contract/index.js';

const ResultEnvelope = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: BridgeError }),
]);

/** Builds the failed result for an invoke that main did not answer or answered with invalid data. */
export function failure<T>(
  code: BridgeError['code'],
  message: string,
): BridgeResult<T> {
  return { ok: false, error: { code, message } };
}

/**
 * Checks an invoke result from main against the contract: the `{ok, value | error}` envelope, then
 * the value by the channel's response schema.
 */
export function parseInvokeResult<C extends InvokeChannel>(
  channel: C,
  raw: unknown,
): BridgeResult<InvokeResponse<C>> {
  const envelope = ResultEnvelope.safeParse(raw);
  if (!envelope.success) {
    return failure(
      'internal',
      `main returned a malformed result on ${channel}: ${z.prettifyError(envelope.error)}`,
    );
  }
  if (!envelope.data.ok) {
    return { ok: false, error: envelope.data.error };
  }

  // The schema table is indexed by a generic channel, which TypeScript cannot narrow; the cast
  // below is sound because InvokeResponse<C> is defined as this schema's output.
  const schema: z.ZodType = InvokeSchemas[channel].response;
  const value = schema.safeParse(envelope.data.value);
  if (!value.success) {
    return failure(
      'internal',
      `main returned an invalid ${channel} value: ${z.prettifyError(value.error)}`,
    );
  }
  return { ok: true, value: value.data as InvokeResponse<C> };
}

/** Checks a pushed change batch; returns null for a batch that does not match the contract. */
export function parseChangeBatch(raw: unknown): ChangeBatch | null {
  const parsed = ChangeBatch.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
