// Validation of a GeoJSON FeatureCollection of areas (RFC 7946), such as a county outline or the
// real town boundaries a county supplies. Each problem is reported with the feature index, the
// path inside the feature and the fix, because the reader is the IT staff member who loaded it.
import { z } from 'zod';
import type { LonLat } from './schematic.js';

/** Maximum GeoJSON text length in UTF-16 code units, about the size in bytes for ASCII. */
export const MAX_GEOJSON_TEXT_LENGTH = 32 * 1024 * 1024;
export const MAX_FEATURES = 5000;
/** Maximum number of positions over all features, so the map stays responsive. */
export const MAX_POSITIONS = 2_000_000;
/** Maximum number of issues listed in a report. The rest are counted in a final issue. */
export const MAX_REPORTED_ISSUES = 50;
const MAX_ISSUES_PER_FEATURE = 5;

export interface GeoJsonIssue {
  /** Index in `features`, or null for a problem with the collection itself. */
  featureIndex: number | null;
  /** Path inside the feature (or the collection), such as `geometry.coordinates[0][3][1]`. */
  path: string;
  message: string;
}

/** One area with its geometry normalized to MultiPolygon coordinates. */
export interface MapFeature {
  index: number;
  name: string;
  /** Division code from the code property or the feature id, when the file has one. */
  code: string | null;
  /** Polygons, each a list of rings (outer ring first, then holes), each ring closed. */
  polygons: LonLat[][][];
}

export type GeoJsonResult =
  | { ok: true; features: MapFeature[] }
  | { ok: false; issues: GeoJsonIssue[] };

export interface GeoJsonOptions {
  /** Property that names each area, `name` by default. */
  nameProperty?: string;
  /** Property with the division code, `code` by default, with the feature id as fallback. */
  codeProperty?: string;
}

const DEGREES_HINT =
  'positions must be WGS84 degrees, so reproject a file in metres to longitude and latitude';
const ORDER_HINT =
  'positions are [longitude, latitude], so check that the file does not put latitude first';

const Longitude = z
  .number({ error: 'longitude must be a number' })
  .min(-180, `longitude is below -180; ${DEGREES_HINT}`)
  .max(180, `longitude is above 180; ${DEGREES_HINT}`);
const Latitude = z
  .number({ error: 'latitude must be a number' })
  .min(-90, `latitude is below -90; ${ORDER_HINT}`)
  .max(90, `latitude is above 90; ${ORDER_HINT}`);

/** [longitude, latitude], with an optional altitude that the map ignores. */
const Position = z.tuple([Longitude, Latitude], z.number());

const LinearRing = z
  .array(Position)
  .min(
    4,
    'a ring needs at least 4 positions (3 corners and the first repeated at the end)',
  )
  .refine(isClosed, {
    message:
      'the ring is not closed: repeat its first position as its last position',
  });

const PolygonCoordinates = z
  .array(LinearRing)
  .min(1, 'a polygon needs at least one ring');

const Geometry = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('Polygon'), coordinates: PolygonCoordinates }),
    z.object({
      type: z.literal('MultiPolygon'),
      coordinates: z
        .array(PolygonCoordinates)
        .min(1, 'a MultiPolygon needs at least one polygon'),
    }),
  ],
  { error: 'geometry.type must be Polygon or MultiPolygon' },
);

const Collection = z.object({
  type: z.literal('FeatureCollection', {
    error:
      'the file must be a GeoJSON FeatureCollection ("type": "FeatureCollection")',
  }),
  features: z
    .array(z.unknown(), {
      error: 'features must be an array of Feature objects',
    })
    .min(1, 'the collection has no features')
    .max(MAX_FEATURES, `the collection has more than ${MAX_FEATURES} features`),
});

function isClosed(ring: readonly (readonly number[])[]): boolean {
  const first = ring[0];
  const last = ring[ring.length - 1];
  return (
    first !== undefined &&
    last !== undefined &&
    first[0] === last[0] &&
    first[1] === last[1]
  );
}

function featureSchema(nameProperty: string, codeProperty: string) {
  return z.object({
    type: z.literal('Feature', {
      error: 'each item of features must have "type": "Feature"',
    }),
    id: z.union([z.string(), z.number()]).optional(),
    properties: z.looseObject({
      [nameProperty]: z
        .string({
          error: `the area needs a text property "${nameProperty}" with its name`,
        })
        .trim()
        .min(1, `property "${nameProperty}" is empty; give the area a name`),
      [codeProperty]: z
        .union([z.string(), z.number()], {
          error: `property "${codeProperty}" must be a text or number division code`,
        })
        .optional(),
    }),
    geometry: Geometry,
  });
}

