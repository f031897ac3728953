import { shallowRef } from 'vue';
import { parseDivisionCsv } from '../../../src-shared/map/divisions.js';

/** Name of the county the wall shows, from main's division list; null until that list arrives. */
export const countyName = shallowRef<string | null>(null);

/** Returns the county's name in `divisionsCsv`, or null for a list the map panel will reject. */
export function countyNameOf(divisionsCsv: string): string | null {
  try {
    return parseDivisionCsv(divisionsCsv).county.name;
  } catch {
    return null;
  }
}
