// Roster workbook: one sheet per ISO week, laid out for A4 landscape printing, plus an optional
// duty-log register. Dates and times are real spreadsheet dates holding Shanghai wall-clock
// values, so the file reads the same on any computer whatever its time zone.
import ExcelJS from 'exceljs';

import type { LocalDate } from '../../src-shared/roster/index.js';
import type { DutyLogRecord } from './duty-log.js';
import type {
  DutyPerson,
  DutyPostColumn,
  PhoneDisplay,
  RosterExportInput,
  WeekGroup,
} from './model.js';
import {
  assignmentsFor,
  chineseWeekday,
  dayTypeLabel,
  dutyLines,
  dutyLineText,
  groupDatesByIsoWeek,
  indexPeople,
  periodDates,
  resolvePostColumns,
  wallClockDay,
} from './model.js';
import { addDutyLogSheet } from './xlsx-duty-log.js';
import {
  DATE_FORMAT,
  PAPER_A4,
  THIN_BORDER,
  writeHeaderRow,
  writeTitleRows,
} from './xlsx-layout.js';

export interface RosterWorkbookOptions {
  /** Phone display mode, `masked` by default because a printed roster leaves the duty office. */
  phoneDisplay?: PhoneDisplay;
  /** Entries for the 值班日志 sheet. The sheet is left out when this is absent. */
  dutyLog?: readonly DutyLogRecord[];
  /** Workbook creation time written to the file properties, now by default. */
  createdAt?: Date;
}

/** Rows above the day rows: title, week line and column headers, repeated on every page. */
export const WEEK_SHEET_HEADER_ROWS = 3;

const FIXED_HEADERS = ['日期', '星期', '日类型'];
// Points per printed text line at 11 pt, plus padding, because Excel does not size wrapped rows.
const LINE_HEIGHT_POINTS = 15;

/** Returns the title row of every week sheet, e.g. `罗田县社会治理综合指挥中心值班表（第3版）`. */
export function rosterTitle(unitName: string, rosterVersion: number): string {
  return `${unitName}值班表（第${rosterVersion}版）`;
}

/** Returns the week line under the title, e.g. `2025年第1周（2025-01-01至2025-01-05）`. */
export function weekHeaderText(week: WeekGroup): string {
  const first = week.dates[0] ?? '';
  const last = week.dates[week.dates.length - 1] ?? '';
  return `${week.label}（${first}至${last}）`;
}

/** Builds the workbook in memory, for callers that add sheets or stream it themselves. */
export function buildRosterWorkbook(
  input: RosterExportInput,
  options: RosterWorkbookOptions = {},
): ExcelJS.Workbook {
  const posts = resolvePostColumns(input);
  const people = indexPeople(input);
  const weeks = groupDatesByIsoWeek(periodDates(input));

  const workbook = new ExcelJS.Workbook();
  workbook.creator = input.unitName;
  workbook.created = options.createdAt ?? new Date();
  workbook.title = rosterTitle(input.unitName, input.rosterVersion);

  const context: WeekSheetContext = {
    input,
    posts,
    people,
    phoneDisplay: options.phoneDisplay ?? 'masked',
  };
  for (const week of weeks) {
    addWeekSheet(workbook, week, context);
  }

  if (options.dutyLog) {
    addDutyLogSheet(workbook, options.dutyLog, {
      title: `${input.unitName}值班日志`,
      phoneDisplay: context.phoneDisplay,
    });
  }
  return workbook;
}

/** Writes the roster workbook as `.xlsx` bytes. */
export async function writeRosterWorkbook(
  input: RosterExportInput,
  options: RosterWorkbookOptions = {},
): Promise<Buffer> {
  const workbook = buildRosterWorkbook(input, options);
  const bytes = await workbook.xlsx.writeBuffer();
  return Buffer.from(bytes as ArrayBuffer);
}

interface WeekSheetContext {
  input: RosterExportInput;
  posts: readonly DutyPostColumn[];
  people: ReadonlyMap<string, DutyPerson>;
  phoneDisplay: PhoneDisplay;
}

function addWeekSheet(
  workbook: ExcelJS.Workbook,
  week: WeekGroup,
  context: WeekSheetContext,
): void {
  const columnCount = FIXED_HEADERS.length + context.posts.length;
  const sheet = workbook.addWorksheet(week.label, {
    pageSetup: {
      paperSize: PAPER_A4,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      printTitlesRow: `1:${WEEK_SHEET_HEADER_ROWS}`,
      margins: {
        left: 0.5,
        right: 0.5,
        top: 0.6,
        bottom: 0.6,
        header: 0.3,
        footer: 0.3,
      },
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
    views: [{ state: 'frozen', ySplit: WEEK_SHEET_HEADER_ROWS }],
  });
  sheet.columns = [
    { width: 12 },
    { width: 8 },
    { width: 18 },
    ...context.posts.map(() => ({ width: 30 })),
  ];

  writeTitleRows(sheet, columnCount, [
    rosterTitle(context.input.unitName, context.input.rosterVersion),
    weekHeaderText(week),
  ]);
  writeHeaderRow(sheet, [
    ...FIXED_HEADERS,
    ...context.posts.map((post) => post.label),
  ]);

  for (const date of week.dates) {
    writeDayRow(sheet, date, context);
  }
}

function writeDayRow(
  sheet: ExcelJS.Worksheet,
  date: LocalDate,
  context: WeekSheetContext,
): void {
  const postTexts = context.posts.map((post) =>
    dutyLines(
      assignmentsFor(context.input.assignments, date, post.id),
      context.people,
      context.phoneDisplay,
    )
      .map(dutyLineText)
      .join('\n'),
  );
  const row = sheet.addRow([
    wallClockDay(date),
    chineseWeekday(date),
    dayTypeLabel(context.input.calendar.dayInfo(date)),
    ...postTexts,
  ]);

  row.getCell(1).numFmt = DATE_FORMAT;
  const lineCount = Math.max(1, ...postTexts.map((t) => t.split('\n').length));
  row.height = lineCount * LINE_HEIGHT_POINTS + 4;
  row.eachCell({ includeEmpty: true }, (cell) => {
    cell.alignment = { vertical: 'middle', wrapText: true };
    cell.border = THIN_BORDER;
  });
}
