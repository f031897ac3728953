export { ConsoleState, LATEST_ALERTS } from './state.js';
export { AggregateCounters } from './aggregate-counters.js';
