import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../src-shared/contract/index.js';
import {
  compareNewestFirst,
  latestAlerts,
  openSevereCount,
  severeAlert,
  wallTimeText,
} from '../../../src-renderer/src/wall/panels/alert-rows.js';
import { makeAlert } from '../fake-main.js';

const BASE = 1_760_000_000_000;

/** Deterministic shuffle (a linear congruential generator), so a failure repeats. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed;
  for (let i = copy.length - 1; i > 0; i -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

describe('severeAlert', () => {
  it('prefers open level 1 to newer level 2', () => {
    const alerts: Alert[] = [
      makeAlert(1, { level: 1, status: 'new', publishedAt: BASE + 1000 }),
      makeAlert(2, { level: 2, status: 'new', publishedAt: BASE + 3000 }),
      // Newer, but acknowledged or not severe enough: neither may take the banner.
      makeAlert(3, {
        level: 1,
        status: 'acknowledged',
        publishedAt: BASE + 5000,
      }),
      makeAlert(4, { level: 3, status: 'new', publishedAt: BASE + 6000 }),
      makeAlert(5, { level: null, status: 'new', publishedAt: BASE + 7000 }),
      makeAlert(6, { level: 2, status: 'closed', publishedAt: BASE + 8000 }),
    ];

    expect(severeAlert(alerts)?.id).toBe('alert-1');
    expect(severeAlert([...alerts].reverse())?.id).toBe('alert-1');
    expect(openSevereCount(alerts)).toBe(2);
  });

  it('picks the newest of one level', () => {
    const alerts: Alert[] = [
      makeAlert(1, { level: 2, status: 'new', publishedAt: BASE + 1000 }),
      makeAlert(2, { level: 2, status: 'new', publishedAt: BASE + 3000 }),
      makeAlert(3, { level: 1, status: 'closed', publishedAt: BASE + 5000 }),
    ];

    expect(severeAlert(alerts)?.id).toBe('alert-2');
    expect(severeAlert([...alerts].reverse())?.id).toBe('alert-2');
  });

  it('returns null without a severe new alert', () => {
    const alerts = [
      makeAlert(1, { level: 1, status: 'acknowledged' }),
      makeAlert(2, { level: 3, status: 'new' }),
      makeAlert(3, { level: 4, status: 'new' }),
    ];

    expect(severeAlert(alerts)).toBeNull();
    expect(severeAlert([])).toBeNull();
  });

  it('breaks equal times by id', () => {
    const alerts = [
      makeAlert(1, { id: 'a', level: 1, publishedAt: BASE, occurredAt: BASE }),
      makeAlert(2, { id: 'b', level: 1, publishedAt: BASE, occurredAt: BASE }),
    ];

    // The order of every alert list: the greater id first among equal times.
    expect(severeAlert(alerts)?.id).toBe('b');
    expect(severeAlert([...alerts].reverse())?.id).toBe('b');
  });
});

describe('latestAlerts', () => {
  const alerts = Array.from({ length: 300 }, (_, index) =>
    // Every third alert shares its time with the one before, so ties are exercised.
    makeAlert(index, { publishedAt: BASE + Math.floor(index / 3) * 1000 }),
  );

  it('equals a full sort cut to the limit', () => {
    const expected = [...alerts].sort(compareNewestFirst).slice(0, 20);

    for (const seed of [1, 7, 42]) {
      const ids = latestAlerts(shuffled(alerts, seed), 20).map((a) => a.id);
      expect(ids).toEqual(expected.map((a) => a.id));
    }
  });

  it('returns all alerts under the limit', () => {
    const few = shuffled(alerts.slice(0, 5), 3);

    const result = latestAlerts(few, 20);

    expect(result).toHaveLength(5);
    expect(result[0]!.publishedAt).toBeGreaterThanOrEqual(
      result[4]!.publishedAt,
    );
  });

  it('returns nothing for limit zero', () => {
    expect(latestAlerts(alerts, 0)).toEqual([]);
  });

  it('leaves the input order alone', () => {
    const input = shuffled(alerts, 9);
    const before = input.map((a) => a.id);

    latestAlerts(input, 10);

    expect(input.map((a) => a.id)).toEqual(before);
  });
});

describe('wallTimeText', () => {
  it('shows Beijing time', () => {
    // 2026-12-04 16:30:00 UTC is 2026-12-05 00:30 in Beijing, a day later.
    expect(wallTimeText(Date.UTC(2026, 11, 4, 16, 30, 0))).toBe('12-05 00:30');
  });
});
