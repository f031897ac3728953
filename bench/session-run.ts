/**
 * `npm run bench:session`: resume, resync, throughput and latency of the console's session.
 * `--quick` runs smaller sizes to check that the benchmarks work; `--only NAME` runs one of
 * resume, resync, throughput, latency.
 */
import { loadavg } from 'node:os';
import { machine, print } from './lib/session-bench.js';
import type { BenchResult } from './session-common.js';
import { benchLatency } from './session-latency.js';
import { benchResume } from './session-resume.js';
import { benchResync } from './session-resync.js';
import { benchThroughput } from './session-throughput.js';

const quick = process.argv.includes('--quick');
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex >= 0 ? process.argv[onlyIndex + 1] : undefined;

const BENCHES: Record<string, () => Promise<BenchResult>> = {
  resume: () => benchResume(quick ? 1000 : undefined),
  resync: () => benchResync(quick ? 20_000 : undefined),
  throughput: () => benchThroughput(quick ? 5000 : undefined),
  latency: () => benchLatency(quick ? 3 : undefined),
};

/** The 1-minute load average: other work on the machine slows every figure down. */
function loadAverage(): string {
  return (loadavg()[0] ?? 0).toFixed(1);
}

async function main(): Promise<void> {
  print(`session benchmarks${quick ? ' (quick sizes)' : ''} on ${machine()}`);
  const names = only === undefined ? Object.keys(BENCHES) : [only];
  const results: BenchResult[] = [];
  for (const name of names) {
    const bench = BENCHES[name];
    if (bench === undefined) {
      throw new Error(
        `no benchmark named ${name}; use one of ${Object.keys(BENCHES).join(', ')}`,
      );
    }
    print(`running ${name} (load average ${loadAverage()})...`);
    const result = await bench();
    results.push(result);
    print(
      `  ${result.name}: ${result.value} ${result.unit} (goal ${result.goal}) ${result.met ? 'MET' : 'MISSED'}`,
    );
    result.details.forEach((line) => print(`    ${line}`));
  }
  print(JSON.stringify(results, null, 2));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `session benchmark failed: ${(error as Error).stack ?? String(error)}\n`,
  );
  process.exitCode = 1;
});
