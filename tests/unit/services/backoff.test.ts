import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  seededRandom,
} from '../../../src-main/services/session/backoff.js';

const options = { baseMs: 500, capMs: 30_000 };

describe('backoffDelay', () => {
  it('stays finite, positive and capped', () => {
    const random = seededRandom(42);
    for (let attempt = 1; attempt <= 2000; attempt += 1) {
      const delay = backoffDelay(attempt, random, options);
      expect(Number.isFinite(delay), `attempt ${attempt}`).toBe(true);
      expect(delay, `attempt ${attempt}`).toBeGreaterThan(0);
      expect(delay, `attempt ${attempt}`).toBeLessThanOrEqual(options.capMs);
    }
  });

  it('keeps varying at the cap', () => {
    const random = seededRandom(7);
    const atCap = new Set<number>();
    for (let attempt = 100; attempt < 200; attempt += 1) {
      const delay = backoffDelay(attempt, random, options);
      expect(delay).toBeGreaterThanOrEqual(options.capMs / 2);
      atCap.add(delay);
    }
    expect(atCap.size).toBeGreaterThan(50);
  });

  it('grows with the attempt before the cap', () => {
    const fixed = () => 1;
    expect(backoffDelay(1, fixed, options)).toBe(500);
    expect(backoffDelay(2, fixed, options)).toBe(1000);
    expect(backoffDelay(3, fixed, options)).toBe(2000);
    expect(backoffDelay(7, fixed, options)).toBe(30_000);
  });

  it('handles extreme attempts and random values', () => {
    expect(
      Number.isFinite(backoffDelay(10_000, seededRandom(1), options)),
    ).toBe(true);
    expect(backoffDelay(10_000, () => 0, options)).toBe(15_000);
    expect(backoffDelay(Number.NaN, () => 0.5, options)).toBeGreaterThan(0);
    expect(backoffDelay(3, () => Number.NaN, options)).toBeGreaterThan(0);
    expect(backoffDelay(0, () => 0, options)).toBe(250);
  });
});

describe('seededRandom', () => {
  it('repeats for the same seed and stays in range', () => {
    const first = seededRandom(123);
    const second = seededRandom(123);
    for (let index = 0; index < 1000; index += 1) {
      const value = first();
      expect(value).toBe(second());
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });
});
