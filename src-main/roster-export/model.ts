// Input shared by every roster export: the assignments of a period, the people, the posts that
// become columns, and the Chinese labels for days and posts. All dates and times are
// Asia/Shanghai wall-clock values computed by the roster core, never by the process time zone.
import type {
  Assignment,
  DayInfo,
  DayType,
  HolidayCalendar,
  Instant,
  LocalDate,
} from '../../src-shared/roster/index.js';
import {
  countingDate,
  datesInRange,
  daysBetween,
  isoWeek,
  isoWeekday,
  isoWeekLabel,
  localDateOf,
  localTimeOf,
  parseLocalDate,
  SHANGHAI_OFFSET_MS,
  sortAssignments,
} from '../../src-shared/roster/index.js';

/** Error for export input that is incomplete or inconsistent. The message names the value. */
export class RosterExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RosterExportError';
  }
}

/** A person who may appear on the roster. */
export interface DutyPerson {
  id: string;
  name: string;
  /** Mobile or office number, masked in exports unless the caller requests full numbers. */
  phone?: string;
}

/** A roster post shown as one column, e.g. `{ id: 'leader', label: '带班领导' }`. */
export interface DutyPostColumn {
  id: string;
  label: string;
}

/** The five posts of a county command-center duty office, in the order they are printed. */
export const DEFAULT_POST_COLUMNS: readonly DutyPostColumn[] = [
  { id: 'leader', label: '带班领导' },
  { id: 'chief', label: '值班长' },
  { id: 'officer', label: '值班员' },
  { id: 'itSupport', label: '技术保障' },
  { id: 'liaison', label: '部门联络员' },
];

/** Phone display mode: `masked` keeps the first 3 and last 4 digits. */
export type PhoneDisplay = 'masked' | 'full' | 'none';

/** The roster of one period as every export needs it. */
export interface RosterExportInput {
  /** Issuing unit, e.g. 罗田县社会治理综合指挥中心. */
  unitName: string;
  /** Published roster version, printed as 第N版. */
  rosterVersion: number;
  /** First and last shift date of the period, both included. */
  from: LocalDate;
  to: LocalDate;
  assignments: readonly Assignment[];
  people: readonly DutyPerson[];
  calendar: HolidayCalendar;
  /** Columns in print order, `DEFAULT_POST_COLUMNS` by default. */
  posts?: readonly DutyPostColumn[];
}

const WEEKDAY_LABELS = ['一', '二', '三', '四', '五', '六', '日'];

/** Returns `星期一` .. `星期日` for a date. */
export function chineseWeekday(date: LocalDate): string {
  return `星期${WEEKDAY_LABELS[isoWeekday(date) - 1] ?? ''}`;
}

const DAY_TYPE_LABELS: Record<DayType, string> = {
  workday: '工作日',
  weekend: '周末',
  statutoryHoliday: '法定节假日',
  restInLieu: '调休放假',
  makeUpWorkday: '调休上班',
};

/** Returns the Chinese day type with its holiday name, e.g. `法定节假日（元旦）`. */
export function dayTypeLabel(info: DayInfo): string {
  const label = DAY_TYPE_LABELS[info.type];
  return info.holidayName ? `${label}（${info.holidayName}）` : label;
}

const DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** Writes 1..99 in Chinese numerals (一, 十, 十一, 二十三), as in 续报二 or 第十二周. */
export function chineseNumeral(value: number): string {
  if (!Number.isInteger(value) || value < 1 || value > 99) {
    throw new RosterExportError(
      `Cannot write ${value} in Chinese numerals: only whole numbers 1 to 99 are supported.`,
    );
  }
  const tens = Math.floor(value / 10);
  const units = DIGITS[value % 10] ?? '';
  if (tens === 0) {
    return units;
  }
  return `${tens === 1 ? '' : (DIGITS[tens] ?? '')}十${units}`;
}

/** Masks the middle digits of a phone number, keeping separators such as `-`. */
export function maskPhone(phone: string): string {
  const digitCount = phone.replace(/\D/g, '').length;
  // Short numbers (extensions) keep only the last two digits visible.
  const keepHead = digitCount >= 8 ? 3 : 0;
  const keepTail = digitCount >= 8 ? 4 : 2;

  let seen = 0;
  let masked = '';
  for (const char of phone) {
    if (!/\d/.test(char)) {
      masked += char;
      continue;
    }
    const visible = seen < keepHead || seen >= digitCount - keepTail;
    masked += visible ? char : '*';
    seen += 1;
  }
  return masked;
}

/** Formats a phone for the display mode. Undefined when the mode hides it or it is missing. */
export function displayPhone(
  phone: string | undefined,
  display: PhoneDisplay,
): string | undefined {
  if (phone === undefined || phone === '' || display === 'none') {
    return undefined;
  }
  return display === 'full' ? phone : maskPhone(phone);
}

