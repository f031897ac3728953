import type { ChangeBatch } from '../../../src-shared/contract/index.js';
import { nextAnimationFrame, type ScheduleFrame } from './batch-queue.js';

/** Batches held for a first listener beyond which the oldest go; the store then re-snapshots. */
const MAX_HELD_BATCHES = 1000;

/** Hands delivered batches to a bridge's listeners. */
export interface BatchFanout {
  deliver(batch: ChangeBatch): void;
  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: (batch: ChangeBatch) => void): () => void;
  readonly listenerCount: number;
  /** Drops held batches and cancels their delivery. */
  close(): void;
}

/**
 * Creates the listener set of a bridge. With `holdForFirstListener`, batches delivered before any
 * listener subscribed are kept and handed to the first one in the next frame, each as it was
 * delivered, before any later batch. A bridge that took over an early link needs this, because
 * its snapshot result can arrive before the store subscribes, and the batches pushed after the
 * snapshot must still reach the store. Held batches are not merged again, so a batch never spans the
 * snapshot's revision.
 */
export function createBatchFanout(
  holdForFirstListener: boolean,
  schedule: ScheduleFrame = nextAnimationFrame,
): BatchFanout {
  const listeners = new Set<(batch: ChangeBatch) => void>();
  let heldBatches: ChangeBatch[] | null = holdForFirstListener ? [] : null;
  let backlog: ChangeBatch[] = [];
  let cancelBacklog: (() => void) | null = null;

  function emit(batch: ChangeBatch): void {
    for (const listener of [...listeners]) {
      listener(batch);
    }
  }

  function drainBacklog(): void {
    cancelBacklog?.();
    cancelBacklog = null;
    const batches = backlog;
    backlog = [];
    for (const batch of batches) {
      emit(batch);
    }
  }

  return {
    deliver(batch) {
      if (heldBatches !== null) {
        heldBatches.push(batch);
        if (heldBatches.length > MAX_HELD_BATCHES) {
          heldBatches.shift();
        }
        return;
      }
      drainBacklog();
      emit(batch);
    },
    subscribe(listener) {
      listeners.add(listener);
      if (heldBatches !== null) {
        backlog = heldBatches;
        heldBatches = null;
        if (backlog.length > 0) {
          cancelBacklog = schedule(drainBacklog);
        }
      }
      return () => {
        listeners.delete(listener);
      };
    },
    get listenerCount() {
      return listeners.size;
    },
    close() {
      cancelBacklog?.();
      cancelBacklog = null;
      backlog = [];
      heldBatches = null;
    },
  };
}
