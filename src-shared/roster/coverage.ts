// Who is on duty, and where a post has fewer people than it needs. Requirements come from shift
// instances, so a 24-hour template yields one requirement window per post per day.
import type { Assignment, Interval, ShiftTemplate } from './shifts.js';
import { containsInstant, intervalsOverlap, shiftInstance } from './shifts.js';
import type { Instant, LocalDate } from './time.js';

/** `headcount` people are needed on `post` over [start, end). */
export interface CoverageRequirement extends Interval {
  post: string;
  headcount: number;
}

/** A stretch of a post with `missing` fewer people than required. */
export interface CoverageGap extends Interval {
  post: string;
  required: number;
  present: number;
  missing: number;
}

/** Returns the assignments containing an instant, grouped by post. */
export function onDutyAt(
  assignments: readonly Assignment[],
  instant: Instant,
): Map<string, Assignment[]> {
  const byPost = new Map<string, Assignment[]>();
  for (const assignment of assignments) {
    if (!containsInstant(assignment, instant)) {
      continue;
    }
    const list = byPost.get(assignment.post) ?? [];
    list.push(assignment);
    byPost.set(assignment.post, list);
  }
  return byPost;
}

/** Lists the requirements of a template's shifts on the given start dates. */
export function requirementsFromTemplate(
  template: ShiftTemplate,
  dates: readonly LocalDate[],
): CoverageRequirement[] {
  return dates.flatMap((date) => {
    const shift = shiftInstance(template, date);
    return template.posts.map((entry) => ({
      post: entry.post,
      headcount: entry.headcount,
      start: shift.start,
      end: shift.end,
    }));
  });
}

/** One stretch between consecutive boundaries, with required and present counts. */
interface Segment extends Interval {
  required: number;
  present: number;
}

function segmentsForPost(
  post: string,
  requirements: readonly CoverageRequirement[],
  assignments: readonly Assignment[],
): Segment[] {
  const needs = requirements.filter((r) => r.post === post);
  const people = assignments.filter(
    (a) => a.post === post && needs.some((r) => intervalsOverlap(a, r)),
  );

  const boundaries = [
    ...new Set([...needs, ...people].flatMap((i) => [i.start, i.end])),
  ].sort((a, b) => a - b);

  const segments: Segment[] = [];
  for (let index = 0; index + 1 < boundaries.length; index += 1) {
    const start = boundaries[index] as number;
    const end = boundaries[index + 1] as number;
    const required = needs
      .filter((r) => containsInstant(r, start))
      .reduce((sum, r) => sum + r.headcount, 0);
    if (required === 0) {
      continue;
    }
    const present = new Set(
      people.filter((a) => containsInstant(a, start)).map((a) => a.personId),
    ).size;
    segments.push({ start, end, required, present });
  }
  return segments;
}

function postsOf(requirements: readonly CoverageRequirement[]): string[] {
  return [...new Set(requirements.map((r) => r.post))].sort();
}

/**
 * Returns the half-open stretches where a post has fewer people than required. Adjacent stretches
 * with the same shortfall merge into one gap.
 */
export function coverageGaps(
  requirements: readonly CoverageRequirement[],
  assignments: readonly Assignment[],
): CoverageGap[] {
  const gaps: CoverageGap[] = [];
  for (const post of postsOf(requirements)) {
    for (const segment of segmentsForPost(post, requirements, assignments)) {
      if (segment.present >= segment.required) {
        continue;
      }
      const previous = gaps[gaps.length - 1];
      const missing = segment.required - segment.present;
      if (
        previous?.post === post &&
        previous.end === segment.start &&
        previous.missing === missing
      ) {
        previous.end = segment.end;
        continue;
      }
      gaps.push({
        post,
        start: segment.start,
        end: segment.end,
        required: segment.required,
        present: segment.present,
        missing,
      });
    }
  }
  return gaps;
}

/**
 * Returns the share of required person-time that is staffed, per post, in percent (0-100).
 * People beyond the headcount do not raise the share above 100.
 */
export function coveragePercent(
  requirements: readonly CoverageRequirement[],
  assignments: readonly Assignment[],
): Map<string, number> {
  const result = new Map<string, number>();
  for (const post of postsOf(requirements)) {
    let needed = 0;
    let staffed = 0;
    for (const segment of segmentsForPost(post, requirements, assignments)) {
      const length = segment.end - segment.start;
      needed += segment.required * length;
      staffed += Math.min(segment.present, segment.required) * length;
    }
    result.set(post, needed === 0 ? 100 : (staffed / needed) * 100);
  }
  return result;
}
