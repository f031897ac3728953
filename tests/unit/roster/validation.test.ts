import { describe, expect, it } from 'vitest';

import type {
  Assignment,
  Person,
  PostRule,
} from '../../../src-shared/roster/index.js';
import {
  assertNoDoubleBooking,
  coverageGaps,
  coveragePercent,
  datesInRange,
  DoubleBookingError,
  fairnessReport,
  findAbsenceConflicts,
  findDoubleBookings,
  findIneligible,
  findShortRest,
  formatIsoLocal,
  requirementsFromTemplate,
  shiftInstance,
  validateRoster,
} from '../../../src-shared/roster/index.js';
import { assignment, at, fullDayShift } from './fixtures.js';

describe('holiday coverage with a missing leader', () => {
  const dates = datesInRange('2026-10-01', '2026-10-07');
  const requirements = requirementsFromTemplate(fullDayShift, dates);
  const roster: Assignment[] = dates.flatMap((date, index) => {
    const shift = shiftInstance(fullDayShift, date);
    const day = [
      {
        id: `o1-${date}`,
        personId: `officer-${index % 3}`,
        post: 'officer',
        source: 'rotation' as const,
        shiftDate: date,
        ...shift,
      },
      {
        id: `o2-${date}`,
        personId: `officer-${(index % 3) + 3}`,
        post: 'officer',
        source: 'rotation' as const,
        shiftDate: date,
        ...shift,
      },
    ];
    if (date !== '2026-10-05') {
      day.push({
        id: `l-${date}`,
        personId: `leader-${index % 2}`,
        post: 'leader',
        source: 'rotation' as const,
        shiftDate: date,
        ...shift,
      });
    }
    return day;
  });

  it('finds exactly one leader gap', () => {
    const gaps = coverageGaps(requirements, roster);
    expect(gaps).toHaveLength(1);
    expect(gaps[0]?.post).toBe('leader');
    expect(formatIsoLocal(gaps[0]!.start)).toBe('2026-10-05T08:30+08:00');
    expect(formatIsoLocal(gaps[0]!.end)).toBe('2026-10-06T08:30+08:00');
    expect(gaps[0]?.missing).toBe(1);
  });

  it('reports full officer coverage', () => {
    const percent = coveragePercent(requirements, roster);
    expect(percent.get('officer')).toBe(100);
    expect(percent.get('leader')).toBeCloseTo((6 / 7) * 100, 10);
  });

  it('splits a gap where a partial cover ends', () => {
    const partial = [
      ...roster,
      assignment(
        'cover',
        'leader-9',
        'leader',
        '2026-10-05 20:00',
        '2026-10-06 08:30',
      ),
    ];
    const gaps = coverageGaps(requirements, partial);
    expect(
      gaps.map((gap) => [formatIsoLocal(gap.start), formatIsoLocal(gap.end)]),
    ).toEqual([['2026-10-05T08:30+08:00', '2026-10-05T20:00+08:00']]);
  });

  it('counts one missing officer as half a gap', () => {
    const oneOfficer = roster.filter((a) => a.id !== 'o2-2026-10-02');
    const gaps = coverageGaps(requirements, oneOfficer).filter(
      (gap) => gap.post === 'officer',
    );
    expect(gaps).toHaveLength(1);
    expect(gaps[0]?.present).toBe(1);
    expect(gaps[0]?.required).toBe(2);
  });
});

describe('double booking and rest', () => {
  const day = assignment(
    'day-A',
    'A',
    'officer',
    '2026-05-02 08:30',
    '2026-05-02 17:30',
  );
  const night = assignment(
    'night-A',
    'A',
    'officer',
    '2026-05-02 17:30',
    '2026-05-03 08:30',
  );

  it('does not treat back-to-back as overlap', () => {
    expect(findDoubleBookings([day, night])).toEqual([]);
    expect(() => assertNoDoubleBooking([day, night])).not.toThrow();
  });

  it('warns about short rest when configured', () => {
    const warnings = findShortRest([day, night], 8);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.severity).toBe('warning');
    expect(warnings[0]?.assignmentIds).toEqual(['day-A', 'night-A']);
    expect(
      findShortRest(
        [
          day,
          assignment(
            'next',
            'A',
            'officer',
            '2026-05-03 08:30',
            '2026-05-03 17:30',
          ),
        ],
        8,
      ),
    ).toEqual([]);
  });

  it('names both assignments of an overlap', () => {
    const leader = assignment(
      'leader-A',
      'A',
      'leader',
      '2026-05-02 12:00',
      '2026-05-02 20:00',
    );
    const findings = findDoubleBookings([day, night, leader]);
    expect(findings.map((f) => f.assignmentIds)).toEqual([
      ['day-A', 'leader-A'],
      ['leader-A', 'night-A'],
    ]);
    expect(findings.every((f) => f.severity === 'error')).toBe(true);
    expect(() => assertNoDoubleBooking([day, night, leader])).toThrow(
      DoubleBookingError,
    );
    expect(() => assertNoDoubleBooking([day, night, leader])).toThrow(
      /day-A.*leader-A/,
    );
  });
});

