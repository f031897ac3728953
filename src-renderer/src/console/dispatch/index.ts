// Entry of the dispatch panel. Mount `DispatchView` with a `source` (RecordsSource) and the
// newest `alerts`.
export { default as DispatchView } from './DispatchView.vue';
export type { RecordsSource, QueuedCommand } from './source.js';
export { createDispatchStore, type DispatchStore } from './store.js';
