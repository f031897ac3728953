// duty.holiday-year-put: an admin enters a year the built-in table lacks, the calendar checks
// reject typing slips with the dates at fault, and roster generation plans into the new year.
import { describe, expect, it } from 'vitest';
import { createDutyDomain } from '../../../src-central/domains/duty/index.js';
import type { HolidayDay } from '../../../src-shared/roster/records.js';
import {
  DUTY_COLLECTIONS as C,
  DUTY_COMMANDS as CMD,
  DutyRosterSchema,
  HolidayYearRecordSchema,
} from '../../../src-shared/roster/records.js';
import { at, holidayOffice, rotation } from './fixtures.js';
import type { MemoryContext } from './memory-context.js';
import { applied, rejected } from './memory-context.js';

const domain = createDutyDomain({ seed: 1 });

// A made-up 2027 arrangement for tests, not the State Council's: New Year on Friday 01-01 and a
// National Day week 10-01..10-08 with make-up workdays on Sunday 09-26 and Saturday 10-09.
const DAYS_2027: HolidayDay[] = [
  { date: '2027-01-01', type: 'statutoryHoliday', name: '元旦' },
  { date: '2027-10-01', type: 'statutoryHoliday', name: '国庆节' },
  { date: '2027-10-02', type: 'statutoryHoliday' },
  { date: '2027-10-03', type: 'statutoryHoliday' },
  { date: '2027-10-04', type: 'restInLieu' },
  { date: '2027-10-05', type: 'restInLieu' },
  { date: '2027-10-06', type: 'restInLieu' },
  { date: '2027-10-07', type: 'restInLieu' },
  { date: '2027-10-08', type: 'restInLieu' },
  { date: '2027-09-26', type: 'makeUpWorkday' },
  { date: '2027-10-09', type: 'makeUpWorkday' },
];

function put(days: HolidayDay[], extra: Record<string, unknown> = {}) {
  return {
    year: 2027,
    noticeNumber: '测试〔2026〕1号',
    issuedOn: '2026-11-10',
    days,
    by: 'zhao',
    ...extra,
  };
}

function office(): MemoryContext {
  return holidayOffice(at('2026-12-01 09:00'));
}

describe('duty.holiday-year-put', () => {
  it('stores a valid year', () => {
    const context = office();
    const result = applied(domain, context, CMD.holidayYearPut, put(DAYS_2027));

    expect(result).toEqual({ holidayYearId: 'holiday-2027', replaced: false });
    const record = HolidayYearRecordSchema.parse(
      context.data(C.holidayYear, 'holiday-2027'),
    );
    expect(record.noticeNumber).toBe('测试〔2026〕1号');
    expect(record.issuedOn).toBe('2026-11-10');
    expect(record.days).toHaveLength(11);
    expect(record.enteredBy).toBe('zhao');
    expect(record.enteredAt).toBe(at('2026-12-01 09:00'));
  });

  it('replaces a stored year', () => {
    const context = office();
    applied(domain, context, CMD.holidayYearPut, put(DAYS_2027));
    const result = applied(
      domain,
      context,
      CMD.holidayYearPut,
      put(DAYS_2027.slice(0, 1)),
    );
    expect(result['replaced']).toBe(true);
    expect(context.get(C.holidayYear, 'holiday-2027')?.version).toBe(2);
  });

  it('rejects a make-up day on a weekday', () => {
    const message = rejected(
      domain,
      office(),
      CMD.holidayYearPut,
      put([...DAYS_2027, { date: '2027-09-27', type: 'makeUpWorkday' }]),
      'holiday-make-up-not-on-weekend',
    );
    expect(message).toContain('2027-09-27');
  });

  it('rejects more than six workdays in a row', () => {
    const message = rejected(
      domain,
      office(),
      CMD.holidayYearPut,
      put([
        ...DAYS_2027,
        { date: '2027-01-09', type: 'makeUpWorkday' },
        { date: '2027-01-10', type: 'makeUpWorkday' },
      ]),
      'holiday-long-work-run',
    );
    // Monday 01-04 to Friday 01-15 with the weekend worked: 12 days.
    expect(message).toContain('12 consecutive working days');
    expect(message).toContain('2027-01-04');
    expect(message).toContain('2027-01-15');
  });

  it('rejects a date listed twice', () => {
    const message = rejected(
      domain,
      office(),
      CMD.holidayYearPut,
      put([...DAYS_2027, { date: '2027-10-04', type: 'statutoryHoliday' }]),
      'holiday-duplicate-date',
    );
    expect(message).toContain('2027-10-04');
  });

  it('rejects a type that contradicts the weekday', () => {
    const message = rejected(
      domain,
      office(),
      CMD.holidayYearPut,
      put([...DAYS_2027, { date: '2027-10-16', type: 'restInLieu' }]),
      'holiday-weekday-mismatch',
    );
    expect(message).toContain('2027-10-16');
  });

  it('rejects a date of another year', () => {
    const message = rejected(
      domain,
      office(),
      CMD.holidayYearPut,
      put([...DAYS_2027, { date: '2028-01-01', type: 'statutoryHoliday' }]),
      'holiday-date-outside-year',
    );
    expect(message).toContain('2028-01-01');
  });

  it('rejects a built-in year', () => {
    const message = rejected(
      domain,
      office(),
      CMD.holidayYearPut,
      put([{ date: '2026-10-01', type: 'statutoryHoliday' }], { year: 2026 }),
      'holiday-year-built-in',
    );
    expect(message).toContain('2026');
  });

  it('rejects an admin below approver rank', () => {
    rejected(
      domain,
      office(),
      CMD.holidayYearPut,
      put(DAYS_2027, { by: 'o1' }),
      'not-authorised',
    );
  });

  it('rejects an empty day list', () => {
    rejected(domain, office(), CMD.holidayYearPut, put([]), 'invalid-payload');
  });
});

describe('roster generation in an entered year', () => {
  /** Officer rotation b covers working days only, so day types show in the roster. */
  function officeWithWorkdayRotation(): MemoryContext {
    const context = office();
    const workdays = rotation('rot-officer-b', 'officer', ['o3', 'o4'], {
      dayFilter: 'workingDays',
    });
    context.put(C.rotation, workdays.id, workdays);
    return context;
  }

  function officersOn(context: MemoryContext, date: string): string[] {
    const roster = DutyRosterSchema.parse(
      context.data(C.roster, 'roster-2027-10'),
    );
    return roster.assignments
      .filter((a) => a.post === 'officer' && a.shiftDate === date)
      .map((a) => a.personId)
      .sort();
  }

  it('is blocked before the year is entered', () => {
    const message = rejected(
      domain,
      officeWithWorkdayRotation(),
      CMD.rosterGenerate,
      { month: '2027-10' },
      'calendar-year-missing',
    );
    expect(message).toContain('2027');
  });

  it('plans October by the entered days', () => {
    const context = officeWithWorkdayRotation();
    applied(domain, context, CMD.holidayYearPut, put(DAYS_2027));
    const result = applied(domain, context, CMD.rosterGenerate, {
      month: '2027-10',
    });

    // 31 leaders and 31 all-days officers, plus workday officers on 16 working days: 15
    // weekdays outside 10-01..10-08 and the make-up Saturday 10-09.
    expect(result['assignments']).toBe(31 + 31 + 16);
    expect(officersOn(context, '2027-10-04')).toHaveLength(1);
    expect(officersOn(context, '2027-10-09')).toHaveLength(2);
    expect(officersOn(context, '2027-10-16')).toHaveLength(1);
    expect(officersOn(context, '2027-10-11')).toHaveLength(2);
  });
});
