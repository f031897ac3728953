import { describe, expect, it } from 'vitest';

import type { Incident } from '../../../src-shared/dispatch/index.js';
import {
  DEFAULT_DEADLINE_CONFIG,
  isOpenState,
  sortByUrgency,
} from '../../../src-shared/dispatch/index.js';
import {
  formatSpan,
  rowDeadline,
  UrgencyQueue,
  type QueueChange,
} from '../../../src-renderer/src/console/dispatch/queue.js';
import {
  HOUR,
  makeIncident,
  MINUTE,
  randomIncident,
  seededRandom,
  T0,
} from './fixtures.js';

const config = DEFAULT_DEADLINE_CONFIG;

function put(incident: Incident): QueueChange {
  return { id: incident.id, incident };
}

function queueIds(queue: UrgencyQueue, now: number): string[] {
  return queue.order(now).rows.map((row) => row.id);
}

function expectedIds(incidents: Iterable<Incident>, now: number): string[] {
  const open = [...incidents].filter((incident) => isOpenState(incident.state));
  return sortByUrgency(open, config, now).map((incident) => incident.id);
}

describe('urgency queue order', () => {
  it('puts overdue first, then level, then nearest deadline', () => {
    const queue = new UrgencyQueue(config);
    // Accidents must be reported within 1 hour of occurring.
    const overdueLow = makeIncident({
      id: 'overdue-4',
      level: 4,
      occurredAt: T0 - 2 * HOUR,
    });
    const level1 = makeIncident({
      id: 'level-1',
      level: 1,
      occurredAt: T0 - 10 * MINUTE,
    });
    const level2Soon = makeIncident({
      id: 'l2-soon',
      level: 2,
      occurredAt: T0 - 50 * MINUTE,
    });
    const level2Late = makeIncident({
      id: 'l2-late',
      level: 2,
      occurredAt: T0 - 5 * MINUTE,
    });
    const noLevel = makeIncident({
      id: 'no-level',
      level: null,
      occurredAt: T0 - 55 * MINUTE,
    });
    const noDeadline = makeIncident({
      id: 'no-deadline',
      level: 2,
      emergencyClass: null,
    });
    queue.apply(
      [noLevel, level2Late, noDeadline, level1, level2Soon, overdueLow].map(
        put,
      ),
    );

    expect(queueIds(queue, T0)).toEqual([
      'overdue-4',
      'level-1',
      'l2-soon',
      'l2-late',
      'no-deadline',
      'no-level',
    ]);
  });

  it('breaks ties by report time, then id', () => {
    const queue = new UrgencyQueue(config);
    const same = { level: 3 as const, occurredAt: T0 - 20 * MINUTE };
    const b = makeIncident({ id: 'b', ...same, reportedAt: T0 - 10 * MINUTE });
    const a = makeIncident({ id: 'a', ...same, reportedAt: T0 - 10 * MINUTE });
    const earlier = makeIncident({
      id: 'z-earlier',
      ...same,
      reportedAt: T0 - 15 * MINUTE,
    });
    queue.apply([b, a, earlier].map(put));

    expect(queueIds(queue, T0)).toEqual(['z-earlier', 'a', 'b']);
    expect(queueIds(queue, T0)).toEqual(expectedIds([a, b, earlier], T0));
  });

  it('moves an incident to the front once its deadline passes', () => {
    const queue = new UrgencyQueue(config);
    const due = T0 + 30 * MINUTE;
    const low = makeIncident({ id: 'low', level: 4, occurredAt: due - HOUR });
    const high = makeIncident({ id: 'high', level: 1, emergencyClass: null });
    queue.apply([put(high), put(low)]);

    const before = queue.order(due);
    expect(before.rows.map((row) => row.id)).toEqual(['high', 'low']);
    expect(before.validUntil).toBe(due);

    const after = queue.order(due + 1);
    expect(after.rows.map((row) => row.id)).toEqual(['low', 'high']);
    expect(after.overdueCount).toBe(1);
    expect(after.validUntil).toBe(Number.POSITIVE_INFINITY);
  });

  it('drops incidents that leave the open states', () => {
    const queue = new UrgencyQueue(config);
    const incident = makeIncident({ id: 'x' });
    queue.apply([put(incident)]);
    queue.apply([put({ ...incident, state: 'closed' })]);
    expect(queue.size).toBe(0);

    queue.apply([put(incident)]);
    queue.apply([{ id: 'x', incident: null }]);
    expect(queue.has('x')).toBe(false);
  });
});

