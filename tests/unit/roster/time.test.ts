import { describe, expect, it } from 'vitest';

import {
  addDays,
  datesInRange,
  formatIsoLocal,
  formatLocalDateTime,
  instantAt,
  InvalidLocalTimeError,
  isoWeek,
  isoWeekday,
  isoWeekLabel,
  localDateOf,
  localTimeOf,
  parseLocalDate,
  parseLocalDateTime,
} from '../../../src-shared/roster/index.js';

describe('Shanghai local time', () => {
  it('parses local date-times as UTC+8 whatever TZ is', () => {
    expect(parseLocalDateTime('2024-06-03 01:55')).toBe(
      Date.UTC(2024, 5, 2, 17, 55),
    );
    expect(parseLocalDateTime('2024-06-03T01:55')).toBe(
      Date.UTC(2024, 5, 2, 17, 55),
    );
    expect(instantAt('2026-10-05', '08:30')).toBe(Date.UTC(2026, 9, 5, 0, 30));
  });

  it('formats instants in Shanghai time', () => {
    const instant = Date.UTC(2026, 9, 4, 16, 30);
    expect(formatLocalDateTime(instant)).toBe('2026-10-05 00:30');
    expect(formatIsoLocal(instant)).toBe('2026-10-05T00:30+08:00');
    expect(localDateOf(instant)).toBe('2026-10-05');
    expect(localTimeOf(instant)).toBe('00:30');
  });

  it('maps the last UTC minute before local midnight', () => {
    const beforeMidnight = Date.UTC(2025, 11, 31, 15, 59);
    expect(localDateOf(beforeMidnight)).toBe('2025-12-31');
    expect(localDateOf(beforeMidnight + 60_000)).toBe('2026-01-01');
  });

  it('round-trips parse and format', () => {
    for (const text of [
      '2024-02-29 23:59',
      '2026-01-01 00:00',
      '1999-12-31 12:00',
    ]) {
      expect(formatLocalDateTime(parseLocalDateTime(text))).toBe(text);
    }
  });

  it('rejects malformed and impossible input', () => {
    expect(() => parseLocalDate('2025-02-29')).toThrow(InvalidLocalTimeError);
    expect(() => parseLocalDate('2025-2-1')).toThrow(InvalidLocalTimeError);
    expect(() => parseLocalDateTime('2025-01-01 24:00')).toThrow(
      InvalidLocalTimeError,
    );
    expect(() => parseLocalDateTime('2025-01-01 08:60')).toThrow(/HH:mm/);
    expect(() => parseLocalDateTime('2025-01-01')).toThrow(
      InvalidLocalTimeError,
    );
  });

  it('adds days across months, leap days and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(datesInRange('2026-09-30', '2026-10-02')).toEqual([
      '2026-09-30',
      '2026-10-01',
      '2026-10-02',
    ]);
  });

  it('computes ISO weekdays', () => {
    expect(isoWeekday('2024-06-02')).toBe(7);
    expect(isoWeekday('2024-06-03')).toBe(1);
    expect(isoWeekday('2026-10-10')).toBe(6);
  });

  it('labels ISO weeks in Chinese', () => {
    expect(isoWeekLabel('2024-12-30')).toBe('2025年第1周');
    expect(isoWeekLabel('2025-01-05')).toBe('2025年第1周');
    expect(isoWeekLabel('2025-01-06')).toBe('2025年第2周');
    expect(isoWeek('2021-01-03')).toEqual({ year: 2020, week: 53 });
    expect(isoWeek('2026-12-31')).toEqual({ year: 2026, week: 53 });
  });
});
