export { Cache, type CacheOptions } from './cache.js';
export {
  SCHEMA_VERSION,
  MIGRATIONS,
  migrate,
  type Migration,
} from './schema.js';
export { CacheInUseError } from './lock.js';
export {
  UNKNOWN_KEY,
  aggregateKeys,
  emptyAggregates,
  hourKey,
} from './alert-rows.js';
export type * from './types.js';
