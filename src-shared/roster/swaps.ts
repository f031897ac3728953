// Shift swaps (换班): A offers one of their assignments for one of B's. The roster changes only
// on approval. A swap must be approved before the earlier of the two shifts starts, or it
// becomes past due and the original assignments stay.
import type { HolidayCalendar } from './calendar.js';
import { InvalidTransitionError, RosterInputError } from './errors.js';
import type { PublishedRoster } from './published.js';
import {
  checkNoNewDoubleBooking,
  findAssignment,
  publishChange,
} from './published.js';
import type { Assignment } from './shifts.js';
import type { Instant } from './time.js';
import { formatLocalDateTime, HOUR_MS } from './time.js';

export type SwapStatus =
  | 'requested'
  | 'accepted'
  | 'awaitingHigherApproval'
  | 'approved'
  | 'rejected'
  | 'pastDue';

const FINAL_STATUSES: readonly SwapStatus[] = [
  'approved',
  'rejected',
  'pastDue',
];

/** Lead time a swap request needs, and the action taken on a late one. */
export interface SwapPolicy {
  leadTimeHours: number;
  /** Lead time when either shift starts on a holiday. `leadTimeHours` applies when omitted. */
  holidayLeadTimeHours?: number;
  /**
   * Handling of late requests: `reject` rejects them, and `escalate` sends them to a higher
   * approver.
   */
  whenTooLate: 'reject' | 'escalate';
}

export interface SwapHistoryEntry {
  status: SwapStatus;
  at: Instant;
  by: string;
  note?: string;
}

export interface SwapRequest {
  id: string;
  requesterId: string;
  requesterAssignmentId: string;
  counterpartId: string;
  counterpartAssignmentId: string;
  status: SwapStatus;
  /** Set when the request came later than the lead time and policy routes it upward. */
  needsHigherApproval: boolean;
  /** Start of the earlier shift. The swap is past due from this instant on. */
  expiresAt: Instant;
  history: SwapHistoryEntry[];
}

export interface Approver {
  id: string;
  /** Whether this person may approve requests routed to higher approval. */
  higherLevel: boolean;
}

function isHolidayShift(
  calendar: HolidayCalendar,
  assignment: Assignment,
): boolean {
  const info = calendar.dayInfo(assignment.shiftDate);
  return info.holidayName !== undefined && info.type !== 'makeUpWorkday';
}

function requiredLeadHours(
  policy: SwapPolicy,
  calendar: HolidayCalendar,
  shifts: Assignment[],
): number {
  const holiday = shifts.some((shift) => isHolidayShift(calendar, shift));
  return holiday
    ? (policy.holidayLeadTimeHours ?? policy.leadTimeHours)
    : policy.leadTimeHours;
}

function transition(
  swap: SwapRequest,
  status: SwapStatus,
  by: string,
  at: Instant,
  note?: string,
): SwapRequest {
  const entry: SwapHistoryEntry =
    note === undefined ? { status, at, by } : { status, at, by, note };
  return { ...swap, status, history: [...swap.history, entry] };
}

function ownedAssignment(
  roster: PublishedRoster,
  assignmentId: string,
  personId: string,
): Assignment {
  const assignment = findAssignment(roster, assignmentId);
  if (assignment.personId !== personId) {
    throw new RosterInputError(
      `Assignment ${assignmentId} belongs to ${assignment.personId}, not ${personId}.`,
    );
  }
  return assignment;
}

export interface SwapRequestInput {
  id: string;
  requesterId: string;
  requesterAssignmentId: string;
  counterpartId: string;
  counterpartAssignmentId: string;
}

/**
 * Files a swap request. A request inside the lead time is rejected at once or flagged for
 * higher approval, as `policy.whenTooLate` sets.
 */
export function requestSwap(
  input: SwapRequestInput,
  roster: PublishedRoster,
  calendar: HolidayCalendar,
  policy: SwapPolicy,
  now: Instant,
): SwapRequest {
  const mine = ownedAssignment(
    roster,
    input.requesterAssignmentId,
    input.requesterId,
  );
  const theirs = ownedAssignment(
    roster,
    input.counterpartAssignmentId,
    input.counterpartId,
  );
  if (mine.post !== theirs.post) {
    throw new RosterInputError(
      `Swap ${input.id} exchanges post ${mine.post} for ${theirs.post}; swaps stay within one post.`,
    );
  }

  const expiresAt = Math.min(mine.start, theirs.start);
  if (expiresAt <= now) {
    throw new InvalidTransitionError(
      `Swap ${input.id} comes too late: a shift started at ${formatLocalDateTime(expiresAt)}.`,
    );
  }

  const swap: SwapRequest = {
    ...input,
    status: 'requested',
    needsHigherApproval: false,
    expiresAt,
    history: [],
  };
  const leadHours = requiredLeadHours(policy, calendar, [mine, theirs]);
  const hoursBefore = (expiresAt - now) / HOUR_MS;
  if (hoursBefore >= leadHours) {
    return transition(swap, 'requested', input.requesterId, now);
  }

  const note = `Requested ${hoursBefore.toFixed(1)} h before the shift; ${leadHours} h are required.`;
  if (policy.whenTooLate === 'reject') {
    return transition(
      transition(swap, 'requested', input.requesterId, now, note),
      'rejected',
      'policy',
      now,
    );
  }
  return transition(
    { ...swap, needsHigherApproval: true },
    'requested',
    input.requesterId,
    now,
    note,
  );
}

