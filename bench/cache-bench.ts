// Cache benchmarks: `npm run bench:cache [-- --ingest N --events N]`. Prints a Markdown section
// for docs/BENCHMARKS.md. Every ratio compares runs made in this same process. `--ingest-only`
// runs the ingest comparison alone.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Cache, type CacheEvent } from '../src-main/services/cache/index.js';
import { CacheStore } from '../src-main/services/cache/store.js';
import { BetterIngest } from './lib/better-ingest.js';
import { describeMachine, timed } from './lib/machine.js';
import { EventRows } from './lib/rows.js';

const { values } = parseArgs({
  options: {
    ingest: { type: 'string', default: '100000' },
    events: { type: 'string', default: '1000000' },
    batch: { type: 'string', default: '500' },
    // Rounds of the ingest comparison, each path once per round; the fastest of each is shown.
    rounds: { type: 'string', default: '1' },
    // Events per transaction while building the large cache; larger batches build it sooner.
    'build-batch': { type: 'string', default: '5000' },
    // An existing cache of `events` events to measure open, queries and size on, skipping the
    // ingest comparison and the build of the large cache.
    reuse: { type: 'string' },
    // Runs the ingest comparison alone, without the large cache that takes many minutes to build.
    'ingest-only': { type: 'boolean', default: false },
  },
});
const INGEST = Number(values.ingest);
const EVENTS = Number(values.events);
const BATCH = Number(values.batch);
const ROUNDS = Math.max(1, Number(values.rounds));
const BUILD_BATCH = Number(values['build-batch']);
const RATE = 5;
const START = Date.UTC(2026, 10, 1);
const DAY_S = 86_400;

const dir = mkdtempSync(join(tmpdir(), 'console-cache-bench-'));
const lines: string[] = [];
const print = (line: string): void => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};

function batches(count: number): CacheEvent[][] {
  const rows = new EventRows(START, RATE);
  const result: CacheEvent[][] = [];
  for (let done = 0; done < count; done += BATCH) {
    result.push(rows.batch(Math.min(BATCH, count - done)));
  }
  return result;
}

function perSecond(count: number, ms: number): string {
  return Math.round((count * 1000) / ms).toLocaleString('en-US');
}

/** Wall and CPU time of `work`; CPU time (all threads of the process) varies less with load. */
async function measured(
  work: () => Promise<void> | void,
): Promise<{ ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const { ms } = await timed(work);
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}

async function ingestRound(
  input: CacheEvent[][],
  round: number,
): Promise<{ engine: Timing; worker: Timing; better: Timing }> {
  const engine = await measured(() => {
    const store = CacheStore.open(
      { path: join(dir, `engine-${round}.sqlite3`) },
      Date.now,
    );
    for (const batch of input) {
      store.applyEvents('alerts', 'bench', batch);
    }
    store.close();
  });
  const worker = await measured(async () => {
    const cache = await Cache.open({
      path: join(dir, `worker-${round}.sqlite3`),
      maintenanceIntervalMs: 0,
    });
    for (const batch of input) {
      await cache.applyEvents('alerts', 'bench', batch);
    }
    await cache.close();
  });
  const better = await measured(() => {
    const db = new BetterIngest(join(dir, `better-${round}.sqlite3`));
    for (const batch of input) {
      db.applyEvents('alerts', 'bench', batch);
    }
    db.close();
  });
  return { engine, worker, better };
}

interface Timing {
  ms: number;
  cpuMs: number;
}

function fastest(timings: Timing[]): Timing {
  return timings.reduce((best, next) => (next.ms < best.ms ? next : best));
}

async function ingestSection(): Promise<void> {
  const input = batches(INGEST);
  const rounds: { engine: Timing; worker: Timing; better: Timing }[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    rounds.push(await ingestRound(input, round));
  }
  const engine = fastest(rounds.map((round) => round.engine));
  const worker = fastest(rounds.map((round) => round.worker));
  const better = fastest(rounds.map((round) => round.better));

  print(
    `### Ingest of ${INGEST.toLocaleString('en-US')} events, batches of ${BATCH}, fastest of ${ROUNDS} rounds`,
  );
  print('');
  print(
    `Load average at the end: ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}.`,
  );
  print('');
  print(
    '| Path | Time | Events/s | Ratio to better-sqlite3 | CPU time | CPU ratio |',
  );
  print('|---|---|---|---|---|---|');
  const row = (name: string, timing: Timing): void =>
    print(
      `| ${name} | ${(timing.ms / 1000).toFixed(1)} s | ${perSecond(INGEST, timing.ms)} | ${(better.ms / timing.ms).toFixed(2)}× | ${(timing.cpuMs / 1000).toFixed(1)} s | ${(better.cpuMs / timing.cpuMs).toFixed(2)}× |`,
    );
  row('node-sqlite3-wasm, CacheStore on one thread', engine);
  row('node-sqlite3-wasm, Cache through the worker', worker);
  row('better-sqlite3 12.11.1, same statements', better);
  print('');
}

