// Public opinion (舆情): the item schema, scopes, the wall projection and spike detection. The code
// is pure and runs in the central, in main and in renderers.
export * from './item.js';
export * from './scope.js';
export * from './projection.js';
export * from './spike.js';
