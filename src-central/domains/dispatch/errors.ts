// Business rejections of the dispatch domain. A handler throws one inside the domain, and the
// domain returns it to the console as a `rejected` outcome with a code from the shared list.
import type { DispatchRejectionCode } from '../../../src-shared/dispatch/index.js';
import { ruleErrorCode } from '../../../src-shared/dispatch/index.js';
import type { DomainOutcome } from '../types.js';

/** A business rejection raised inside the domain and turned into a `rejected` outcome. */
export class DispatchRejection extends Error {
  constructor(
    readonly code: DispatchRejectionCode,
    message: string,
  ) {
    super(message);
    this.name = 'DispatchRejection';
  }
}

/**
 * Turns a rejection or an error of the shared rules into a `rejected` outcome. Any other error is
 * a defect, so it is raised again for the central to log and roll back.
 */
export function rejectionOf(error: unknown): DomainOutcome & {
  outcome: 'rejected';
} {
  if (error instanceof DispatchRejection) {
    return {
      outcome: 'rejected',
      error: { code: error.code, message: error.message },
    };
  }
  const code = ruleErrorCode(error);
  if (code !== null && error instanceof Error) {
    return { outcome: 'rejected', error: { code, message: error.message } };
  }
  throw error;
}
