import { describe, expect, it } from 'vitest';

import type { Incident } from '../../../src-shared/dispatch/index.js';
import {
  findMergeCandidates,
  haversineKm,
} from '../../../src-shared/dispatch/index.js';
import { alert, openIncident, t } from './fixtures.js';

const HOUR = 3_600_000;

// An open water dispute in 万密斋社区 at 02:10Z.
const existing = openIncident({
  id: 'inc-water',
  eventType: { code: '0202', label: '相邻土地建筑利用' },
  emergencyClass: null,
  level: 4,
});

function incidentAt(
  overrides: Partial<Omit<Incident, 'place'>> & {
    place?: Partial<Incident['place']>;
  } = {},
): Incident {
  const { place, ...rest } = overrides;
  return { ...existing, ...rest, place: { ...existing.place, ...place } };
}

describe('findMergeCandidates', () => {
  it('finds a same-village alert of the same top-level type', () => {
    const [candidate, ...others] = findMergeCandidates(alert(), [existing]);
    expect(others).toEqual([]);
    expect(candidate?.incident.id).toBe('inc-water');
    expect(candidate?.reasons.map((r) => r.key)).toEqual([
      'same_village',
      'within_distance',
      'same_top_level_type',
      'within_window',
    ]);
    expect(candidate?.reasons[2]?.label).toBe('事件大类相同（02）');
  });

  it('includes an incident exactly at the time window', () => {
    const edge = incidentAt({ occurredAt: alert().occurredAt - 2 * HOUR });
    expect(findMergeCandidates(alert(), [edge])).toHaveLength(1);
  });

  it('excludes an incident just outside the time window', () => {
    const outside = incidentAt({
      occurredAt: alert().occurredAt + 2 * HOUR + 1,
    });
    expect(findMergeCandidates(alert(), [outside])).toEqual([]);
  });

  it('honours a custom time window', () => {
    const gap = incidentAt({ occurredAt: alert().occurredAt - 30 * 60_000 });
    expect(
      findMergeCandidates(alert(), [gap], { windowMs: 30 * 60_000 }),
    ).toHaveLength(1);
    expect(
      findMergeCandidates(alert(), [gap], { windowMs: 30 * 60_000 - 1 }),
    ).toEqual([]);
  });

  describe('distance boundary in another village', () => {
    const neighbour = incidentAt({
      place: { divisionCode: '421123100005', lat: 30.79, lon: 115.405 },
    });
    const km = haversineKm(alert().place, neighbour.place) ?? Number.NaN;

    it('includes an incident exactly at the distance limit', () => {
      const [candidate] = findMergeCandidates(alert(), [neighbour], {
        maxDistanceKm: km,
      });
      expect(candidate?.reasons.map((r) => r.key)).toContain('within_distance');
      expect(candidate?.reasons.map((r) => r.key)).not.toContain(
        'same_village',
      );
    });

    it('excludes an incident just beyond the limit', () => {
      expect(
        findMergeCandidates(alert(), [neighbour], { maxDistanceKm: km - 1e-6 }),
      ).toEqual([]);
    });
  });

  it('excludes another village without coordinates', () => {
    const blind = incidentAt({
      place: { divisionCode: '421123100005', lat: null, lon: null },
    });
    expect(findMergeCandidates(alert(), [blind])).toEqual([]);
  });

  it('excludes a different class', () => {
    const traffic = incidentAt({
      eventType: { code: '0503', label: '交通事故' },
    });
    expect(findMergeCandidates(alert(), [traffic])).toEqual([]);
  });

  it('matches on the emergency class alone', () => {
    const fire = incidentAt({
      eventType: { code: null, label: '厂房起火' },
      emergencyClass: 'accident',
    });
    const fireAlert = alert({
      eventType: { code: null, label: '浓烟' },
      emergencyClass: 'accident',
    });
    const [candidate] = findMergeCandidates(fireAlert, [fire]);
    expect(candidate?.reasons.map((r) => r.key)).toContain(
      'same_emergency_class',
    );
  });

  it('does not match two unknown classes', () => {
    const unknown = incidentAt({ eventType: { code: null, label: '其他' } });
    const unknownAlert = alert({ eventType: { code: null, label: '其他' } });
    expect(findMergeCandidates(unknownAlert, [unknown])).toEqual([]);
  });

  it('skips closed, cancelled and merged incidents', () => {
    const finished = (['closed', 'cancelled', 'merged'] as const).map((state) =>
      incidentAt({ id: `inc-${state}`, state }),
    );
    expect(findMergeCandidates(alert(), finished)).toEqual([]);
  });

  it('orders same village first, then nearer, then sooner', () => {
    const sameVillageFar = incidentAt({
      id: 'inc-a',
      occurredAt: t('2026-07-15T01:00:00Z'),
      place: { lat: 30.789, lon: 115.399 },
    });
    const otherVillageNear = incidentAt({
      id: 'inc-b',
      place: { divisionCode: '421123100005', lat: 30.7831, lon: 115.399 },
    });
    const sameVillageNear = incidentAt({
      id: 'inc-c',
      occurredAt: t('2026-07-15T02:40:00Z'),
    });
    const sameVillageNearEarlier = incidentAt({
      id: 'inc-d',
      occurredAt: t('2026-07-15T02:15:00Z'),
    });
    const order = findMergeCandidates(alert(), [
      otherVillageNear,
      sameVillageFar,
      sameVillageNear,
      sameVillageNearEarlier,
    ]).map((c) => c.incident.id);
    expect(order).toEqual(['inc-d', 'inc-c', 'inc-a', 'inc-b']);
  });
});
