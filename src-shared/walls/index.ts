export * from './panels.js';
export * from './layout.js';
export * from './layout-edit.js';
export * from './playlist.js';
export * from './file.js';
export * from './hall.js';
