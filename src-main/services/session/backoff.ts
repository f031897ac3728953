export interface BackoffOptions {
  /** Delay ceiling of the first retry, in ms. */
  baseMs: number;
  /** Largest delay, in ms. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 30_000 };

/** Exponent beyond which the ceiling is the cap anyway; keeps 2 ** n finite for any attempt. */
const MAX_EXPONENT = 30;

/**
 * Delay before reconnect attempt `attempt` (1 for the first retry), in ms. The ceiling doubles per
 * attempt up to `capMs`. The jitter is applied after capping, so clients stuck at the cap still
 * spread out. The delay is drawn from [ceiling / 2, ceiling], so it is never zero.
 */
export function backoffDelay(
  attempt: number,
  random: () => number,
  options: BackoffOptions = DEFAULT_BACKOFF,
): number {
  const safeAttempt = Number.isFinite(attempt) ? Math.max(1, attempt) : 1;
  const exponent = Math.min(Math.floor(safeAttempt) - 1, MAX_EXPONENT);
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** exponent);

  const draw = random();
  const unit = Number.isFinite(draw) ? Math.min(Math.max(draw, 0), 1) : 0.5;
  const delay = ceiling / 2 + unit * (ceiling / 2);
  return Math.max(1, Math.round(delay));
}

/**
 * Creates a seedable pseudo-random source in [0, 1) built on a 32-bit xorshift, for tests and
 * reproducible runs. Not for anything that needs unpredictability.
 */
export function seededRandom(seed: number): () => number {
  // xorshift never leaves the all-zero state, so a zero seed is replaced by a fixed odd constant.
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4_294_967_296;
  };
}

/**
 * Delay before reconnecting when the central asked to wait `retryAfterMs` (a `draining` notice
 * or a retry hint): at least that long, plus up to a tenth more so consoles do not return at once.
 */
export function drainDelay(retryAfterMs: number, random: () => number): number {
  const base = Number.isFinite(retryAfterMs) ? Math.max(1, retryAfterMs) : 1;
  const draw = random();
  const unit = Number.isFinite(draw) ? Math.min(Math.max(draw, 0), 1) : 0.5;
  return Math.round(base + unit * base * 0.1);
}
