import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BOUNDS_TOLERANCE,
  nextVerifyAction,
  verifyPlacement,
} from '../../../src-main/windows/index.js';

const expected = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('verifyPlacement', () => {
  it('matches bounds off by the rounding of a window manager', () => {
    const check = verifyPlacement(expected, {
      x: 1921,
      y: 0,
      width: 2559,
      height: 1402,
    });

    expect(check.matches).toBe(true);
    expect(check.maxDelta).toBe(2);
    expect(check.delta).toEqual({ x: 1, y: 0, width: -1, height: 2 });
  });

  it('rejects bounds left on the old display', () => {
    const check = verifyPlacement(expected, {
      x: 0,
      y: 0,
      width: 1707,
      height: 933,
    });

    expect(check.matches).toBe(false);
    expect(check.maxDelta).toBe(1920);
  });

  it('rejects a size scaled by the wrong factor', () => {
    // 2560 DIP applied at scale 1.5 but read back at scale 1.
    const check = verifyPlacement(expected, { ...expected, width: 3840 });

    expect(check.matches).toBe(false);
    expect(check.delta.width).toBe(1280);
  });

  it('honours a custom tolerance', () => {
    const actual = { ...expected, height: 1405 };

    expect(verifyPlacement(expected, actual).matches).toBe(false);
    expect(verifyPlacement(expected, actual, 5).matches).toBe(true);
    expect(DEFAULT_BOUNDS_TOLERANCE).toBeLessThan(5);
  });

  it('never matches bounds that read back as NaN', () => {
    const check = verifyPlacement(expected, { ...expected, x: Number.NaN });

    expect(check.matches).toBe(false);
  });
});

describe('nextVerifyAction', () => {
  const mismatch = verifyPlacement(expected, { ...expected, x: 0 });
  const match = verifyPlacement(expected, expected);

  it('re-applies once, then gives up', () => {
    expect(nextVerifyAction(mismatch, 0)).toBe('reapply');
    expect(nextVerifyAction(mismatch, 1)).toBe('give-up');
  });

  it('stops when the bounds match', () => {
    expect(nextVerifyAction(match, 0)).toBe('done');
    expect(nextVerifyAction(match, 1)).toBe('done');
  });
});
