import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../src-shared/contract/index.js';
import { AggregateCounters } from '../../../src-main/services/state/index.js';

function alert(id: string, level: 1 | 2 | null, town: string | null): Alert {
  return {
    id,
    platform: 'p',
    source: { adapter: 'a', externalId: id },
    title: id,
    description: '',
    eventType: { code: null, label: '火灾' },
    emergencyClass: 'accident',
    level,
    place: {
      divisionCode: null,
      townCode: null,
      townName: town,
      villageName: null,
      address: null,
      lat: null,
      lon: null,
    },
    occurredAt: 3_600_000 * 5 + 10,
    publishedAt: 3_600_000 * 5 + 20,
    status: 'new',
    original: {},
  };
}

describe('AggregateCounters', () => {
  it('counts new alerts and drops empty groups', () => {
    const counters = new AggregateCounters();
    const first = alert('a', 1, '城关镇');
    const moved = alert('a', 2, null);

    counters.apply([{ before: null, after: first }]);
    counters.apply([{ before: first, after: moved }]);

    expect(counters.value()).toEqual({
      total: 1,
      byLevel: { '2': 1 },
      byClass: { accident: 1 },
      byType: { 火灾: 1 },
      byTown: { unknown: 1 },
      byHour: { [String(3_600_000 * 5)]: 1 },
    });
  });

  it('ignores a status-only change', () => {
    const counters = new AggregateCounters();
    const created = alert('a', 1, '城关镇');
    counters.apply([{ before: null, after: created }]);

    const moved = counters.apply([
      { before: created, after: { ...created, status: 'closed' } },
    ]);

    expect(moved).toBe(false);
    expect(counters.value().total).toBe(1);
  });
});
