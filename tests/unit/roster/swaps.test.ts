import { describe, expect, it } from 'vitest';

import type {
  PublishedRoster,
  SwapPolicy,
  SwapRequestInput,
} from '../../../src-shared/roster/index.js';
import {
  acceptSwap,
  approveSwap,
  expireSwap,
  InvalidTransitionError,
  publishChange,
  publishInitialRoster,
  approveSubstitution,
  DoubleBookingError,
  rejectSwap,
  ReplacementRejectedError,
  requestSwap,
  withdrawAssignment,
} from '../../../src-shared/roster/index.js';
import { assignment, at, calendar } from './fixtures.js';

const initial: PublishedRoster = publishInitialRoster(
  [
    assignment('oct02', 'A', 'leader', '2026-10-02 08:30', '2026-10-03 08:30'),
    assignment('oct05', 'B', 'leader', '2026-10-05 08:30', '2026-10-06 08:30'),
    assignment('oct09', 'A', 'leader', '2026-10-09 08:30', '2026-10-10 08:30'),
    assignment('oct13', 'B', 'leader', '2026-10-13 08:30', '2026-10-14 08:30'),
  ],
  'planner',
  at('2026-09-20 10:00'),
);

const input: SwapRequestInput = {
  id: 'swap-1',
  requesterId: 'A',
  requesterAssignmentId: 'oct02',
  counterpartId: 'B',
  counterpartAssignmentId: 'oct05',
};

const policy: SwapPolicy = {
  leadTimeHours: 24,
  holidayLeadTimeHours: 48,
  whenTooLate: 'reject',
};
const standard = { id: 'chief', higherLevel: false };
const director = { id: 'director', higherLevel: true };

function personOn(roster: PublishedRoster, id: string): string | undefined {
  return roster.assignments.find((a) => a.id === id)?.personId;
}

describe('swap life cycle', () => {
  it('changes nothing before approval', () => {
    const requested = requestSwap(
      input,
      initial,
      calendar,
      policy,
      at('2026-09-25 09:00'),
    );
    const accepted = acceptSwap(requested, 'B', at('2026-09-25 10:00'));
    expect(accepted.status).toBe('accepted');
    expect(initial.version).toBe(1);
    expect(personOn(initial, 'oct02')).toBe('A');
  });

  it('exchanges the assignments on approval', () => {
    const requested = requestSwap(
      input,
      initial,
      calendar,
      policy,
      at('2026-09-25 09:00'),
    );
    const accepted = acceptSwap(requested, 'B', at('2026-09-25 10:00'));
    const { swap, roster } = approveSwap(
      accepted,
      initial,
      standard,
      at('2026-09-25 11:00'),
    );

    expect(swap.status).toBe('approved');
    expect(swap.history.map((entry) => entry.status)).toEqual([
      'requested',
      'accepted',
      'approved',
    ]);
    expect(personOn(roster, 'oct02')).toBe('B');
    expect(personOn(roster, 'oct05')).toBe('A');
    expect(personOn(roster, 'oct09')).toBe('A');
    expect(roster.version).toBe(2);

    const entry = roster.audit[roster.audit.length - 1];
    expect(entry?.who).toBe('chief');
    expect(entry?.when).toBe(at('2026-09-25 11:00'));
    expect(entry?.what).toMatch(/swap-1/);
    expect(entry?.version).toBe(2);
  });

  it('lets only the counterpart accept', () => {
    const requested = requestSwap(
      input,
      initial,
      calendar,
      policy,
      at('2026-09-25 09:00'),
    );
    expect(() => acceptSwap(requested, 'C', at('2026-09-25 10:00'))).toThrow(
      InvalidTransitionError,
    );
  });

  it('needs acceptance before approval', () => {
    const requested = requestSwap(
      input,
      initial,
      calendar,
      policy,
      at('2026-09-25 09:00'),
    );
    expect(() =>
      approveSwap(requested, initial, standard, at('2026-09-25 11:00')),
    ).toThrow(/requested/);
  });

  it('rejects a late request for a holiday shift', () => {
    const swap = requestSwap(
      input,
      initial,
      calendar,
      policy,
      at('2026-10-01 02:30'),
    );
    expect(swap.status).toBe('rejected');
    expect(swap.history[0]?.note).toMatch(/30\.0 h before the shift; 48 h/);
  });

  it('routes a late request to higher approval', () => {
    const escalating: SwapPolicy = { ...policy, whenTooLate: 'escalate' };
    const requested = requestSwap(
      input,
      initial,
      calendar,
      escalating,
      at('2026-10-01 02:30'),
    );
    expect(requested.status).toBe('requested');
    expect(requested.needsHigherApproval).toBe(true);

    const accepted = acceptSwap(requested, 'B', at('2026-10-01 03:00'));
    expect(accepted.status).toBe('awaitingHigherApproval');
    expect(() =>
      approveSwap(accepted, initial, standard, at('2026-10-01 04:00')),
    ).toThrow(/higher-level/);
    expect(
      approveSwap(accepted, initial, director, at('2026-10-01 04:00')).roster
        .version,
    ).toBe(2);
  });

  it('uses the plain lead time for workday shifts', () => {
    const workday = {
      ...input,
      requesterAssignmentId: 'oct09',
      counterpartAssignmentId: 'oct13',
    };
    expect(
      requestSwap(workday, initial, calendar, policy, at('2026-10-08 02:30'))
        .status,
    ).toBe('requested');
    expect(
      requestSwap(workday, initial, calendar, policy, at('2026-10-08 10:00'))
        .status,
    ).toBe('rejected');
  });

  it('becomes past due at shift start', () => {
    const requested = requestSwap(
      input,
      initial,
      calendar,
      policy,
      at('2026-09-25 09:00'),
    );
    const accepted = acceptSwap(requested, 'B', at('2026-09-25 10:00'));
    expect(expireSwap(accepted, at('2026-10-02 08:29')).status).toBe(
      'accepted',
    );

    const expired = expireSwap(accepted, at('2026-10-02 08:30'));
    expect(expired.status).toBe('pastDue');
    expect(() =>
      approveSwap(accepted, initial, standard, at('2026-10-02 08:30')),
    ).toThrow(/past due/);
    expect(personOn(initial, 'oct02')).toBe('A');
  });

  it('keeps final swaps as they are', () => {
    const requested = requestSwap(
      input,
      initial,
      calendar,
      policy,
      at('2026-09-25 09:00'),
    );
    const declined = rejectSwap(
      requested,
      'B',
      at('2026-09-25 10:00'),
      'Busy that day',
    );
    expect(declined.status).toBe('rejected');
    expect(expireSwap(declined, at('2026-10-03 00:00')).status).toBe(
      'rejected',
    );
  });

  it('refuses a swap that double books someone', () => {
    const busy = publishInitialRoster(
      [
        ...initial.assignments,
        assignment(
          'meeting',
          'B',
          'liaison',
          '2026-10-02 14:00',
          '2026-10-02 16:00',
        ),
      ],
      'planner',
      at('2026-09-20 10:00'),
    );
    const requested = requestSwap(
      input,
      busy,
      calendar,
      policy,
      at('2026-09-25 09:00'),
    );
    const accepted = acceptSwap(requested, 'B', at('2026-09-25 10:00'));
    expect(() =>
      approveSwap(accepted, busy, standard, at('2026-09-25 11:00')),
    ).toThrow(DoubleBookingError);
  });

  it('rejects swapping someone else’s assignment', () => {
    const wrong = { ...input, requesterAssignmentId: 'oct05' };
    expect(() =>
      requestSwap(wrong, initial, calendar, policy, at('2026-09-25 09:00')),
    ).toThrow(/belongs to B/);
  });
});

