// Pure dispatch rules: incident lifecycle, deadlines and escalation, resource recommendation,
// duplicate detection and queue order, and the record schemas and rejection codes of the dispatch
// stream. No storage, network or UI; runs in any JavaScript runtime.
export * from './states.js';
export * from './errors.js';
export * from './commands.js';
export * from './deadlines.js';
export * from './statutory-deadlines.js';
export * from './incident.js';
export * from './transitions.js';
export * from './milestones.js';
export * from './extensions.js';
export * from './lifecycle.js';
export * from './geo.js';
export * from './resources.js';
export * from './recommend.js';
export * from './duplicates.js';
export * from './urgency.js';
export * from './records.js';
export * from './rejection-codes.js';
