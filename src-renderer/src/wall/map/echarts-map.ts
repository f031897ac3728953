// Registers the ECharts parts the county map needs on top of those in charts/echarts.ts. ECharts'
// `use` adds to what is already registered, so both modules may load in any order.
import { MapChart } from 'echarts/charts';
import {
  TitleComponent,
  VisualMapContinuousComponent,
} from 'echarts/components';
import type { MapArea } from '../../../../src-shared/map/geography.js';
import { areasToFeatureCollection } from '../../../../src-shared/map/geography.js';
import { echarts } from '../../charts/echarts.js';

echarts.use([MapChart, TitleComponent, VisualMapContinuousComponent]);

/** Names registered by this module, with the areas they were registered with. */
const registered = new Map<string, readonly MapArea[]>();

/**
 * Registers the areas' GeoJSON under `name` unless the same areas already are. Maps stay
 * registered for the page's life: one per county and one per drilled town, so at most a few dozen.
 */
export function ensureMapRegistered(
  name: string,
  areas: readonly MapArea[],
): void {
  if (registered.get(name) === areas) {
    return;
  }
  // The GeoJSON built here has the shape ECharts expects; its declared type is looser.
  echarts.registerMap(
    name,
    areasToFeatureCollection(areas) as unknown as Parameters<
      typeof echarts.registerMap
    >[1],
  );
  registered.set(name, areas);
}

export { echarts };
