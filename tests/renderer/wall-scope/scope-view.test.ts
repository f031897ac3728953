import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AlertAggregates } from '../../../src-shared/contract/index.js';
import type { PointsWallView } from '../../../src-shared/points/index.js';
import type { MapScope } from '../../../src-shared/map/scope.js';
import {
  alertInScope,
  alertsInScope,
  scopeTarget,
  scopedTitle,
  villageMapValues,
  type DivisionNames,
} from '../../../src-renderer/src/wall/scope-view.js';
import { ScopedReadFollower } from '../../../src-renderer/src/wall/use-scoped-aggregates.js';
import { scopedAreas } from '../../../src-renderer/src/wall/panels/points-rows.js';
import { makeAlert } from '../fake-main.js';

const FENGSHAN = '421123100';
const FENGSHAN_VILLAGE = '421123100201';
const OTHER_TOWN = '421123101';

const NAMES: DivisionNames = {
  nameOf: (code) =>
    ({
      [FENGSHAN]: '凤山镇',
      [FENGSHAN_VILLAGE]: '东安河村',
      [OTHER_TOWN]: '骆驼坳镇',
    })[code] ?? null,
};

const TOWN: MapScope = { level: 'town', townCode: FENGSHAN };
const VILLAGE: MapScope = {
  level: 'village',
  townCode: FENGSHAN,
  villageCode: FENGSHAN_VILLAGE,
};

function counts(total: number): AlertAggregates {
  return {
    total,
    byLevel: { '1': total },
    byClass: {},
    byType: {},
    byTown: {},
    byHour: {},
  };
}

describe('scopeTarget', () => {
  it('county has no labels', () => {
    expect(scopeTarget({ level: 'county' }, null)).toEqual({
      countsTown: null,
      countsLabel: null,
      label: null,
      unresolved: false,
    });
  });

  it('town counts its own name', () => {
    const target = scopeTarget(TOWN, NAMES);
    expect(target.countsTown).toBe('凤山镇');
    expect(target.countsLabel).toBe('凤山镇');
    expect(target.label).toBe('凤山镇');
    expect(target.unresolved).toBe(false);
  });

  it('village counts fall back to town', () => {
    const target = scopeTarget(VILLAGE, NAMES);
    expect(target.countsTown).toBe('凤山镇');
    expect(target.countsLabel).toBe('凤山镇');
    expect(target.label).toBe('东安河村');
  });

  it('unknown names leave scope unresolved', () => {
    expect(scopeTarget(TOWN, null).unresolved).toBe(true);
    expect(
      scopeTarget({ level: 'town', townCode: '421123999' }, NAMES).unresolved,
    ).toBe(true);
  });

  it('title carries the scope name', () => {
    expect(scopedTitle('九资河镇', '预警等级')).toBe('九资河镇 · 预警等级');
    expect(scopedTitle(null, '预警等级')).toBe('预警等级');
  });
});

describe('alertInScope', () => {
  const inVillage = makeAlert(1, {
    place: {
      ...makeAlert(1).place,
      divisionCode: FENGSHAN_VILLAGE,
      townCode: FENGSHAN,
    },
  });
  const townOnly = makeAlert(2, {
    place: { ...makeAlert(2).place, divisionCode: null, townCode: FENGSHAN },
  });
  const elsewhere = makeAlert(3, {
    place: {
      ...makeAlert(3).place,
      divisionCode: `${OTHER_TOWN}200`,
      townCode: OTHER_TOWN,
    },
  });
  const nowhere = makeAlert(4);

  it('town takes its villages and itself', () => {
    expect(alertInScope(inVillage, TOWN)).toBe(true);
    expect(alertInScope(townOnly, TOWN)).toBe(true);
    expect(alertInScope(elsewhere, TOWN)).toBe(false);
    expect(alertInScope(nowhere, TOWN)).toBe(false);
  });

  it('village takes only its own alerts', () => {
    expect(alertInScope(inVillage, VILLAGE)).toBe(true);
    expect(alertInScope(townOnly, VILLAGE)).toBe(false);
    expect(alertInScope(elsewhere, VILLAGE)).toBe(false);
  });

  it('county list is kept as is', () => {
    const all = [inVillage, townOnly, elsewhere, nowhere];
    expect(alertsInScope(all, { level: 'county' })).toBe(all);
    expect(alertsInScope(all, TOWN).map((alert) => alert.id)).toEqual([
      inVillage.id,
      townOnly.id,
    ]);
  });
});