async function buildLargeCache(path: string): Promise<void> {
  const rows = new EventRows(START, RATE);
  const built = await timed(() => {
    const store = CacheStore.open({ path }, Date.now);
    for (let done = 0; done < EVENTS; done += BUILD_BATCH) {
      store.applyEvents(
        'alerts',
        'bench',
        rows.batch(Math.min(BUILD_BATCH, EVENTS - done)),
      );
    }
    store.close();
  });
  print(
    `Building the ${EVENTS.toLocaleString('en-US')}-event cache in batches of ${BUILD_BATCH.toLocaleString('en-US')} took ${(built.ms / 1000).toFixed(0)} s (${perSecond(EVENTS, built.ms)} events/s on one thread).`,
  );
  print('');
}

async function openSection(path: string): Promise<Cache> {
  const opened = await timed(async () => {
    const cache = await Cache.open({ path, maintenanceIntervalMs: 0 });
    await cache.positions();
    await cache.aggregates();
    await cache.latestAlerts(200);
    return cache;
  });
  print(
    `### Open and first wall snapshot, ${EVENTS.toLocaleString('en-US')} events`,
  );
  print('');
  print(
    `Worker start, open, positions, aggregates and the latest 200 alerts: ${opened.ms.toFixed(0)} ms (goal 500 ms).`,
  );
  print('');
  return opened.value;
}

async function querySection(cache: Cache): Promise<void> {
  const latest = await cache.latestAlerts(1);
  const town = latest[0]?.place.townName ?? '骆驼坳镇';
  const middle = START + Math.floor((EVENTS / RATE / 2) * 1000);
  const queries: [string, () => Promise<unknown>][] = [
    ['aggregates (wall counts)', () => cache.aggregates()],
    ['latest 200 alerts', () => cache.latestAlerts(200)],
    [
      'levels 1-2, 100 rows',
      () => cache.queryAlerts({ levels: [1, 2], limit: 100 }),
    ],
    [
      `town ${town}, 100 rows`,
      () => cache.queryAlerts({ townNames: [town], limit: 100 }),
    ],
    [
      'page before a mid instant, 100 rows',
      () => cache.queryAlerts({ before: middle, limit: 100 }),
    ],
    [
      'text search 火灾, 50 rows',
      () => cache.queryAlerts({ text: '火灾', limit: 50 }),
    ],
    [
      'text search with no match, 50 rows',
      () => cache.queryAlerts({ text: 'zzzz-none', limit: 50 }),
    ],
  ];
  print(
    `### Panel queries over ${EVENTS.toLocaleString('en-US')} cached events`,
  );
  print('');
  // The build leaves up to TEXT_TAIL_ROWS alerts out of the text index until the worker indexes
  // them while idle. Text queries read that tail with a LIKE, so its size is printed with them.
  const { textTailRows } = await cache.stats();
  print(
    `Alert rows outside the text index when the queries start: ${textTailRows.toLocaleString('en-US')}.`,
  );
  print('');
  print('| Query | Median of 5 | Max of 5 | Goal 50 ms |');
  print('|---|---|---|---|');
  for (const [name, run] of queries) {
    const times: number[] = [];
    for (let round = 0; round < 5; round += 1) {
      times.push((await timed(run)).ms);
    }
    times.sort((a, b) => a - b);
    const median = times[2] ?? 0;
    const max = times[4] ?? 0;
    print(
      `| ${name} | ${median.toFixed(1)} ms | ${max.toFixed(1)} ms | ${median <= 50 ? 'met' : 'missed'} |`,
    );
  }
  print('');
}

async function sizeSection(cache: Cache): Promise<void> {
  const stats = await cache.stats();
  const bytes = stats.pageCount * stats.pageSize;
  const perEvent = bytes / EVENTS;
  const month = 30 * DAY_S * RATE;
  print('### File size');
  print('');
  print(
    `${EVENTS.toLocaleString('en-US')} events: ${(bytes / 1024 ** 2).toFixed(0)} MiB, ${perEvent.toFixed(0)} bytes per event (event row, alert row, indexes and hourly counts).`,
  );
  print(
    `The build runs no maintenance pass, so no alert row is packed here; \`npm run bench:cache-size\` measures the file with packing. Unpacked, ${month.toLocaleString('en-US')} events (30 days at ${RATE} events/s) would take an estimated ${((perEvent * month) / 1024 ** 3).toFixed(1)} GiB.`,
  );
  print('');
}

print(`Machine: ${describeMachine()}`);
print('');
try {
  let large = join(dir, 'large.sqlite3');
  if (values['ingest-only']) {
    await ingestSection();
  } else if (values.reuse === undefined) {
    await ingestSection();
    await buildLargeCache(large);
  } else {
    large = values.reuse;
  }
  if (!values['ingest-only']) {
    const cache = await openSection(large);
    await querySection(cache);
    await sizeSection(cache);
    await cache.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
