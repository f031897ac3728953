// Checks on a roster. Double booking is a hard error, but short rest, missing rank and leave
// conflicts are findings a planner may accept. Each finding names the assignments involved.
import { DoubleBookingError } from './errors.js';
import type { Assignment, Interval } from './shifts.js';
import { describeInterval, intervalsOverlap } from './shifts.js';
import { HOUR_MS } from './time.js';

export type FindingSeverity = 'error' | 'warning';

export type FindingKind =
  | 'doubleBooking'
  | 'shortRest'
  | 'ineligible'
  | 'absenceConflict';

/** One problem found in a roster. */
export interface RosterFinding {
  kind: FindingKind;
  severity: FindingSeverity;
  personId: string;
  assignmentIds: string[];
  message: string;
}

function byPerson(
  assignments: readonly Assignment[],
): Map<string, Assignment[]> {
  const groups = new Map<string, Assignment[]>();
  for (const assignment of assignments) {
    const list = groups.get(assignment.personId) ?? [];
    list.push(assignment);
    groups.set(assignment.personId, list);
  }
  for (const list of groups.values()) {
    list.sort((a, b) => a.start - b.start);
  }
  return groups;
}

function describeAssignment(assignment: Assignment): string {
  return `${assignment.id} (${assignment.post} ${describeInterval(assignment)})`;
}

/** Lists every pair of one person's assignments that overlap. Back-to-back does not overlap. */
export function findDoubleBookings(
  assignments: readonly Assignment[],
): RosterFinding[] {
  const findings: RosterFinding[] = [];
  for (const [personId, list] of byPerson(assignments)) {
    list.forEach((first, index) => {
      for (const second of list.slice(index + 1)) {
        if (second.start >= first.end) {
          break;
        }
        if (intervalsOverlap(first, second)) {
          findings.push({
            kind: 'doubleBooking',
            severity: 'error',
            personId,
            assignmentIds: [first.id, second.id],
            message:
              `${personId} is double booked: ${describeAssignment(first)} overlaps ` +
              `${describeAssignment(second)}.`,
          });
        }
      }
    });
  }
  return findings;
}

/** Raises `DoubleBookingError` for the first overlap found. */
export function assertNoDoubleBooking(
  assignments: readonly Assignment[],
): void {
  const [first] = findDoubleBookings(assignments);
  if (!first) {
    return;
  }
  const [a, b] = first.assignmentIds;
  const pair = assignments.filter((x) => x.id === a || x.id === b);
  throw new DoubleBookingError(
    first.personId,
    a ?? '',
    b ?? '',
    pair.map(describeAssignment).join(' and '),
  );
}

/**
 * Warns when a person has less than `minRestHours` between the end of one assignment and the
 * start of the next. Back-to-back shifts have zero rest. Pieces of one shift split by a
 * substitution count as separate assignments.
 */
export function findShortRest(
  assignments: readonly Assignment[],
  minRestHours: number,
): RosterFinding[] {
  const findings: RosterFinding[] = [];
  for (const [personId, list] of byPerson(assignments)) {
    for (const previous of list) {
      // Take the first assignment starting at or after this one ends. An overlapping assignment
      // in between must not hide a short rest, and it is reported as a double booking anyway.
      const next = list.find((candidate) => candidate.start >= previous.end);
      if (!next) {
        continue;
      }
      const restHours = (next.start - previous.end) / HOUR_MS;
      if (restHours >= minRestHours) {
        continue;
      }
      findings.push({
        kind: 'shortRest',
        severity: 'warning',
        personId,
        assignmentIds: [previous.id, next.id],
        message:
          `${personId} rests ${restHours} h between ${describeAssignment(previous)} and ` +
          `${describeAssignment(next)}; the minimum is ${minRestHours} h.`,
      });
    }
  }
  return findings;
}

/** Someone who can be put on duty. Higher `rank` means more senior. */
export interface Person {
  id: string;
  name: string;
  rank: number;
  qualifications?: string[];
}

/** Requirement a post sets for its holder, e.g. a leader rank for 带班领导. */
export interface PostRule {
  post: string;
  minRank?: number;
  requiredQualifications?: string[];
}

function ineligibilityReason(
  person: Person | undefined,
  rule: PostRule,
  personId: string,
): string | undefined {
  if (!person) {
    return `${personId} is not in the staff list`;
  }
  if (rule.minRank !== undefined && person.rank < rule.minRank) {
    return `${person.name} has rank ${person.rank}, below the minimum ${rule.minRank}`;
  }
  const missing = (rule.requiredQualifications ?? []).filter(
    (q) => !person.qualifications?.includes(q),
  );
  if (missing.length > 0) {
    return `${person.name} lacks ${missing.join(', ')}`;
  }
  return undefined;
}

/** Lists assignments held by people who do not meet their post's rule. */
export function findIneligible(
  assignments: readonly Assignment[],
  people: readonly Person[],
  rules: readonly PostRule[],
): RosterFinding[] {
  const staff = new Map(people.map((person) => [person.id, person]));
  const findings: RosterFinding[] = [];
  for (const assignment of assignments) {
    const rule = rules.find((r) => r.post === assignment.post);
    const reason =
      rule &&
      ineligibilityReason(
        staff.get(assignment.personId),
        rule,
        assignment.personId,
      );
    if (reason) {
      findings.push({
        kind: 'ineligible',
        severity: 'error',
        personId: assignment.personId,
        assignmentIds: [assignment.id],
        message: `${describeAssignment(assignment)} is not allowed: ${reason}.`,
      });
    }
  }
  return findings;
}

/** Leave or travel that makes a person unavailable over [start, end). */
export interface Absence extends Interval {
  id: string;
  personId: string;
  kind: 'leave' | 'travel';
}

export function findAbsenceConflicts(
  assignments: readonly Assignment[],
  absences: readonly Absence[],
): RosterFinding[] {
  const findings: RosterFinding[] = [];
  for (const absence of absences) {
    for (const assignment of assignments) {
      if (
        assignment.personId !== absence.personId ||
        !intervalsOverlap(assignment, absence)
      ) {
        continue;
      }
      findings.push({
        kind: 'absenceConflict',
        severity: 'error',
        personId: absence.personId,
        assignmentIds: [assignment.id],
        message:
          `${describeAssignment(assignment)} falls in ${absence.personId}'s ${absence.kind} ` +
          `${absence.id} (${describeInterval(absence)}); assign someone else.`,
      });
    }
  }
  return findings;
}

export interface RosterCheckOptions {
  /** Minimum rest between two assignments of one person. No rest check when omitted. */
  minRestHours?: number;
  people?: readonly Person[];
  postRules?: readonly PostRule[];
  absences?: readonly Absence[];
}

/** Runs every configured check and returns errors first, then warnings. */
export function validateRoster(
  assignments: readonly Assignment[],
  options: RosterCheckOptions = {},
): RosterFinding[] {
  const findings = [...findDoubleBookings(assignments)];
  if (options.minRestHours !== undefined) {
    findings.push(...findShortRest(assignments, options.minRestHours));
  }
  if (options.people && options.postRules) {
    findings.push(
      ...findIneligible(assignments, options.people, options.postRules),
    );
  }
  if (options.absences) {
    findings.push(...findAbsenceConflicts(assignments, options.absences));
  }

  const rank = (finding: RosterFinding): number =>
    finding.severity === 'error' ? 0 : 1;
  return findings.sort((a, b) => rank(a) - rank(b));
}
