// Typed reads of the duty office's configuration and rosters, and the person on duty now from the
// published rosters. Shared by the roster, log, handover and alarm code.
import type { HolidayCalendar } from '../../../src-shared/roster/calendar.js';
import { onDutyAt } from '../../../src-shared/roster/coverage.js';
import {
  calendarWithEnteredYears,
  holidayYearOfRecord,
} from '../../../src-shared/roster/holidays-cn.js';
import type { PublishedRoster } from '../../../src-shared/roster/published.js';
import type {
  DutyPerson,
  DutyPost,
  DutyRoster,
} from '../../../src-shared/roster/records.js';
import {
  DUTY_COLLECTIONS,
  DutyPersonSchema,
  DutyPostSchema,
  DutyRosterSchema,
  HolidayYearRecordSchema,
  LEADER_POST,
  RotationSchema,
  ShiftTemplateSchema,
} from '../../../src-shared/roster/records.js';
import type { Assignment } from '../../../src-shared/roster/shifts.js';
import type { Instant } from '../../../src-shared/roster/time.js';
import type { DomainContext } from '../types.js';
import { listData, Rejection, requireData } from './common.js';

/**
 * Returns the holiday calendar: the built-in table plus the years an admin entered with
 * `duty.holiday-year-put`. Built per call, because an entered year may change between commands.
 */
export function holidayCalendar(context: DomainContext): HolidayCalendar {
  const entered = listData(
    context,
    DUTY_COLLECTIONS.holidayYear,
    HolidayYearRecordSchema,
  );
  return calendarWithEnteredYears(entered.map(holidayYearOfRecord));
}

export function rosterIdOf(month: string): string {
  return `roster-${month}`;
}

export function people(context: DomainContext): DutyPerson[] {
  return listData(context, DUTY_COLLECTIONS.person, DutyPersonSchema);
}

export function posts(context: DomainContext): DutyPost[] {
  return listData(context, DUTY_COLLECTIONS.post, DutyPostSchema);
}

export function templates(context: DomainContext) {
  return listData(context, DUTY_COLLECTIONS.shiftTemplate, ShiftTemplateSchema);
}

export function rotations(context: DomainContext) {
  return listData(context, DUTY_COLLECTIONS.rotation, RotationSchema);
}

export function requirePerson(context: DomainContext, id: string): DutyPerson {
  return requireData(
    context,
    DUTY_COLLECTIONS.person,
    id,
    DutyPersonSchema,
    'person',
  );
}

export function requireRoster(context: DomainContext, id: string): DutyRoster {
  return requireData(
    context,
    DUTY_COLLECTIONS.roster,
    id,
    DutyRosterSchema,
    'roster',
  );
}

export function asPublished(roster: DutyRoster): PublishedRoster {
  return {
    version: roster.version,
    assignments: roster.assignments,
    audit: roster.audit,
  };
}

/** Returns the assignments of every published roster, which decide who is on duty. */
export function publishedAssignments(context: DomainContext): Assignment[] {
  return listData(context, DUTY_COLLECTIONS.roster, DutyRosterSchema)
    .filter((roster) => roster.status === 'published')
    .flatMap((roster) => roster.assignments);
}

/** Returns the leader on duty at an instant, or `unassigned` when the leader post is empty then. */
export function leaderOnDuty(context: DomainContext, at: Instant): string {
  const leaders =
    onDutyAt(publishedAssignments(context), at).get(LEADER_POST) ?? [];
  return leaders[0]?.personId ?? 'unassigned';
}

/** Rejects unless the person may hold the post: listed as eligible, rank and qualifications met. */
export function checkEligible(
  person: DutyPerson,
  post: DutyPost | undefined,
  postId: string,
): void {
  if (!post) {
    throw new Rejection(
      'post-not-found',
      `No post "${postId}"; use one of the posts in duty.post.`,
    );
  }
  const missing = (post.requiredQualifications ?? []).filter(
    (q) => !person.qualifications.includes(q),
  );
  const lowRank = post.minRank !== undefined && person.rank < post.minRank;
  if (
    !person.eligiblePosts.includes(post.id) ||
    lowRank ||
    missing.length > 0
  ) {
    throw new Rejection(
      'ineligible',
      `${person.name} (${person.id}) may not hold ${post.name}: ` +
        (lowRank
          ? `rank ${person.rank} is below ${post.minRank}`
          : missing.length > 0
            ? `lacks ${missing.join(', ')}`
            : 'the post is not in their eligible posts') +
        '. Choose someone eligible.',
    );
  }
}

/** Rejects when the person is on leave or travelling during [start, end). */
export function checkAvailable(
  person: DutyPerson,
  start: Instant,
  end: Instant,
): void {
  const absence = person.absences.find((a) => a.start < end && start < a.end);
  if (absence) {
    throw new Rejection(
      'person-absent',
      `${person.name} (${person.id}) is on ${absence.kind} ${absence.id} during that window; ` +
        'choose someone else or end the absence first.',
    );
  }
}
