// Rejection codes of the dispatch domain. The central sends one back with every rejected command,
// and the console picks its message by code, so the codes are part of the protocol and must not
// be renamed.
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
} from './errors.js';

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

/** Error classes of the dispatch rules and the code each one is sent back as. */
const CODE_BY_ERROR = [
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
] as const satisfies readonly (readonly [
  abstract new (...args: never[]) => Error,
  DispatchRejectionCode,
])[];

/** Codes that an error of the dispatch rules maps to. */
export type RuleErrorCode = (typeof CODE_BY_ERROR)[number][1];

/** Maps an error raised by the dispatch rules to its rejection code, or null for any other error. */
export function ruleErrorCode(error: unknown): RuleErrorCode | null {
  for (const [type, code] of CODE_BY_ERROR) {
    if (error instanceof type) {
      return code;
    }
  }
  return null;
}
