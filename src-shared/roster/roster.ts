// The final roster: rotation shifts first, then manual assignments, then approved substitutions
// (代班), each layer applied on top of the one before. A replacement cuts the replaced person's
// assignments and leaves the pieces outside its window, so a six-hour 代班 splits a 24-hour
// shift in three and a later replacement can replace the substitute (a chain).
import type { HolidayCalendar } from './calendar.js';
import { ReplacementRejectedError, RosterInputError } from './errors.js';
import type { Rotation } from './rotation.js';
import { expandRotation } from './rotation.js';
import type {
  Assignment,
  AssignmentSource,
  Interval,
  ShiftTemplate,
} from './shifts.js';
import { checkInterval, describeInterval, intervalsOverlap } from './shifts.js';
import type { Instant, LocalDate } from './time.js';
import { localDateOf } from './time.js';

/** A person put on a post by hand. With `replacesPersonId` it cuts that person's duty. */
export interface ManualAssignment extends Interval {
  id: string;
  personId: string;
  post: string;
  replacesPersonId?: string;
}

export type SubstitutionStatus = 'requested' | 'approved' | 'rejected';

/** 代班: `substituteId` takes over from `replacedId` for [start, end). */
export interface Substitution extends Interval {
  id: string;
  substituteId: string;
  replacedId: string;
  /** Post to act on. Required only when the replaced person is on several posts at once. */
  post?: string;
  status: SubstitutionStatus;
  /** Approval instant. Approved substitutions apply in this order, which makes chains work. */
  approvedAt?: Instant;
}

/** A cut of one person's duty in favour of another. */
export interface Replacement extends Interval {
  id: string;
  replacedId: string;
  substituteId: string;
  post?: string;
  source: AssignmentSource;
}

/** Assignments of a person on one post that together cover [start, end) without a hole. */
export function coveringAssignments(
  assignments: readonly Assignment[],
  personId: string,
  post: string,
  window: Interval,
): Assignment[] | undefined {
  const pieces = assignments
    .filter(
      (a) =>
        a.personId === personId &&
        a.post === post &&
        intervalsOverlap(a, window),
    )
    .sort((a, b) => a.start - b.start);

  let reached = window.start;
  for (const piece of pieces) {
    if (piece.start > reached) {
      return undefined;
    }
    reached = Math.max(reached, piece.end);
  }
  return reached >= window.end ? pieces : undefined;
}

function describeOnDuty(
  assignments: readonly Assignment[],
  window: Interval,
  posts: string[],
): string {
  const onDuty = assignments
    .filter((a) => posts.includes(a.post) && intervalsOverlap(a, window))
    .sort((a, b) => a.start - b.start)
    .map((a) => `${a.personId} on ${a.post} ${describeInterval(a)}`);
  return onDuty.length > 0 ? onDuty.join('; ') : 'nobody';
}

/** Finds the post a replacement acts on, raising when none or several qualify. */
function resolveReplacementPost(
  assignments: readonly Assignment[],
  replacement: Replacement,
): string {
  const candidates = replacement.post
    ? [replacement.post]
    : [
        ...new Set(
          assignments
            .filter((a) => a.personId === replacement.replacedId)
            .map((a) => a.post),
        ),
      ];

  const covering = candidates.filter(
    (post) =>
      coveringAssignments(
        assignments,
        replacement.replacedId,
        post,
        replacement,
      ) !== undefined,
  );
  if (covering.length === 1 && covering[0] !== undefined) {
    return covering[0];
  }

  const window = describeInterval(replacement);
  if (covering.length > 1) {
    throw new ReplacementRejectedError(
      `Replacement ${replacement.id} is ambiguous: ${replacement.replacedId} is on posts ` +
        `${covering.join(', ')} for ${window}. Name the post to replace.`,
    );
  }

  const posts =
    candidates.length > 0
      ? candidates
      : [...new Set(assignments.map((a) => a.post))];
  throw new ReplacementRejectedError(
    `Replacement ${replacement.id} rejected: ${replacement.replacedId} is not on duty for the ` +
      `whole window ${window}. On duty then: ${describeOnDuty(assignments, replacement, posts)}.`,
  );
}

/**
 * Checks that a replacement can apply: the replaced person must hold one post for the whole
 * window. Returns that post, or raises `ReplacementRejectedError` naming who is on duty.
 */