/** Returns the export columns, checking that every assignment's post has one. */
export function resolvePostColumns(
  input: RosterExportInput,
): readonly DutyPostColumn[] {
  const posts = input.posts ?? DEFAULT_POST_COLUMNS;
  const known = new Set(posts.map((post) => post.id));
  const missing = [
    ...new Set(
      input.assignments.map((a) => a.post).filter((post) => !known.has(post)),
    ),
  ];
  if (missing.length > 0) {
    throw new RosterExportError(
      `Assignments use posts ${missing.join(', ')} that have no export column; ` +
        `add them to the posts option (known: ${[...known].join(', ')}).`,
    );
  }
  return posts;
}

/** Indexes people by id and checks that everyone on the roster is known. */
export function indexPeople(
  input: RosterExportInput,
): ReadonlyMap<string, DutyPerson> {
  const people = new Map(input.people.map((person) => [person.id, person]));
  const unknown = [
    ...new Set(
      input.assignments.map((a) => a.personId).filter((id) => !people.has(id)),
    ),
  ];
  if (unknown.length > 0) {
    throw new RosterExportError(
      `Assignments name people ${unknown.join(', ')} who are not in the people list; ` +
        'add them with their names before exporting.',
    );
  }
  return people;
}

/** Checks the period and returns its dates. */
export function periodDates(input: RosterExportInput): LocalDate[] {
  parseLocalDate(input.from);
  parseLocalDate(input.to);
  if (input.to < input.from) {
    throw new RosterExportError(
      `Export period ${input.from}..${input.to} ends before it starts; swap the dates.`,
    );
  }
  return datesInRange(input.from, input.to);
}

/** The dates of one ISO week that fall inside the period. */
export interface WeekGroup {
  /** Chinese label, e.g. `2025年第1周`. */
  label: string;
  year: number;
  week: number;
  dates: LocalDate[];
}

/** Splits the period into ISO weeks. The first and last week may be partial. */
export function groupDatesByIsoWeek(dates: readonly LocalDate[]): WeekGroup[] {
  const groups: WeekGroup[] = [];
  for (const date of dates) {
    const { year, week } = isoWeek(date);
    const last = groups[groups.length - 1];
    if (last && last.year === year && last.week === week) {
      last.dates.push(date);
    } else {
      groups.push({ label: isoWeekLabel(date), year, week, dates: [date] });
    }
  }
  return groups;
}

/** Returns the assignments whose hours count on `date` for one post, in start order. */
export function assignmentsFor(
  assignments: readonly Assignment[],
  date: LocalDate,
  post: string,
): Assignment[] {
  return sortAssignments(
    assignments.filter((a) => a.post === post && countingDate(a) === date),
  );
}

// A time on the shift date prints bare, the next day as 次日HH:mm, later days with the date.
function timeRelativeTo(instant: Instant, shiftDate: LocalDate): string {
  const date = localDateOf(instant);
  const time = localTimeOf(instant);
  const offset = daysBetween(shiftDate, date);
  if (offset === 0) {
    return time;
  }
  if (offset === 1) {
    return `次日${time}`;
  }
  return `${date.slice(5)} ${time}`;
}

/** Formats an assignment's hours relative to its shift date, e.g. `08:30–次日08:30`. */
export function shiftSpanText(assignment: Assignment): string {
  const shiftDate = countingDate(assignment);
  return `${timeRelativeTo(assignment.start, shiftDate)}–${timeRelativeTo(assignment.end, shiftDate)}`;
}

/** One person on one post for one day, ready to print. */
export interface DutyLine {
  name: string;
  span: string;
  phone?: string;
}

/** Builds the printable lines of one day and post. */
export function dutyLines(
  assignments: readonly Assignment[],
  people: ReadonlyMap<string, DutyPerson>,
  phoneDisplay: PhoneDisplay,
): DutyLine[] {
  return assignments.map((assignment) => {
    const person = people.get(assignment.personId);
    const phone = displayPhone(person?.phone, phoneDisplay);
    const line: DutyLine = {
      name: person?.name ?? assignment.personId,
      span: shiftSpanText(assignment),
    };
    if (phone !== undefined) {
      line.phone = phone;
    }
    return line;
  });
}

/** Joins a duty line into one text, e.g. `张伟 08:30–次日08:30 138****5678`. */
export function dutyLineText(line: DutyLine): string {
  return [line.name, line.span, line.phone].filter(Boolean).join(' ');
}

/** Returns a Date whose UTC fields equal the Shanghai wall clock, as spreadsheet cells need. */
export function wallClockDate(instant: Instant): Date {
  return new Date(instant + SHANGHAI_OFFSET_MS);
}

/** Returns midnight of a local date as a wall-clock Date (UTC fields equal the date). */
export function wallClockDay(date: LocalDate): Date {
  return new Date(`${date}T00:00:00Z`);
}
