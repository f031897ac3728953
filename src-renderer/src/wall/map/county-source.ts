// Where the wall's county map comes from: the files main serves on `map:county` when IT staff
// configured a county, else the 罗田县 files bundled into the renderer. Main has validated
// configured files at start, so a parse failure here means a host and renderer out of step.
import { shallowRef, type ShallowRef } from 'vue';
import type { ConsoleBridge } from '../../../../src-shared/contract/index.js';
import {
  countyMapFromText,
  type CountyMap,
  type CountyMapResult,
} from '../../../../src-shared/map/geography.js';
import { luotianCountyMap } from './luotian.js';

export interface CountyMapSourceHandle {
  /** The map once known; null while main answers or when no map could be built. */
  map: ShallowRef<CountyMap | null>;
  /** Why no map could be built, for the panel. */
  error: ShallowRef<string | null>;
  /** Settles when the source is decided; tests wait on it. */
  ready: Promise<void>;
}

/** Asks main for the county map files and builds the map the wall draws. */
export function useCountyMapSource(
  bridge: ConsoleBridge,
): CountyMapSourceHandle {
  const map = shallowRef<CountyMap | null>(null);
  const error = shallowRef<string | null>(null);

  function apply(result: CountyMapResult): void {
    if (result.ok) {
      map.value = result.map;
      error.value = null;
      return;
    }
    map.value = null;
    error.value = result.error;
  }

  const ready = bridge.invoke('map:county', {}).then(
    (result) => {
      if (!result.ok) {
        // A host without the channel still has the bundled county.
        apply(luotianCountyMap());
        return;
      }
      const files = result.value;
      if (files.source === 'bundled') {
        apply(luotianCountyMap());
        return;
      }
      apply(
        countyMapFromText({
          outlineGeoJson: files.outlineGeoJson,
          divisionsCsv: files.divisionsCsv,
          ...(files.townBoundariesGeoJson === null
            ? {}
            : { townBoundariesGeoJson: files.townBoundariesGeoJson }),
        }),
      );
    },
    () => {
      apply(luotianCountyMap());
    },
  );

  return { map, error, ready };
}