/** Marks a swap past due once its earlier shift has started. Final swaps are left as they are. */
export function expireSwap(swap: SwapRequest, now: Instant): SwapRequest {
  if (FINAL_STATUSES.includes(swap.status) || now < swap.expiresAt) {
    return swap;
  }
  return transition(
    swap,
    'pastDue',
    'system',
    swap.expiresAt,
    'Not approved before the shift started; the original assignments stand.',
  );
}

function checkOpen(
  swap: SwapRequest,
  now: Instant,
  expected: SwapStatus[],
): void {
  if (expireSwap(swap, now).status === 'pastDue') {
    throw new InvalidTransitionError(
      `Swap ${swap.id} is past due since ${formatLocalDateTime(swap.expiresAt)}; the original assignments stand.`,
    );
  }
  if (!expected.includes(swap.status)) {
    throw new InvalidTransitionError(
      `Swap ${swap.id} is ${swap.status}; this step needs it to be ${expected.join(' or ')}.`,
    );
  }
}

/** Records the counterpart's acceptance. Routed requests then wait for a higher approver. */
export function acceptSwap(
  swap: SwapRequest,
  by: string,
  now: Instant,
): SwapRequest {
  checkOpen(swap, now, ['requested']);
  if (by !== swap.counterpartId) {
    throw new InvalidTransitionError(
      `Swap ${swap.id} can be accepted only by ${swap.counterpartId}, not ${by}.`,
    );
  }
  const accepted = transition(swap, 'accepted', by, now);
  return swap.needsHigherApproval
    ? transition(accepted, 'awaitingHigherApproval', 'policy', now)
    : accepted;
}

/** Declines or rejects an open swap and leaves the roster untouched. */
export function rejectSwap(
  swap: SwapRequest,
  by: string,
  now: Instant,
  reason: string,
): SwapRequest {
  checkOpen(swap, now, ['requested', 'accepted', 'awaitingHigherApproval']);
  return transition(swap, 'rejected', by, now, reason);
}

/** Approves an accepted swap and publishes the exchanged assignments as the next version. */
export function approveSwap(
  swap: SwapRequest,
  roster: PublishedRoster,
  approver: Approver,
  now: Instant,
): { swap: SwapRequest; roster: PublishedRoster } {
  checkOpen(swap, now, ['accepted', 'awaitingHigherApproval']);
  if (swap.status === 'awaitingHigherApproval' && !approver.higherLevel) {
    throw new InvalidTransitionError(
      `Swap ${swap.id} was requested inside the lead time and needs a higher-level approver; ${approver.id} is not one.`,
    );
  }

  const mine = ownedAssignment(
    roster,
    swap.requesterAssignmentId,
    swap.requesterId,
  );
  const theirs = ownedAssignment(
    roster,
    swap.counterpartAssignmentId,
    swap.counterpartId,
  );
  const assignments = roster.assignments.map((assignment) => {
    if (assignment.id === mine.id) {
      return {
        ...assignment,
        personId: theirs.personId,
        source: 'swap' as const,
      };
    }
    if (assignment.id === theirs.id) {
      return {
        ...assignment,
        personId: mine.personId,
        source: 'swap' as const,
      };
    }
    return assignment;
  });

  checkNoNewDoubleBooking(roster.assignments, assignments, [
    mine.id,
    theirs.id,
  ]);

  const what =
    `Swap ${swap.id}: ${mine.post} on ${mine.shiftDate} ${mine.personId} → ${theirs.personId}, ` +
    `on ${theirs.shiftDate} ${theirs.personId} → ${mine.personId}.`;
  return {
    swap: transition(swap, 'approved', approver.id, now),
    roster: publishChange(roster, assignments, {
      who: approver.id,
      when: now,
      what,
    }),
  };
}
