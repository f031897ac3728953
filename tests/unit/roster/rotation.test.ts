import { describe, expect, it } from 'vitest';

import type { Rotation } from '../../../src-shared/roster/index.js';
import {
  CalendarYearMissingError,
  expandRotation,
  RosterInputError,
  rotationParticipant,
} from '../../../src-shared/roster/index.js';
import { calendar, fullDayShift } from './fixtures.js';

const leaders: Rotation = {
  id: 'leaders',
  templateId: 'full-day',
  post: 'leader',
  participants: ['王', '李', '张'],
  anchorDate: '2026-09-28',
  dayFilter: 'allDays',
  validFrom: '2026-09-01',
};

describe('rotation', () => {
  it('counts turns from the anchor date', () => {
    expect(rotationParticipant(leaders, calendar, '2026-09-28')).toBe('王');
    expect(rotationParticipant(leaders, calendar, '2026-09-29')).toBe('李');
    expect(rotationParticipant(leaders, calendar, '2026-10-01')).toBe('王');
    expect(rotationParticipant(leaders, calendar, '2026-09-27')).toBe('张');
  });

  it('keeps earlier days when the window grows', () => {
    const short = expandRotation(
      leaders,
      fullDayShift,
      calendar,
      '2026-10-01',
      '2026-10-10',
    );
    const long = expandRotation(
      leaders,
      fullDayShift,
      calendar,
      '2026-10-01',
      '2026-10-31',
    );
    expect(long.slice(0, short.length)).toEqual(short);
    expect(long).toHaveLength(31);
  });

  it('counts make-up Saturdays as working days', () => {
    const weekdayTeam: Rotation = {
      ...leaders,
      id: 'weekday',
      dayFilter: 'workingDays',
    };
    const dates = expandRotation(
      weekdayTeam,
      fullDayShift,
      calendar,
      '2026-09-30',
      '2026-10-11',
    ).map((a) => a.shiftDate);
    expect(dates).toEqual([
      '2026-09-30',
      '2026-10-08',
      '2026-10-09',
      '2026-10-10',
    ]);
  });

  it('covers holidays with an off-day rotation', () => {
    const holidayTeam: Rotation = {
      ...leaders,
      id: 'holiday',
      dayFilter: 'offDays',
      anchorDate: '2026-10-01',
    };
    const result = expandRotation(
      holidayTeam,
      fullDayShift,
      calendar,
      '2026-09-30',
      '2026-10-11',
    );
    expect(result.map((a) => a.shiftDate)).toEqual([
      '2026-10-01',
      '2026-10-02',
      '2026-10-03',
      '2026-10-04',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
      '2026-10-11',
    ]);
    expect(result.map((a) => a.personId).join('')).toBe('王李张王李张王李');
  });

  it('applies the weekly pattern and validity window', () => {
    const weekends: Rotation = {
      ...leaders,
      id: 'weekends',
      weekdays: [6, 7],
      validFrom: '2026-10-01',
      validTo: '2026-10-11',
    };
    const result = expandRotation(
      weekends,
      fullDayShift,
      calendar,
      '2026-09-26',
      '2026-10-18',
    );
    expect(result.map((a) => a.shiftDate)).toEqual([
      '2026-10-03',
      '2026-10-04',
      '2026-10-10',
      '2026-10-11',
    ]);
  });

  it('raises when the calendar lacks a year', () => {
    const nextYear: Rotation = {
      ...leaders,
      dayFilter: 'workingDays',
      validFrom: '2026-12-01',
    };
    expect(() =>
      expandRotation(
        nextYear,
        fullDayShift,
        calendar,
        '2026-12-30',
        '2027-01-02',
      ),
    ).toThrow(CalendarYearMissingError);
  });

  it('rejects a rotation without participants', () => {
    const empty: Rotation = { ...leaders, participants: [] };
    expect(() => rotationParticipant(empty, calendar, '2026-10-01')).toThrow(
      RosterInputError,
    );
  });

  it('rejects a post the template lacks', () => {
    const wrong: Rotation = { ...leaders, post: 'driver' };
    expect(() =>
      expandRotation(wrong, fullDayShift, calendar, '2026-10-01', '2026-10-01'),
    ).toThrow(/driver/);
  });
});
