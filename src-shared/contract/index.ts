export * from './domain.js';
export * from './frames.js';
export * from './ipc.js';
export * from './records.js';
export * from './alert-text.js';
