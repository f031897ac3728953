import { describe, expect, it } from 'vitest';
import {
  COUNTY_SCOPE,
  drillDown,
  drillUp,
  MapScope,
  measureByArea,
  measureRows,
  sameScope,
  scopeIncludes,
  scopeOfCode,
  scopePath,
} from '../../../src-shared/map/scope.js';

const TOWN = '421123100';
const VILLAGE = '421123100001';
const SIBLING = '421123100002';
const OTHER_TOWN_VILLAGE = '421123101001';

const townScope: MapScope = { level: 'town', townCode: TOWN };
const villageScope: MapScope = {
  level: 'village',
  townCode: TOWN,
  villageCode: VILLAGE,
};

describe('drillDown', () => {
  it('goes from the county to a town', () => {
    expect(drillDown(COUNTY_SCOPE, TOWN)).toEqual(townScope);
  });

  it('goes from a town to its village', () => {
    expect(drillDown(townScope, VILLAGE)).toEqual(villageScope);
  });

  it('moves between sibling villages', () => {
    expect(drillDown(villageScope, SIBLING)).toEqual({
      level: 'village',
      townCode: TOWN,
      villageCode: SIBLING,
    });
  });

  it('rejects codes not on the drawn map', () => {
    expect(drillDown(COUNTY_SCOPE, VILLAGE)).toBeNull();
    expect(drillDown(COUNTY_SCOPE, '421123')).toBeNull();
    expect(drillDown(townScope, OTHER_TOWN_VILLAGE)).toBeNull();
    expect(drillDown(townScope, TOWN)).toBeNull();
    expect(drillDown(villageScope, 'unknown')).toBeNull();
  });
});

describe('drillUp and paths', () => {
  it('climbs one level at a time', () => {
    expect(drillUp(villageScope)).toEqual(townScope);
    expect(drillUp(townScope)).toEqual(COUNTY_SCOPE);
    expect(drillUp(COUNTY_SCOPE)).toEqual(COUNTY_SCOPE);
  });

  it('lists the breadcrumb from the county', () => {
    expect(scopePath(COUNTY_SCOPE)).toEqual([COUNTY_SCOPE]);
    expect(scopePath(villageScope)).toEqual([
      COUNTY_SCOPE,
      townScope,
      villageScope,
    ]);
  });

  it('derives a scope from a code', () => {
    expect(scopeOfCode(VILLAGE)).toEqual(villageScope);
    expect(scopeOfCode(TOWN)).toEqual(townScope);
    expect(scopeOfCode('421123')).toEqual(COUNTY_SCOPE);
  });

  it('compares scopes by level and code', () => {
    expect(sameScope(townScope, { level: 'town', townCode: TOWN })).toBe(true);
    expect(sameScope(townScope, villageScope)).toBe(false);
  });
});

describe('MapScope schema', () => {
  it('accepts a valid village scope', () => {
    expect(MapScope.parse(villageScope)).toEqual(villageScope);
  });

  it('rejects a village of another town', () => {
    const result = MapScope.safeParse({
      level: 'village',
      townCode: TOWN,
      villageCode: OTHER_TOWN_VILLAGE,
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['villageCode']);
  });

  it('rejects a short town code', () => {
    expect(
      MapScope.safeParse({ level: 'town', townCode: '4211' }).success,
    ).toBe(false);
  });
});

describe('scopeIncludes', () => {
  it('filters records by code prefix', () => {
    expect(scopeIncludes(COUNTY_SCOPE, null)).toBe(true);
    expect(scopeIncludes(townScope, VILLAGE)).toBe(true);
    expect(scopeIncludes(townScope, OTHER_TOWN_VILLAGE)).toBe(false);
    expect(scopeIncludes(villageScope, `${VILLAGE}003`)).toBe(true);
    expect(scopeIncludes(villageScope, TOWN)).toBe(false);
    expect(scopeIncludes(townScope, null)).toBe(false);
  });
});

describe('measureByArea', () => {
  const rows = measureRows({
    [VILLAGE]: 3,
    [`${VILLAGE}007`]: 2,
    [SIBLING]: 5,
    [TOWN]: 4,
    [OTHER_TOWN_VILLAGE]: 7,
    '421123101': 1,
    unknown: 6,
  });

  it('sums per town at county level', () => {
    const measure = measureByArea(rows, COUNTY_SCOPE);
    expect(measure.byArea).toEqual({ [TOWN]: 14, '421123101': 8 });
    expect(measure.total).toBe(28);
    expect(measure.unplaced).toBe(6);
  });

  it('sums per village at town level', () => {
    const measure = measureByArea(rows, townScope);
    expect(measure.byArea).toEqual({ [VILLAGE]: 5, [SIBLING]: 5 });
    expect(measure.total).toBe(14);
    expect(measure.unplaced).toBe(4);
  });

  it('marks a per-town measure below the county', () => {
    const perTown = measureRows({ [TOWN]: 65, '421123101': 8 });
    const options = { perTownOnly: true };
    const measure = measureByArea(perTown, townScope, options);
    expect(measure.byArea).toEqual({});
    expect(measure.total).toBe(65);
    expect(measure.noBreakdown).toBe(true);
    expect(measureByArea(perTown, COUNTY_SCOPE, options).noBreakdown).toBe(
      false,
    );
  });

  it('calls a town-only value unplaced', () => {
    // A town whose values all lack a village has a breakdown that is empty, not an unknown one.
    const townOnly = measureRows({ [TOWN]: 65, '421123101': 8 });
    const measure = measureByArea(townOnly, townScope);
    expect(measure.byArea).toEqual({});
    expect(measure.unplaced).toBe(65);
    expect(measure.noBreakdown).toBe(false);
    expect(measureByArea(rows, townScope).noBreakdown).toBe(false);
  });

  it('keeps sibling villages at village level', () => {
    expect(measureByArea(rows, villageScope)).toEqual(
      measureByArea(rows, townScope),
    );
  });

  it('skips values that are not finite', () => {
    const measure = measureByArea(
      [
        { code: TOWN, value: Number.NaN },
        { code: TOWN, value: 2 },
      ],
      COUNTY_SCOPE,
    );
    expect(measure.byArea).toEqual({ [TOWN]: 2 });
  });
});
