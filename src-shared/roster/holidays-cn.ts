// Holiday arrangements typed in from the State Council notices (国务院办公厅关于YYYY年部分节假日
// 安排的通知). The notices list the days off and the make-up workdays. They do not say which
// days off are statutory, so `statutoryDays` follows 全国年节及纪念日放假办法: 11 days a year
// until 2024, and 13 from 2025 when the Spring Festival and Labour Day each gained a day.
// NOTE: the per-holiday counts match the 放假办法. Which days carry them rests on lunar and
// solar-term dates not checked against an almanac, so recheck them before computing overtime pay.
import {
  HolidayCalendar,
  validateHolidayYear,
  type HolidayPeriod,
  type HolidayYear,
  type HolidayYearViolation,
} from './calendar.js';
import type { HolidayDay, HolidayYearRecord } from './records.js';
import { addDays, daysBetween, isoWeekday, parseLocalDate } from './time.js';

export const HOLIDAYS_2024: HolidayYear = {
  year: 2024,
  notice: {
    number: '国办发明电〔2023〕7号',
    issuedOn: '2023-10-25',
    title: '国务院办公厅关于2024年部分节假日安排的通知',
  },
  periods: [
    // The notice joins January 1 to the weekend of 2023-12-30/31, which belongs to 2023.
    {
      name: '元旦',
      from: '2024-01-01',
      to: '2024-01-01',
      statutoryDays: ['2024-01-01'],
    },
    // New Year's Eve (02-09) stays a workday, and the notice only encourages giving it off.
    {
      name: '春节',
      from: '2024-02-10',
      to: '2024-02-17',
      statutoryDays: ['2024-02-10', '2024-02-11', '2024-02-12'],
    },
    {
      name: '清明节',
      from: '2024-04-04',
      to: '2024-04-06',
      statutoryDays: ['2024-04-04'],
    },
    {
      name: '劳动节',
      from: '2024-05-01',
      to: '2024-05-05',
      statutoryDays: ['2024-05-01'],
    },
    {
      name: '端午节',
      from: '2024-06-10',
      to: '2024-06-10',
      statutoryDays: ['2024-06-10'],
    },
    {
      name: '中秋节',
      from: '2024-09-15',
      to: '2024-09-17',
      statutoryDays: ['2024-09-17'],
    },
    {
      name: '国庆节',
      from: '2024-10-01',
      to: '2024-10-07',
      statutoryDays: ['2024-10-01', '2024-10-02', '2024-10-03'],
    },
  ],
  makeUpWorkdays: [
    '2024-02-04',
    '2024-02-18',
    '2024-04-07',
    '2024-04-28',
    '2024-05-11',
    '2024-09-14',
    '2024-09-29',
    '2024-10-12',
  ],
};

export const HOLIDAYS_2025: HolidayYear = {
  year: 2025,
  notice: {
    number: '国办发明电〔2024〕12号',
    issuedOn: '2024-11-12',
    title: '国务院办公厅关于2025年部分节假日安排的通知',
  },
  periods: [
    {
      name: '元旦',
      from: '2025-01-01',
      to: '2025-01-01',
      statutoryDays: ['2025-01-01'],
    },
    {
      name: '春节',
      from: '2025-01-28',
      to: '2025-02-04',
      statutoryDays: ['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31'],
    },
    {
      name: '清明节',
      from: '2025-04-04',
      to: '2025-04-06',
      statutoryDays: ['2025-04-04'],
    },
    {
      name: '劳动节',
      from: '2025-05-01',
      to: '2025-05-05',
      statutoryDays: ['2025-05-01', '2025-05-02'],
    },
    {
      name: '端午节',
      from: '2025-05-31',
      to: '2025-06-02',
      statutoryDays: ['2025-05-31'],
    },
    {
      name: '国庆节、中秋节',
      from: '2025-10-01',
      to: '2025-10-08',
      statutoryDays: ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-06'],
    },
  ],
  makeUpWorkdays: [
    '2025-01-26',
    '2025-02-08',
    '2025-04-27',
    '2025-09-28',
    '2025-10-11',
  ],
};

export const HOLIDAYS_2026: HolidayYear = {
  year: 2026,
  notice: {
    number: '国办发明电〔2025〕7号',
    issuedOn: '2025-11-04',
    title: '国务院办公厅关于2026年部分节假日安排的通知',
  },
  periods: [
    {
      name: '元旦',
      from: '2026-01-01',
      to: '2026-01-03',
      statutoryDays: ['2026-01-01'],
    },
    {
      name: '春节',
      from: '2026-02-15',
      to: '2026-02-23',
      statutoryDays: ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19'],
    },
    {
      name: '清明节',
      from: '2026-04-04',
      to: '2026-04-06',
      statutoryDays: ['2026-04-05'],
    },
    {
      name: '劳动节',
      from: '2026-05-01',
      to: '2026-05-05',
      statutoryDays: ['2026-05-01', '2026-05-02'],
    },
    {
      name: '端午节',
      from: '2026-06-19',
      to: '2026-06-21',
      statutoryDays: ['2026-06-19'],
    },
    {
      name: '中秋节',
      from: '2026-09-25',
      to: '2026-09-27',
      statutoryDays: ['2026-09-25'],
    },
    {
      name: '国庆节',
      from: '2026-10-01',
      to: '2026-10-07',
      statutoryDays: ['2026-10-01', '2026-10-02', '2026-10-03'],
    },
  ],
  makeUpWorkdays: [
    '2026-01-04',
    '2026-02-14',
    '2026-02-28',
    '2026-05-09',
    '2026-09-20',
    '2026-10-10',
  ],
};

