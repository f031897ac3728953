// Rejection codes as the dispatch panel explains them, built on the shared code list.
import { afterEach, describe, expect, it } from 'vitest';

import {
  codeOfError,
  EXPLAINED_CODES,
  explainRejection,
} from '../../../src-renderer/src/console/dispatch/rejection-codes.js';
import {
  enDispatch,
  zhCNDispatch,
} from '../../../src-renderer/src/i18n/dispatch.js';
import { currentLocale } from '../../../src-renderer/src/i18n/index.js';
import {
  DISPATCH_REJECTION_CODES,
  StaleVersionError,
} from '../../../src-shared/dispatch/index.js';

afterEach(() => {
  currentLocale.value = 'zh-CN';
});

describe('explained rejection codes', () => {
  it('have text in both languages', () => {
    for (const code of EXPLAINED_CODES) {
      expect(zhCNDispatch[`code.${code}`]).not.toBe('');
      expect(enDispatch[`code.${code}`]).not.toBe('');
    }
  });

  it('cover the shared codes an operator can act on', () => {
    const explained = new Set<string>(EXPLAINED_CODES);
    const unexplained = DISPATCH_REJECTION_CODES.filter(
      (code) => !explained.has(code),
    );

    expect(unexplained).toEqual(['already-exists', 'corrupt-record']);
    expect(explained.has('submit-failed')).toBe(true);
  });

  it('explain a known code in the UI language', () => {
    currentLocale.value = 'en';

    expect(explainRejection('stale-version', 'central text')).toBe(
      enDispatch['code.stale-version'],
    );
  });

  it('keep the central message for other codes', () => {
    expect(explainRejection('corrupt-record', 'Record broken')).toBe(
      'Record broken',
    );
  });
});

describe('codeOfError', () => {
  it('maps an error of the shared rules', () => {
    expect(codeOfError(new StaleVersionError('inc-1', 1, 2))).toBe(
      'stale-version',
    );
  });

  it('falls back to submit-failed', () => {
    expect(codeOfError(new Error('outbox closed'))).toBe('submit-failed');
  });
});
