export { SessionClient } from './session.js';
export { backoffDelay, seededRandom, DEFAULT_BACKOFF } from './backoff.js';
export type { BackoffOptions } from './backoff.js';
export {
  DEFAULT_TIMING,
  realTimers,
  type SessionListener,
  type SessionOptions,
  type SessionTiming,
  type Timers,
} from './types.js';
