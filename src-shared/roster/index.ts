// Pure duty-roster rules: local time, calendar, rotations, the final roster, checks, swaps,
// handover and reporting deadlines. The code has no storage, network or UI and runs in any
// JavaScript runtime.
export * from './errors.js';
export * from './time.js';
export * from './calendar.js';
export * from './holidays-cn.js';
export * from './shifts.js';
export * from './rotation.js';
export * from './roster.js';
export * from './coverage.js';
export * from './validation.js';
export * from './fairness.js';
export * from './published.js';
export * from './swaps.js';
export * from './substitutions.js';
export * from './handover.js';
export * from './reporting.js';