export function checkReplacement(
  assignments: readonly Assignment[],
  replacement: Replacement,
): string {
  checkInterval(replacement, `Replacement ${replacement.id}`);
  if (replacement.replacedId === replacement.substituteId) {
    throw new ReplacementRejectedError(
      `Replacement ${replacement.id} names ${replacement.replacedId} as both sides.`,
    );
  }
  return resolveReplacementPost(assignments, replacement);
}

function cutAssignment(assignment: Assignment, window: Interval): Assignment[] {
  const pieces: Assignment[] = [];
  if (assignment.start < window.start) {
    pieces.push({ ...assignment, id: `${assignment.id}/a`, end: window.start });
  }
  if (window.end < assignment.end) {
    pieces.push({ ...assignment, id: `${assignment.id}/b`, start: window.end });
  }
  return pieces;
}

/** Applies one replacement, returning a new list where the window belongs to the substitute. */
export function applyReplacement(
  assignments: readonly Assignment[],
  replacement: Replacement,
): Assignment[] {
  const post = checkReplacement(assignments, replacement);
  const replaced = new Set(
    coveringAssignments(
      assignments,
      replacement.replacedId,
      post,
      replacement,
    )?.map((a) => a.id),
  );

  const result: Assignment[] = [];
  let shiftDate: LocalDate | undefined;
  for (const assignment of assignments) {
    if (!replaced.has(assignment.id)) {
      result.push(assignment);
      continue;
    }
    shiftDate ??=
      assignment.start <= replacement.start ? assignment.shiftDate : undefined;
    result.push(...cutAssignment(assignment, replacement));
  }

  result.push({
    id: replacement.id,
    personId: replacement.substituteId,
    post,
    source: replacement.source,
    shiftDate: shiftDate ?? localDateOf(replacement.start),
    start: replacement.start,
    end: replacement.end,
  });
  return sortAssignments(result);
}

// Plain code-unit order, because localeCompare depends on the runtime's ICU data.
function compareText(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

/** Sorts by start, then post, then person, so rosters compare and display stably. */
export function sortAssignments(
  assignments: readonly Assignment[],
): Assignment[] {
  return [...assignments].sort(
    (a, b) =>
      a.start - b.start ||
      compareText(a.post, b.post) ||
      compareText(a.personId, b.personId),
  );
}

function manualToAssignment(manual: ManualAssignment): Assignment {
  checkInterval(manual, `Manual assignment ${manual.id}`);
  return {
    id: manual.id,
    personId: manual.personId,
    post: manual.post,
    source: 'manual',
    shiftDate: localDateOf(manual.start),
    start: manual.start,
    end: manual.end,
  };
}

export interface RosterInput {
  calendar: HolidayCalendar;
  templates: readonly ShiftTemplate[];
  rotations: readonly Rotation[];
  manualAssignments?: readonly ManualAssignment[];
  substitutions?: readonly Substitution[];
  /** Planning window of shift start dates, both included. */
  from: LocalDate;
  to: LocalDate;
}

/** Builds the final roster for a date range from its three layers. */
export function buildRoster(input: RosterInput): Assignment[] {
  // Even all-days rotations need the calendar year, so planning never runs past the table.
  for (const date of [input.from, input.to]) {
    input.calendar.yearOf(Number(date.slice(0, 4)));
  }
  if (input.to < input.from) {
    throw new RosterInputError(
      `Roster window ${input.from}..${input.to} ends before it starts.`,
    );
  }

  const templates = new Map(
    input.templates.map((template) => [template.id, template]),
  );

  let roster: Assignment[] = input.rotations.flatMap((rotation) => {
    const template = templates.get(rotation.templateId);
    if (!template) {
      throw new RosterInputError(
        `Rotation ${rotation.id} uses template ${rotation.templateId}, which is not defined.`,
      );
    }
    return expandRotation(
      rotation,
      template,
      input.calendar,
      input.from,
      input.to,
    );
  });

  for (const manual of input.manualAssignments ?? []) {
    if (manual.replacesPersonId === undefined) {
      roster.push(manualToAssignment(manual));
    } else {
      roster = applyReplacement(roster, {
        ...manual,
        replacedId: manual.replacesPersonId,
        substituteId: manual.personId,
        source: 'manual',
      });
    }
  }

  const approved = (input.substitutions ?? [])
    .filter((substitution) => substitution.status === 'approved')
    .sort((a, b) => (a.approvedAt ?? 0) - (b.approvedAt ?? 0));
  for (const substitution of approved) {
    roster = applyReplacement(roster, {
      ...substitution,
      source: 'substitution',
    });
  }

  return sortAssignments(roster);
}
