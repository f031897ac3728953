import { describe, expect, it } from 'vitest';
import {
  ChangeBatch,
  mergeChangeBatches,
  type AlertAggregates,
  type StateChange,
} from '../../../src-shared/contract/index.js';
import {
  createPushCoalescer,
  type ScheduleTimer,
} from '../../../src-main/router/index.js';

function counts(total: number): AlertAggregates {
  return {
    total,
    byLevel: {},
    byClass: {},
    byType: {},
    byTown: {},
    byHour: {},
  };
}

/** Builds a batch for `revision` whose changes name the revision, so a test can see where each went. */
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
        message: `from revision ${revision}`,
      },
      { type: 'aggregates', aggregates: counts(revision) },
      {
        type: 'stream',
        stream: 'alerts',
        freshness: { seq: revision, lastEventAt: null, confirmedAt: null },
      },
    ],
  };
}

function rejectedSeqs(batches: readonly ChangeBatch[]): number[] {
  return batches.flatMap((item) =>
    item.changes.flatMap((change) =>
      change.type === 'command.rejected' ? [change.installSeq] : [],
    ),
  );
}

/** Creates a timer that fires only when the test calls `fire()`. */
function manualTimer(): {
  schedule: ScheduleTimer;
  fire: () => void;
  pending: () => number;
} {
  let timers: (() => void)[] = [];
  return {
    schedule(run) {
      timers.push(run);
      return () => {
        timers = timers.filter((timer) => timer !== run);
      };
    },
    fire() {
      const due = timers;
      timers = [];
      for (const run of due) {
        run();
      }
    },
    pending: () => timers.length,
  };
}

describe('mergeChangeBatches', () => {
  it('merges a run into one batch', () => {
    const merged = mergeChangeBatches([batch(4), batch(5), batch(6)]);

    expect(merged).toHaveLength(1);
    expect(merged[0]?.fromRevision).toBe(4);
    expect(merged[0]?.revision).toBe(6);
    expect(rejectedSeqs(merged)).toEqual([4, 5, 6]);
    expect(ChangeBatch.safeParse(merged[0]).success).toBe(true);
  });

  it('keeps the last whole value of each kind', () => {
    const [merged] = mergeChangeBatches([batch(1), batch(2), batch(3)]);
    const types = merged?.changes.map((change) => change.type);

    expect(types).toEqual([
      'command.rejected',
      'command.rejected',
      'command.rejected',
      'aggregates',
      'stream',
    ]);
    const aggregates = merged?.changes.find(
      (change): change is Extract<StateChange, { type: 'aggregates' }> =>
        change.type === 'aggregates',
    );
    expect(aggregates?.aggregates.total).toBe(3);
  });

  it('keeps one stream value per stream', () => {
    const other: ChangeBatch = {
      revision: 2,
      changes: [
        {
          type: 'stream',
          stream: 'records',
          freshness: { seq: 9, lastEventAt: null, confirmedAt: null },
        },
      ],
    };
    const [merged] = mergeChangeBatches([batch(1), other, batch(3)]);
    const streams = merged?.changes.flatMap((change) =>
      change.type === 'stream'
        ? [`${change.stream}:${change.freshness.seq}`]
        : [],
    );

    expect(streams).toEqual(['records:9', 'alerts:3']);
  });

  it('starts a new batch at a gap', () => {
    const merged = mergeChangeBatches([batch(1), batch(2), batch(5), batch(6)]);

    expect(merged.map((item) => [item.fromRevision, item.revision])).toEqual([
      [1, 2],
      [5, 6],
    ]);
  });

  it('leaves a single batch as it is', () => {
    const single = batch(8);

    expect(mergeChangeBatches([single])).toEqual([single]);
    expect(mergeChangeBatches([])).toEqual([]);
  });

  it('continues a run after a merged batch', () => {
    const [first] = mergeChangeBatches([batch(1), batch(2)]);
    const merged = mergeChangeBatches([first as ChangeBatch, batch(3)]);

    expect(merged).toHaveLength(1);
    expect(merged[0]?.fromRevision).toBe(1);
    expect(rejectedSeqs(merged)).toEqual([1, 2, 3]);
  });
});

describe('ChangeBatch schema', () => {
  it('rejects fromRevision after revision', () => {
    const parsed = ChangeBatch.safeParse({
      revision: 3,
      fromRevision: 4,
      changes: [],
    });

    expect(parsed.success).toBe(false);
  });
});

