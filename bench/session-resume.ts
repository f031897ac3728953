/**
 * Resume after a network outage. A running console loses its link (the proxy resets it and
 * refuses new ones) while the central logs 10,000 events. Then the network comes back and the
 * host calls `probe()`, as it does on a network change. The time runs from the network coming
 * back to the last missed event reaching the state service, reconnect included.
 */
import { createConsoleCore } from '../src-main/core/core.js';
import { FaultProxy } from '../tests/fault/proxy.js';
import {
  consoleSeq,
  waitForSeq,
  withCentral,
  type BenchResult,
} from './session-common.js';

const MISSED = 10_000;
const ROUNDS = 3;
const GOAL_MS = 1000;

/** Short reconnect timing, so that the backoff does not hide the resume itself. */
const TIMING = {
  pingIntervalMs: 1000,
  deadAfterMs: 3000,
  backoffBaseMs: 50,
  backoffCapMs: 200,
};

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export async function benchResume(missed = MISSED): Promise<BenchResult> {
  return withCentral(async (central, folder) => {
    const port = Number(new URL(central.url).port);
    const proxy = await FaultProxy.start(port);
    const core = createConsoleCore({
      centralUrl: proxy.url(),
      dataDir: folder('bench-console-'),
      token: 'dev-console-token',
      clientVersion: '0.0.0-bench',
      sessionTiming: TIMING,
    });
    const rounds: number[] = [];
    try {
      await core.start();
      let next = 0;
      const first = await central.ask({
        type: 'publish',
        count: 100,
        batch: 100,
        ratePerSecond: 0,
        firstIndex: next,
      });
      next += 100;
      await waitForSeq(core, first.headSeq, 30_000);

      for (let round = 0; round < ROUNDS; round += 1) {
        proxy.refuse();
        proxy.drop();
        const published = await central.ask({
          type: 'publish',
          count: missed,
          batch: 500,
          ratePerSecond: 0,
          firstIndex: next,
        });
        next += missed;

        const started = performance.now();
        proxy.restore();
        core.probe();
        await waitForSeq(core, published.headSeq, 120_000);
        rounds.push(performance.now() - started);
        if (consoleSeq(core) !== published.headSeq) {
          throw new Error(
            `resume ended at ${consoleSeq(core)}, expected ${published.headSeq}`,
          );
        }
      }
    } finally {
      await core.stop();
      await proxy.close();
    }

    const resume = median(rounds);
    return {
      name: `resume of ${missed.toLocaleString('en')} missed events`,
      value: Math.round(resume),
      unit: 'ms',
      goal: `≤ ${GOAL_MS} ms`,
      met: resume <= GOAL_MS,
      details: [
        `rounds, network back to the last event in the state (ms): ${rounds.map((ms) => Math.round(ms)).join(', ')}`,
        `rate during the resume: ${Math.round(missed / (resume / 1000)).toLocaleString('en')} events/s`,
        `reconnect included: backoff ${TIMING.backoffBaseMs}-${TIMING.backoffCapMs} ms, probe() right after the network returns`,
      ],
    };
  });
}
