/**
 * Resync after the retention window: the console's position was pruned from a log of 1,000,000
 * alerts, so it must rebuild the stream from the central's state (paged snapshot, when served).
 */
import {
  consoleSeq,
  startConsole,
  waitForSeq,
  withCentral,
  type BenchResult,
} from './session-common.js';
import { print } from './lib/session-bench.js';

const EVENTS = 1_000_000;
const GOAL_MS = 60_000;
const KEEP_LAST = 1000;

export async function benchResync(events = EVENTS): Promise<BenchResult> {
  return withCentral(async (central, folder) => {
    const dataDir = folder('bench-console-');
    let core = await startConsole(central.url, dataDir);
    const first = await central.ask({
      type: 'publish',
      count: 10,
      batch: 10,
      ratePerSecond: 0,
      firstIndex: 0,
    });
    await waitForSeq(core, first.headSeq, 30_000);
    await core.stop();

    const fill = await central.ask({
      type: 'publish',
      count: events,
      batch: 5000,
      ratePerSecond: 0,
      firstIndex: 10,
    });
    await central.ask({ type: 'prune', keepLast: KEEP_LAST });
    print(
      `  resync: central filled with ${events.toLocaleString('en')} alerts in ${Math.round((fill.endedAt - fill.startedAt) / 1000)} s`,
    );

    const samples: string[] = [];
    const started = performance.now();
    core = await startConsole(central.url, dataDir);
    const sampler = setInterval(() => {
      const status = core.sessionStatus();
      const progress =
        status.progress === null
          ? '-'
          : `${status.progress.done}/${status.progress.total}`;
      const line = `${Math.round((performance.now() - started) / 1000)} s: ${status.phase}, progress ${progress}, seq ${consoleSeq(core)}`;
      samples.push(line);
      print(`  resync: ${line}`);
    }, 5000);
    try {
      await waitForSeq(core, fill.headSeq, 15 * 60_000);
    } finally {
      clearInterval(sampler);
    }
    const elapsed = performance.now() - started;
    const alerts = core.state.snapshot().aggregates.total;
    await core.stop();

    return {
      name: `resync of ${events.toLocaleString('en')} events (position pruned)`,
      value: Math.round(elapsed),
      unit: 'ms',
      goal: `≤ ${GOAL_MS / 1000} s`,
      met: elapsed <= GOAL_MS && alerts === events + 10,
      details: [
        `alerts in the console afterwards: ${alerts.toLocaleString('en')} (central: ${(events + 10).toLocaleString('en')})`,
        `progress samples: ${samples.length === 0 ? 'none (finished within 5 s)' : samples.join('; ')}`,
      ],
    };
  });
}
