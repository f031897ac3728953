import { describe, expect, it } from 'vitest';
import {
  isoWeekLabel,
  isoWeekStart,
  maskName,
} from '../../../src-shared/points/index.js';

describe('maskName', () => {
  it.each([
    ['张三明', '张*明'],
    ['张三', '张*'],
    ['张', '张'],
    ['', ''],
    ['欧阳娜', '欧阳*'],
    ['欧阳明华', '欧阳*华'],
    ['司马相如', '司马*如'],
    ['欧阳', '欧*'],
    ['王小二明', '王**明'],
    ['阿依古丽·买买提', '阿***·**提'],
    ['  李四  ', '李*'],
    ['𠮷田', '𠮷*'],
  ])('masks %s as %s', (name, expected) => {
    expect(maskName(name)).toBe(expected);
  });

  it('keeps the dot of a transliterated name', () => {
    expect(maskName('买买提·艾力')).toBe('买**·*力');
  });
});

describe('isoWeekStart', () => {
  const shanghai = (day: number, hour: number) =>
    Date.UTC(2026, 11, day, hour - 8);

  it('starts on Monday midnight in Shanghai', () => {
    // 2026-12-07 is a Monday.
    expect(isoWeekStart(shanghai(9, 15))).toBe(shanghai(7, 0));
    expect(isoWeekStart(shanghai(7, 0))).toBe(shanghai(7, 0));
    expect(isoWeekStart(shanghai(6, 23) + 59 * 60_000)).toBe(
      Date.UTC(2026, 10, 30, -8),
    );
  });

  it('uses Shanghai time, not UTC', () => {
    // Sunday 2026-12-06 20:00 UTC is already Monday 04:00 in Shanghai.
    expect(isoWeekStart(Date.UTC(2026, 11, 6, 20))).toBe(shanghai(7, 0));
  });

  it('labels weeks across the year end', () => {
    expect(isoWeekLabel(Date.UTC(2026, 11, 7, 4))).toBe('2026-W50');
    // 2027-01-01 is a Friday, in week 53 of 2026.
    expect(isoWeekLabel(Date.UTC(2027, 0, 1, 4))).toBe('2026-W53');
    expect(isoWeekLabel(Date.UTC(2027, 0, 4, 4))).toBe('2027-W01');
  });
});
