// What each wall panel shows for the scope chosen on the map. The count panels show a town's alert
// counts, also at village scope. Only the map uses the town's counts per village. Lists of single
// alerts can follow a village, because every alert carries its division code.
import type {
  Alert,
  TownAlertAggregates,
} from '../../../src-shared/contract/index.js';
import { scopeIncludes, type MapScope } from '../../../src-shared/map/scope.js';

/** Division names from the county map, or null for an unknown code. */
export interface DivisionNames {
  nameOf(code: string): string | null;
}

export interface ScopeTarget {
  /** Town name whose alert counts the count panels show, or null for the whole county. */
  countsTown: string | null;
  /** Name put before the titles of count panels: the town, even at village scope. */
  countsLabel: string | null;
  /** Name put before the titles of panels that list or filter single items: the village or town. */
  label: string | null;
  /** True when the map's names do not cover the scope yet, so no scoped figure can be shown. */
  unresolved: boolean;
}

const COUNTY_TARGET: ScopeTarget = Object.freeze({
  countsTown: null,
  countsLabel: null,
  label: null,
  unresolved: false,
});

/** Resolves the names a scope's panels use; `names` is null while the county map is loading. */
export function scopeTarget(
  scope: MapScope,
  names: DivisionNames | null,
): ScopeTarget {
  if (scope.level === 'county') {
    return COUNTY_TARGET;
  }
  const town = names?.nameOf(scope.townCode) ?? null;
  const village =
    scope.level === 'village'
      ? (names?.nameOf(scope.villageCode) ?? null)
      : null;
  return {
    countsTown: town,
    countsLabel: town,
    label: scope.level === 'village' ? village : town,
    unresolved:
      town === null || (scope.level === 'village' && village === null),
  };
}

/**
 * Returns a town's alert counts keyed for the map: each village of town `townCode` by its code, and
 * the rest of the town's count under the town's own code, which the map shows as the part placed
 * on no village. A village code of another town (a source that disagrees with itself on the place)
 * is part of that rest, so the values always add up to the town's count.
 */
export function villageMapValues(
  townCode: string,
  counts: TownAlertAggregates,
): Record<string, number> {
  const values: Record<string, number> = {};
  let placed = 0;
  for (const [code, count] of Object.entries(counts.byVillage)) {
    if (code.startsWith(townCode)) {
      values[code] = count;
      placed += count;
    }
  }
  const unplaced = counts.total - placed;
  if (unplaced > 0) {
    values[townCode] = unplaced;
  }
  return values;
}

/** A panel title behind the scope's name, such as `九资河镇 · 预警等级`; the bare title for the county. */
export function scopedTitle(label: string | null, title: string): string {
  return label === null ? title : `${label} · ${title}`;
}

/**
 * Tests whether an alert lies in the scope. The division code is the most precise place known; an
 * alert placed only on its town belongs to the town but to none of its villages.
 */
export function alertInScope(alert: Alert, scope: MapScope): boolean {
  if (scope.level === 'county') {
    return true;
  }
  const code = alert.place.divisionCode ?? alert.place.townCode;
  if (scope.level === 'town' && alert.place.townCode === scope.townCode) {
    return true;
  }
  return scopeIncludes(scope, code);
}

/** The alerts of `alerts` in the scope, in their order; the same array for the county. */
export function alertsInScope(
  alerts: readonly Alert[],
  scope: MapScope,
): readonly Alert[] {
  if (scope.level === 'county') {
    return alerts;
  }
  return alerts.filter((alert) => alertInScope(alert, scope));
}
