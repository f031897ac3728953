// The bundled reference county, 罗田县: the real outline and division list that ship with the app
// (see resources/data/ATTRIBUTION.md). A county with its own files builds its map with
// countyMapFromText from what the host reads by config.
import outlineGeoJson from '../../../../resources/data/luotian-421123-outline.geojson?raw';
import {
  countyMapFromText,
  type CountyMapResult,
} from '../../../../src-shared/map/geography.js';
import { BUNDLED_DIVISIONS_CSV } from './bundled-divisions.js';

let cached: CountyMapResult | null = null;

/** Builds the Luotian county map on the first call and returns the same result afterwards. */
export function luotianCountyMap(): CountyMapResult {
  cached ??= countyMapFromText({
    outlineGeoJson,
    divisionsCsv: BUNDLED_DIVISIONS_CSV,
  });
  return cached;
}
