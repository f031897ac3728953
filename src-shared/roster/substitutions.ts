// Approval of a substitution (代班) on a published roster. The request is checked against the
// roster as published at approval time, so a chain of substitutions applies in approval order.
import { InvalidTransitionError } from './errors.js';
import type { PublishedRoster } from './published.js';
import { checkNoNewDoubleBooking, publishChange } from './published.js';
import type { Substitution } from './roster.js';
import { applyReplacement } from './roster.js';
import { describeInterval } from './shifts.js';
import type { Instant } from './time.js';

/**
 * Approves a requested substitution and publishes the split roster as the next version. Raises
 * `ReplacementRejectedError` when the replaced person is not on duty for the whole window, and
 * `InvalidTransitionError` when the window has already started.
 */
export function approveSubstitution(
  substitution: Substitution,
  roster: PublishedRoster,
  approverId: string,
  now: Instant,
): { substitution: Substitution; roster: PublishedRoster } {
  if (substitution.status !== 'requested') {
    throw new InvalidTransitionError(
      `Substitution ${substitution.id} is ${substitution.status}; only a requested one can be approved.`,
    );
  }
  if (substitution.start <= now) {
    throw new InvalidTransitionError(
      `Substitution ${substitution.id} starts ${describeInterval(substitution)}, which is not in ` +
        'the future; record what happened with a manual assignment instead.',
    );
  }

  const assignments = applyReplacement(roster.assignments, {
    ...substitution,
    source: 'substitution',
  });
  checkNoNewDoubleBooking(roster.assignments, assignments, [substitution.id]);

  const what =
    `Substitution ${substitution.id}: ${substitution.substituteId} replaces ` +
    `${substitution.replacedId} ${describeInterval(substitution)}.`;
  return {
    substitution: { ...substitution, status: 'approved', approvedAt: now },
    roster: publishChange(roster, assignments, {
      who: approverId,
      when: now,
      what,
    }),
  };
}
