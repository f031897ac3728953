import { describe, expect, it } from 'vitest';

import type { Resource } from '../../../src-shared/dispatch/index.js';
import {
  adminProximity,
  DispatchInputError,
  haversineKm,
  recommend,
  Resource as ResourceSchema,
} from '../../../src-shared/dispatch/index.js';
import { FENGSHAN_VILLAGE, openIncident } from './fixtures.js';

// A neighbours' water dispute (GB/T 31000 code 0201) in 万密斋社区, 凤山镇.
const incident = openIncident({
  title: '邻里排水纠纷',
  eventType: { code: '0201', label: '用水排水通行通风采光' },
  emergencyClass: null,
  level: 4,
});

function resource(
  overrides: Partial<Resource> & Pick<Resource, 'id'>,
): Resource {
  return ResourceSchema.parse({
    name: overrides.id,
    kind: 'grid_worker',
    status: 'available',
    place: { divisionCode: FENGSHAN_VILLAGE, lat: null, lon: null },
    skills: [],
    contact: { phone: null, radio: null },
    load: 0,
    ...overrides,
  });
}

const gridWorker = resource({
  id: 'r-grid',
  name: '网格员 张',
  place: { divisionCode: FENGSHAN_VILLAGE, lat: 30.784, lon: 115.4 },
  skills: ['02'],
  load: 1,
});
const mediator = resource({
  id: 'r-mediator',
  name: '调解员 陈',
  kind: 'mediator',
  // 淘金寺社区, same town, about 1.3 km away.
  place: { divisionCode: '421123100005', lat: 30.79, lon: 115.41 },
  skills: ['0201'],
  load: 0,
});
const police = resource({
  id: 'r-police',
  name: '辅警 刘',
  kind: 'auxiliary_police',
  status: 'on_scene',
  place: { divisionCode: FENGSHAN_VILLAGE, lat: 30.7835, lon: 115.3995 },
  skills: ['social_security'],
  load: 2,
});
const lawyer = resource({
  id: 'r-legal',
  name: '法律顾问 周',
  kind: 'legal_adviser',
  // Another town (九资河镇), no coordinates.
  place: { divisionCode: '421123103', lat: null, lon: null },
  skills: ['02', '06'],
  load: 0,
});
const offDuty = resource({ id: 'r-off', status: 'off_duty', skills: ['0201'] });
const pool = [police, lawyer, offDuty, gridWorker, mediator];

describe('division codes', () => {
  it('compares village, town and county prefixes', () => {
    expect(adminProximity('421123100001', '421123100001')).toBe('same_village');
    expect(adminProximity('421123100001', '421123100005')).toBe('same_town');
    expect(adminProximity('421123100001', '421123103')).toBe('same_county');
    expect(adminProximity('421123100001', '421122100001')).toBe('other');
    expect(adminProximity('421123100', '421123100')).toBe('same_town');
    expect(adminProximity(null, '421123100')).toBe('other');
  });

  it('measures about 111 km per degree of latitude', () => {
    const km = haversineKm({ lat: 30, lon: 115 }, { lat: 31, lon: 115 });
    expect(km).toBeCloseTo(111.19, 1);
    expect(
      haversineKm({ lat: 30, lon: null }, { lat: 31, lon: 115 }),
    ).toBeNull();
  });
});

