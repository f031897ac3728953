// The county map model: the real outline, town areas (schematic unless the county loaded real
// town boundaries) and, computed on first use, each town's schematic village areas.
import type { CountyDivisions } from './divisions.js';
import { parseDivisionCsv, villagesOfTown } from './divisions.js';
import {
  formatGeoJsonIssues,
  outerRings,
  parseGeoJsonText,
  type GeoJsonOptions,
  type MapFeature,
} from './geojson.js';
import { pointInRing, ringCentroid, signedArea } from './geometry.js';
import {
  layoutSchematic,
  type LonLat,
  type SchematicArea,
} from './schematic.js';

export interface MapArea {
  code: string;
  name: string;
  /** Polygons in [longitude, latitude], each a list of closed rings with the outer ring first. */
  polygons: LonLat[][][];
  labelPoint: LonLat;
  /** True when the shape is a schematic partition, not a surveyed boundary. */
  schematic: boolean;
}

export interface CountyMap {
  countyCode: string;
  countyName: string;
  /** Outer rings of the real county outline. */
  outline: LonLat[][];
  towns: MapArea[];
  /** Returns the village areas of one town, inside the town's area. Empty for an unknown town. */
  villagesOf(townCode: string): MapArea[];
  /** Returns the display name of a town or village code, or null when the code is unknown. */
  nameOf(code: string): string | null;
  /** Towns the loaded boundaries did not cover, each with the reason. */
  problems: string[];
}

export interface CountyMapSource {
  /** Validated features of the county outline. */
  outline: readonly MapFeature[];
  divisions: CountyDivisions;
  /** Validated real town boundaries, matched to towns by code, then by name. */
  townBoundaries?: readonly MapFeature[];
}

export function buildCountyMap(source: CountyMapSource): CountyMap {
  const { divisions } = source;
  const outline = outerRings(source.outline);
  const problems: string[] = [];
  const towns =
    source.townBoundaries === undefined
      ? layoutSchematic(
          outline,
          divisions.towns.map((town) => ({ code: town.code, name: town.name })),
        ).map(fromSchematic)
      : realTownAreas(source.townBoundaries, divisions, problems);

  const names = new Map<string, string>();
  for (const unit of [...divisions.towns, ...divisions.villages]) {
    names.set(unit.code, unit.shortName);
  }

  const villageCache = new Map<string, MapArea[]>();
  const villagesOf = (townCode: string): MapArea[] => {
    const cached = villageCache.get(townCode);
    if (cached !== undefined) {
      return cached;
    }
    const town = towns.find((area) => area.code === townCode);
    const areas =
      town === undefined
        ? []
        : layoutSchematic(
            outerRings([
              {
                index: 0,
                name: town.name,
                code: town.code,
                polygons: town.polygons,
              },
            ]),
            villagesOfTown(divisions, townCode).map((village) => ({
              code: village.code,
              name: village.shortName,
            })),
          ).map(fromSchematic);
    villageCache.set(townCode, areas);
    return areas;
  };

  return {
    countyCode: divisions.county.code,
    countyName: divisions.county.name,
    outline,
    towns,
    villagesOf,
    nameOf: (code) => names.get(code) ?? null,
    problems,
  };
}

function fromSchematic(area: SchematicArea): MapArea {
  return {
    code: area.code,
    name: area.name,
    polygons: area.rings.map((ring) => [ring]),
    labelPoint: area.labelPoint,
    schematic: true,
  };
}

function realTownAreas(
  features: readonly MapFeature[],
  divisions: CountyDivisions,
  problems: string[],
): MapArea[] {
  const areas: MapArea[] = [];
  for (const town of divisions.towns) {
    const feature =
      features.find((candidate) => candidate.code === town.code) ??
      features.find((candidate) => candidate.name === town.name);
    if (feature === undefined) {
      problems.push(
        `town ${town.code} ${town.name} has no boundary in the loaded file; add a feature with this code or name`,
      );
      continue;
    }
    areas.push({
      code: town.code,
      name: town.name,
      polygons: feature.polygons,
      labelPoint: labelPointOfPolygons(feature.polygons),
      schematic: false,
    });
  }
  return areas;
}

