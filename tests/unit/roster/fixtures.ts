// Shared test data: the real 2024-2026 calendar and the templates the cases use.
import type {
  Assignment,
  ShiftTemplate,
} from '../../../src-shared/roster/index.js';
import {
  createChinaHolidayCalendar,
  parseLocalDateTime,
} from '../../../src-shared/roster/index.js';

export const calendar = createChinaHolidayCalendar();

export const at = parseLocalDateTime;

export const fullDayShift: ShiftTemplate = {
  id: 'full-day',
  name: '24小时班',
  startTime: '08:30',
  endTime: '08:30',
  endDayOffset: 1,
  posts: [
    { post: 'officer', headcount: 2 },
    { post: 'leader', headcount: 1 },
  ],
};

/** Builds an assignment from local date-times. */
export function assignment(
  id: string,
  personId: string,
  post: string,
  start: string,
  end: string,
): Assignment {
  return {
    id,
    personId,
    post,
    source: 'manual',
    shiftDate: start.slice(0, 10),
    start: at(start),
    end: at(end),
  };
}

/** Renders assignments as `person post start–end` lines for readable comparisons. */
export function formatAssignments(
  assignments: readonly Assignment[],
): string[] {
  const time = (instant: number): string =>
    new Date(instant + 8 * 3_600_000).toISOString().slice(5, 16);
  return assignments.map(
    (a) => `${a.personId} ${a.post} ${time(a.start)}–${time(a.end)}`,
  );
}
