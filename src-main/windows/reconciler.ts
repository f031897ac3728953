import { createLogger, type Logger } from '../../src-node/logging/index.js';
import { fingerprintDisplays } from './fingerprint.js';
import type { DisplayInfo, WallPlan } from './types.js';

export type ReconcileTrigger =
  | 'start'
  | 'display-added'
  | 'display-removed'
  | 'display-metrics-changed'
  | 'periodic-check';

/** Timer functions, injectable so tests drive time by hand. */
export interface ReconcilerTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface WallReconcilerOptions {
  /**
   * Plans for the given displays. The caller closes over the layout and the
   * saved state, and must feed each applied plan's `savedNext` back as saved.
   */
  plan: (displays: DisplayInfo[], previous: WallPlan | null) => WallPlan;
  /** Moves, shows and hides the windows; a rejection is logged and retried. */
  apply: (plan: WallPlan) => void | Promise<void>;
  getDisplays: () => DisplayInfo[];
  /** Clock in ms since the Unix epoch, for the status. */
  now: () => number;
  /**
   * Period of the display-list check in ms. Some systems never report a removed
   * display, so this bounds how long a stale list can last.
   */
  intervalMs: number;
  /**
   * Wait in ms after a trigger before re-planning, so that the burst of events
   * one hot-plug causes becomes one re-plan. Defaults to 250.
   */
  settleMs?: number;
  timers?: ReconcilerTimers;
  logger?: Logger;
}

export type ReconcilerPhase = 'stopped' | 'idle' | 'scheduled' | 'running';

export interface ReconcilerStatus {
  phase: ReconcilerPhase;
  /** Triggers waiting for the next re-plan, each once, in arrival order. */
  pendingTriggers: ReconcileTrigger[];
  /** Last plan applied without error. */
  lastPlan: WallPlan | null;
  /** Fingerprint of the display list behind `lastPlan`. */
  lastFingerprint: string | null;
  lastAppliedAt: number | null;
  /** Re-plans attempted since start. */
  runs: number;
  consecutiveFailures: number;
}

export interface WallReconciler {
  /** Plans once at once and arms the periodic check. */
  start(): void;
  /** Cancels timers; a re-plan already running finishes, and no other starts. */
  stop(): void;
  /** Requests a re-plan; triggers that arrive before it runs join it. */
  trigger(kind: ReconcileTrigger): void;
  status(): ReconcilerStatus;
  /** Resolves once no re-plan is scheduled or running. */
  whenIdle(): Promise<void>;
}

const DEFAULT_SETTLE_MS = 250;

/** Failures past the first are logged at this interval, to keep the log readable. */
const FAILURE_LOG_EVERY = 20;

const defaultTimers: ReconcilerTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

/**
 * Creates the state machine that keeps wall windows on their displays:
 * stopped → idle → scheduled → running → idle. Display events and a periodic
 * comparison of the display list's fingerprint both lead to a re-plan.
 */
