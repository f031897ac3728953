export { default as MapPanel } from './MapPanel.vue';
export { ensureMapRegistered } from './echarts-map.js';
export { luotianCountyMap } from './luotian.js';
export { MapChartLifecycle } from './map-chart-lifecycle.js';
export type { MapChartHost, MapChartInstance } from './map-chart-lifecycle.js';
export {
  areaCodeOf,
  aspectScaleOf,
  buildMapOption,
  mapDataItems,
  mapNameFor,
  scopeAfterClick,
} from './map-option.js';
export type { MapDataItem, MapOptionInput } from './map-option.js';
export {
  mapScope,
  scopeListenerCount,
  setMapScope,
  useScope,
} from './scope-store.js';
export type { ScopeHandle, ScopeListener } from './scope-store.js';
export { useMapChart } from './use-map-chart.js';
export type { MapChartHandle } from './use-map-chart.js';
export { useCountyMapSource } from './county-source.js';
export type { CountyMapSourceHandle } from './county-source.js';