describe('recommend', () => {
  const ranked = recommend(incident, pool);

  it('ranks a realistic set', () => {
    expect(ranked.map((c) => c.resource.id)).toEqual([
      'r-mediator',
      'r-grid',
      'r-legal',
      'r-police',
    ]);
    expect(ranked.map((c) => c.rank)).toEqual([1, 2, 3, 4]);
  });

  it('explains each factor in words', () => {
    const top = ranked[0];
    expect(
      top?.factors.map((f) => [f.key, f.label, f.finding, f.detail]),
    ).toEqual([
      ['availability', '可用状态', 'available', '空闲'],
      ['admin_distance', '行政区划距离', 'same_town', '同乡镇'],
      ['distance', '空间距离', 'known', '约 1.3 公里'],
      ['skill', '技能匹配', 'exact_code', '事件类型 0201 完全匹配'],
      ['load', '当前负荷', '0', '正在处理 0 件'],
    ]);
  });

  it('sums the contributions to the score', () => {
    for (const candidate of ranked) {
      const sum = candidate.factors.reduce(
        (total, f) => total + f.contribution,
        0,
      );
      expect(candidate.score).toBeCloseTo(sum, 9);
    }
  });

  it('gives the expected factor scores', () => {
    const grid = ranked.find((c) => c.resource.id === 'r-grid');
    const byKey = Object.fromEntries(
      grid?.factors.map((f) => [f.key, f]) ?? [],
    );
    expect(byKey.admin_distance?.score).toBe(1);
    expect(byKey.skill?.finding).toBe('same_top_level');
    expect(byKey.skill?.score).toBe(0.6);
    expect(byKey.load?.score).toBe(0.5);

    const legal = ranked.find((c) => c.resource.id === 'r-legal');
    const distance = legal?.factors.find((f) => f.key === 'distance');
    expect(distance?.finding).toBe('unknown');
    expect(distance?.contribution).toBe(0);
    expect(legal?.distanceKm).toBeNull();

    const onScene = ranked.find((c) => c.resource.id === 'r-police');
    expect(onScene?.factors[0]?.detail).toBe('在现场');
    expect(onScene?.factors[3]?.finding).toBe('none');
  });

  it('leaves out off-duty and already assigned resources', () => {
    expect(ranked.some((c) => c.resource.id === 'r-off')).toBe(false);
    const withOff = recommend(incident, pool, { includeOffDuty: true });
    expect(withOff.some((c) => c.resource.id === 'r-off')).toBe(true);

    const assigned = { ...incident, assignedResourceIds: ['r-mediator'] };
    expect(recommend(assigned, pool).map((c) => c.resource.id)).not.toContain(
      'r-mediator',
    );
  });

  it('filters by kind and limits the list', () => {
    const mediators = recommend(incident, pool, {
      kinds: ['mediator', 'legal_adviser'],
    });
    expect(mediators.map((c) => c.resource.id)).toEqual([
      'r-mediator',
      'r-legal',
    ]);
    expect(
      recommend(incident, pool, { limit: 2 }).map((c) => c.resource.id),
    ).toEqual(['r-mediator', 'r-grid']);
  });

  it('rejects a negative weight', () => {
    expect(() => recommend(incident, pool, { weights: { load: -1 } })).toThrow(
      DispatchInputError,
    );
  });

  it('rejects a zero distance scale', () => {
    expect(() => recommend(incident, pool, { maxDistanceKm: 0 })).toThrow(
      /maxDistanceKm 0/,
    );
  });

  it('matches an emergency-class skill', () => {
    const riot = {
      ...incident,
      eventType: { code: null, label: '聚集' },
      emergencyClass: 'social_security' as const,
    };
    const policeFactor = recommend(riot, [police])[0]?.factors.find(
      (f) => f.key === 'skill',
    );
    expect(policeFactor?.finding).toBe('emergency_class');
  });
});

describe('recommend tie-breaking', () => {
  it('breaks an equal score by distance', () => {
    // Only the administrative factor counts: both are in the same village.
    const adminOnly = {
      weights: {
        availability: 0,
        admin_distance: 1,
        distance: 0,
        skill: 0,
        load: 0,
      },
    };
    const ranked = recommend(incident, [gridWorker, police], adminOnly);
    expect(ranked[0]?.score).toBe(ranked[1]?.score);
    expect(ranked.map((c) => c.resource.id)).toEqual(['r-police', 'r-grid']);
  });

  it('breaks a full tie by id', () => {
    const twinA = resource({ id: 'twin-a' });
    const twinB = resource({ id: 'twin-b' });
    expect(
      recommend(incident, [twinB, twinA]).map((c) => c.resource.id),
    ).toEqual(['twin-a', 'twin-b']);
  });

  it('gives the same order for any input order', () => {
    const expected = recommend(incident, pool).map((c) => c.resource.id);
    expect(
      recommend(incident, [...pool].reverse()).map((c) => c.resource.id),
    ).toEqual(expected);
  });
});
