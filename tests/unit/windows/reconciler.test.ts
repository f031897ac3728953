import { describe, expect, it } from 'vitest';
import type { Logger, LogLevel } from '../../../src-node/logging/index.js';
import {
  createWallReconciler,
  planWalls,
  type DisplayInfo,
  type ReconcilerTimers,
  type SavedWalls,
  type WallLayout,
  type WallPlan,
  type WallReconcilerOptions,
} from '../../../src-main/windows/index.js';
import { displayA, displayB, placementOf, wall } from './fixtures.js';

const INTERVAL_MS = 2000;
const SETTLE_MS = 100;

/** Timers driven by `advance`, so time moves only when a test calls it. */
function createManualTimers() {
  let now = 1_000_000;
  let nextHandle = 1;
  const due = new Map<number, { at: number; callback: () => void }>();

  const timers: ReconcilerTimers = {
    setTimeout(callback, ms) {
      const handle = nextHandle;
      nextHandle += 1;
      due.set(handle, { at: now + ms, callback });
      return handle;
    },
    clearTimeout(handle) {
      due.delete(handle as number);
    },
  };

  /** Fires due callbacks in time order, letting promises settle after each. */
  const advance = async (ms: number): Promise<void> => {
    const end = now + ms;

    for (let fired = 0; fired < 1000; fired += 1) {
      const next = [...due.entries()].sort((a, b) => a[1].at - b[1].at)[0];
      if (!next || next[1].at > end) {
        break;
      }
      due.delete(next[0]);
      now = next[1].at;
      next[1].callback();
      await settlePromises();
    }

    now = end;
    await settlePromises();
  };

  return { timers, advance, now: () => now, pendingTimers: () => due.size };
}

async function settlePromises(): Promise<void> {
  for (let round = 0; round < 10; round += 1) {
    await Promise.resolve();
  }
}

function createRecordingLogger() {
  const records: { level: LogLevel; message: string }[] = [];
  const at = (level: LogLevel) => (message: string) => {
    records.push({ level, message });
  };
  const logger: Logger = {
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    fatal: at('fatal'),
  };

  return { logger, records };
}

interface SetupState {
  displays: DisplayInfo[];
  saved: SavedWalls;
  applied: WallPlan[];
  planCalls: { displays: number[]; previous: WallPlan | null }[];
}

/**
 * A reconciler over real `planWalls`, a mutable display list and an apply
 * that records plans and persists `savedNext` the way the Electron part will.
 */
function setup(
  overrides: (state: SetupState) => Partial<WallReconcilerOptions> = () => ({}),
) {
  const clock = createManualTimers();
  const { logger, records } = createRecordingLogger();
  const layout: WallLayout = { walls: [wall('left', { displayId: 2 })] };
  const state: SetupState = {
    displays: [displayA, displayB],
    saved: {},
    applied: [],
    planCalls: [],
  };

  const reconciler = createWallReconciler({
    plan: (displays, previous) => {
      state.planCalls.push({ displays: displays.map((d) => d.id), previous });
      return planWalls(displays, layout, state.saved, { previous });
    },
    apply: (plan) => {
      state.applied.push(plan);
      state.saved = plan.savedNext;
    },
    getDisplays: () => state.displays,
    now: clock.now,
    intervalMs: INTERVAL_MS,
    settleMs: SETTLE_MS,
    timers: clock.timers,
    logger,
    ...overrides(state),
  });

  return { reconciler, clock, state, records };
}

