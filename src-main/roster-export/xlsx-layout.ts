// Sheet layout shared by the roster and duty-log sheets: number formats, borders, title lines
// merged across the table and a bold header row.
import type ExcelJS from 'exceljs';

/** Spreadsheet number formats used by the exports. */
export const DATE_FORMAT = 'yyyy-mm-dd';
export const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm';

export const THIN_BORDER: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
// ExcelJS declares PaperSize as a const enum, which isolated modules cannot read. 9 is A4.
export const PAPER_A4 = 9 as ExcelJS.PaperSize;

/** Writes centred title lines, each merged across the table width. */
export function writeTitleRows(
  sheet: ExcelJS.Worksheet,
  columnCount: number,
  lines: readonly string[],
): void {
  lines.forEach((text, index) => {
    const rowNumber = index + 1;
    sheet.mergeCells(rowNumber, 1, rowNumber, columnCount);
    const cell = sheet.getCell(rowNumber, 1);
    cell.value = text;
    cell.font = { bold: index === 0, size: index === 0 ? 16 : 12 };
    cell.alignment = { horizontal: 'center', vertical: 'middle' };
    sheet.getRow(rowNumber).height = index === 0 ? 28 : 20;
  });
}

/** Writes bold, bordered column headers on the row after the title lines. */
export function writeHeaderRow(
  sheet: ExcelJS.Worksheet,
  headers: readonly string[],
): void {
  const row = sheet.addRow([...headers]);
  row.height = 20;
  row.eachCell((cell) => {
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle' };
    cell.border = THIN_BORDER;
  });
}