describe('villageMapValues', () => {
  it('keys villages and the unplaced rest', () => {
    const town = {
      ...counts(10),
      byVillage: { [FENGSHAN_VILLAGE]: 4, '421123100202': 3 },
    };
    expect(villageMapValues(FENGSHAN, town)).toEqual({
      [FENGSHAN_VILLAGE]: 4,
      '421123100202': 3,
      [FENGSHAN]: 3,
    });
  });

  it('leaves no rest when every alert is placed', () => {
    const town = { ...counts(4), byVillage: { [FENGSHAN_VILLAGE]: 4 } };
    expect(villageMapValues(FENGSHAN, town)).toEqual({ [FENGSHAN_VILLAGE]: 4 });
  });

  it("counts another town's village as unplaced", () => {
    const town = {
      ...counts(5),
      byVillage: { [FENGSHAN_VILLAGE]: 2, '421123101201': 3 },
    };
    expect(villageMapValues(FENGSHAN, town)).toEqual({
      [FENGSHAN_VILLAGE]: 2,
      [FENGSHAN]: 3,
    });
  });
});

describe('scopedAreas', () => {
  const area = (code: string, name: string, average: number | null) => ({
    code,
    name,
    subjects: 10,
    average,
  });
  const view = {
    towns: [area(FENGSHAN, '凤山镇', 80), area(OTHER_TOWN, '骆驼坳镇', 90)],
    villages: [
      { ...area(FENGSHAN_VILLAGE, '东安河村', 70), townCode: FENGSHAN },
      { ...area(`${FENGSHAN}202`, '西村', 75), townCode: FENGSHAN },
      { ...area(`${OTHER_TOWN}201`, '北村', 99), townCode: OTHER_TOWN },
    ],
  } as unknown as PointsWallView;

  it('county ranks towns', () => {
    expect(scopedAreas(view, null).map((row) => row.code)).toEqual([
      OTHER_TOWN,
      FENGSHAN,
    ]);
  });

  it('town ranks its villages', () => {
    expect(scopedAreas(view, FENGSHAN).map((row) => row.name)).toEqual([
      '西村',
      '东安河村',
    ]);
  });
});

describe('ScopedReadFollower', () => {
  let now = 0;
  let reads: {
    town: string;
    resolve: (value: AlertAggregates | null) => void;
  }[];
  let published: (AlertAggregates | null)[];
  let follower: ScopedReadFollower<AlertAggregates>;

  beforeEach(() => {
    vi.useFakeTimers();
    now = 10_000;
    reads = [];
    published = [];
    follower = new ScopedReadFollower<AlertAggregates>({
      read: (town) =>
        new Promise((resolve) => {
          reads.push({ town, resolve });
        }),
      publish: (value) => published.push(value),
      minIntervalMs: 1_000,
      now: () => now,
    });
  });

  afterEach(() => {
    follower.stop();
    vi.useRealTimers();
  });

  it('reads a town at once', async () => {
    follower.follow('凤山镇');
    expect(reads.map((read) => read.town)).toEqual(['凤山镇']);
    expect(published).toEqual([null]);

    reads[0]!.resolve(counts(7));
    await vi.runAllTimersAsync();
    expect(published.at(-1)?.total).toBe(7);
  });

  it('drops a read for a town left', async () => {
    follower.follow('凤山镇');
    follower.follow('骆驼坳镇');
    reads[0]!.resolve(counts(7));
    reads[1]!.resolve(counts(3));
    await vi.runAllTimersAsync();

    expect(published.filter((value) => value !== null)).toEqual([counts(3)]);
  });

  it('throttles reads while alerts arrive', async () => {
    follower.follow('凤山镇');
    reads[0]!.resolve(counts(1));
    await vi.runAllTimersAsync();

    // Within the interval, any number of county changes cost one read at its end.
    now += 200;
    for (let change = 0; change < 50; change += 1) {
      follower.countyChanged();
    }
    expect(reads).toHaveLength(1);
    now += 800;
    await vi.advanceTimersByTimeAsync(800);
    expect(reads).toHaveLength(2);

    // A change during that read is read once more afterwards, not dropped.
    follower.countyChanged();
    reads[1]!.resolve(counts(2));
    await vi.advanceTimersByTimeAsync(0);
    now += 1_000;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(reads).toHaveLength(3);
    reads[2]!.resolve(counts(3));
    await vi.runAllTimersAsync();
    expect(published.at(-1)?.total).toBe(3);
  });

  it('keeps counts after a failed read', async () => {
    follower.follow('凤山镇');
    reads[0]!.resolve(counts(4));
    await vi.runAllTimersAsync();
    now += 2_000;
    follower.countyChanged();
    reads[1]!.resolve(null);
    await vi.runAllTimersAsync();

    expect(published.at(-1)?.total).toBe(4);
  });

  it('county scope reads nothing', () => {
    follower.follow(null);
    follower.countyChanged();
    expect(reads).toHaveLength(0);
  });
});
