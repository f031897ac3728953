// Store update cost for the wall's large lists: `npx tsx bench/wall-store.ts`. Prints a Markdown
// section for docs/BENCHMARKS.md. Runs in Node, without a browser: it measures the list work a
// store does per update, not rendering.
import type { Alert } from '../src-shared/contract/index.js';
import { mergeAlerts } from '../src-renderer/src/stores/alert-list.js';
import { createBulkList } from '../src-renderer/src/stores/bulk-list.js';
import { makeAlert } from '../tests/renderer/fake-main.js';
import { describeMachine, timed } from './lib/machine.js';

const ALERTS = 100_000;
const UPDATES = 200;
const RESIDENTS = 60_000;

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function summarize(times: number[]): {
  median: number;
  p95: number;
  max: number;
} {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)] ?? 0,
    p95: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
    max: sorted[sorted.length - 1] ?? 0,
  };
}

async function main(): Promise<void> {
  const initial: Alert[] = [];
  for (let i = ALERTS - 1; i >= 0; i -= 1) {
    initial.push(makeAlert(i));
  }

  // One new alert in front of 100,000, as a list store does every 200 ms.
  const list = createBulkList<Alert>(ALERTS);
  list.replace(initial);
  const prependTimes: number[] = [];
  for (let update = 0; update < UPDATES; update += 1) {
    const fresh = [makeAlert(ALERTS + update)];
    prependTimes.push((await timed(() => list.prepend(fresh))).ms);
  }

  // The same update through the id-keyed merge the live store uses.
  let merged: Alert[] = initial;
  const mergeTimes: number[] = [];
  for (let update = 0; update < UPDATES; update += 1) {
    const fresh = [makeAlert(ALERTS + update)];
    mergeTimes.push(
      (await timed(() => (merged = mergeAlerts(merged, fresh, ALERTS)))).ms,
    );
  }

  const residents = Array.from({ length: RESIDENTS }, (_, id) => ({
    id,
    masked: '张*明',
    score: 100 + (id % 50),
  }));
  const points = createBulkList<(typeof residents)[number]>(RESIDENTS);
  const loadTimes: number[] = [];
  for (let round = 0; round < 20; round += 1) {
    loadTimes.push((await timed(() => points.replace(residents))).ms);
  }

  print(`Machine: ${describeMachine()}`);
  print('');
  print('### Store updates on large lists (Node, no rendering)');
  print('');
  print('| Update | Median | 95th percentile | Max | Goal 16 ms (95th) |');
  print('|---|---|---|---|---|');
  const row = (name: string, times: number[]): void => {
    const { median, p95, max } = summarize(times);
    print(
      `| ${name} | ${median.toFixed(2)} ms | ${p95.toFixed(2)} ms | ${max.toFixed(2)} ms | ${p95 <= 16 ? 'met' : 'missed'} |`,
    );
  };
  row(
    `one alert in front of ${ALERTS.toLocaleString('en-US')} (bulk list), ${UPDATES} times`,
    prependTimes,
  );
  row(
    `one alert merged into ${ALERTS.toLocaleString('en-US')} by id, ${UPDATES} times`,
    mergeTimes,
  );
  row(
    `${RESIDENTS.toLocaleString('en-US')} residents' points loaded at once, 20 times`,
    loadTimes,
  );
  print('');
  print(
    'Times include garbage-collection pauses of the Node process; they show mostly in the max.',
  );
  print('');
}

await main();
