import { describe, expect, it } from 'vitest';
import { outerRings } from '../../../src-shared/map/geojson.js';
import {
  pointInRing,
  signedArea,
  type Point,
} from '../../../src-shared/map/geometry.js';
import {
  layoutSchematic,
  type LonLat,
  type SchematicArea,
} from '../../../src-shared/map/schematic.js';
import { luotianDivisions, luotianOutline } from './fixtures.js';

const outline = outerRings(luotianOutline());
const divisions = luotianDivisions();
const towns = divisions.towns.map((town) => ({
  code: town.code,
  name: town.name,
}));

function insideAny(
  point: LonLat,
  rings: readonly (readonly LonLat[])[],
): boolean {
  return rings.some((ring) => pointInRing(point as Point, ring as Point[]));
}

function totalArea(rings: readonly (readonly LonLat[])[]): number {
  return rings.reduce(
    (sum, ring) => sum + Math.abs(signedArea(ring as Point[])),
    0,
  );
}

/** Points on a regular grid over the rings' bounding box, for coverage checks. */
function gridPoints(
  rings: readonly (readonly LonLat[])[],
  steps: number,
): LonLat[] {
  const xs = rings.flat().map((position) => position[0]);
  const ys = rings.flat().map((position) => position[1]);
  const [minX, maxX, minY, maxY] = [
    Math.min(...xs),
    Math.max(...xs),
    Math.min(...ys),
    Math.max(...ys),
  ];
  const points: LonLat[] = [];
  for (let i = 0; i < steps; i += 1) {
    for (let j = 0; j < steps; j += 1) {
      points.push([
        minX + ((i + 0.37) / steps) * (maxX - minX),
        minY + ((j + 0.61) / steps) * (maxY - minY),
      ]);
    }
  }
  return points;
}

/** Checks that the areas tile the region: equal total area, and each sample in exactly one. */
function expectPartition(
  areas: readonly SchematicArea[],
  region: readonly LonLat[][],
): void {
  const areaSum = areas.reduce((sum, area) => sum + totalArea(area.rings), 0);
  expect(areaSum).toBeCloseTo(totalArea(region), 9);
  for (const point of gridPoints(region, 40)) {
    if (!insideAny(point, region)) {
      continue;
    }
    const owners = areas.filter((area) => insideAny(point, area.rings));
    expect(
      owners.map((area) => area.code),
      `owners of ${point.join(',')}`,
    ).toHaveLength(1);
  }
}

describe('layoutSchematic for towns', () => {
  const areas = layoutSchematic(outline, towns);

  it('gives every town an area', () => {
    expect(areas.map((area) => area.code)).toEqual(
      towns.map((town) => town.code).sort(),
    );
    for (const area of areas) {
      expect(area.rings.length, area.code).toBeGreaterThan(0);
      expect(totalArea(area.rings), area.code).toBeGreaterThan(0);
    }
  });

  it('puts each label inside its town', () => {
    for (const area of areas) {
      expect(insideAny(area.labelPoint, area.rings), area.code).toBe(true);
      expect(insideAny(area.labelPoint, outline), area.code).toBe(true);
    }
  });

  it('tiles the county outline', () => {
    expectPartition(areas, outline);
  });

  it('writes closed counter-clockwise rings', () => {
    for (const ring of areas.flatMap((area) => area.rings)) {
      expect(ring[0]).toEqual(ring.at(-1));
      expect(signedArea(ring.slice(0, -1) as Point[])).toBeGreaterThan(0);
    }
  });

  it('keeps town sizes within a factor of four', () => {
    const sizes = areas.map((area) => totalArea(area.rings));
    expect(Math.max(...sizes) / Math.min(...sizes)).toBeLessThan(4);
  });

  it('repeats the same layout', () => {
    expect(layoutSchematic(outline, towns)).toEqual(areas);
  });

  it('ignores the input order', () => {
    expect(layoutSchematic(outline, [...towns].reverse())).toEqual(areas);
  });
});

describe('layoutSchematic for villages', () => {
  const townAreas = layoutSchematic(outline, towns);

  it('places villages inside their town', () => {
    for (const town of townAreas) {
      const villages = divisions.villages
        .filter((village) => village.parentCode === town.code)
        .map((village) => ({ code: village.code, name: village.shortName }));
      const areas = layoutSchematic(town.rings, villages);
      expect(areas, town.code).toHaveLength(villages.length);
      for (const area of areas) {
        expect(insideAny(area.labelPoint, town.rings), area.code).toBe(true);
        expect(insideAny(area.labelPoint, area.rings), area.code).toBe(true);
      }
      expectPartition(areas, town.rings);
    }
  });
});

describe('layoutSchematic input checks', () => {
  it('returns nothing for no divisions', () => {
    expect(layoutSchematic(outline, [])).toEqual([]);
  });

  it('rejects a duplicate code', () => {
    const twice = [towns[0], towns[0]] as { code: string; name: string }[];
    expect(() => layoutSchematic(outline, twice)).toThrow(/appears twice/);
  });

  it('rejects a region without area', () => {
    const line: LonLat[] = [
      [115, 30],
      [115.1, 30],
      [115.2, 30],
      [115, 30],
    ];
    expect(() => layoutSchematic([line], towns)).toThrow(
      /no ring with an area/,
    );
  });

  it('fills a concave region without bridges', () => {
    // A U shape: cells that span the gap must come out as two rings, not one joined along the cut.
    const shape: LonLat[] = [
      [0, 0],
      [3, 0],
      [3, 3],
      [2, 3],
      [2, 1],
      [1, 1],
      [1, 3],
      [0, 3],
      [0, 0],
    ];
    const areas = layoutSchematic(
      [shape],
      [
        { code: '1', name: 'a' },
        { code: '2', name: 'b' },
        { code: '3', name: 'c' },
      ],
    );
    expectPartition(areas, [shape]);
    const gap: LonLat = [1.5, 2];
    expect(areas.some((area) => insideAny(gap, area.rings))).toBe(false);
  });
});
