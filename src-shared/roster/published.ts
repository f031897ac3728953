// A published roster: its assignments, a version that goes up by one per published change, and
// an audit trail. Changes never delete time that has already started: a started assignment can
// only be ended early, and a past one stays as it was.
import {
  DoubleBookingError,
  InvalidTransitionError,
  RosterInputError,
} from './errors.js';
import { coveringAssignments, sortAssignments } from './roster.js';
import type { Assignment } from './shifts.js';
import { describeInterval } from './shifts.js';
import type { Instant } from './time.js';
import { formatLocalDateTime } from './time.js';
import { findDoubleBookings } from './validation.js';

/** One published change: who made it, when, and what it did. */
export interface AuditEntry {
  who: string;
  when: Instant;
  what: string;
  /** Roster version the change produced. */
  version: number;
}

export interface PublishedRoster {
  version: number;
  assignments: readonly Assignment[];
  audit: readonly AuditEntry[];
}

/** Starts a published roster at version 1 with one audit entry. */
export function publishInitialRoster(
  assignments: readonly Assignment[],
  who: string,
  when: Instant,
): PublishedRoster {
  return {
    version: 1,
    assignments: sortAssignments(assignments),
    audit: [
      {
        who,
        when,
        what: `Published ${assignments.length} assignments.`,
        version: 1,
      },
    ],
  };
}

/** Raises unless every started part of `before` is still held by the same person and post. */
function checkHistoryKept(
  before: readonly Assignment[],
  after: readonly Assignment[],
  now: Instant,
): void {
  for (const old of before) {
    if (old.start > now) {
      continue;
    }
    const elapsed = { start: old.start, end: Math.min(old.end, now) };
    if (
      elapsed.end > elapsed.start &&
      !coveringAssignments(after, old.personId, old.post, elapsed)
    ) {
      throw new InvalidTransitionError(
        `Change rejected: it would erase ${old.personId}'s duty on ${old.post} ` +
          `${describeInterval(elapsed)}, which has already started. End the assignment instead.`,
      );
    }
  }
}

/** Publishes a new assignment list as the next version, recording the change. */
export function publishChange(
  roster: PublishedRoster,
  assignments: readonly Assignment[],
  change: { who: string; when: Instant; what: string },
): PublishedRoster {
  checkHistoryKept(roster.assignments, assignments, change.when);
  const version = roster.version + 1;
  return {
    version,
    assignments: sortAssignments(assignments),
    audit: [...roster.audit, { ...change, version }],
  };
}

export function findAssignment(
  roster: PublishedRoster,
  assignmentId: string,
): Assignment {
  const assignment = roster.assignments.find((a) => a.id === assignmentId);
  if (!assignment) {
    throw new RosterInputError(
      `Assignment ${assignmentId} is not in roster version ${roster.version}.`,
    );
  }
  return assignment;
}

/**
 * Takes an assignment off the roster at `now`. A future assignment is removed and a running one
 * ends at `now`. A finished one raises, because past duty stays on record.
 */
export function withdrawAssignment(
  roster: PublishedRoster,
  assignmentId: string,
  who: string,
  now: Instant,
): PublishedRoster {
  const target = findAssignment(roster, assignmentId);
  if (target.end <= now) {
    throw new InvalidTransitionError(
      `Assignment ${assignmentId} ended at ${formatLocalDateTime(target.end)}; past duty cannot be withdrawn.`,
    );
  }

  const started = target.start <= now;
  const others = roster.assignments.filter((a) => a.id !== assignmentId);
  const assignments = started ? [...others, { ...target, end: now }] : others;
  const what = started
    ? `Ended ${assignmentId} (${target.personId}, ${target.post}) early at ${formatLocalDateTime(now)}.`
    : `Removed future ${assignmentId} (${target.personId}, ${target.post} ${describeInterval(target)}).`;
  return publishChange(roster, assignments, { who, when: now, what });
}

/**
 * Raises `DoubleBookingError` when a change creates an overlap that involves one of the changed
 * assignments. Overlaps that existed before stay findings for `findDoubleBookings`.
 */
export function checkNoNewDoubleBooking(
  before: readonly Assignment[],
  after: readonly Assignment[],
  changedIds: readonly string[],
): void {
  const key = (ids: string[]): string => [...ids].sort().join('|');
  const existing = new Set(
    findDoubleBookings(before).map((f) => key(f.assignmentIds)),
  );
  const added = findDoubleBookings(after).find(
    (f) =>
      !existing.has(key(f.assignmentIds)) &&
      f.assignmentIds.some((id) => changedIds.includes(id)),
  );
  if (added) {
    const [first = '', second = ''] = added.assignmentIds;
    throw new DoubleBookingError(added.personId, first, second, added.message);
  }
}
