import {
  mergeChangeBatches,
  type ChangeBatch,
} from '../../../src-shared/contract/index.js';

/** Requests one call of `run` at the next frame and returns the function that cancels it. */
export type ScheduleFrame = (run: () => void) => () => void;

/**
 * Maximum wait for an animation frame. A hidden page runs no animation frames, and its records
 * listeners must still see changes, so a timer delivers the batches as well.
 */
const FRAME_FALLBACK_MS = 100;

/** Frame time assumed where the runtime has no `requestAnimationFrame`, such as Node. */
const FRAME_MS_WITHOUT_DISPLAY = 16;

/** Queued batches beyond which the queue delivers at once instead of waiting for the frame. */
const MAX_QUEUED_BATCHES = 1000;

/**
 * Runs `run` in the next animation frame, before the browser renders it, or after
 * `FRAME_FALLBACK_MS` when no frame comes first.
 */
export const nextAnimationFrame: ScheduleFrame = (run) => {
  if (typeof requestAnimationFrame !== 'function') {
    const timer = setTimeout(run, FRAME_MS_WITHOUT_DISPLAY);
    return () => clearTimeout(timer);
  }
  let pending = true;
  const cancel = (): void => {
    pending = false;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
  const fire = (): void => {
    if (pending) {
      cancel();
      run();
    }
  };
  const frame = requestAnimationFrame(fire);
  const timer = setTimeout(fire, FRAME_FALLBACK_MS);
  return cancel;
};

/** Pushed change batches held until the next frame, then delivered merged. */
export interface BatchQueue {
  push(batch: ChangeBatch): void;
  /**
   * Delivers the queued batches now. The bridge calls it before it settles an invoke, so that
   * listeners see pushes and results in the order they arrived.
   */
  flush(): void;
  /** Drops the queued batches and cancels the frame request. */
  close(): void;
}

/**
 * Creates a queue that hands `deliver` the batches of one frame at once: consecutive batches merge
 * into one (see mergeChangeBatches), so a window applies its changes and renders once per frame
 * however many pushes arrive.
 */
export function createBatchQueue(
  deliver: (batch: ChangeBatch) => void,
  schedule: ScheduleFrame = nextAnimationFrame,
): BatchQueue {
  let queued: ChangeBatch[] = [];
  let cancelFrame: (() => void) | null = null;

  function flush(): void {
    cancelFrame?.();
    cancelFrame = null;
    if (queued.length === 0) {
      return;
    }
    const batches = queued;
    queued = [];
    for (const batch of mergeChangeBatches(batches)) {
      deliver(batch);
    }
  }

  return {
    push(batch) {
      queued.push(batch);
      if (queued.length >= MAX_QUEUED_BATCHES) {
        flush();
        return;
      }
      cancelFrame ??= schedule(() => {
        cancelFrame = null;
        flush();
      });
    },
    flush,
    close() {
      cancelFrame?.();
      cancelFrame = null;
      queued = [];
    },
  };
}
