import { describe, expect, it } from 'vitest';

import type {
  Rotation,
  ShiftTemplate,
  Substitution,
} from '../../../src-shared/roster/index.js';
import {
  applyReplacement,
  buildRoster,
  CalendarYearMissingError,
  checkReplacement,
  durationHours,
  fairnessReport,
  onDutyAt,
  ReplacementRejectedError,
  shiftInstance,
} from '../../../src-shared/roster/index.js';
import {
  at,
  calendar,
  formatAssignments as lines,
  fullDayShift,
} from './fixtures.js';

const dayShift: ShiftTemplate = {
  id: 'day',
  name: '白班',
  startTime: '08:00',
  endTime: '20:00',
  endDayOffset: 0,
  posts: [{ post: 'team', headcount: 1 }],
};
const nightShift: ShiftTemplate = {
  ...dayShift,
  id: 'night',
  name: '夜班',
  startTime: '20:00',
  endTime: '08:00',
  endDayOffset: 1,
};

function teamRotation(
  id: string,
  templateId: string,
  participants: string[],
): Rotation {
  return {
    id,
    templateId,
    post: 'team',
    participants,
    anchorDate: '2024-06-02',
    dayFilter: 'allDays',
    validFrom: '2024-06-01',
  };
}

describe('shift across midnight', () => {
  const roster = buildRoster({
    calendar,
    templates: [dayShift, nightShift],
    rotations: [
      teamRotation('days', 'day', ['白甲', '白乙']),
      teamRotation('nights', 'night', ['夜甲', '夜乙']),
    ],
    from: '2024-06-02',
    to: '2024-06-03',
  });

  it("keeps Sunday's night team on at 01:55", () => {
    const team = onDutyAt(roster, at('2024-06-03 01:55')).get('team');
    expect(team?.map((a) => a.personId)).toEqual(['夜甲']);
    expect(team?.[0]?.shiftDate).toBe('2024-06-02');
  });

  it('hands over to the day team at exactly 08:00', () => {
    const team = onDutyAt(roster, at('2024-06-03 08:00')).get('team');
    expect(team?.map((a) => a.personId)).toEqual(['白乙']);
  });

  it('lasts 12 h and counts on its start date', () => {
    const night = shiftInstance(nightShift, '2024-06-02');
    expect(durationHours(night)).toBe(12);
    const sunday = fairnessReport(roster, '2024-06-02', '2024-06-02');
    expect(sunday.loads.find((load) => load.personId === '夜甲')?.hours).toBe(
      12,
    );
    const monday = fairnessReport(roster, '2024-06-03', '2024-06-03');
    expect(
      monday.loads.find((load) => load.personId === '夜甲'),
    ).toBeUndefined();
  });

  it('refuses to plan into a missing year', () => {
    const input = {
      calendar,
      templates: [dayShift],
      rotations: [teamRotation('days', 'day', ['白甲'])],
      from: '2026-12-31',
      to: '2027-01-01',
    };
    expect(() => buildRoster(input)).toThrow(CalendarYearMissingError);
  });

  it('rejects a template that ends before it starts', () => {
    const broken: ShiftTemplate = { ...nightShift, endDayOffset: 0 };
    expect(() => shiftInstance(broken, '2024-06-02')).toThrow(/end-day offset/);
  });
});

