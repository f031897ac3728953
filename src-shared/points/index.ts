// Points (积分): record schemas, name masking, the incremental projection and the wall-safe view.
// The code is pure and runs in the central, in main and in renderers.
export * from './schema.js';
export * from './mask.js';
export * from './week.js';
export * from './projection.js';
export * from './wall.js';
export {
  COUNTY_SCOPE,
  Scope,
  fromMapScope,
  inScope,
  scopeKey,
} from '../opinion/scope.js';