describe('push coalescer', () => {
  it('sends the first batch at once', () => {
    const timer = manualTimer();
    const sent: ChangeBatch[] = [];
    const pushes = createPushCoalescer({
      send: (item) => sent.push(item),
      schedule: timer.schedule,
    });

    pushes.push(batch(1));

    expect(sent).toEqual([batch(1)]);
    expect(timer.pending()).toBe(1);
  });

  it('merges batches held in the interval', () => {
    const timer = manualTimer();
    const sent: ChangeBatch[] = [];
    const pushes = createPushCoalescer({
      send: (item) => sent.push(item),
      schedule: timer.schedule,
    });

    for (let revision = 1; revision <= 5; revision += 1) {
      pushes.push(batch(revision));
    }
    expect(sent).toHaveLength(1);
    timer.fire();

    expect(sent).toHaveLength(2);
    expect(sent[1]?.fromRevision).toBe(2);
    expect(sent[1]?.revision).toBe(5);
    expect(rejectedSeqs(sent)).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps every change in order over many intervals', () => {
    const timer = manualTimer();
    const sent: ChangeBatch[] = [];
    const pushes = createPushCoalescer({
      send: (item) => sent.push(item),
      schedule: timer.schedule,
    });

    for (let revision = 1; revision <= 100; revision += 1) {
      pushes.push(batch(revision));
      if (revision % 7 === 0) {
        timer.fire();
      }
    }
    timer.fire();

    expect(rejectedSeqs(sent)).toEqual(
      Array.from({ length: 100 }, (_, index) => index + 1),
    );
    for (let index = 1; index < sent.length; index += 1) {
      const previous = sent[index - 1] as ChangeBatch;
      const current = sent[index] as ChangeBatch;
      expect(current.fromRevision ?? current.revision).toBe(
        previous.revision + 1,
      );
    }
  });

  it('sends at once again after a quiet interval', () => {
    const timer = manualTimer();
    const sent: ChangeBatch[] = [];
    const pushes = createPushCoalescer({
      send: (item) => sent.push(item),
      schedule: timer.schedule,
    });

    pushes.push(batch(1));
    timer.fire();
    expect(timer.pending()).toBe(0);
    pushes.push(batch(2));

    expect(sent.map((item) => item.revision)).toEqual([1, 2]);
  });

  it('flush sends the held batches', () => {
    const timer = manualTimer();
    const sent: ChangeBatch[] = [];
    const pushes = createPushCoalescer({
      send: (item) => sent.push(item),
      schedule: timer.schedule,
    });

    pushes.push(batch(1));
    pushes.push(batch(2));
    pushes.push(batch(3));
    pushes.flush();

    expect(sent.map((item) => [item.fromRevision, item.revision])).toEqual([
      [undefined, 1],
      [2, 3],
    ]);
    timer.fire();
    expect(sent).toHaveLength(2);
  });

  it('keeps a gap visible', () => {
    const timer = manualTimer();
    const sent: ChangeBatch[] = [];
    const pushes = createPushCoalescer({
      send: (item) => sent.push(item),
      schedule: timer.schedule,
    });

    pushes.push(batch(1));
    pushes.push(batch(2));
    pushes.push(batch(4));
    timer.fire();

    expect(sent.map((item) => [item.fromRevision, item.revision])).toEqual([
      [undefined, 1],
      [undefined, 2],
      [undefined, 4],
    ]);
  });

  it('close drops held batches', () => {
    const timer = manualTimer();
    const sent: ChangeBatch[] = [];
    const pushes = createPushCoalescer({
      send: (item) => sent.push(item),
      schedule: timer.schedule,
    });

    pushes.push(batch(1));
    pushes.push(batch(2));
    pushes.close();
    pushes.push(batch(3));
    pushes.flush();

    expect(sent.map((item) => item.revision)).toEqual([1]);
    expect(timer.pending()).toBe(0);
  });

  it('window of 0 sends every batch', () => {
    const timer = manualTimer();
    const sent: ChangeBatch[] = [];
    const pushes = createPushCoalescer({
      send: (item) => sent.push(item),
      schedule: timer.schedule,
      windowMs: 0,
    });

    pushes.push(batch(1));
    pushes.push(batch(2));

    expect(sent.map((item) => item.revision)).toEqual([1, 2]);
    expect(timer.pending()).toBe(0);
  });
});
