import { describe, expect, it } from 'vitest';
import type { ChangeBatch } from '../../src-shared/contract/index.js';
import {
  createBatchQueue,
  type ScheduleFrame,
} from '../../src-renderer/src/bridge/batch-queue.js';

function batch(revision: number): ChangeBatch {
  return {
    revision,
    changes: [
      {
        type: 'command.rejected',
        installSeq: revision,
        commandId: `c-${revision}`,
        name: 'incident.accept',
        code: 'conflict',
        message: `revision ${revision}`,
      },
    ],
  };
}

/** Frames that run only when the test calls `frame()`. */
function manualFrames(): {
  schedule: ScheduleFrame;
  frame: () => void;
  requested: () => number;
} {
  let callbacks: (() => void)[] = [];
  return {
    schedule(run) {
      callbacks.push(run);
      return () => {
        callbacks = callbacks.filter((callback) => callback !== run);
      };
    },
    frame() {
      const due = callbacks;
      callbacks = [];
      for (const run of due) {
        run();
      }
    },
    requested: () => callbacks.length,
  };
}

function revisionsOf(batches: readonly ChangeBatch[]): number[] {
  return batches.flatMap((item) =>
    item.changes.flatMap((change) =>
      change.type === 'command.rejected' ? [change.installSeq] : [],
    ),
  );
}

describe('batch queue', () => {
  it('delivers one merged batch per frame', () => {
    const frames = manualFrames();
    const delivered: ChangeBatch[] = [];
    const queue = createBatchQueue(
      (item) => delivered.push(item),
      frames.schedule,
    );

    queue.push(batch(3));
    queue.push(batch(4));
    queue.push(batch(5));
    expect(delivered).toEqual([]);
    expect(frames.requested()).toBe(1);
    frames.frame();

    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.fromRevision).toBe(3);
    expect(delivered[0]?.revision).toBe(5);
    expect(revisionsOf(delivered)).toEqual([3, 4, 5]);
  });

  it('keeps a gap between batches', () => {
    const frames = manualFrames();
    const delivered: ChangeBatch[] = [];
    const queue = createBatchQueue(
      (item) => delivered.push(item),
      frames.schedule,
    );

    queue.push(batch(3));
    queue.push(batch(6));
    frames.frame();

    expect(delivered.map((item) => item.revision)).toEqual([3, 6]);
    expect(delivered[1]?.fromRevision).toBeUndefined();
  });

  it('flush delivers and cancels the frame', () => {
    const frames = manualFrames();
    const delivered: ChangeBatch[] = [];
    const queue = createBatchQueue(
      (item) => delivered.push(item),
      frames.schedule,
    );

    queue.push(batch(1));
    queue.push(batch(2));
    queue.flush();

    expect(revisionsOf(delivered)).toEqual([1, 2]);
    expect(frames.requested()).toBe(0);
    queue.push(batch(3));
    frames.frame();
    expect(revisionsOf(delivered)).toEqual([1, 2, 3]);
  });

  it('close drops queued batches', () => {
    const frames = manualFrames();
    const delivered: ChangeBatch[] = [];
    const queue = createBatchQueue(
      (item) => delivered.push(item),
      frames.schedule,
    );

    queue.push(batch(1));
    queue.close();
    frames.frame();

    expect(delivered).toEqual([]);
    expect(frames.requested()).toBe(0);
  });

  it('delivers at once when the queue is full', () => {
    const frames = manualFrames();
    const delivered: ChangeBatch[] = [];
    const queue = createBatchQueue(
      (item) => delivered.push(item),
      frames.schedule,
    );

    for (let revision = 1; revision <= 1000; revision += 1) {
      queue.push(batch(revision));
    }

    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.revision).toBe(1000);
    expect(revisionsOf(delivered)).toHaveLength(1000);
  });
});
