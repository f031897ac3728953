import { effectScope, ref, shallowRef, type Ref } from 'vue';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  BridgeResult,
  InvokeChannel,
  InvokeRequest,
  InvokeResponse,
} from '../../../src-shared/contract/index.js';
import type { MapScope } from '../../../src-shared/map/scope.js';
import {
  PointsProjection,
  scopeKey,
  toPointsWallView,
  type PointsEntry,
  type PointsRule,
  type PointsSubject,
  type PointsWallView,
  type Scope,
} from '../../../src-shared/points/index.js';
import type { RendererBridge } from '../../../src-renderer/src/bridge/types.js';
import { useScopedPoints } from '../../../src-renderer/src/wall/use-scoped-points.js';
import { settle } from '../fake-main.js';

const TOWN = '421123100';
const OTHER_TOWN = '421123101';
const EAST = `${TOWN}201`;
const WEST = `${TOWN}202`;
const NORTH = `${OTHER_TOWN}201`;
// 2026-12-04 10:00 Beijing time, a Friday.
const NOW = Date.UTC(2026, 11, 4, 2, 0, 0);

const RULE: PointsRule = {
  id: 'rule-p01',
  list: 'positive',
  code: 'P01',
  label: '垃圾分类投放',
  points: 2,
  reviewStep: 'none',
};

/** Six residents in each of three villages, two of them in `TOWN`. */
function residents(): PointsSubject[] {
  const villages = [
    [EAST, '东村', TOWN],
    [WEST, '西村', TOWN],
    [NORTH, '北村', OTHER_TOWN],
  ] as const;
  return villages.flatMap(([villageCode, villageName, townCode], village) =>
    Array.from({ length: 6 }, (_, index) => ({
      id: `r-${villageCode}-${index}`,
      kind: 'resident' as const,
      name: `居民${village}${index}`,
      townCode,
      townName: townCode === TOWN ? '凤山镇' : '骆驼坳镇',
      villageCode,
      villageName,
      baseScore: 90 + village * 5 + index,
    })),
  );
}

function entries(subjects: readonly PointsSubject[]): PointsEntry[] {
  return subjects.map((subject, index) => ({
    id: `e-${index}`,
    subjectId: subject.id,
    ruleId: RULE.id,
    points: RULE.points,
    at: NOW - 3_600_000,
    status: 'approved',
    reviewedBy: null,
    reviewedAt: null,
  }));
}

/**
 * A bridge whose `points:wall-view` builds each scope's view with the real projection, as main's
 * scoped views do. `failTown` makes every town read fail.
 */
class PointsBridge implements RendererBridge {
  readonly requested: string[] = [];
  failTown = false;
  private readonly subjects = residents();

  view(scope: Scope): PointsWallView {
    const projection = PointsProjection.fromRecords(
      {
        rules: [RULE],
        subjects: this.subjects,
        entries: entries(this.subjects),
      },
      { scope },
    );
    return toPointsWallView(projection, NOW);
  }

  invoke<C extends InvokeChannel>(
    channel: C,
    request: InvokeRequest<C>,
  ): Promise<BridgeResult<InvokeResponse<C>>> {
    if (channel !== 'points:wall-view') {
      return Promise.resolve({
        ok: false,
        error: { code: 'not-found', message: `no ${channel} here` },
      });
    }
    const { scope } = request as InvokeRequest<'points:wall-view'>;
    this.requested.push(scopeKey(scope));
    if (this.failTown && scope.kind === 'town') {
      return Promise.resolve({
        ok: false,
        error: { code: 'unavailable', message: 'main is busy' },
      });
    }
    return Promise.resolve({
      ok: true,
      value: structuredClone(this.view(scope)),
    } as BridgeResult<InvokeResponse<C>>);
  }

  onChanges(): () => void {
    return () => undefined;
  }
}

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) {
    stop();
  }
});

function follow(
  bridge: PointsBridge,
  scope: MapScope,
): Readonly<Ref<PointsWallView | null>> {
  const effects = effectScope();
  stops.push(() => effects.stop());
  const county = shallowRef(bridge.view({ kind: 'county' }));
  const result = effects.run(() =>
    useScopedPoints(bridge, ref(scope) as Ref<MapScope>, county),
  );
  if (result === undefined) {
    throw new Error('the effect scope did not run');
  }
  return result;
}

describe('useScopedPoints', () => {
  it('town scope ranks its own villages', async () => {
    const bridge = new PointsBridge();
    const view = follow(bridge, { level: 'town', townCode: TOWN });
    await settle();

    expect(view.value?.subjects).toBe(12);
    expect(view.value?.villages.map((village) => village.code)).toEqual([
      EAST,
      WEST,
    ]);
  });

  it('village scope keeps its town villages', async () => {
    const bridge = new PointsBridge();
    const view = follow(bridge, {
      level: 'village',
      townCode: TOWN,
      villageCode: WEST,
    });
    await settle();

    // The figures are the village's own, but the averages panel ranks the village among the
    // other villages of its town.
    expect(view.value?.scope).toEqual({ kind: 'village', code: WEST });
    expect(view.value?.subjects).toBe(6);
    expect(view.value?.averageScore).toBe(
      bridge.view({ kind: 'village', code: WEST }).averageScore,
    );
    expect(view.value?.weekRules.positive[0]?.entries).toBe(6);
    expect(view.value?.villages).toEqual(
      bridge.view({ kind: 'town', code: TOWN }).villages,
    );
    expect(view.value?.villages.map((village) => village.code)).toEqual([
      EAST,
      WEST,
    ]);
    expect(bridge.requested.sort()).toEqual([
      `town:${TOWN}`,
      `village:${WEST}`,
    ]);
  });

  it('village scope without its town lists itself', async () => {
    const bridge = new PointsBridge();
    bridge.failTown = true;
    const view = follow(bridge, {
      level: 'village',
      townCode: TOWN,
      villageCode: EAST,
    });
    await settle();

    expect(view.value?.subjects).toBe(6);
    expect(view.value?.villages.map((village) => village.code)).toEqual([EAST]);
  });
});
