// Distances: in the administrative tree by statistical division code, and on the ground by the
// haversine formula.

/**
 * Mean Earth radius in km (IUGG). The haversine formula treats the Earth as a sphere, so its
 * distances are estimates, good enough to rank nearby resources.
 */
const EARTH_RADIUS_KM = 6371.0088;

/** Division code lengths: 6 digits name a county, 9 a town, 12 a village or community. */
export const DIVISION_CODE_LENGTH = {
  county: 6,
  town: 9,
  village: 12,
} as const;

/** Closeness of two places in the administrative tree. */
export type AdminProximity =
  | 'same_village'
  | 'same_town'
  | 'same_county'
  | 'other';

/** Cuts a code to the digits a level uses; a longer code such as a grid code keeps its village. */
function prefixAt(code: string, length: number): string | null {
  return /^\d+$/.test(code) && code.length >= length
    ? code.slice(0, length)
    : null;
}

function sharesLevel(a: string, b: string, length: number): boolean {
  const left = prefixAt(a, length);
  return left !== null && left === prefixAt(b, length);
}

/**
 * Compares two division codes level by level. A code that stops at the town level (9 digits)
 * is never the same village as anything, because the village is unknown.
 */
export function adminProximity(
  a: string | null,
  b: string | null,
): AdminProximity {
  if (a === null || b === null) {
    return 'other';
  }
  if (sharesLevel(a, b, DIVISION_CODE_LENGTH.village)) {
    return 'same_village';
  }
  if (sharesLevel(a, b, DIVISION_CODE_LENGTH.town)) {
    return 'same_town';
  }
  if (sharesLevel(a, b, DIVISION_CODE_LENGTH.county)) {
    return 'same_county';
  }
  return 'other';
}

export interface LatLon {
  lat: number | null;
  lon: number | null;
}

function toRadians(degrees: number): number {
  return (degrees * Math.PI) / 180;
}

/** Great-circle distance in km, or null unless both places have coordinates. */
export function haversineKm(a: LatLon, b: LatLon): number | null {
  if (a.lat === null || a.lon === null || b.lat === null || b.lon === null) {
    return null;
  }
  const dLat = toRadians(b.lat - a.lat);
  const dLon = toRadians(b.lon - a.lon);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(toRadians(a.lat)) *
      Math.cos(toRadians(b.lat)) *
      Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
