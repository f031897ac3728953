// Reads the holiday days an admin pastes from a State Council notice, one `YYYY-MM-DD type [name]`
// per line, into the payload of `duty.holiday-year-put`. The central runs the calendar checks.
import type { HolidayDay } from '../../../../src-shared/roster/records.js';

/** Type words accepted on a line: the record's own names and the short Chinese ones. */
const TYPE_WORDS: Record<string, HolidayDay['type']> = {
  statutoryholiday: 'statutoryHoliday',
  statutory: 'statutoryHoliday',
  法定: 'statutoryHoliday',
  restinlieu: 'restInLieu',
  rest: 'restInLieu',
  休: 'restInLieu',
  调休: 'restInLieu',
  weekend: 'weekend',
  周末: 'weekend',
  makeupworkday: 'makeUpWorkday',
  makeup: 'makeUpWorkday',
  班: 'makeUpWorkday',
  补班: 'makeUpWorkday',
};

export type HolidayLinesResult =
  | { ok: true; days: HolidayDay[] }
  | { ok: false; line: number; text: string };

/** Parses pasted lines; blank lines and lines starting with `#` are skipped. */
export function parseHolidayLines(text: string): HolidayLinesResult {
  const days: HolidayDay[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) {
      continue;
    }
    const [date = '', word = '', ...rest] = line.split(/\s+/);
    const type = TYPE_WORDS[word.toLowerCase()];
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || type === undefined) {
      return { ok: false, line: index + 1, text: line };
    }
    const name = rest.join(' ');
    days.push(name === '' ? { date, type } : { date, type, name });
  }
  return { ok: true, days };
}