/** Every year entered so far, oldest first. */
export const CHINA_HOLIDAY_YEARS: readonly HolidayYear[] = [
  HOLIDAYS_2024,
  HOLIDAYS_2025,
  HOLIDAYS_2026,
];

/** Creates a calendar with every built-in year. Add later years with `addYear`. */
export function createChinaHolidayCalendar(): HolidayCalendar {
  return new HolidayCalendar(CHINA_HOLIDAY_YEARS);
}

/** Checks whether a year is in the built-in table, which entered years may not replace. */
export function isBuiltInHolidayYear(year: number): boolean {
  return CHINA_HOLIDAY_YEARS.some((entry) => entry.year === year);
}

/**
 * Creates a calendar with the built-in years plus years an admin entered. An entered year that the
 * table also has is ignored, because the table is checked against the published notices.
 */
export function calendarWithEnteredYears(
  entered: readonly HolidayYear[],
): HolidayCalendar {
  const calendar = createChinaHolidayCalendar();
  for (const entry of entered) {
    if (!calendar.hasYear(entry.year)) {
      calendar.addYear(entry);
    }
  }
  return calendar;
}

/** A problem in typed holiday days: the calendar's own checks plus typing slips. */
export interface HolidayEntryProblem {
  kind: HolidayYearViolation['kind'] | 'duplicateDate' | 'weekdayMismatch';
  dates: string[];
  message: string;
}

/** The fields of a notice that an admin types in, next to its days. */
export interface HolidayNoticeEntry {
  year: number;
  noticeNumber: string;
  issuedOn: string;
  days: readonly HolidayDay[];
}

const OFF_TYPES: ReadonlySet<HolidayDay['type']> = new Set([
  'statutoryHoliday',
  'restInLieu',
  'weekend',
]);

function isWeekendDate(date: string): boolean {
  return isoWeekday(date) >= 6;
}

// Two off days belong to one period when only weekend days lie between them.
function joinsPeriod(previous: string, next: string): boolean {
  const gap = daysBetween(previous, next);
  for (let step = 1; step < gap; step += 1) {
    if (!isWeekendDate(addDays(previous, step))) {
      return false;
    }
  }
  return true;
}

/**
 * Builds the HolidayYear of typed days: off days that touch (or are joined by a weekend) form one
 * period, named by the first name given in it.
 */
export function holidayYearFromDays(entry: HolidayNoticeEntry): HolidayYear {
  const offDays = entry.days
    .filter((day) => OFF_TYPES.has(day.type))
    .sort((a, b) => a.date.localeCompare(b.date));

  const groups: HolidayDay[][] = [];
  for (const day of offDays) {
    const current = groups[groups.length - 1];
    const last = current?.[current.length - 1];
    if (current && last && joinsPeriod(last.date, day.date)) {
      current.push(day);
    } else {
      groups.push([day]);
    }
  }

  const periods: HolidayPeriod[] = groups.map((group) => ({
    name: group.find((day) => day.name)?.name ?? '节假日',
    from: group[0]?.date ?? '',
    to: group[group.length - 1]?.date ?? '',
    statutoryDays: group
      .filter((day) => day.type === 'statutoryHoliday')
      .map((day) => day.date),
  }));

  return {
    year: entry.year,
    notice: {
      number: entry.noticeNumber,
      issuedOn: entry.issuedOn,
      title: `国务院办公厅关于${entry.year}年部分节假日安排的通知`,
    },
    periods,
    makeUpWorkdays: entry.days
      .filter((day) => day.type === 'makeUpWorkday')
      .map((day) => day.date)
      .sort(),
  };
}

function typingProblems(entry: HolidayNoticeEntry): HolidayEntryProblem[] {
  const problems: HolidayEntryProblem[] = [];
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const day of entry.days) {
    if (seen.has(day.date)) {
      duplicates.add(day.date);
    }
    seen.add(day.date);
  }
  if (duplicates.size > 0) {
    const dates = [...duplicates].sort();
    problems.push({
      kind: 'duplicateDate',
      dates,
      message: `Dates ${dates.join(', ')} are listed more than once; keep one line per date.`,
    });
  }

  const mismatched = entry.days
    .filter(
      (day) =>
        (day.type === 'weekend' && !isWeekendDate(day.date)) ||
        (day.type === 'restInLieu' && isWeekendDate(day.date)),
    )
    .map((day) => day.date);
  if (mismatched.length > 0) {
    problems.push({
      kind: 'weekdayMismatch',
      dates: mismatched,
      message:
        `Dates ${mismatched.join(', ')} do not match their type: "weekend" needs a Saturday or ` +
        'Sunday and "restInLieu" a Monday to Friday; check the notice.',
    });
  }
  return problems;
}

/**
 * Checks typed days before they become a HolidayYear: duplicates and weekday slips first, then
 * `validateHolidayYear` (make-up days on weekends, no run of more than six workdays, dates inside
 * the year). Returns no problems when the entry can be stored.
 */
export function checkHolidayEntry(
  entry: HolidayNoticeEntry,
): HolidayEntryProblem[] {
  for (const day of entry.days) {
    parseLocalDate(day.date);
  }
  const typing = typingProblems(entry);
  if (typing.length > 0) {
    return typing;
  }
  return validateHolidayYear(holidayYearFromDays(entry));
}

/** Returns the HolidayYear of a stored `duty.holiday-year` record. */
export function holidayYearOfRecord(record: HolidayYearRecord): HolidayYear {
  return holidayYearFromDays({
    year: record.year,
    noticeNumber: record.noticeNumber,
    issuedOn: record.issuedOn,
    days: record.days,
  });
}
