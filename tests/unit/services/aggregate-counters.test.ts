import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../src-shared/contract/index.js';
import { AggregateCounters } from '../../../src-main/services/state/index.js';

function alert(
  id: string,
  level: 1 | 2 | null,
  town: string | null,
  divisionCode: string | null = null,
): Alert {
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
      divisionCode,
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

  it('counts villages per town', () => {
    const counters = new AggregateCounters();
    const first = alert('a', 1, '城关镇', '421123100201');
    const second = alert('b', 2, '城关镇', '421123100201');
    const townOnly = alert('c', 2, '城关镇', '421123100');

    counters.apply([
      { before: null, after: first },
      { before: null, after: second },
      { before: null, after: townOnly },
    ]);

    expect(counters.villageValue('城关镇')).toEqual({ '421123100201': 2 });
    expect(counters.townValue('城关镇').total).toBe(3);
    expect(counters.villageValue('河口乡')).toEqual({});
  });

  it('moves a village count with its alert', () => {
    const counters = new AggregateCounters();
    const created = alert('a', 1, '城关镇', '421123100201');
    counters.apply([{ before: null, after: created }]);

    const otherVillage = alert('a', 1, '城关镇', '421123100202');
    const moved = counters.apply([{ before: created, after: otherVillage }]);
    expect(moved).toBe(true);
    expect(counters.villageValue('城关镇')).toEqual({ '421123100202': 1 });

    counters.apply([
      { before: otherVillage, after: alert('a', 1, '河口乡', null) },
    ]);
    expect(counters.villageValue('城关镇')).toEqual({});
    expect(counters.villageValue('河口乡')).toEqual({});
  });

  it('keeps village counts on a status change', () => {
    const counters = new AggregateCounters();
    const created = alert('a', 1, '城关镇', '421123100201');
    counters.apply([{ before: null, after: created }]);

    counters.apply([
      { before: created, after: { ...created, status: 'acknowledged' } },
    ]);

    expect(counters.villageValue('城关镇')).toEqual({ '421123100201': 1 });
  });

  it('starts village counts from a reset', () => {
    const counters = new AggregateCounters();
    counters.apply([
      { before: null, after: alert('a', 1, '城关镇', '421123100201') },
    ]);

    counters.reset(counters.value(), {}, { 河口乡: { '421123101301': 4 } });

    expect(counters.villageValue('城关镇')).toEqual({});
    expect(counters.villageValue('河口乡')).toEqual({ '421123101301': 4 });
  });
});
