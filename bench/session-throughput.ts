/**
 * Steady throughput from the central into the console's cache, against a bare ws consumer that
 * only parses the same frames, over the same loopback, from a central in another process.
 */
import type { CentralProcess } from './lib/session-bench.js';
import { BareConsumer } from './lib/session-bench.js';
import {
  startConsole,
  waitForSeq,
  withCentral,
  type BenchResult,
} from './session-common.js';

const EVENTS = 50_000;
const BATCH = 200;
const ROUNDS = 2;
const GOAL_RATIO = 0.5;

/**
 * CPU time of this process (every thread: the console's main thread and its cache worker, or the
 * bare client) per event, in µs, for each round. It varies less with other load on the machine
 * than the rates do.
 */
const cpuPerEvent: { console: number[]; bare: number[] } = {
  console: [],
  bare: [],
};

/** Publishes `count` alerts at full speed and returns events/s until `reached` resolves. */
async function timedRun(
  central: CentralProcess,
  count: number,
  firstIndex: number,
  reached: (headSeq: number) => Promise<void>,
  startSeq: number,
  cpu: number[],
): Promise<number> {
  const cpuBefore = process.cpuUsage();
  const started = Date.now();
  const publishing = central.ask({
    type: 'publish',
    count,
    batch: BATCH,
    ratePerSecond: 0,
    firstIndex,
  });
  await reached(startSeq + count);
  const ended = Date.now();
  const used = process.cpuUsage(cpuBefore);
  cpu.push((used.user + used.system) / count);
  await publishing;
  return count / ((ended - started) / 1000);
}

async function consoleRate(count: number): Promise<number> {
  return withCentral(async (central, folder) => {
    const core = await startConsole(central.url, folder('bench-console-'));
    try {
      const warm = await central.ask({
        type: 'publish',
        count: 10,
        batch: 10,
        ratePerSecond: 0,
        firstIndex: 0,
      });
      await waitForSeq(core, warm.headSeq, 30_000);
      return await timedRun(
        central,
        count,
        10,
        (seq) => waitForSeq(core, seq, 300_000),
        warm.headSeq,
        cpuPerEvent.console,
      );
    } finally {
      await core.stop();
    }
  });
}

async function bareRate(count: number): Promise<number> {
  return withCentral(async (central) => {
    const consumer = await BareConsumer.connect(central.url);
    try {
      const warm = await central.ask({
        type: 'publish',
        count: 10,
        batch: 10,
        ratePerSecond: 0,
        firstIndex: 0,
      });
      await consumer.reach(warm.headSeq);
      return await timedRun(
        central,
        count,
        10,
        (seq) => consumer.reach(seq),
        warm.headSeq,
        cpuPerEvent.bare,
      );
    } finally {
      consumer.close();
    }
  });
}

export async function benchThroughput(count = EVENTS): Promise<BenchResult> {
  const consoleRates: number[] = [];
  const bareRates: number[] = [];
  // Alternate the two, so that a slow phase of the machine hits both alike.
  for (let round = 0; round < ROUNDS; round += 1) {
    bareRates.push(await bareRate(count));
    consoleRates.push(await consoleRate(count));
  }
  const best = (rates: number[]): number => Math.max(...rates);
  const ratio = best(consoleRates) / best(bareRates);
  const shownCpu = (values: number[]): string =>
    values.map((value) => value.toFixed(0)).join(', ');
  const shown = (rates: number[]): string =>
    rates.map((rate) => Math.round(rate).toLocaleString('en')).join(', ');
  return {
    name: `steady throughput, console cache vs bare ws (${count.toLocaleString('en')} events, batches of ${BATCH})`,
    value: Number(ratio.toFixed(2)),
    unit: '×',
    goal: `≥ ${GOAL_RATIO}×`,
    met: ratio >= GOAL_RATIO,
    details: [
      `console into the cache: ${shown(consoleRates)} events/s (best ${Math.round(best(consoleRates)).toLocaleString('en')})`,
      `bare ws consumer: ${shown(bareRates)} events/s (best ${Math.round(best(bareRates)).toLocaleString('en')})`,
      'both rates include the central publishing in its own process; the bare rate is capped by the central',
      `CPU of the consuming process per event (all threads): console ${shownCpu(cpuPerEvent.console)} µs, bare ${shownCpu(cpuPerEvent.bare)} µs`,
    ],
  };
}
