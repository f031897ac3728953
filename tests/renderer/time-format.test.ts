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
});
