import { describe, expect, it } from 'vitest';

import type { HandoverRecord } from '../../../src-shared/roster/index.js';
import {
  amendHandover,
  createHandover,
  currentHandoverItems,
  editHandoverItems,
  handoverAlert,
  HandoverReadOnlyError,
  handoverStatus,
  InvalidTransitionError,
  responsiblePerson,
  signHandover,
} from '../../../src-shared/roster/index.js';
import { at } from './fixtures.js';

const draft: HandoverRecord = createHandover({
  id: 'ho-1',
  shiftEnd: at('2026-10-04 08:30'),
  outgoingId: 'zhao',
  incomingId: 'qian',
  log: [
    { id: 'log-1', summary: '城东积水，已派员处置', open: true },
    { id: 'log-2', summary: '信访人在门口等候', open: false },
    { id: 'log-3', summary: '停电，待供电公司回复', open: true },
  ],
});
const alertOptions = { alertAfterMinutes: 10, leaderOnDutyId: 'leader-wang' };

describe('handover', () => {
  it('pre-fills open log entries', () => {
    expect(draft.items.map((item) => item.logEntryId)).toEqual([
      'log-1',
      'log-3',
    ]);
    expect(handoverStatus(draft)).toBe('draft');
  });

  it('keeps the outgoing officer responsible after signing alone', () => {
    const half = signHandover(draft, 'zhao', at('2026-10-04 08:31'));
    expect(handoverStatus(half)).toBe('awaitingIncoming');
    expect(responsiblePerson(half)).toBe('zhao');
  });

  it('requires the outgoing signature first', () => {
    expect(() => signHandover(draft, 'qian', at('2026-10-04 08:31'))).toThrow(
      InvalidTransitionError,
    );
    expect(() => signHandover(draft, 'sun', at('2026-10-04 08:31'))).toThrow(
      /cannot sign/,
    );
  });

  it('alerts the leader when unsigned after the delay', () => {
    const half = signHandover(draft, 'zhao', at('2026-10-04 08:31'));
    expect(
      handoverAlert(half, at('2026-10-04 08:39'), alertOptions),
    ).toBeUndefined();

    const alert = handoverAlert(half, at('2026-10-04 08:40'), alertOptions);
    expect(alert?.recipientId).toBe('leader-wang');
    expect(alert?.dueSince).toBe(at('2026-10-04 08:40'));
    expect(alert?.message).toMatch(/not signed by qian/);
  });

  it('honours a configured delay', () => {
    const options = { ...alertOptions, alertAfterMinutes: 30 };
    expect(
      handoverAlert(draft, at('2026-10-04 08:40'), options),
    ).toBeUndefined();
    expect(
      handoverAlert(draft, at('2026-10-04 09:00'), options)?.message,
    ).toMatch(/zhao and qian/);
  });

  it('completes with both signatures and goes read-only', () => {
    const signed = signHandover(
      signHandover(draft, 'zhao', at('2026-10-04 08:31')),
      'qian',
      at('2026-10-04 08:35'),
    );
    expect(handoverStatus(signed)).toBe('complete');
    expect(responsiblePerson(signed)).toBe('qian');
    expect(
      handoverAlert(signed, at('2026-10-04 09:00'), alertOptions),
    ).toBeUndefined();
    expect(() => editHandoverItems(signed, [])).toThrow(HandoverReadOnlyError);
    expect(() => signHandover(signed, 'qian', at('2026-10-04 08:36'))).toThrow(
      HandoverReadOnlyError,
    );
  });

  it('stores an edit as an amendment beside the original', () => {
    const signed = signHandover(
      signHandover(draft, 'zhao', at('2026-10-04 08:31')),
      'qian',
      at('2026-10-04 08:35'),
    );
    const amended = amendHandover(signed, {
      by: 'qian',
      at: at('2026-10-04 10:00'),
      reason: '积水已退',
      items: [{ logEntryId: 'log-3', text: '停电，待供电公司回复' }],
    });
    expect(amended.items).toEqual(draft.items);
    expect(amended.amendments).toHaveLength(1);
    expect(
      currentHandoverItems(amended).map((item) => item.logEntryId),
    ).toEqual(['log-3']);
    expect(amended.incomingSignature).toEqual(signed.incomingSignature);
  });

  it('edits a draft in place but not amend it', () => {
    const edited = editHandoverItems(draft, [{ text: '交接钥匙' }]);
    expect(edited.items).toEqual([{ text: '交接钥匙' }]);
    expect(() =>
      amendHandover(draft, {
        by: 'zhao',
        at: at('2026-10-04 08:20'),
        reason: 'x',
        items: [],
      }),
    ).toThrow(/not complete/);
  });
});