describe('validateRoster', () => {
  it('runs the configured checks, errors first', () => {
    const roster = [
      assignment('day', 'A', 'officer', '2026-05-02 08:30', '2026-05-02 17:30'),
      assignment(
        'night',
        'A',
        'officer',
        '2026-05-02 17:30',
        '2026-05-03 08:30',
      ),
      assignment('lead', 'A', 'leader', '2026-05-02 12:00', '2026-05-02 20:00'),
    ];
    expect(validateRoster(roster).map((f) => f.kind)).toEqual([
      'doubleBooking',
      'doubleBooking',
    ]);

    const kinds = validateRoster(roster, {
      minRestHours: 8,
      people: [{ id: 'A', name: '甲', rank: 1 }],
      postRules: [{ post: 'leader', minRank: 3 }],
    }).map((f) => f.kind);
    expect(kinds).toEqual([
      'doubleBooking',
      'doubleBooking',
      'ineligible',
      'shortRest',
    ]);
  });
});

describe('eligibility and absences', () => {
  const people: Person[] = [
    { id: 'wang', name: '王', rank: 5 },
    { id: 'li', name: '李', rank: 2, qualifications: ['radio'] },
  ];
  const rules: PostRule[] = [
    { post: 'leader', minRank: 4 },
    { post: 'it', requiredQualifications: ['network'] },
  ];

  it('flags a leader below the rank', () => {
    const findings = findIneligible(
      [
        assignment(
          'a1',
          'wang',
          'leader',
          '2026-10-01 08:30',
          '2026-10-02 08:30',
        ),
        assignment(
          'a2',
          'li',
          'leader',
          '2026-10-02 08:30',
          '2026-10-03 08:30',
        ),
        assignment('a3', 'li', 'it', '2026-10-03 08:30', '2026-10-04 08:30'),
        assignment(
          'a4',
          'zhou',
          'officer',
          '2026-10-03 08:30',
          '2026-10-04 08:30',
        ),
      ],
      people,
      rules,
    );
    expect(findings.map((f) => f.assignmentIds[0])).toEqual(['a2', 'a3']);
    expect(findings[0]?.message).toMatch(/rank 2, below the minimum 4/);
    expect(findings[1]?.message).toMatch(/lacks network/);
  });

  it('flags duty during leave', () => {
    const findings = findAbsenceConflicts(
      [
        assignment(
          'a1',
          'li',
          'officer',
          '2026-10-01 08:30',
          '2026-10-02 08:30',
        ),
        assignment(
          'a2',
          'li',
          'officer',
          '2026-10-04 08:30',
          '2026-10-05 08:30',
        ),
      ],
      [
        {
          id: 'leave-1',
          personId: 'li',
          kind: 'leave',
          start: at('2026-10-02 08:30'),
          end: at('2026-10-04 08:30'),
        },
      ],
    );
    expect(findings).toEqual([]);

    const travel = findAbsenceConflicts(
      [
        assignment(
          'a3',
          'li',
          'officer',
          '2026-10-03 08:30',
          '2026-10-04 08:30',
        ),
      ],
      [
        {
          id: 'trip-1',
          personId: 'li',
          kind: 'travel',
          start: at('2026-10-04 00:00'),
          end: at('2026-10-06 00:00'),
        },
      ],
    );
    expect(travel).toHaveLength(1);
    expect(travel[0]?.message).toMatch(/travel trip-1/);
  });
});

describe('fairness', () => {
  it('marks people above the average load', () => {
    const roster = [
      assignment('1', 'A', 'officer', '2026-10-01 08:30', '2026-10-02 08:30'),
      assignment('2', 'A', 'officer', '2026-10-02 08:30', '2026-10-02 20:30'),
      assignment('3', 'B', 'officer', '2026-10-03 08:30', '2026-10-04 08:30'),
      assignment('4', 'C', 'officer', '2026-10-04 08:30', '2026-10-05 08:30'),
      assignment('5', 'D', 'officer', '2026-10-05 08:30', '2026-10-05 20:30'),
      assignment('6', 'D', 'officer', '2026-10-31 20:30', '2026-11-01 08:30'),
    ];
    const report = fairnessReport(roster, '2026-10-01', '2026-10-07', ['E']);
    expect(report.averageHours).toBeCloseTo(19.2, 10);
    expect(
      report.loads.map((load) => [
        load.personId,
        load.hours,
        load.aboveAverageLabel,
      ]),
    ).toEqual([
      ['A', 36, '+88 %'],
      ['B', 24, '+25 %'],
      ['C', 24, '+25 %'],
      ['D', 12, ''],
      ['E', 0, ''],
    ]);
    expect(report.score).toBeLessThan(100);
  });

  it('scores an even load 100', () => {
    const roster = [
      assignment('1', 'A', 'officer', '2026-10-01 08:30', '2026-10-02 08:30'),
      assignment('2', 'B', 'officer', '2026-10-02 08:30', '2026-10-03 08:30'),
    ];
    const report = fairnessReport(roster, '2026-10-01', '2026-10-07');
    expect(report.score).toBe(100);
    expect(report.loads.every((load) => load.aboveAverageLabel === '')).toBe(
      true,
    );
  });
});
