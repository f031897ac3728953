import { describe, expect, it } from 'vitest';
import { parseDivisionCsv } from '../../../src-shared/map/divisions.js';
import {
  areasToFeatureCollection,
  buildCountyMap,
  countyMapFromText,
  keyTownsByCode,
} from '../../../src-shared/map/geography.js';
import {
  validateFeatureCollection,
  type MapFeature,
} from '../../../src-shared/map/geojson.js';
import { pointInRing, type Point } from '../../../src-shared/map/geometry.js';
import {
  COUNTY_SCOPE,
  measureByArea,
  measureRows,
} from '../../../src-shared/map/scope.js';
import { luotianDivisions, luotianOutline, readDataFile } from './fixtures.js';

function square(x: number, y: number, size: number): [number, number][] {
  return [
    [x, y],
    [x + size, y],
    [x + size, y + size],
    [x, y + size],
    [x, y],
  ];
}

function features(value: unknown): MapFeature[] {
  const result = validateFeatureCollection(value);
  if (!result.ok) {
    throw new Error(JSON.stringify(result.issues));
  }
  return result.features;
}

describe('buildCountyMap with schematic towns', () => {
  const map = buildCountyMap({
    outline: luotianOutline(),
    divisions: luotianDivisions(),
  });

  it('draws every town schematically', () => {
    expect(map.countyCode).toBe('421123');
    expect(map.countyName).toBe('罗田县');
    expect(map.towns).toHaveLength(17);
    expect(map.towns.every((town) => town.schematic)).toBe(true);
    expect(map.problems).toEqual([]);
  });

  it('lays out villages once per town', () => {
    const villages = map.villagesOf('421123100');
    expect(villages).toHaveLength(60);
    expect(map.villagesOf('421123100')).toBe(villages);
    expect(villages[0]?.name).toBe('万密斋社区');
    expect(map.villagesOf('421123999')).toEqual([]);
  });

  it('names towns and villages by code', () => {
    expect(map.nameOf('421123103')).toBe('九资河镇');
    expect(map.nameOf('421123100001')).toBe('万密斋社区');
    expect(map.nameOf('999')).toBeNull();
  });

  it('writes features named by code', () => {
    const collection = areasToFeatureCollection(map.towns);
    expect(collection.features).toHaveLength(17);
    expect(collection.features[0]?.properties).toEqual({
      name: '421123100',
      label: '凤山镇',
      schematic: true,
    });
    expect(validateFeatureCollection(collection).ok).toBe(true);
  });
});

describe('buildCountyMap with real town boundaries', () => {
  const divisions = parseDivisionCsv(
    'code,level,name,parent_code\n' +
      '421123,county,测试县,421100\n' +
      '421123100,town,甲镇,421123\n' +
      '421123101,town,乙镇,421123\n' +
      '421123102,town,丙镇,421123\n' +
      '421123101001,village,乙一村村民委员会,421123101\n' +
      '421123101002,village,乙二村村民委员会,421123101\n',
  );
  const outline = features({
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { name: '测试县' },
        geometry: { type: 'Polygon', coordinates: [square(115, 30, 0.2)] },
      },
    ],
  });
  const towns = features({
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { name: '甲镇', code: '421123100' },
        geometry: { type: 'Polygon', coordinates: [square(115, 30, 0.1)] },
      },
      {
        type: 'Feature',
        properties: { name: '乙镇' },
        geometry: { type: 'Polygon', coordinates: [square(115.1, 30, 0.1)] },
      },
    ],
  });
  const map = buildCountyMap({ outline, divisions, townBoundaries: towns });

  it('matches towns by code and by name', () => {
    expect(map.towns.map((town) => town.code)).toEqual([
      '421123100',
      '421123101',
    ]);
    expect(map.towns.every((town) => !town.schematic)).toBe(true);
  });

  it('reports a town without a boundary', () => {
    expect(map.problems).toHaveLength(1);
    expect(map.problems[0]).toContain('421123102 丙镇');
  });

  it('lays villages inside the real town', () => {
    const villages = map.villagesOf('421123101');
    expect(villages).toHaveLength(2);
    const townRing: Point[] = square(115.1, 30, 0.1);
    for (const village of villages) {
      expect(village.schematic).toBe(true);
      expect(pointInRing(village.labelPoint as Point, townRing)).toBe(true);
    }
  });
});

describe('keyTownsByCode', () => {
  const map = buildCountyMap({
    outline: luotianOutline(),
    divisions: luotianDivisions(),
  });

  it('keys known towns by code', () => {
    const byCode = keyTownsByCode(map, {
      凤山镇: 3,
      九资河镇: 2,
      unknown: 4,
      外县镇: 1,
    });
    expect(byCode).toEqual({
      '421123100': 3,
      '421123103': 2,
      unknown: 4,
      外县镇: 1,
    });
    const measure = measureByArea(measureRows(byCode), COUNTY_SCOPE);
    expect(measure.unplaced).toBe(5);
    expect(measure.byArea).toEqual({ '421123100': 3, '421123103': 2 });
  });
});

describe('countyMapFromText', () => {
  it('builds the bundled county', () => {
    const result = countyMapFromText({
      outlineGeoJson: readDataFile('luotian-421123-outline.geojson'),
      divisionsCsv: readDataFile('luotian-421123-divisions.csv'),
    });
    if (!result.ok) {
      throw new Error(result.error);
    }
    expect(result.map.towns).toHaveLength(17);
  });

  it('names the broken outline file', () => {
    const result = countyMapFromText({
      outlineGeoJson: '{"type": "FeatureCollection", "features": []}',
      divisionsCsv: readDataFile('luotian-421123-divisions.csv'),
    });
    expect(result).toEqual({
      ok: false,
      error:
        'county outline: collection, features: the collection has no features',
    });
  });

  it('names the broken town file', () => {
    const result = countyMapFromText({
      outlineGeoJson: readDataFile('luotian-421123-outline.geojson'),
      divisionsCsv: readDataFile('luotian-421123-divisions.csv'),
      townBoundariesGeoJson: 'not json',
    });
    if (result.ok) {
      throw new Error('expected the town file to be rejected');
    }
    expect(result.error).toMatch(
      /^town boundaries: collection: the file is not valid JSON/,
    );
  });

  it('reports a broken division list', () => {
    const result = countyMapFromText({
      outlineGeoJson: readDataFile('luotian-421123-outline.geojson'),
      divisionsCsv: 'code,name\n',
    });
    if (result.ok) {
      throw new Error('expected the division list to be rejected');
    }
    expect(result.error).toContain('lacks the column(s) level, parent_code');
  });
});