describe('substitutions', () => {
  const leaderWang: Rotation = {
    id: 'leader',
    templateId: 'full-day',
    post: 'leader',
    participants: ['王'],
    anchorDate: '2026-10-03',
    dayFilter: 'allDays',
    validFrom: '2026-10-03',
    validTo: '2026-10-03',
  };
  const liForWang: Substitution = {
    id: 'sub-1',
    substituteId: '李',
    replacedId: '王',
    start: at('2026-10-03 12:00'),
    end: at('2026-10-03 18:00'),
    status: 'approved',
    approvedAt: at('2026-10-01 09:00'),
  };
  const roster = buildRoster({
    calendar,
    templates: [fullDayShift],
    rotations: [leaderWang],
    substitutions: [liForWang],
    from: '2026-10-03',
    to: '2026-10-03',
  });

  it('splits the replaced shift in three', () => {
    expect(lines(roster)).toEqual([
      '王 leader 10-03T08:30–10-03T12:00',
      '李 leader 10-03T12:00–10-03T18:00',
      '王 leader 10-03T18:00–10-04T08:30',
    ]);
    expect(roster.map((a) => a.shiftDate)).toEqual([
      '2026-10-03',
      '2026-10-03',
      '2026-10-03',
    ]);
  });

  it('accepts a replacement of the substitute', () => {
    const zhangForLi = {
      id: 'sub-2',
      substituteId: '张',
      replacedId: '李',
      start: at('2026-10-03 15:00'),
      end: at('2026-10-03 17:00'),
      source: 'substitution' as const,
    };
    expect(checkReplacement(roster, zhangForLi)).toBe('leader');
    expect(lines(applyReplacement(roster, zhangForLi))).toEqual([
      '王 leader 10-03T08:30–10-03T12:00',
      '李 leader 10-03T12:00–10-03T15:00',
      '张 leader 10-03T15:00–10-03T17:00',
      '李 leader 10-03T17:00–10-03T18:00',
      '王 leader 10-03T18:00–10-04T08:30',
    ]);
  });

  it('rejects replacing someone off duty and names who is on', () => {
    const zhangForWang = {
      id: 'sub-3',
      substituteId: '张',
      replacedId: '王',
      start: at('2026-10-03 15:00'),
      end: at('2026-10-03 20:00'),
      source: 'substitution' as const,
    };
    expect(() => checkReplacement(roster, zhangForWang)).toThrow(
      ReplacementRejectedError,
    );
    expect(() => checkReplacement(roster, zhangForWang)).toThrow(
      /王 is not on duty/,
    );
    expect(() => checkReplacement(roster, zhangForWang)).toThrow(
      /李 on leader 2026-10-03 12:00/,
    );
  });

  it('ignores substitutions that are not approved', () => {
    const pending = buildRoster({
      calendar,
      templates: [fullDayShift],
      rotations: [leaderWang],
      substitutions: [{ ...liForWang, status: 'requested' }],
      from: '2026-10-03',
      to: '2026-10-03',
    });
    expect(lines(pending)).toEqual(['王 leader 10-03T08:30–10-04T08:30']);
  });

  it('applies manual replacements before substitutions', () => {
    const manual = buildRoster({
      calendar,
      templates: [fullDayShift],
      rotations: [leaderWang],
      manualAssignments: [
        {
          id: 'm-1',
          personId: '赵',
          post: 'leader',
          replacesPersonId: '王',
          start: at('2026-10-03 08:30'),
          end: at('2026-10-03 12:00'),
        },
        {
          id: 'm-2',
          personId: '钱',
          post: 'officer',
          start: at('2026-10-03 08:30'),
          end: at('2026-10-04 08:30'),
        },
      ],
      substitutions: [liForWang],
      from: '2026-10-03',
      to: '2026-10-03',
    });
    expect(lines(manual)).toEqual([
      '赵 leader 10-03T08:30–10-03T12:00',
      '钱 officer 10-03T08:30–10-04T08:30',
      '李 leader 10-03T12:00–10-03T18:00',
      '王 leader 10-03T18:00–10-04T08:30',
    ]);
  });

  it('asks for a post when the replaced person holds two', () => {
    const twoPosts = [
      ...roster,
      {
        ...roster[0]!,
        id: 'extra',
        post: 'officer',
        start: at('2026-10-03 08:30'),
        end: at('2026-10-03 12:00'),
      },
    ];
    const ambiguous = {
      id: 'sub-4',
      substituteId: '张',
      replacedId: '王',
      start: at('2026-10-03 09:00'),
      end: at('2026-10-03 10:00'),
      source: 'substitution' as const,
    };
    expect(() => checkReplacement(twoPosts, ambiguous)).toThrow(/ambiguous/);
    expect(checkReplacement(twoPosts, { ...ambiguous, post: 'officer' })).toBe(
      'officer',
    );
  });
});
