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
export { drainDelay } from './backoff.js';
export {
  RefreshingTokenSource,
  ReauthNeededError,
  REFRESH_TOKEN_SECRET,
  refreshDueAt,
  staticTokenSource,
  tokenUrlFor,
  type AccessToken,
  type TokenSource,
} from './auth.js';
export { DEFAULT_COMMAND_MAX_AGE_MS, isOverMaxAge } from './command-age.js';
export { isTimerLate, sendDecision, type SendLimits } from './link-rules.js';
