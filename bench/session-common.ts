/**
 * The console side of the session benchmarks: a console core in this process, pointed at a
 * central in a child process, with helpers to wait until it is level with the central.
 */
import {
  createConsoleCore,
  type ConsoleCoreControls,
} from '../src-main/core/core.js';
import { CentralProcess, tempFolders } from './lib/session-bench.js';

export interface BenchResult {
  name: string;
  /** Measured value in `unit`. */
  value: number;
  unit: string;
  goal: string;
  met: boolean;
  /** Further figures, one line each, for the report. */
  details: string[];
}

export function createConsole(
  centralUrl: string,
  dataDir: string,
): ConsoleCoreControls {
  return createConsoleCore({
    centralUrl,
    dataDir,
    token: 'dev-console-token',
    clientVersion: '0.0.0-bench',
  });
}

export async function startConsole(
  centralUrl: string,
  dataDir: string,
): Promise<ConsoleCoreControls> {
  const core = createConsole(centralUrl, dataDir);
  await core.start();
  return core;
}

/** Last applied seq of the alerts stream, as the state service reports it. */
export function consoleSeq(core: ConsoleCoreControls): number {
  return core.state.snapshot().streams['alerts']?.seq ?? 0;
}

/**
 * Waits until the console's alerts stream reaches `seq`. It follows the state service's change
 * batches instead of polling `snapshot()`, which builds the whole state and would load the
 * process being measured.
 */
export async function waitForSeq(
  core: ConsoleCoreControls,
  seq: number,
  timeoutMs: number,
): Promise<void> {
  let reached = consoleSeq(core);
  if (reached >= seq) {
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(
        new Error(
          `timed out after ${timeoutMs} ms waiting for the console to reach seq ${seq} (at ${reached}, phase ${core.sessionStatus().phase})`,
        ),
      );
    }, timeoutMs);
    const unsubscribe = core.state.subscribe((batch) => {
      for (const change of batch.changes) {
        if (change.type === 'stream' && change.stream === 'alerts') {
          reached = Math.max(reached, change.freshness.seq);
        } else if (change.type === 'reset') {
          reached = consoleSeq(core);
        }
      }
      if (reached >= seq) {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      }
    });
  });
}

/** Runs `body` with a fresh central process and temp folders, and cleans up whatever happens. */
export async function withCentral<T>(
  body: (
    central: CentralProcess,
    folder: (prefix: string) => string,
  ) => Promise<T>,
): Promise<T> {
  const folders = tempFolders();
  const central = await CentralProcess.start({
    dataDir: folders.make('bench-central-'),
  });
  try {
    return await body(central, (prefix) => folders.make(prefix));
  } finally {
    await central.stop();
    folders.removeAll();
  }
}
