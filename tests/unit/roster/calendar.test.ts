import { describe, expect, it } from 'vitest';

import type { HolidayYear } from '../../../src-shared/roster/index.js';
import {
  CalendarYearMissingError,
  CHINA_HOLIDAY_YEARS,
  HolidayCalendar,
  HOLIDAYS_2024,
  HOLIDAYS_2025,
  HOLIDAYS_2026,
  datesInRange,
  isoWeekday,
  nextWorkingDay,
  validateHolidayYear,
} from '../../../src-shared/roster/index.js';

const calendar = new HolidayCalendar(CHINA_HOLIDAY_YEARS);

describe('holiday calendar', () => {
  it('classifies the 2026 National Day week', () => {
    expect(calendar.dayType('2026-09-30')).toBe('workday');
    expect(calendar.dayType('2026-10-01')).toBe('statutoryHoliday');
    expect(calendar.dayType('2026-10-03')).toBe('statutoryHoliday');
    expect(calendar.dayType('2026-10-04')).toBe('weekend');
    expect(calendar.dayType('2026-10-05')).toBe('restInLieu');
    expect(calendar.dayType('2026-10-08')).toBe('workday');
    expect(calendar.dayType('2026-10-10')).toBe('makeUpWorkday');
    expect(calendar.dayType('2026-10-11')).toBe('weekend');
    expect(calendar.dayInfo('2026-10-05').holidayName).toBe('国庆节');
    expect(calendar.dayInfo('2026-10-10').holidayName).toBe('国庆节');
  });

  it('treats make-up days as working days', () => {
    expect(calendar.isWorkingDay('2025-01-26')).toBe(true);
    expect(calendar.isWorkingDay('2024-02-09')).toBe(true);
    expect(calendar.isWorkingDay('2025-01-28')).toBe(false);
    expect(nextWorkingDay(calendar, '2026-09-30')).toBe('2026-10-08');
  });

  it('records the notice of each year', () => {
    expect(HOLIDAYS_2024.notice.number).toBe('国办发明电〔2023〕7号');
    expect(HOLIDAYS_2025.notice.number).toBe('国办发明电〔2024〕12号');
    expect(HOLIDAYS_2026.notice.number).toBe('国办发明电〔2025〕7号');
    expect(calendar.yearOf(2026).notice.issuedOn).toBe('2025-11-04');
  });

  it('has 11 statutory days until 2024 and 13 after', () => {
    const count = (year: HolidayYear): number =>
      year.periods.reduce(
        (sum, period) => sum + period.statutoryDays.length,
        0,
      );
    expect(count(HOLIDAYS_2024)).toBe(11);
    expect(count(HOLIDAYS_2025)).toBe(13);
    expect(count(HOLIDAYS_2026)).toBe(13);
  });

  it('keeps days off equal to weekends plus statutory days', () => {
    // Make-up workdays and rest days in lieu trade one for one, and a statutory day on a weekend
    // moves the weekend rest to a weekday, so the totals balance in every year.
    for (const year of CHINA_HOLIDAY_YEARS) {
      const dates = datesInRange(`${year.year}-01-01`, `${year.year}-12-31`);
      const offDays = dates.filter(
        (date) => !calendar.isWorkingDay(date),
      ).length;
      const weekendDays = dates.filter((date) => isoWeekday(date) >= 6).length;
      const statutory = year.periods.reduce(
        (sum, period) => sum + period.statutoryDays.length,
        0,
      );
      expect(offDays, `${year.year}`).toBe(weekendDays + statutory);
    }
  });

  it('rejects planning into a missing year', () => {
    expect(() => calendar.dayType('2027-01-04')).toThrow(
      CalendarYearMissingError,
    );
    expect(() => calendar.dayType('2027-01-04')).toThrow(
      /国务院办公厅关于2027年部分节假日安排的通知/,
    );
    expect(() => calendar.dayType('2023-12-29')).toThrow(/2023/);
  });

  it('refuses to enter a year twice', () => {
    expect(() => calendar.addYear(HOLIDAYS_2026)).toThrow(/already entered/);
  });
});

describe('validateHolidayYear', () => {
  it('accepts the entered years', () => {
    for (const year of CHINA_HOLIDAY_YEARS) {
      expect(validateHolidayYear(year)).toEqual([]);
      expect(calendar.validateYear(year.year)).toEqual([]);
    }
  });

  it('reports a make-up workday on a weekday', () => {
    const broken: HolidayYear = {
      ...HOLIDAYS_2026,
      makeUpWorkdays: ['2026-10-09'],
    };
    const kinds = validateHolidayYear(broken).map(
      (violation) => violation.kind,
    );
    expect(kinds).toEqual(['makeUpNotOnWeekend']);
  });

  it('reports more than six working days in a row', () => {
    const broken: HolidayYear = {
      ...HOLIDAYS_2026,
      makeUpWorkdays: [
        ...HOLIDAYS_2026.makeUpWorkdays,
        '2026-03-07',
        '2026-03-08',
      ],
    };
    const violations = validateHolidayYear(broken);
    expect(violations).toHaveLength(1);
    expect(violations[0]?.kind).toBe('longWorkRun');
    expect(violations[0]?.dates[0]).toBe('2026-03-02');
    expect(violations[0]?.dates).toHaveLength(12);
  });

  it('reports dates outside the year and stray statutory days', () => {
    const broken: HolidayYear = {
      ...HOLIDAYS_2026,
      periods: [
        {
          name: '元旦',
          from: '2026-01-01',
          to: '2026-01-03',
          statutoryDays: ['2026-01-05'],
        },
      ],
      makeUpWorkdays: ['2025-12-28'],
    };
    const kinds = validateHolidayYear(broken).map(
      (violation) => violation.kind,
    );
    expect(kinds).toContain('statutoryOutsidePeriod');
    expect(kinds).toContain('dateOutsideYear');
  });
});
