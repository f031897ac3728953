// Chart redraws spread over animation frames. All frame callbacks of one frame run in a single
// task, so two charts that redraw in the same frame make one task as long as both redraws. On a
// loaded wall PC that task can exceed 50 ms and drop frames, so the queue runs one chart's redraw
// per frame instead.

/** Redraws waiting for a frame, oldest first, at most one per key. */
const waiting = new Map<object, () => void>();
let frameRequested = false;

function requestFrame(): void {
  if (!frameRequested) {
    frameRequested = true;
    requestAnimationFrame(runNext);
  }
}

function runNext(): void {
  frameRequested = false;
  const next = waiting.entries().next();
  if (!next.done) {
    const [key, redraw] = next.value;
    waiting.delete(key);
    try {
      redraw();
    } finally {
      if (waiting.size > 0) {
        requestFrame();
      }
    }
  }
}

/**
 * Runs `redraw` in a coming animation frame, after the redraws requested before it, one per
 * frame. A redraw requested again for the same `key` before it ran replaces the earlier one and
 * keeps its place in the queue. A page that draws no frames (a hidden tab) runs none until it
 * draws again.
 */
export function requestRedraw(key: object, redraw: () => void): void {
  waiting.set(key, redraw);
  requestFrame();
}

/** Runs the redraw waiting for `key` now, if one is waiting; returns true when it ran one. */
export function flushRedraw(key: object): boolean {
  const redraw = waiting.get(key);
  if (redraw === undefined) {
    return false;
  }
  waiting.delete(key);
  redraw();
  return true;
}

/** Drops the redraw waiting for `key`, for a chart that is disposed. */
export function cancelRedraw(key: object): void {
  waiting.delete(key);
}

/** Number of redraws waiting for a frame. */
export function waitingRedraws(): number {
  return waiting.size;
}
