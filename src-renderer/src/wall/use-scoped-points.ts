// Points figures of the wall's scope. The county's view is a record that main publishes when the
// ledger changes; a town's or village's view is read from main when the scope changes, then again
// after each new county view, at most once a second. A village's read also takes its town's view,
// whose villages the averages panel ranks with the selected one among them.
import {
  computed,
  onScopeDispose,
  shallowRef,
  watch,
  type Ref,
  type ShallowRef,
} from 'vue';
import type { MapScope } from '../../../src-shared/map/scope.js';
import { scopeKey } from '../../../src-shared/opinion/scope.js';
import {
  PointsWallViewSchema,
  type PointsWallView,
} from '../../../src-shared/points/index.js';
import type { RendererBridge } from '../bridge/types.js';
import { ScopedReadFollower } from './use-scoped-aggregates.js';

type AreaScope =
  | { kind: 'town'; code: string }
  | { kind: 'village'; code: string };

/** The points scope of a map scope, or null for the county. */
export function pointsScope(scope: MapScope): AreaScope | null {
  switch (scope.level) {
    case 'county':
      return null;
    case 'town':
      return { kind: 'town', code: scope.townCode };
    case 'village':
      return { kind: 'village', code: scope.villageCode };
  }
}

/**
 * Returns a village's view with the villages of its town's view, so that the averages panel ranks
 * the village among its neighbours. Every other field stays the village's own. Without the town's
 * view, the village's own list (the village alone) is kept.
 */
export function withTownVillages(
  village: PointsWallView,
  town: PointsWallView | null,
): PointsWallView {
  return town === null ? village : { ...village, villages: town.villages };
}

/** Parses a view from main; the schema rejects extra fields and unmasked names. */
export function parsePointsView(value: unknown): PointsWallView | null {
  const parsed = PointsWallViewSchema.safeParse(value);
  // The schema rejects unmasked names, which is what the branded type stands for.
  return parsed.success ? (parsed.data as PointsWallView) : null;
}

/**
 * Returns the points view the wall's points panels show for `scope`: the county's view, or a
 * town's or village's view read from main, or null while none is known.
 */
export function useScopedPoints(
  bridge: RendererBridge,
  scope: Ref<MapScope>,
  county: Ref<PointsWallView | null>,
): Readonly<Ref<PointsWallView | null>> {
  const area: ShallowRef<PointsWallView | null> = shallowRef(null);
  const areas = new Map<string, { target: AreaScope; townCode: string }>();
  const readView = async (
    target: AreaScope,
  ): Promise<PointsWallView | null> => {
    const result = await bridge.invoke('points:wall-view', { scope: target });
    return result.ok ? parsePointsView(result.value) : null;
  };
  const follower = new ScopedReadFollower<PointsWallView>({
    read: async (key) => {
      const followed = areas.get(key);
      if (followed === undefined) {
        return null;
      }
      if (followed.target.kind === 'town') {
        return readView(followed.target);
      }
      const [village, town] = await Promise.all([
        readView(followed.target),
        readView({ kind: 'town', code: followed.townCode }),
      ]);
      return village === null ? null : withTownVillages(village, town);
    },
    publish: (view) => {
      area.value = view;
    },
  });

  watch(
    scope,
    (next) => {
      const target = pointsScope(next);
      if (target === null || next.level === 'county') {
        follower.follow(null);
        return;
      }
      const key = scopeKey(target);
      areas.set(key, { target, townCode: next.townCode });
      follower.follow(key);
    },
    { immediate: true },
  );
  watch(county, () => follower.countyChanged());
  onScopeDispose(() => follower.stop());

  return computed(() =>
    scope.value.level === 'county' ? county.value : area.value,
  );
}
