// Rejection codes of the dispatch domain. A rejection is a normal outcome sent back to the console,
// which shows a message by code, so the codes are part of the protocol and must not be renamed.
import {
  DispatchInputError,
  ExtensionLimitError,
  ExtensionNotAllowedError,
  ExtensionStateError,
  IllegalTransitionError,
  MergeTargetError,
  MissingReasonError,
  PermissionDeniedError,
  StaleVersionError,
  UnknownIncidentError,
  UnknownMilestoneError,
} from '../../../src-shared/dispatch/index.js';
import type { DomainOutcome } from '../types.js';

export const DISPATCH_REJECTION_CODES = [
  'invalid-payload',
  'incident-not-found',
  'illegal-transition',
  'stale-version',
  'missing-reason',
  'permission-denied',
  'milestone-not-found',
  'extension-not-allowed',
  'extension-limit-reached',
  'extension-state',
  'merge-target-invalid',
  'resource-not-found',
  'resource-unavailable',
  'alert-not-found',
  'already-exists',
  'alert-already-open',
  'escalation-not-found',
  'corrupt-record',
] as const;
export type DispatchRejectionCode = (typeof DISPATCH_REJECTION_CODES)[number];

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

/** Error classes of the shared dispatch rules and the code each one is sent back as. */
const CODE_BY_ERROR: readonly [
  abstract new (...args: never[]) => Error,
  DispatchRejectionCode,
][] = [
  [UnknownIncidentError, 'incident-not-found'],
  [StaleVersionError, 'stale-version'],
  [IllegalTransitionError, 'illegal-transition'],
  [MissingReasonError, 'missing-reason'],
  [PermissionDeniedError, 'permission-denied'],
  [UnknownMilestoneError, 'milestone-not-found'],
  [ExtensionNotAllowedError, 'extension-not-allowed'],
  [ExtensionLimitError, 'extension-limit-reached'],
  [ExtensionStateError, 'extension-state'],
  [MergeTargetError, 'merge-target-invalid'],
  [DispatchInputError, 'invalid-payload'],
];

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
  for (const [type, code] of CODE_BY_ERROR) {
    if (error instanceof type) {
      return { outcome: 'rejected', error: { code, message: error.message } };
    }
  }
  throw error;
}