describe('urgency queue under random changes', () => {
  it('matches a full sort after every batch of 5,000 incidents', () => {
    const random = seededRandom(20260601);
    const queue = new UrgencyQueue(config);
    const current = new Map<string, Incident>();
    const initial: Incident[] = [];
    for (let index = 0; index < 5_000; index += 1) {
      const incident = randomIncident(random, `inc-${index}`);
      initial.push(incident);
      current.set(incident.id, incident);
    }
    queue.apply(initial.map(put));
    expect(queueIds(queue, T0)).toEqual(expectedIds(current.values(), T0));

    let nextId = 5_000;
    // Small batches take the insert path, the occasional large one the rebuild path.
    for (let round = 0; round < 40; round += 1) {
      const size = round % 10 === 9 ? 900 : 1 + Math.floor(random() * 30);
      const changes: QueueChange[] = [];
      for (let change = 0; change < size; change += 1) {
        const roll = random();
        if (roll < 0.15 && current.size > 0) {
          const id = `inc-${Math.floor(random() * nextId)}`;
          if (current.delete(id)) {
            changes.push({ id, incident: null });
          }
          continue;
        }
        const id =
          roll < 0.4
            ? `inc-${nextId++}`
            : `inc-${Math.floor(random() * nextId)}`;
        const incident = randomIncident(random, id);
        current.set(id, incident);
        changes.push(put(incident));
      }
      queue.apply(changes);

      const now = T0 + Math.floor(random() * 4) * 20 * MINUTE;
      expect(
        queueIds(queue, now),
        `round ${round} at +${(now - T0) / MINUTE} min`,
      ).toEqual(expectedIds(current.values(), now));
    }
  });
});

describe('deadline countdown', () => {
  // Accident, occurred at T0: the report milestone is due at T0 + 1 h; near from 15 minutes before.
  const incident = makeIncident({
    id: 'c',
    occurredAt: T0,
    reportedAt: T0 + MINUTE,
  });
  const due = T0 + HOUR;

  it('counts down while the deadline is ahead', () => {
    const deadline = rowDeadline(incident, config, T0 + 20 * MINUTE);
    expect(deadline.state).toBe('ok');
    expect(deadline.dueAt).toBe(due);
    expect(deadline.ms).toBe(40 * MINUTE);
    expect(deadline.label).toBe('1小时内报告县级');
  });

  it('turns near at the band edge and stays near at the due instant', () => {
    expect(rowDeadline(incident, config, due - 15 * MINUTE - 1).state).toBe(
      'ok',
    );
    expect(rowDeadline(incident, config, due - 15 * MINUTE).state).toBe('near');
    const atDue = rowDeadline(incident, config, due);
    expect(atDue.state).toBe('near');
    expect(atDue.ms).toBe(0);
  });

  it('counts time past due once overdue', () => {
    const late = rowDeadline(incident, config, due + 90_500);
    expect(late.state).toBe('overdue');
    expect(late.ms).toBe(90_500);
  });

  it('stops once the milestone is met', () => {
    const accepted = makeIncident({
      id: 'c',
      occurredAt: T0,
      reportedAt: T0 + MINUTE,
      state: 'accepted',
    });
    expect(rowDeadline(accepted, config, due + HOUR).state).toBe('none');
  });

  it('formats spans with rounding toward the due instant', () => {
    expect(formatSpan(40 * MINUTE, 'left', '天')).toBe('0:40:00');
    expect(formatSpan(500, 'left', '天')).toBe('0:00:01');
    expect(formatSpan(0, 'left', '天')).toBe('0:00:00');
    expect(formatSpan(999, 'past', '天')).toBe('0:00:00');
    expect(formatSpan(90_500, 'past', '天')).toBe('0:01:30');
    expect(formatSpan(15 * 24 * HOUR + 2 * HOUR + 5_000, 'left', '天')).toBe(
      '15天 2:00:05',
    );
  });
});
