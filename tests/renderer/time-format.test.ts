import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatClock,
  formatDateTime,
  formatHour,
  formatListTime,
} from '../../src-renderer/src/format/time.js';

// 2026-01-01 16:30:05 UTC is 2026-01-02 00:30:05 in Beijing: the date itself differs.
const INSTANT = Date.UTC(2026, 0, 1, 16, 30, 5);

describe('Beijing time formatting', () => {
  const savedZone = process.env.TZ;

  beforeAll(() => {
    process.env.TZ = 'America/New_York';
  });

  afterAll(() => {
    process.env.TZ = savedZone;
  });

  it('process runs in another zone', () => {
    expect(new Date(INSTANT).getHours()).toBe(11);
  });

  it('clock is Beijing time', () => {
    expect(formatClock(INSTANT)).toBe('00:30:05');
  });

  it('date and time are Beijing time', () => {
    expect(formatDateTime(INSTANT)).toBe('2026-01-02 00:30:05');
  });

  it('hour label is Beijing time', () => {
    expect(formatHour(INSTANT)).toBe('01-02 00:00');
  });

  it('list time drops the date on the same day', () => {
    expect(formatListTime(INSTANT, INSTANT + 3_600_000)).toBe('00:30:05');
    expect(formatListTime(INSTANT, INSTANT + 24 * 3_600_000)).toBe(
      '01-02 00:30',
    );
  });

  it('matches the time-zone database for instants since 1992', () => {
    const zone = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    const from = Date.UTC(1992, 0, 1);
    const to = Date.UTC(2100, 0, 1);
    // A fixed linear congruential sequence, so a failure names the same instants every run.
    let state = 12_345;
    for (let index = 0; index < 2_000; index += 1) {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      const instant = from + Math.floor((state / 2_147_483_648) * (to - from));
      const parts = Object.fromEntries(
        zone.formatToParts(instant).map((part) => [part.type, part.value]),
      );
      const expected = `${parts['year']}-${parts['month']}-${parts['day']} ${parts['hour']}:${parts['minute']}:${parts['second']}`;
      expect(formatDateTime(instant), new Date(instant).toISOString()).toBe(
        expected,
      );
    }
  });
});
