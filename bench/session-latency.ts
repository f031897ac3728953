/**
 * Event-to-wall latency at a steady 500 events/s: from the central stamping an alert as it
 * publishes it to the change batch that the console's state service emits with that alert.
 */
import type { ChangeBatch } from '../src-shared/contract/index.js';
import { percentile } from './lib/session-bench.js';
import {
  startConsole,
  waitForSeq,
  withCentral,
  type BenchResult,
} from './session-common.js';

const RATE = 500;
const SECONDS = 20;
/** Alerts per publish transaction: 5 every 10 ms makes 500/s with a steady timer. */
const BATCH = 5;
const GOAL_P99_MS = 250;

export async function benchLatency(seconds = SECONDS): Promise<BenchResult> {
  return withCentral(async (central, folder) => {
    const core = await startConsole(central.url, folder('bench-console-'));
    const latencies: number[] = [];
    try {
      const warm = await central.ask({
        type: 'publish',
        count: 10,
        batch: 10,
        ratePerSecond: 0,
        firstIndex: 0,
      });
      await waitForSeq(core, warm.headSeq, 30_000);

      const unsubscribe = core.state.subscribe((batch: ChangeBatch) => {
        const now = Date.now();
        for (const change of batch.changes) {
          if (change.type === 'alert.upsert') {
            latencies.push(now - change.alert.publishedAt);
          }
        }
      });
      const count = RATE * seconds;
      const published = await central.ask({
        type: 'publish',
        count,
        batch: BATCH,
        ratePerSecond: RATE,
        firstIndex: 10,
      });
      await waitForSeq(core, published.headSeq, 60_000);
      unsubscribe();
    } finally {
      await core.stop();
    }

    const sorted = [...latencies].sort((a, b) => a - b);
    const p50 = percentile(sorted, 0.5);
    const p99 = percentile(sorted, 0.99);
    return {
      name: `event-to-state latency at ${RATE} events/s for ${seconds} s`,
      value: p99,
      unit: 'ms p99',
      goal: `p99 ≤ ${GOAL_P99_MS} ms`,
      met: p99 <= GOAL_P99_MS && sorted.length >= RATE * seconds,
      details: [
        `p50 ${p50} ms, p99 ${p99} ms, max ${sorted[sorted.length - 1] ?? Number.NaN} ms over ${sorted.length.toLocaleString('en')} alerts`,
        'measured from the central stamping publishedAt (its own process) to the change batch of the state service',
      ],
    };
  });
}
