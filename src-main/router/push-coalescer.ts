import {
  mergeChangeBatches,
  type ChangeBatch,
} from '../../src-shared/contract/index.js';

/**
 * Time the batches for one window are held to be sent together, about two frames at 60 Hz. At 100
 * batches a second a window then receives about 30 pushes a second, and no batch waits longer.
 */
export const DEFAULT_COALESCE_MS = 33;

/** Starts a one-shot timer and returns the function that cancels it. */
export type ScheduleTimer = (run: () => void, delayMs: number) => () => void;

export interface PushCoalescerOptions {
  /** Sends one batch, merged or not, to the window. */
  send: (batch: ChangeBatch) => void;
  /** Hold time in ms. With 0, every batch is sent at once. */
  windowMs?: number;
  /** Replaces `setTimeout`, so that a test can fire the timer when it chooses. */
  schedule?: ScheduleTimer;
}

/** Holds the change batches for one window and sends them merged, in revision order. */
export interface PushCoalescer {
  push(batch: ChangeBatch): void;
  /**
   * Sends the held batches now. Hosts call it before they handle an invoke from the window, so
   * that every batch older than a snapshot reaches the window before the snapshot does.
   */
  flush(): void;
  /** Drops the held batches and stops the timer, because the window is gone. */
  close(): void;
}

const scheduleWithTimeout: ScheduleTimer = (run, delayMs) => {
  const timer = setTimeout(run, delayMs);
  return () => clearTimeout(timer);
};

/**
 * Creates a coalescer for one window. A batch that arrives while the window has had nothing for
 * `windowMs` goes out at once. Batches that follow within `windowMs` are held and sent as one
 * merged batch when the interval ends, so a busy stream costs the window one push per interval.
 */
export function createPushCoalescer(
  options: PushCoalescerOptions,
): PushCoalescer {
  const windowMs = options.windowMs ?? DEFAULT_COALESCE_MS;
  const schedule = options.schedule ?? scheduleWithTimeout;
  let heldBatches: ChangeBatch[] = [];
  let cancelTimer: (() => void) | null = null;
  let closed = false;

  function sendHeld(): void {
    if (heldBatches.length === 0) {
      return;
    }
    const batches = heldBatches;
    heldBatches = [];
    for (const batch of mergeChangeBatches(batches)) {
      options.send(batch);
    }
  }

  function startInterval(): void {
    cancelTimer = schedule(() => {
      cancelTimer = null;
      if (closed || heldBatches.length === 0) {
        return;
      }
      sendHeld();
      // The stream is still busy, so the next batch waits for the next interval too.
      startInterval();
    }, windowMs);
  }

  return {
    push(batch) {
      if (closed) {
        return;
      }
      if (windowMs <= 0) {
        options.send(batch);
        return;
      }
      if (cancelTimer === null) {
        options.send(batch);
        startInterval();
        return;
      }
      heldBatches.push(batch);
    },
    flush() {
      if (!closed) {
        sendHeld();
      }
    },
    close() {
      closed = true;
      heldBatches = [];
      cancelTimer?.();
      cancelTimer = null;
    },
  };
}