describe('published roster history', () => {
  it('removes a future assignment', () => {
    const next = withdrawAssignment(
      initial,
      'oct09',
      'planner',
      at('2026-10-01 12:00'),
    );
    expect(next.assignments.map((a) => a.id)).toEqual([
      'oct02',
      'oct05',
      'oct13',
    ]);
    expect(next.version).toBe(2);
    expect(next.audit[1]?.what).toMatch(/Removed future oct09/);
  });

  it('ends a running assignment instead of deleting it', () => {
    const next = withdrawAssignment(
      initial,
      'oct02',
      'planner',
      at('2026-10-02 14:00'),
    );
    const ended = next.assignments.find((a) => a.id === 'oct02');
    expect(ended?.end).toBe(at('2026-10-02 14:00'));
    expect(ended?.start).toBe(at('2026-10-02 08:30'));
  });

  it('refuses to withdraw past duty', () => {
    expect(() =>
      withdrawAssignment(initial, 'oct02', 'planner', at('2026-10-04 00:00')),
    ).toThrow(InvalidTransitionError);
  });

  it('rejects a change that erases started duty', () => {
    const without = initial.assignments.filter((a) => a.id !== 'oct02');
    expect(() =>
      publishChange(initial, without, {
        who: 'planner',
        when: at('2026-10-02 09:00'),
        what: 'drop',
      }),
    ).toThrow(/already started/);
    const later = publishChange(initial, without, {
      who: 'planner',
      when: at('2026-10-01 09:00'),
      what: 'drop',
    });
    expect(later.version).toBe(2);
  });
});

describe('substitution approval', () => {
  const request = {
    id: 'sub-1',
    substituteId: 'C',
    replacedId: 'A',
    start: at('2026-10-02 12:00'),
    end: at('2026-10-02 18:00'),
    status: 'requested' as const,
  };

  it('publishes the split as a new version', () => {
    const { substitution, roster } = approveSubstitution(
      request,
      initial,
      'chief',
      at('2026-09-30 09:00'),
    );
    expect(substitution.status).toBe('approved');
    expect(substitution.approvedAt).toBe(at('2026-09-30 09:00'));
    expect(roster.version).toBe(2);
    expect(
      roster.assignments
        .filter((a) => a.shiftDate === '2026-10-02')
        .map((a) => a.personId),
    ).toEqual(['A', 'C', 'A']);
    expect(roster.audit[1]?.what).toMatch(/C replaces A/);
  });

  it('rejects a window the replaced person does not hold', () => {
    const wrong = { ...request, replacedId: 'B' };
    expect(() =>
      approveSubstitution(wrong, initial, 'chief', at('2026-09-30 09:00')),
    ).toThrow(ReplacementRejectedError);
  });

  it('rejects approval after the window starts', () => {
    expect(() =>
      approveSubstitution(request, initial, 'chief', at('2026-10-02 12:00')),
    ).toThrow(InvalidTransitionError);
  });
});
