export * from './divisions.js';
export * from './geography.js';
export * from './geojson.js';
export * from './schematic.js';
export * from './scope.js';
