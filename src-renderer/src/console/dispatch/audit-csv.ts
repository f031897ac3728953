// CSV export of the audit trail, built in the renderer. Excel on Chinese Windows reads a CSV as
// GBK unless it starts with a UTF-8 byte order mark, so the file starts with one.
import type { AuditData } from './records.js';

export const UTF8_BOM = '\uFEFF';

export interface AuditColumns {
  when: string;
  who: string;
  name: string;
  incident: string;
  outcome: string;
  code: string;
  summary: string;
}

/**
 * Quotes a cell when it contains a comma, quote or line break (RFC 4180). A cell that starts with
 * = + - @ or a tab gets a leading apostrophe, so a spreadsheet shows it as text and never runs
 * it as a formula.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Builds the file text: BOM, header row, then one row per entry oldest first, CRLF line ends. */
export function auditCsv(
  entries: readonly AuditData[],
  headers: AuditColumns,
  formatTime: (epochMs: number) => string,
): string {
  const rows = [...entries].sort((a, b) => a.when - b.when);
  const lines = [
    [
      headers.when,
      headers.who,
      headers.name,
      headers.incident,
      headers.outcome,
      headers.code,
      headers.summary,
    ],
  ];
  for (const entry of rows) {
    lines.push([
      formatTime(entry.when),
      entry.who,
      entry.name,
      entry.incidentId ?? '',
      entry.outcome,
      entry.code ?? '',
      entry.summary,
    ]);
  }
  return (
    UTF8_BOM +
    lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') +
    '\r\n'
  );
}

/** File name with the export instant in Beijing time, such as `audit-20260601-100000.csv`. */
export function auditFileName(formatted: string): string {
  return `audit-${formatted.replace(/[-: ]/g, '').replace(/^(\d{8})/, '$1-')}.csv`;
}
