// The 值班日志 sheet: one register row per entry, with two columns (time, text) per follow-up
// report so that every time stays a real spreadsheet date.
import type ExcelJS from 'exceljs';

import type { DutyLogRecord } from './duty-log.js';
import { DUTY_LOG_KIND_LABELS, DUTY_LOG_STATUS_LABELS } from './duty-log.js';
import type { PhoneDisplay } from './model.js';
import { chineseNumeral, displayPhone, wallClockDate } from './model.js';
import {
  DATE_TIME_FORMAT,
  PAPER_A4,
  writeHeaderRow,
  writeTitleRows,
} from './xlsx-layout.js';

/** Name of the duty-log sheet. */
export const DUTY_LOG_SHEET_NAME = '值班日志';

const BASE_HEADERS = [
  '序号',
  '接报时间',
  '类型',
  '来电（文）单位',
  '姓名',
  '电话',
  '内容',
  '领导批示',
  '批示领导',
  '批示时间',
  '记录人',
  '责任人',
  '状态',
];
const BASE_WIDTHS = [6, 17, 10, 20, 10, 15, 40, 30, 10, 17, 10, 10, 8];
// Columns of BASE_HEADERS that hold date-times (1-based).
const RECEIVED_COLUMN = 2;
const INSTRUCTION_TIME_COLUMN = 10;

/** Returns the follow-up headers for `count` reports: 续报一时间, 续报一, 续报二时间, ... */
export function followUpHeaders(count: number): string[] {
  const headers: string[] = [];
  for (let index = 1; index <= count; index += 1) {
    const name = `续报${chineseNumeral(index)}`;
    headers.push(`${name}时间`, name);
  }
  return headers;
}

/** Adds the duty-log register sheet, sorted by the time each entry was received. */
export function addDutyLogSheet(
  workbook: ExcelJS.Workbook,
  entries: readonly DutyLogRecord[],
  options: { title: string; phoneDisplay: PhoneDisplay },
): ExcelJS.Worksheet {
  const followUpCount = Math.max(0, ...entries.map((e) => e.followUps.length));
  const headers = [...BASE_HEADERS, ...followUpHeaders(followUpCount)];

  const sheet = workbook.addWorksheet(DUTY_LOG_SHEET_NAME, {
    pageSetup: {
      paperSize: PAPER_A4,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:2',
    },
    views: [{ state: 'frozen', ySplit: 2 }],
  });
  sheet.columns = [
    ...BASE_WIDTHS.map((width) => ({ width })),
    ...Array.from({ length: followUpCount }, (_, i) => ({
      width: i % 2 === 0 ? 17 : 30,
    })),
  ];

  writeTitleRows(sheet, headers.length, [options.title]);
  writeHeaderRow(sheet, headers);

  const sorted = [...entries].sort((a, b) => a.receivedAt - b.receivedAt);
  sorted.forEach((entry, index) => {
    writeEntryRow(sheet, entry, index + 1, options.phoneDisplay);
  });
  return sheet;
}

function writeEntryRow(
  sheet: ExcelJS.Worksheet,
  entry: DutyLogRecord,
  serial: number,
  phoneDisplay: PhoneDisplay,
): void {
  const instruction = entry.instruction;
  const row = sheet.addRow([
    serial,
    wallClockDate(entry.receivedAt),
    DUTY_LOG_KIND_LABELS[entry.kind],
    entry.callerUnit ?? null,
    entry.callerName ?? null,
    displayPhone(entry.callerPhone, phoneDisplay) ?? null,
    entry.content,
    instruction?.text ?? null,
    instruction?.leaderName ?? null,
    instruction ? wallClockDate(instruction.at) : null,
    entry.recorderName,
    entry.ownerName ?? null,
    DUTY_LOG_STATUS_LABELS[entry.status],
    ...entry.followUps.flatMap((followUp) => [
      wallClockDate(followUp.at),
      followUp.text,
    ]),
  ]);

  const timeColumns = [
    RECEIVED_COLUMN,
    INSTRUCTION_TIME_COLUMN,
    ...entry.followUps.map((_, i) => BASE_HEADERS.length + 1 + i * 2),
  ];
  for (const column of timeColumns) {
    row.getCell(column).numFmt = DATE_TIME_FORMAT;
  }
  row.eachCell({ includeEmpty: true }, (cell) => {
    cell.alignment = { vertical: 'top', wrapText: true };
  });
}
