import { describe, expect, it } from 'vitest';
import {
  formatGeoJsonIssues,
  MAX_GEOJSON_TEXT_LENGTH,
  MAX_REPORTED_ISSUES,
  parseGeoJsonText,
  validateFeatureCollection,
  type GeoJsonResult,
} from '../../../src-shared/map/geojson.js';
import { readDataFile } from './fixtures.js';

const SQUARE = [
  [115.0, 30.0],
  [115.1, 30.0],
  [115.1, 30.1],
  [115.0, 30.1],
  [115.0, 30.0],
];

function feature(
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: 'Feature',
    properties: { name: '甲镇', code: '421123100' },
    geometry: { type: 'Polygon', coordinates: [SQUARE] },
    ...overrides,
  };
}

function collection(...features: unknown[]): unknown {
  return { type: 'FeatureCollection', features };
}

function issuesOf(result: GeoJsonResult) {
  if (result.ok) {
    throw new Error('expected the validation to fail, but it passed');
  }
  return result.issues;
}

describe('validateFeatureCollection with real files', () => {
  it('accepts the Luotian outline', () => {
    const result = parseGeoJsonText(
      readDataFile('luotian-421123-outline.geojson'),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) {
      return;
    }
    expect(result.features).toHaveLength(1);
    const [county] = result.features;
    expect(county?.name).toBe('罗田县');
    expect(county?.code).toBe('421123');
    expect(county?.polygons).toHaveLength(1);
    expect(county?.polygons[0]?.[0]).toHaveLength(704);
  });

  it('accepts Huanggang with a MultiPolygon', () => {
    const result = parseGeoJsonText(
      readDataFile('huanggang-421100-counties.geojson'),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) {
      return;
    }
    expect(result.features).toHaveLength(10);
    const macheng = result.features.find((item) => item.code === '421181');
    expect(macheng?.name).toBe('麻城市');
    expect(macheng?.polygons).toHaveLength(4);
  });
});

describe('validateFeatureCollection with broken files', () => {
  it('rejects a value that is not a collection', () => {
    const issues = issuesOf(validateFeatureCollection({ type: 'Feature' }));
    expect(issues[0]?.featureIndex).toBeNull();
    expect(issues[0]?.path).toBe('type');
    expect(issues[0]?.message).toContain('FeatureCollection');
  });

  it('rejects an empty collection', () => {
    const issues = issuesOf(validateFeatureCollection(collection()));
    expect(issues[0]?.path).toBe('features');
    expect(issues[0]?.message).toContain('no features');
  });

  it('names the feature and ring of an open ring', () => {
    const open = SQUARE.slice(0, 4).concat([[115.0, 30.05]]);
    const issues = issuesOf(
      validateFeatureCollection(
        collection(
          feature(),
          feature({
            properties: { name: '乙镇' },
            geometry: { type: 'Polygon', coordinates: [open] },
          }),
        ),
      ),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]?.featureIndex).toBe(1);
    expect(issues[0]?.path).toBe('geometry.coordinates[0]');
    expect(issues[0]?.message).toContain('not closed');
  });

  it('rejects a ring of three positions', () => {
    const triangle = [SQUARE[0], SQUARE[1], SQUARE[0]];
    const issues = issuesOf(
      validateFeatureCollection(
        collection(
          feature({ geometry: { type: 'Polygon', coordinates: [triangle] } }),
        ),
      ),
    );
    expect(issues[0]?.path).toBe('geometry.coordinates[0]');
    expect(issues[0]?.message).toContain('at least 4 positions');
  });

  it('explains projected coordinates in metres', () => {
    const metres = SQUARE.map(([x, y]) => [
      (x as number) * 100_000,
      (y as number) * 100_000,
    ]);
    const issues = issuesOf(
      validateFeatureCollection(
        collection(
          feature({ geometry: { type: 'Polygon', coordinates: [metres] } }),
        ),
      ),
    );
    expect(issues[0]?.path).toBe('geometry.coordinates[0][0][0]');
    expect(issues[0]?.message).toContain('reproject');
  });

  it('explains latitude written first', () => {
    const swapped = SQUARE.map(([x, y]) => [y, x]);
    const issues = issuesOf(
      validateFeatureCollection(
        collection(
          feature({ geometry: { type: 'Polygon', coordinates: [swapped] } }),
        ),
      ),
    );
    expect(issues[0]?.path).toBe('geometry.coordinates[0][0][1]');
    expect(issues[0]?.message).toContain('latitude first');
  });

  it('requires a name property', () => {
    const issues = issuesOf(
      validateFeatureCollection(
        collection(feature({ properties: { code: '421123100' } })),
      ),
    );
    expect(issues[0]?.path).toBe('properties.name');
    expect(issues[0]?.message).toContain('"name"');
  });

  it('rejects a blank name', () => {
    const issues = issuesOf(
      validateFeatureCollection(
        collection(feature({ properties: { name: '  ' } })),
      ),
    );
    expect(issues[0]?.message).toContain('empty');
  });

  it('reads the name from another property', () => {
    const result = validateFeatureCollection(
      collection(feature({ properties: { NAME: '丙镇', adcode: 421123101 } })),
      { nameProperty: 'NAME', codeProperty: 'adcode' },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) {
      return;
    }
    expect(result.features[0]?.name).toBe('丙镇');
    expect(result.features[0]?.code).toBe('421123101');
  });

  it('rejects a point geometry', () => {
    const issues = issuesOf(
      validateFeatureCollection(
        collection(
          feature({ geometry: { type: 'Point', coordinates: [115, 30] } }),
        ),
      ),
    );
    expect(issues[0]?.path).toBe('geometry.type');
    expect(issues[0]?.message).toContain('Polygon or MultiPolygon');
  });

  it('rejects duplicate names and codes', () => {
    const issues = issuesOf(
      validateFeatureCollection(collection(feature(), feature())),
    );
    expect(issues.map((issue) => issue.path)).toEqual([
      'properties.name',
      'properties.code',
    ]);
    expect(issues[0]?.featureIndex).toBe(1);
    expect(issues[0]?.message).toContain('feature 0');
  });

  it('caps the number of issues', () => {
    const broken = Array.from({ length: 80 }, (_, index) =>
      feature({ properties: { name: `镇${index}` }, geometry: null }),
    );
    const issues = issuesOf(validateFeatureCollection(collection(...broken)));
    expect(issues).toHaveLength(MAX_REPORTED_ISSUES + 1);
    expect(issues.at(-1)?.message).toContain('30 more issues');
  });
});

describe('parseGeoJsonText', () => {
  it('rejects text that is not JSON', () => {
    const issues = issuesOf(parseGeoJsonText('{"type": "FeatureCollection", '));
    expect(issues[0]?.message).toContain('not valid JSON');
  });

  it('rejects text over the size limit', () => {
    const issues = issuesOf(
      parseGeoJsonText(' '.repeat(MAX_GEOJSON_TEXT_LENGTH + 1)),
    );
    expect(issues[0]?.message).toContain('over the limit');
  });

  it('formats issues one per line', () => {
    const text = formatGeoJsonIssues([
      {
        featureIndex: 2,
        path: 'geometry.coordinates[0]',
        message: 'the ring is not closed',
      },
      { featureIndex: null, path: '', message: 'too large' },
    ]);
    expect(text).toBe(
      'feature 2, geometry.coordinates[0]: the ring is not closed\ncollection: too large',
    );
  });
});
