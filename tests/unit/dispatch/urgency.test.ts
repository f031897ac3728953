import { describe, expect, it } from 'vitest';

import type {
  Incident,
  NewIncident,
} from '../../../src-shared/dispatch/index.js';
import {
  compareUrgency,
  DEFAULT_DEADLINE_CONFIG,
  sortByUrgency,
  urgencyKey,
} from '../../../src-shared/dispatch/index.js';
import { openIncident, t } from './fixtures.js';

const NOW = t('2026-07-15T04:00:00Z');
const MIN = 60_000;

/** Builds an accident incident whose 1-hour report milestone is due `dueInMin` min from NOW. */
function accident(
  id: string,
  level: NewIncident['level'],
  dueInMin: number,
): Incident {
  return openIncident(
    { id, level, occurredAt: NOW + dueInMin * MIN - 60 * MIN },
    NOW - 30 * MIN,
  );
}

/** Builds an incident with no deadline rule, reported `agoMin` minutes before NOW. */
function untracked(
  id: string,
  level: NewIncident['level'],
  agoMin: number,
): Incident {
  return openIncident(
    { id, level, emergencyClass: 'social_security' },
    NOW - agoMin * MIN,
  );
}

const queue = [
  untracked('e-unknown-level', null, 500),
  accident('b-l1-30min', 1, 30),
  untracked('c-l1-none-old', 1, 300),
  accident('a-l3-overdue-60', 3, -60),
  untracked('c-l1-none-new', 1, 100),
  accident('g-l2-overdue-5', 2, -5),
  accident('d-l1-10min', 1, 10),
  accident('f-l4-5min', 4, 5),
];

describe('urgency order', () => {
  it('sorts overdue, then level, then deadline, then age', () => {
    expect(
      sortByUrgency(queue, DEFAULT_DEADLINE_CONFIG, NOW).map((i) => i.id),
    ).toEqual([
      'g-l2-overdue-5',
      'a-l3-overdue-60',
      'd-l1-10min',
      'b-l1-30min',
      'c-l1-none-old',
      'c-l1-none-new',
      'f-l4-5min',
      'e-unknown-level',
    ]);
  });

  it('gives the same order for any input order', () => {
    const expected = sortByUrgency(queue, DEFAULT_DEADLINE_CONFIG, NOW).map(
      (i) => i.id,
    );
    const reversed = sortByUrgency(
      [...queue].reverse(),
      DEFAULT_DEADLINE_CONFIG,
      NOW,
    );
    expect(reversed.map((i) => i.id)).toEqual(expected);
  });

  it('puts the more overdue first within a level', () => {
    const late = urgencyKey(
      accident('x', 2, -30),
      DEFAULT_DEADLINE_CONFIG,
      NOW,
    );
    const lateLess = urgencyKey(
      accident('y', 2, -5),
      DEFAULT_DEADLINE_CONFIG,
      NOW,
    );
    expect(compareUrgency(late, lateLess)).toBeLessThan(0);
    expect(compareUrgency(lateLess, late)).toBeGreaterThan(0);
  });

  it('falls back to the id for identical keys', () => {
    const first = urgencyKey(
      untracked('id-a', 2, 10),
      DEFAULT_DEADLINE_CONFIG,
      NOW,
    );
    const second = urgencyKey(
      untracked('id-b', 2, 10),
      DEFAULT_DEADLINE_CONFIG,
      NOW,
    );
    expect(compareUrgency(first, second)).toBeLessThan(0);
    expect(compareUrgency(first, first)).toBe(0);
  });

  it('ignores a met milestone', () => {
    const incident = accident('met', 1, -30);
    const met: Incident = {
      ...incident,
      enteredAt: { ...incident.enteredAt, accepted: NOW - 90 * MIN },
    };
    const key = urgencyKey(met, DEFAULT_DEADLINE_CONFIG, NOW);
    expect(key.overdue).toBe(false);
    expect(key.msToDeadline).toBeNull();
  });

  it('reports overdue time as negative', () => {
    const key = urgencyKey(
      accident('late', 1, -5),
      DEFAULT_DEADLINE_CONFIG,
      NOW,
    );
    expect(key.overdue).toBe(true);
    expect(key.msToDeadline).toBe(-5 * MIN);
  });
});