/** Returns the centroid of the largest outer ring if inside it, else the ring's first position. */
function labelPointOfPolygons(polygons: readonly LonLat[][][]): LonLat {
  let largest: LonLat[] = [];
  for (const polygon of polygons) {
    const outer = polygon[0] ?? [];
    if (Math.abs(signedArea(outer)) > Math.abs(signedArea(largest))) {
      largest = outer;
    }
  }
  const centroid = ringCentroid(largest);
  return pointInRing(centroid, largest) ? centroid : (largest[0] as LonLat);
}

/** Converts the areas to GeoJSON for a map library. Each feature's name is its unique code. */
export function areasToFeatureCollection(areas: readonly MapArea[]): {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    id: string;
    properties: { name: string; label: string; schematic: boolean };
    geometry: { type: 'MultiPolygon'; coordinates: LonLat[][][] };
  }[];
} {
  return {
    type: 'FeatureCollection',
    features: areas.map((area) => ({
      type: 'Feature',
      id: area.code,
      properties: {
        name: area.code,
        label: area.name,
        schematic: area.schematic,
      },
      geometry: { type: 'MultiPolygon', coordinates: area.polygons },
    })),
  };
}

export interface CountyMapText {
  /** GeoJSON text of the county outline. */
  outlineGeoJson: string;
  /** Division list CSV with the columns code, level, name, parent_code. */
  divisionsCsv: string;
  /** GeoJSON text of real town boundaries, when the county has them. */
  townBoundariesGeoJson?: string;
  geoJsonOptions?: GeoJsonOptions;
}

export type CountyMapResult =
  | { ok: true; map: CountyMap }
  | { ok: false; error: string };

/**
 * Builds the county map from file contents that a host read from disk or config. Any problem
 * comes back as text naming the file and what to fix, for the log and the panel.
 */
export function countyMapFromText(input: CountyMapText): CountyMapResult {
  const outline = parseGeoJsonText(input.outlineGeoJson, input.geoJsonOptions);
  if (!outline.ok) {
    return {
      ok: false,
      error: `county outline: ${formatGeoJsonIssues(outline.issues)}`,
    };
  }
  let townBoundaries: MapFeature[] | undefined;
  if (input.townBoundariesGeoJson !== undefined) {
    const towns = parseGeoJsonText(
      input.townBoundariesGeoJson,
      input.geoJsonOptions,
    );
    if (!towns.ok) {
      return {
        ok: false,
        error: `town boundaries: ${formatGeoJsonIssues(towns.issues)}`,
      };
    }
    townBoundaries = towns.features;
  }
  try {
    const divisions = parseDivisionCsv(input.divisionsCsv);
    const map = buildCountyMap({
      outline: outline.features,
      divisions,
      townBoundaries,
    });
    return { ok: true, map };
  } catch (error) {
    // The CSV parser and the layout throw plain errors whose messages already name the fix.
    return {
      ok: false,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/**
 * Re-keys counts keyed by town name (as the alert aggregates are) by town code, for the map. A
 * name that matches no town keeps its key, so `measureByArea` counts it as unplaced.
 */
export function keyTownsByCode(
  map: Pick<CountyMap, 'towns'>,
  byTownName: Readonly<Record<string, number>>,
): Record<string, number> {
  const codeOfName = new Map(map.towns.map((town) => [town.name, town.code]));
  const byCode: Record<string, number> = {};
  for (const [name, value] of Object.entries(byTownName)) {
    const key = codeOfName.get(name) ?? name;
    byCode[key] = (byCode[key] ?? 0) + value;
  }
  return byCode;
}
