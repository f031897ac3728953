// The map's scope, which every wall panel follows: the whole county, one town, or one village.
// Division codes nest by prefix: the first 9 digits of a village code are its town's code.
import { z } from 'zod';

export const TOWN_CODE_DIGITS = 9;
export const VILLAGE_CODE_DIGITS = 12;

const TownCode = z.string().regex(/^\d{9}$/, 'a town code has 9 digits');
const VillageCode = z
  .string()
  .regex(/^\d{12}$/, 'a village code has 12 digits');

export const MapScope = z.discriminatedUnion('level', [
  z.object({ level: z.literal('county') }),
  z.object({ level: z.literal('town'), townCode: TownCode }),
  z
    .object({
      level: z.literal('village'),
      townCode: TownCode,
      villageCode: VillageCode,
    })
    .refine((scope) => scope.villageCode.startsWith(scope.townCode), {
      message: 'the village code must start with its town code',
      path: ['villageCode'],
    }),
]);
export type MapScope = z.infer<typeof MapScope>;

export const COUNTY_SCOPE: MapScope = Object.freeze({ level: 'county' });

function isTownCode(code: string): boolean {
  return /^\d{9}$/.test(code);
}

function isVillageCode(code: string): boolean {
  return /^\d{12}$/.test(code);
}

/**
 * Returns the scope after a click on area `code` of the map drawn for `scope`, or null when the
 * code is not an area of that map. The county map shows towns, and a town's map shows its
 * villages. That map stays on screen at village level, so a click on a sibling village moves the
 * selection to it.
 */
export function drillDown(scope: MapScope, code: string): MapScope | null {
  if (scope.level === 'county') {
    return isTownCode(code) ? { level: 'town', townCode: code } : null;
  }
  if (isVillageCode(code) && code.startsWith(scope.townCode)) {
    return { level: 'village', townCode: scope.townCode, villageCode: code };
  }
  return null;
}

/** Moves one level up: village to its town, town to the county. The county stays the county. */
export function drillUp(scope: MapScope): MapScope {
  if (scope.level === 'village') {
    return { level: 'town', townCode: scope.townCode };
  }
  return COUNTY_SCOPE;
}

/** Returns the scope of a division code of 9 or 12 digits, or the county for anything else. */
export function scopeOfCode(code: string): MapScope {
  if (isVillageCode(code)) {
    return {
      level: 'village',
      townCode: code.slice(0, TOWN_CODE_DIGITS),
      villageCode: code,
    };
  }
  if (isTownCode(code)) {
    return { level: 'town', townCode: code };
  }
  return COUNTY_SCOPE;
}

/** Lists the scopes from the county down to `scope`, for a breadcrumb. */
export function scopePath(scope: MapScope): MapScope[] {
  if (scope.level === 'county') {
    return [COUNTY_SCOPE];
  }
  const town: MapScope = { level: 'town', townCode: scope.townCode };
  return scope.level === 'town'
    ? [COUNTY_SCOPE, town]
    : [COUNTY_SCOPE, town, scope];
}

/** Returns the code of the unit a scope selects, or null for the county. */
export function scopeCode(scope: MapScope): string | null {
  if (scope.level === 'county') {
    return null;
  }
  return scope.level === 'town' ? scope.townCode : scope.villageCode;
}

export function sameScope(left: MapScope, right: MapScope): boolean {
  return left.level === right.level && scopeCode(left) === scopeCode(right);
}

/**
 * Tests whether a record placed at `divisionCode` belongs to the scope, for panels that filter
 * rows. At county level every record does, including records without a place. Below it, a code
 * must start with the scope's code, so a record known only to its town is outside any village.
 */
export function scopeIncludes(
  scope: MapScope,
  divisionCode: string | null,
): boolean {
  const code = scopeCode(scope);
  if (code === null) {
    return true;
  }
  return divisionCode !== null && divisionCode.startsWith(code);
}

export interface MeasureRow {
  /** Division code of any depth: 9 digits for a town, 12 for a village, or longer for a grid. */
  code: string;
  value: number;
}

export interface AreaMeasure {
  /** Sum per area of the map drawn for the scope: towns for the county, villages below it. */
  byArea: Record<string, number>;
  /** Sum of every row inside the drawn map, placed on an area or not. */
  total: number;
  /** Part of `total` whose code is too short or malformed to name an area (a town-only place). */
  unplaced: number;
  /**
   * True when the caller marks the measure as kept per town only and the map is drawn below the
   * county, so its villages are unknown, not unplaced.
   */
  noBreakdown: boolean;
}

export interface MeasureOptions {
  /** The measure is kept per town only, so below the county it has no village breakdown. */
  perTownOnly?: boolean;
}

/** Converts values keyed by division code to measure rows. */
export function measureRows(
  values: Readonly<Record<string, number>>,
): MeasureRow[] {
  return Object.entries(values).map(([code, value]) => ({ code, value }));
}

/**
 * Sums a measure per area of the map drawn for `scope`, keyed by the code prefix of the areas'
 * level: 9 digits at county level, 12 digits at town and village level. Below the county, rows
 * outside the town are left out. The county scope names no county code, so at county level every
 * row counts. Rows whose value is not a finite number are skipped.
 */
export function measureByArea(
  rows: Iterable<MeasureRow>,
  scope: MapScope,
  options: MeasureOptions = {},
): AreaMeasure {
  const keyDigits =
    scope.level === 'county' ? TOWN_CODE_DIGITS : VILLAGE_CODE_DIGITS;
  const mapPrefix = scope.level === 'county' ? null : scope.townCode;
  const byArea: Record<string, number> = {};
  let total = 0;
  let unplaced = 0;
  for (const row of rows) {
    if (!Number.isFinite(row.value)) {
      continue;
    }
    if (mapPrefix !== null && !row.code.startsWith(mapPrefix)) {
      continue;
    }
    total += row.value;
    const key = row.code.slice(0, keyDigits);
    if (key.length < keyDigits || !/^\d+$/.test(key)) {
      unplaced += row.value;
      continue;
    }
    byArea[key] = (byArea[key] ?? 0) + row.value;
  }
  const noBreakdown = options.perTownOnly === true && scope.level !== 'county';
  return { byArea, total, unplaced, noBreakdown };
}
