export {
  Cache,
  CacheOpenTimeoutError,
  CacheWorkerError,
  type CacheOptions,
} from './cache.js';
export type { StoreOptions } from './store.js';
export type { ImportResult } from './import-file.js';
export type { WorkerMemory } from './protocol.js';
export {
  SCHEMA_VERSION,
  MIGRATIONS,
  migrate,
  type Migration,
} from './schema.js';
export { CacheInUseError } from './lock.js';
export {
  DataFolderInUseError,
  INSTANCE_LOCK_FILE,
  acquireInstanceLock,
  type InstanceLock,
} from './instance-lock.js';
export {
  UNKNOWN_KEY,
  aggregateKeys,
  emptyAggregates,
  hourKey,
} from './alert-rows.js';
export type * from './types.js';
