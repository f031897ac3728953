export { ConsoleState, LATEST_ALERTS, compareAlerts } from './state.js';
export { AggregateCounters } from './aggregate-counters.js';
