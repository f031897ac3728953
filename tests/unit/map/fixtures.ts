import { readFileSync } from 'node:fs';
import {
  parseDivisionCsv,
  type CountyDivisions,
} from '../../../src-shared/map/divisions.js';
import {
  validateFeatureCollection,
  type MapFeature,
} from '../../../src-shared/map/geojson.js';

const DATA_DIR = new URL('../../../resources/data/', import.meta.url);

export function readDataFile(name: string): string {
  return readFileSync(new URL(name, DATA_DIR), 'utf8');
}

export function luotianOutline(): MapFeature[] {
  const result = validateFeatureCollection(
    JSON.parse(readDataFile('luotian-421123-outline.geojson')),
  );
  if (!result.ok) {
    throw new Error(
      `the bundled outline is invalid: ${JSON.stringify(result.issues)}`,
    );
  }
  return result.features;
}

export function luotianDivisions(): CountyDivisions {
  return parseDivisionCsv(readDataFile('luotian-421123-divisions.csv'));
}
