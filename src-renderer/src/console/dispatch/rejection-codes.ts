// Rejection codes: the central's codes for rejected dispatch commands, and the same codes for
// commands the panel rejects before queueing, so both read alike on screen.
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
} from '../../../../src-shared/dispatch/index.js';
import { tDispatch } from '../../i18n/dispatch.js';

/** Codes the panel explains in words; any other code is shown with the central's message only. */
export const EXPLAINED_CODES = [
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
  'alert-already-open',
  'escalation-not-found',
  'submit-failed',
] as const;
export type ExplainedCode = (typeof EXPLAINED_CODES)[number];

const ERROR_CODES: readonly [new (...args: never[]) => Error, ExplainedCode][] =
  [
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

/** Maps an error raised by the shared rules to its rejection code; `submit-failed` otherwise. */
export function codeOfError(error: unknown): ExplainedCode {
  for (const [type, code] of ERROR_CODES) {
    if (error instanceof type) {
      return code;
    }
  }
  return 'submit-failed';
}

export function isExplainedCode(code: string): code is ExplainedCode {
  return (EXPLAINED_CODES as readonly string[]).includes(code);
}

/** Explains a rejection in the UI language, or returns the central's message for other codes. */
export function explainRejection(code: string, message: string): string {
  return isExplainedCode(code) ? tDispatch(`code.${code}`) : message;
}
