import type { Rectangle } from './config.js';

/**
 * Default tolerance in DIP, an estimate. At a fractional scale such as 1.25 or
 * 1.5 each edge is rounded to a native pixel. Both edges of a side can move by
 * up to one DIP, so a size can differ by two.
 */
export const DEFAULT_BOUNDS_TOLERANCE = 2;

/** Re-applies after a mismatch before the applier gives up and logs. */
export const MAX_REAPPLY_ATTEMPTS = 1;

export interface BoundsCheck {
  matches: boolean;
  /** Actual minus expected, per field, in DIP. */
  delta: Rectangle;
  /** Largest absolute field difference in DIP. */
  maxDelta: number;
}

/** Compares bounds read back from a window with the bounds the plan set. */
export function verifyPlacement(
  expected: Rectangle,
  actual: Rectangle,
  tolerance: number = DEFAULT_BOUNDS_TOLERANCE,
): BoundsCheck {
  const delta = {
    x: actual.x - expected.x,
    y: actual.y - expected.y,
    width: actual.width - expected.width,
    height: actual.height - expected.height,
  };
  const maxDelta = Math.max(
    Math.abs(delta.x),
    Math.abs(delta.y),
    Math.abs(delta.width),
    Math.abs(delta.height),
  );

  // NaN from a broken read-back compares false, so it never counts as a match.
  return { matches: maxDelta <= tolerance, delta, maxDelta };
}

export type VerifyAction = 'done' | 'reapply' | 'give-up';

/**
 * Decides the applier's next step after reading bounds back: done when they
 * match, re-apply while attempts remain, otherwise give up and log the check.
 * `attempt` counts the re-applies already made, starting at 0.
 */
export function nextVerifyAction(
  check: BoundsCheck,
  attempt: number,
): VerifyAction {
  if (check.matches) {
    return 'done';
  }

  return attempt < MAX_REAPPLY_ATTEMPTS ? 'reapply' : 'give-up';
}
