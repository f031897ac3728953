import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/** One second-level GB/T 31000-2015 event type with its top class. */
export interface EventTypeCode {
  code: string;
  label: string;
  topCode: string;
  topLabel: string;
}

export interface EventCodeTable {
  topClasses: Map<string, string>;
  /** Second-level codes, in file order. */
  types: EventTypeCode[];
  problems: string[];
}

interface CodeRow {
  table: string;
  code: string;
  parent_code: string;
  label_zh: string;
}

/**
 * Parses the `event_type` table of the code list (columns `table`, `code`, `parent_code`,
 * `label_zh`). Top classes have 2-digit codes, second-level codes have 4 digits and start with
 * their parent. Rows of other tables are ignored.
 */
export function parseEventCodes(text: string): EventCodeTable {
  const rows = parse(text, {
    columns: true,
    skip_empty_lines: true,
    trim: true,
  }) as CodeRow[];
  const eventRows = rows.filter((row) => row.table === 'event_type');

  const problems: string[] = [];
  const topClasses = new Map<string, string>();
  for (const row of eventRows) {
    if (row.parent_code === '' && /^\d{2}$/.test(row.code)) {
      topClasses.set(row.code, row.label_zh);
    }
  }

  const types: EventTypeCode[] = [];
  for (const row of eventRows) {
    if (row.parent_code === '') {
      continue;
    }
    const topLabel = topClasses.get(row.parent_code);
    if (!/^\d{4}$/.test(row.code) || !row.code.startsWith(row.parent_code)) {
      problems.push(
        `event type ${row.code}: not a 4-digit code under ${row.parent_code}`,
      );
      continue;
    }
    if (topLabel === undefined) {
      problems.push(
        `event type ${row.code}: top class ${row.parent_code} not found`,
      );
      continue;
    }
    types.push({
      code: row.code,
      label: row.label_zh,
      topCode: row.parent_code,
      topLabel,
    });
  }
  return { topClasses, types, problems };
}

export function loadEventCodes(path: string): EventCodeTable {
  return parseEventCodes(readFileSync(path, 'utf8'));
}
