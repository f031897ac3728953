// Rejection codes as the panel shows them. The central's codes come from the shared list, and the
// panel adds `submit-failed` for a command it could not queue, so both read alike on screen.
import type { DispatchRejectionCode } from '../../../../src-shared/dispatch/index.js';
import {
  DISPATCH_REJECTION_CODES,
  ruleErrorCode,
} from '../../../../src-shared/dispatch/index.js';
import { tDispatch } from '../../i18n/dispatch.js';

/** Central codes that have no text in the panel, so the central's message is shown for them. */
type UnexplainedCode = 'already-exists' | 'corrupt-record';

/** Codes the panel explains in words; any other code is shown with the central's message only. */
export type ExplainedCode =
  | Exclude<DispatchRejectionCode, UnexplainedCode>
  | 'submit-failed';

function isExplainedCentralCode(
  code: DispatchRejectionCode,
): code is Exclude<DispatchRejectionCode, UnexplainedCode> {
  return code !== 'already-exists' && code !== 'corrupt-record';
}

export const EXPLAINED_CODES: readonly ExplainedCode[] = [
  ...DISPATCH_REJECTION_CODES.filter(isExplainedCentralCode),
  'submit-failed',
];

/** Maps an error raised by the shared rules to its rejection code; `submit-failed` otherwise. */
export function codeOfError(error: unknown): ExplainedCode {
  return ruleErrorCode(error) ?? 'submit-failed';
}

export function isExplainedCode(code: string): code is ExplainedCode {
  return (EXPLAINED_CODES as readonly string[]).includes(code);
}

/** Explains a rejection in the UI language, or returns the central's message for other codes. */
export function explainRejection(code: string, message: string): string {
  return isExplainedCode(code) ? tDispatch(`code.${code}`) : message;
}
