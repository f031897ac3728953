// Coverage requirements of a month's roster and the checks shown beside it, built from the duty
// records. Central and console both call these, so the findings on screen are the ones a submit enforces.
import type { HolidayCalendar } from './calendar.js';
import { rotationMatchesDay } from './rotation.js';
import type { CoverageRequirement } from './coverage.js';
import {
  coverageGaps,
  coveragePercent,
  requirementsFromTemplate,
} from './coverage.js';
import type { DutyPerson, DutyPost, ShiftTemplateRecord } from './records.js';
import type { Assignment } from './shifts.js';
import type { LocalDate } from './time.js';
import { datesInRange } from './time.js';
import type { Absence, Person, PostRule, RosterFinding } from './validation.js';
import { validateRoster } from './validation.js';

/** Requirements of every template on the days it applies to, for shift dates [from, to]. */
export function templateRequirements(
  templates: readonly ShiftTemplateRecord[],
  calendar: HolidayCalendar,
  from: LocalDate,
  to: LocalDate,
): CoverageRequirement[] {
  const dates = datesInRange(from, to);
  return templates.flatMap((template) => {
    // A template's day filter reads like a rotation's, so the same matcher decides its days.
    const matcher = {
      id: template.id,
      templateId: template.id,
      post: '',
      participants: [''],
      anchorDate: from,
      dayFilter: template.appliesOn,
      validFrom: from,
    };
    const days = dates.filter((date) =>
      rotationMatchesDay(matcher, calendar, date),
    );
    return requirementsFromTemplate(template, days);
  });
}

export function postRulesOf(posts: readonly DutyPost[]): PostRule[] {
  return posts.map((post) => ({
    post: post.id,
    ...(post.minRank === undefined ? {} : { minRank: post.minRank }),
    ...(post.requiredQualifications === undefined
      ? {}
      : { requiredQualifications: post.requiredQualifications }),
  }));
}

export function peopleOf(people: readonly DutyPerson[]): Person[] {
  return people.map((person) => ({
    id: person.id,
    name: person.name,
    rank: person.rank,
    qualifications: person.qualifications,
  }));
}

export function absencesOf(people: readonly DutyPerson[]): Absence[] {
  return people.flatMap((person) => person.absences);
}

export interface RosterCheck {
  findings: RosterFinding[];
  gaps: ReturnType<typeof coverageGaps>;
  /** Staffed share of required person-time per post, 0-100. */
  coverage: Map<string, number>;
}

/** Runs the roster checks a submit enforces and the coverage figures the grid shows. */
export function checkMonthRoster(input: {
  assignments: readonly Assignment[];
  templates: readonly ShiftTemplateRecord[];
  posts: readonly DutyPost[];
  people: readonly DutyPerson[];
  calendar: HolidayCalendar;
  from: LocalDate;
  to: LocalDate;
  minRestHours?: number;
}): RosterCheck {
  const requirements = templateRequirements(
    input.templates,
    input.calendar,
    input.from,
    input.to,
  );
  const findings = validateRoster(input.assignments, {
    ...(input.minRestHours === undefined
      ? {}
      : { minRestHours: input.minRestHours }),
    people: peopleOf(input.people),
    postRules: postRulesOf(input.posts),
    absences: absencesOf(input.people),
  });
  return {
    findings,
    gaps: coverageGaps(requirements, input.assignments),
    coverage: coveragePercent(requirements, input.assignments),
  };
}