describe('wall reconciler', () => {
  it('plans once on start', async () => {
    const { reconciler, clock, state } = setup();

    reconciler.start();
    expect(reconciler.status().phase).toBe('scheduled');
    await clock.advance(SETTLE_MS);

    expect(state.applied).toHaveLength(1);
    expect(state.planCalls[0]?.previous).toBeNull();
    expect(placementOf(state.applied[0]!, 'left').displayId).toBe(2);
    expect(reconciler.status().phase).toBe('idle');
    expect(reconciler.status().lastAppliedAt).toBe(clock.now());
  });

  it('coalesces triggers that arrive together', async () => {
    const { reconciler, clock, state } = setup();
    reconciler.start();
    await clock.advance(SETTLE_MS);

    state.displays = [displayA];
    reconciler.trigger('display-removed');
    reconciler.trigger('display-metrics-changed');
    reconciler.trigger('display-removed');
    expect(reconciler.status().pendingTriggers).toEqual([
      'display-removed',
      'display-metrics-changed',
    ]);
    await clock.advance(SETTLE_MS);

    expect(state.applied).toHaveLength(2);
    expect(placementOf(state.applied[1]!, 'left').displayId).toBe(1);
    expect(reconciler.status().pendingTriggers).toEqual([]);
  });

  it('re-plans on add, remove and metrics change', async () => {
    const { reconciler, clock, state } = setup();
    reconciler.start();
    await clock.advance(SETTLE_MS);

    state.displays = [displayA];
    reconciler.trigger('display-removed');
    await clock.advance(SETTLE_MS);
    state.displays = [displayA, displayB];
    reconciler.trigger('display-added');
    await clock.advance(SETTLE_MS);
    reconciler.trigger('display-metrics-changed');
    await clock.advance(SETTLE_MS);

    const displayIds = state.applied.map(
      (plan) => placementOf(plan, 'left').displayId,
    );
    expect(displayIds).toEqual([2, 1, 2, 2]);
  });

  it('corrects a missed removal on the periodic check', async () => {
    const { reconciler, clock, state, records } = setup();
    reconciler.start();
    await clock.advance(SETTLE_MS);

    // B is unplugged, and the platform sends no event.
    state.displays = [displayA];
    await clock.advance(INTERVAL_MS + SETTLE_MS);

    expect(state.applied).toHaveLength(2);
    expect(placementOf(state.applied[1]!, 'left').displayId).toBe(1);
    expect(state.saved.left?.displayId).toBe(2);
    expect(records.filter((record) => record.level === 'warn')).toHaveLength(1);
  });

  it('skips the periodic re-plan while displays are unchanged', async () => {
    const { reconciler, clock, state } = setup();
    reconciler.start();
    await clock.advance(SETTLE_MS);

    // Same displays as new objects in another order.
    state.displays = [{ ...displayB }, { ...displayA }];
    await clock.advance(INTERVAL_MS * 5);

    expect(state.applied).toHaveLength(1);
    expect(reconciler.status().runs).toBe(1);
  });

  it('logs a fallback once across re-plans', async () => {
    const { reconciler, clock, state, records } = setup();
    state.displays = [displayA];
    reconciler.start();
    await clock.advance(SETTLE_MS);

    reconciler.trigger('display-metrics-changed');
    await clock.advance(SETTLE_MS);
    reconciler.trigger('display-removed');
    await clock.advance(SETTLE_MS);

    expect(state.applied).toHaveLength(3);
    expect(state.planCalls[2]?.previous).toBe(state.applied[1]);
    expect(records.filter((record) => record.level === 'warn')).toHaveLength(1);
  });

  it('runs once more for a trigger during apply', async () => {
    const releases: (() => void)[] = [];
    const { reconciler, clock, state } = setup((shared) => ({
      apply: (plan) => {
        shared.applied.push(plan);
        return new Promise<void>((resolve) => {
          releases.push(resolve);
        });
      },
    }));
    reconciler.start();
    await clock.advance(SETTLE_MS);
    expect(reconciler.status().phase).toBe('running');

    reconciler.trigger('display-added');
    reconciler.trigger('display-removed');
    await clock.advance(SETTLE_MS * 3);
    expect(state.applied).toHaveLength(1);

    releases[0]?.();
    await settlePromises();
    expect(reconciler.status().phase).toBe('scheduled');
    await clock.advance(SETTLE_MS);
    expect(state.applied).toHaveLength(2);

    releases[1]?.();
    await reconciler.whenIdle();
    expect(reconciler.status().runs).toBe(2);
    expect(reconciler.status().phase).toBe('idle');
    reconciler.stop();
  });

  it('never overlaps runs across stop and start', async () => {
    const releases: (() => void)[] = [];
    let active = 0;
    let maxActive = 0;
    const { reconciler, clock, state } = setup((shared) => ({
      apply: (plan) => {
        shared.applied.push(plan);
        active += 1;
        maxActive = Math.max(maxActive, active);
        return new Promise<void>((resolve) => {
          releases.push(() => {
            active -= 1;
            resolve();
          });
        });
      },
    }));
    reconciler.start();
    await clock.advance(SETTLE_MS);

    reconciler.stop();
    reconciler.start();
    await clock.advance(SETTLE_MS * 2);
    expect(state.applied).toHaveLength(1);

    releases[0]?.();
    await settlePromises();
    await clock.advance(SETTLE_MS);
    releases[1]?.();
    await reconciler.whenIdle();

    expect(state.applied).toHaveLength(2);
    expect(maxActive).toBe(1);
    reconciler.stop();
  });

  it('retries a failed apply on the periodic check', async () => {
    let failuresLeft = 1;
    const applied: WallPlan[] = [];
    const { reconciler, clock, records } = setup(() => ({
      apply: (plan) => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          throw new Error('window 7 was destroyed');
        }
        applied.push(plan);
      },
    }));

    reconciler.start();
    await clock.advance(SETTLE_MS);
    expect(reconciler.status().consecutiveFailures).toBe(1);
    expect(reconciler.status().lastPlan).toBeNull();
    expect(records.filter((record) => record.level === 'error')).toHaveLength(
      1,
    );

    await clock.advance(INTERVAL_MS + SETTLE_MS);

    expect(applied).toHaveLength(1);
    expect(reconciler.status().consecutiveFailures).toBe(0);
    expect(reconciler.status().lastPlan).toBe(applied[0]);
  });

  it('stops its timers and ignores later triggers', async () => {
    const { reconciler, clock, state } = setup();
    reconciler.start();
    reconciler.stop();

    expect(clock.pendingTimers()).toBe(0);
    reconciler.trigger('display-added');
    state.displays = [displayA];
    await clock.advance(INTERVAL_MS * 3);

    expect(state.applied).toHaveLength(0);
    expect(reconciler.status().phase).toBe('stopped');
    await expect(reconciler.whenIdle()).resolves.toBeUndefined();
  });

  it('rejects an interval that is not positive', () => {
    expect(() => setup(() => ({ intervalMs: 0 }))).toThrow(/intervalMs/);
  });
});