/** Parses GeoJSON text, checking its size before parsing it. */
export function parseGeoJsonText(
  text: string,
  options: GeoJsonOptions = {},
): GeoJsonResult {
  if (text.length > MAX_GEOJSON_TEXT_LENGTH) {
    return failure(
      null,
      '',
      `the file is ${text.length} characters long, over the limit of ${MAX_GEOJSON_TEXT_LENGTH}; simplify the geometry (for example with mapshaper) and load it again`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return failure(
      null,
      '',
      `the file is not valid JSON (${reason}); check that it was saved completely`,
    );
  }
  return validateFeatureCollection(value, options);
}

/** Validates an already parsed value as a FeatureCollection of named Polygon or MultiPolygon areas. */
export function validateFeatureCollection(
  value: unknown,
  options: GeoJsonOptions = {},
): GeoJsonResult {
  const collection = Collection.safeParse(value);
  if (!collection.success) {
    return { ok: false, issues: zodIssues(collection.error, null) };
  }

  const nameProperty = options.nameProperty ?? 'name';
  const codeProperty = options.codeProperty ?? 'code';
  const schema = featureSchema(nameProperty, codeProperty);
  const issues: GeoJsonIssue[] = [];
  const features: MapFeature[] = [];
  let positions = 0;

  for (const [index, item] of collection.data.features.entries()) {
    const parsed = schema.safeParse(item);
    if (!parsed.success) {
      issues.push(
        ...zodIssues(parsed.error, index).slice(0, MAX_ISSUES_PER_FEATURE),
      );
      continue;
    }
    const feature = toMapFeature(
      index,
      parsed.data,
      nameProperty,
      codeProperty,
    );
    positions += countPositions(feature);
    if (positions > MAX_POSITIONS) {
      issues.push({
        featureIndex: index,
        path: 'geometry.coordinates',
        message: `the features up to this one have more than ${MAX_POSITIONS} positions; simplify the geometry and load it again`,
      });
      break;
    }
    features.push(feature);
  }

  issues.push(...duplicateIssues(features, 'name', nameProperty));
  issues.push(...duplicateIssues(features, 'code', codeProperty));
  if (issues.length > 0) {
    return { ok: false, issues: capIssues(issues) };
  }
  return { ok: true, features };
}

type ParsedFeature = z.infer<ReturnType<typeof featureSchema>>;

function toMapFeature(
  index: number,
  feature: ParsedFeature,
  nameProperty: string,
  codeProperty: string,
): MapFeature {
  const geometry = feature.geometry;
  const polygons =
    geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const rawCode = feature.properties[codeProperty] ?? feature.id;
  return {
    index,
    name: String(feature.properties[nameProperty]),
    code: rawCode === undefined ? null : String(rawCode),
    polygons: polygons.map((polygon) =>
      polygon.map((ring) =>
        ring.map((position): LonLat => [position[0], position[1]]),
      ),
    ),
  };
}

function countPositions(feature: MapFeature): number {
  let count = 0;
  for (const polygon of feature.polygons) {
    for (const ring of polygon) {
      count += ring.length;
    }
  }
  return count;
}

/** Reports names or codes used by more than one feature, because the map finds areas by both. */
function duplicateIssues(
  features: readonly MapFeature[],
  key: 'name' | 'code',
  property: string,
): GeoJsonIssue[] {
  const firstIndex = new Map<string, number>();
  const issues: GeoJsonIssue[] = [];
  for (const feature of features) {
    const value = feature[key];
    if (value === null) {
      continue;
    }
    const earlier = firstIndex.get(value);
    if (earlier === undefined) {
      firstIndex.set(value, feature.index);
      continue;
    }
    issues.push({
      featureIndex: feature.index,
      path: `properties.${property}`,
      message: `${key} "${value}" is already used by feature ${earlier}; give each area its own ${key}`,
    });
  }
  return issues;
}

function zodIssues(
  error: z.ZodError,
  featureIndex: number | null,
): GeoJsonIssue[] {
  return error.issues.map((issue) => ({
    featureIndex,
    path: formatPath(issue.path),
    message: issue.message,
  }));
}

function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') {
      text += `[${part}]`;
    } else {
      text += text === '' ? String(part) : `.${String(part)}`;
    }
  }
  return text;
}

function capIssues(issues: GeoJsonIssue[]): GeoJsonIssue[] {
  if (issues.length <= MAX_REPORTED_ISSUES) {
    return issues;
  }
  const shown = issues.slice(0, MAX_REPORTED_ISSUES);
  shown.push({
    featureIndex: null,
    path: '',
    message: `${issues.length - MAX_REPORTED_ISSUES} more issues are not listed; fix the ones above and validate again`,
  });
  return shown;
}

function failure(
  featureIndex: number | null,
  path: string,
  message: string,
): GeoJsonResult {
  return { ok: false, issues: [{ featureIndex, path, message }] };
}

/** Formats issues one per line, such as `feature 3, geometry.coordinates[0]: the ring is not closed...`. */
export function formatGeoJsonIssues(issues: readonly GeoJsonIssue[]): string {
  return issues
    .map((issue) => {
      const where =
        issue.featureIndex === null
          ? 'collection'
          : `feature ${issue.featureIndex}`;
      const path = issue.path === '' ? '' : `, ${issue.path}`;
      return `${where}${path}: ${issue.message}`;
    })
    .join('\n');
}

/**
 * Returns the outer rings of every polygon of the features, the region a schematic layout fills.
 * NOTE: holes are dropped, so a schematic area may cover an enclave of another county.
 */
export function outerRings(features: readonly MapFeature[]): LonLat[][] {
  const rings: LonLat[][] = [];
  for (const feature of features) {
    for (const polygon of feature.polygons) {
      const outer = polygon[0];
      if (outer !== undefined) {
        rings.push(outer);
      }
    }
  }
  return rings;
}