export function createWallReconciler(
  options: WallReconcilerOptions,
): WallReconciler {
  if (!(options.intervalMs > 0)) {
    throw new RangeError(
      `Wall reconciler intervalMs must be a positive number of ms; got ${options.intervalMs}.`,
    );
  }

  const timers = options.timers ?? defaultTimers;
  const log = options.logger ?? createLogger('wall-reconciler');
  const settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;

  let phase: ReconcilerPhase = 'stopped';
  let pending: ReconcileTrigger[] = [];
  let lastPlan: WallPlan | null = null;
  let lastFingerprint: string | null = null;
  let lastAppliedAt: number | null = null;
  let runs = 0;
  let failures = 0;
  let settleTimer: unknown = null;
  let checkTimer: unknown = null;
  let idleWaiters: (() => void)[] = [];
  // Separate from the phase because stop() and start() may run while an
  // apply is still in flight, and two runs must never overlap.
  let inFlight = false;

  const isIdle = (): boolean =>
    !inFlight && (phase === 'idle' || phase === 'stopped');

  const settle = (): void => {
    if (isIdle()) {
      const waiters = idleWaiters;
      idleWaiters = [];
      waiters.forEach((resolve) => resolve());
    }
  };

  const schedule = (): void => {
    phase = 'scheduled';
    settleTimer = timers.setTimeout(() => {
      settleTimer = null;
      if (!inFlight) {
        void run();
      }
    }, settleMs);
  };

  const trigger = (kind: ReconcileTrigger): void => {
    if (phase === 'stopped') {
      log.debug(`trigger: ignored "${kind}" because the reconciler is stopped`);
      return;
    }
    if (!pending.includes(kind)) {
      pending.push(kind);
    }
    if (phase === 'idle') {
      schedule();
    }
  };

  const run = async (): Promise<void> => {
    phase = 'running';
    inFlight = true;
    runs += 1;
    const triggers = pending;
    pending = [];

    try {
      const displays = options.getDisplays();
      const fingerprint = fingerprintDisplays(displays);
      // The previous plan is the last one applied, so that after a failed
      // apply the retry still sees every move, and logs its entries again.
      const plan = options.plan(displays, lastPlan);

      writePlanLog(log, plan);
      await options.apply(plan);

      lastPlan = plan;
      lastFingerprint = fingerprint;
      lastAppliedAt = options.now();
      if (failures > 0) {
        log.info(`run: re-plan succeeded after ${failures} failures`);
      }
      failures = 0;
    } catch (error) {
      failures += 1;
      logFailure(log, error, triggers, failures);
    }

    finishRun();
  };

  const finishRun = (): void => {
    inFlight = false;
    if (phase === 'stopped' || settleTimer !== null) {
      settle();
      return;
    }
    if (pending.length > 0) {
      schedule();
      return;
    }
    phase = 'idle';
    settle();
  };

  const checkDisplays = (): void => {
    checkTimer = null;
    if (phase === 'stopped') {
      return;
    }

    try {
      const fingerprint = fingerprintDisplays(options.getDisplays());
      // A failed run leaves the fingerprint unset, so the check also retries it.
      if (fingerprint !== lastFingerprint) {
        trigger('periodic-check');
      }
    } catch (error) {
      log.error('checkDisplays: reading the display list failed', {
        error: String(error),
      });
    }

    armCheck();
  };

  const armCheck = (): void => {
    checkTimer = timers.setTimeout(checkDisplays, options.intervalMs);
  };

  return {
    start() {
      if (phase !== 'stopped') {
        return;
      }
      phase = 'idle';
      trigger('start');
      armCheck();
    },

    stop() {
      if (settleTimer !== null) {
        timers.clearTimeout(settleTimer);
        settleTimer = null;
      }
      if (checkTimer !== null) {
        timers.clearTimeout(checkTimer);
        checkTimer = null;
      }
      phase = 'stopped';
      pending = [];
      settle();
    },

    trigger,

    status() {
      return {
        phase,
        pendingTriggers: [...pending],
        lastPlan,
        lastFingerprint,
        lastAppliedAt,
        runs,
        consecutiveFailures: failures,
      };
    },

    whenIdle() {
      if (isIdle()) {
        return Promise.resolve();
      }

      return new Promise((resolve) => {
        idleWaiters.push(resolve);
      });
    },
  };
}

function writePlanLog(log: Logger, plan: WallPlan): void {
  for (const entry of plan.log) {
    const fields = entry.wall === null ? undefined : { wall: entry.wall };
    log[entry.level](entry.message, fields);
  }
}

function logFailure(
  log: Logger,
  error: unknown,
  triggers: readonly ReconcileTrigger[],
  failures: number,
): void {
  const fields = {
    error: error instanceof Error ? error.message : String(error),
    triggers: triggers.join(','),
    failures,
  };
  const message = 'run: re-plan or apply failed; the periodic check retries it';

  if (failures === 1 || failures % FAILURE_LOG_EVERY === 0) {
    log.error(message, fields);
  } else {
    log.debug(message, fields);
  }
}
