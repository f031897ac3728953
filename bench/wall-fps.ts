// Wall rendering benchmark:
// `npx tsx bench/wall-fps.ts [--events N] [--rate N] [--seconds N] [--paint-runs N]
//  [--first-paint-only] [--reload] [--trace FILE] [--trace-live FILE] [--profile FILE]`.
// Needs the built renderer (`npm run build`) and Chromium at /usr/bin/chromium (or CHROMIUM_PATH).
//
// Fills a reference central and the console cache with the same N alerts (default 1,000,000),
// starts the browser host against that central, and opens the wall in Chromium. It first measures
// the time from navigation to the first complete wall paint from the cache. It then counts frames
// per second and the longest task while the central publishes `rate` alerts a second, and again
// with publishing paused, in the same run. Prints a Markdown section for docs/BENCHMARKS.md.
//
// For quick iteration on the first paint, pass a small `--events` (such as 20000), `--paint-runs`
// to open the wall several times in fresh browser contexts and print each time and the median,
// `--first-paint-only` to skip the frame-rate phases, and `--trace FILE` to save a Chromium
// performance trace of the first opening (load it in the Performance panel of DevTools).
//
// To find what blocks frames while alerts arrive, `--profile FILE` records a CPU profile of the
// page during the live phase (load it in the Performance panel too). It then prints each long task
// the page reported, and each stretch of the profile over 50 ms without an idle sample, with the
// functions that took most of it and its heaviest call stack. With `--first-paint-only`, the
// profile covers the first opening instead, and the stretches listed are those over 20 ms.
// `--trace-live FILE` saves a Chromium performance trace of the live phase, which shows the
// layout, painting and garbage collection that a CPU profile lists only as (program).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type CDPSession,
  type Page,
} from 'playwright-core';
import { startCentral } from '../src-central/server.js';
import { CACHE_FILE_NAME } from '../src-main/core/core.js';
import { CacheStore } from '../src-main/services/cache/store.js';
import type { CacheEvent } from '../src-main/services/cache/index.js';
import { STREAMS } from '../src-shared/contract/index.js';
import { ProjectProcess, freePort } from '../tests/e2e/helpers/processes.js';
import {
  describeMachine,
  timed,
  waitForQuietCpu,
  type QuietWait,
} from './lib/machine.js';
import { EventRows } from './lib/rows.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    rate: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '10' },
    'paint-runs': { type: 'string', default: '1' },
    'first-paint-only': { type: 'boolean', default: false },
    // Openings after the first reload the wall in the same browser context, with its HTTP cache,
    // as a wall PC does. Without it, each opening starts from an empty cache.
    reload: { type: 'boolean', default: false },
    // Navigates as soon as the page exists, without waiting for the machine to go quiet after the
    // previous opening (see waitForQuietCpu), to show what the harness's own work adds.
    'busy-start': { type: 'boolean', default: false },
    trace: { type: 'string' },
    'trace-live': { type: 'string' },
    profile: { type: 'string' },
  },
});
const EVENTS = Number(values.events);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const PAINT_RUNS = Number(values['paint-runs']);
const FIRST_PAINT_ONLY = values['first-paint-only'] === true;
const RELOAD = values.reload === true;
const BUSY_START = values['busy-start'] === true;
/** First reload that runs with the browser's compiled-code cache filled (see printFirstPaint). */
const WARM_RELOADS_FROM = 4;
const TRACE_FILE = values.trace ?? null;
const PROFILE_FILE = values.profile ?? null;
const LIVE_TRACE_FILE = values['trace-live'] ?? null;
/** The CPU profile covers the first opening when there is no live phase to cover. */
const FIRST_OPENING_RECORDS = {
  traceFile: TRACE_FILE,
  profileFile: FIRST_PAINT_ONLY ? PROFILE_FILE : null,
};
const FILL_BATCH = 5000;
/** Publishing ticks a second during the live phase; each publishes RATE / TICKS alerts. */
const TICKS = 10;
/** Long tasks a phase lists at most; the longest one is tracked beyond that. */
const MAX_LISTED_TASKS = 200;
/** A task longer than this blocks a frame noticeably; the `longtask` entry type uses the same. */
const LONG_TASK_MS = 50;
/** CPU profile sampling interval, µs; finer than Chromium's default of 1000 µs. */
const PROFILE_INTERVAL_US = 250;
/** Shortest busy stretch listed for the first opening, whose work is mostly shorter tasks. */
const OPENING_STRETCH_MS = 20;
/** Shortest trace event named inside a long task, µs. */
const TRACE_DETAIL_MIN_US = 3000;
const DEV_TOKEN = 'dev-console-token';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

for (const [name, value] of [
  ['--events', EVENTS],
  ['--rate', RATE],
  ['--seconds', SECONDS],
  ['--paint-runs', PAINT_RUNS],
] as const) {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer, got ${value}`);
  }
}

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/**
 * Page-side probes, installed before the wall's scripts: long tasks from the start, the first
 * frame that shows the cached total and both charts, and a frame counter. Plain JavaScript source,
 * because tsx wraps named functions in a helper that does not exist in the page.
 */
function probeScript(expectedTotal: number): string {
  return `
(() => {
  const probe = {
    longestTask: 0, longTasks: [], firstCompletePaint: -1, totalShown: -1, chartsCreated: -1,
    snapshotRequested: -1, snapshotArrived: -1, frames: 0,
  };
  globalThis.wallProbe = probe;
  // The first state snapshot's request and the arrival of its result, before the bridge parses it.
  let snapshotId = null;
  const NativeSocket = globalThis.WebSocket;
  globalThis.WebSocket = class extends NativeSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        if (snapshotId === null || probe.snapshotArrived >= 0 || typeof event.data !== 'string') {
          return;
        }
        if (event.data.startsWith('{"type":"result","id":' + snapshotId + ',')) {
          probe.snapshotArrived = performance.now();
        }
      });
    }
    send(data) {
      if (snapshotId === null && typeof data === 'string' && data.includes('"state:snapshot"')) {
        snapshotId = JSON.parse(data).id;
        probe.snapshotRequested = performance.now();
      }
      super.send(data);
    }
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      probe.longestTask = Math.max(probe.longestTask, entry.duration);
      if (probe.longTasks.length < ${MAX_LISTED_TASKS}) {
        const source = entry.attribution?.[0];
        probe.longTasks.push({
          start: entry.startTime,
          duration: entry.duration,
          attribution: [entry.name, source?.containerType, source?.containerName]
            .filter((part) => part)
            .join(' '),
        });
      }
    }
  }).observe({ type: 'longtask', buffered: true });
  const complete = () => {
    const total = document.querySelector('[data-testid="alert-total"]');
    const counted = Number(total?.getAttribute('data-count') ?? -1) >= ${expectedTotal};
    if (counted && probe.totalShown < 0) {
      probe.totalShown = performance.now();
    }
    const charts =
      document.querySelector('[data-testid="town-chart"] canvas') !== null &&
      document.querySelector('[data-testid="trend-chart"] canvas') !== null;
    if (charts && probe.chartsCreated < 0) {
      probe.chartsCreated = performance.now();
    }
    return (
      counted && charts && document.querySelector('[data-testid="type-row"]') !== null
    );
  };
  const onFrame = () => {
    probe.frames += 1;
    if (probe.firstCompletePaint < 0 && complete()) {
      // The next frame callback runs after the frame that showed it was painted.
      probe.firstCompletePaint = 0;
      requestAnimationFrame(() => {
        probe.firstCompletePaint = performance.now();
      });
    }
    requestAnimationFrame(onFrame);
  };
  requestAnimationFrame(onFrame);
})();
`;
}

/** A task over 50 ms as the page's `longtask` observer reported it. */
interface LongTask {
  /** Start in the page's `performance.now()` time, ms. */
  start: number;
  duration: number;
  /** Entry name and the frame it was attributed to; Chromium attributes most to `self window`. */
  attribution: string;
}

interface ProbeState {
  longestTask: number;
  /** The first `MAX_LISTED_TASKS` long tasks since the phase started. */
  longTasks: LongTask[];
  firstCompletePaint: number;
  /** Instant the cached total first showed, before the charts may have drawn. */
  totalShown: number;
  /** Frame at which both chart canvases first existed, with data or still empty. */
  chartsCreated: number;
  /** Instants the wall sent its first snapshot request and its result arrived, unparsed. */
  snapshotRequested: number;
  snapshotArrived: number;
  frames: number;
}

function readProbe(page: Page): Promise<ProbeState> {
  return page.evaluate(
    () => (globalThis as unknown as { wallProbe: ProbeState }).wallProbe,
  );
}

async function wallTotal(page: Page): Promise<number> {
  const value = await page
    .getByTestId('alert-total')
    .getAttribute('data-count');
  return Number(value ?? 'NaN');
}

interface PhaseResult {
  fps: number;
  longestTask: number;
  longTasks: LongTask[];
  shownAlerts: number;
  /** 1-minute load average of the machine when the phase started. */
  loadAverage: number;
}

/** Frames per second and the longest task over `SECONDS`, counted in the page. */
async function measurePhase(page: Page): Promise<PhaseResult> {
  await page.evaluate(() => {
    const probe = (globalThis as unknown as { wallProbe: ProbeState })
      .wallProbe;
    probe.longestTask = 0;
    probe.longTasks = [];
    probe.frames = 0;
  });
  const loadAverage = loadavg()[0] ?? 0;
  const totalBefore = await wallTotal(page);
  await page.waitForTimeout(SECONDS * 1000);
  const probe = await readProbe(page);
  return {
    fps: probe.frames / SECONDS,
    longestTask: probe.longestTask,
    longTasks: probe.longTasks,
    shownAlerts: (await wallTotal(page)) - totalBefore,
    loadAverage,
  };
}

interface FirstPaint {
  page: Page;
  firstPaint: number;
  totalShown: number;
  chartsCreated: number;
  snapshotRequested: number;
  snapshotArrived: number;
  /** DOMContentLoaded, when the page's scripts have run. */
  navigation: number;
  /** Time spent waiting for a quiet machine before navigating, and the idle share it ended on. */
  quiet: QuietWait;
}

/** Trace categories of the Performance panel's recordings, with its CPU samples. */
const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'disabled-by-default-v8.cpu_profiler',
  'blink.user_timing',
  'loading',
  'v8.execute',
];

/** Files to record the opening into; null records nothing. */
interface OpeningRecords {
  traceFile: string | null;
  profileFile: string | null;
}

const NO_RECORDS: OpeningRecords = { traceFile: null, profileFile: null };

/**
 * Opens the wall in a fresh browser context (empty HTTP and font caches) and waits for its first
 * complete paint. With `traceFile`, records a Chromium performance trace of the load into it. With
 * `profileFile`, records a CPU profile of the page from navigation to the first complete paint and
 * prints its busy stretches.
 */
async function openWall(
  browser: Browser,
  url: string,
  { traceFile, profileFile }: OpeningRecords,
  shared: BrowserContext | null,
): Promise<FirstPaint> {
  const context =
    shared ??
    (await browser.newContext({
      viewport: { width: 1920, height: 1080 },
    }));
  const page = await context.newPage();
  await page.addInitScript({ content: probeScript(EVENTS) });
  countFrames(page, () => phaseFrames);
  if (traceFile !== null) {
    await browser.startTracing(page, {
      path: traceFile,
      screenshots: true,
      categories: TRACE_CATEGORIES,
    });
  }
  const quiet = BUSY_START
    ? { waitedMs: 0, idleShare: null }
    : await waitForQuietCpu();
  const profiling = profileFile === null ? null : await startProfile(page);
  await page.goto(url);
  await page
    .waitForFunction(
      () =>
        (globalThis as unknown as { wallProbe: ProbeState }).wallProbe
          .firstCompletePaint > 0,
      null,
      { timeout: 60_000 },
    )
    .catch(async (error: unknown) => {
      throw new Error(
        `the wall did not show ${EVENTS} cached alerts and both charts within 60 s; it shows ${await wallTotal(page)} alerts (${String(error)})`,
      );
    });
  if (traceFile !== null) {
    await browser.stopTracing();
  }
  if (profiling !== null && profileFile !== null) {
    const profile = await stopProfile(profiling);
    writeFileSync(profileFile, JSON.stringify(profile));
    print(`CPU profile of the first opening: ${profileFile}.`);
    print('');
    printBusyStretches(profile, OPENING_STRETCH_MS);
  }
  const {
    firstCompletePaint,
    totalShown,
    chartsCreated,
    snapshotRequested,
    snapshotArrived,
  } = await readProbe(page);
  // Source text, because Node's types for performance know no navigation entries.
  const navigation = Number(
    await page.evaluate(
      "performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? -1",
    ),
  );
  return {
    page,
    firstPaint: firstCompletePaint,
    totalShown,
    chartsCreated,
    snapshotRequested,
    snapshotArrived,
    navigation,
    quiet,
  };
}

/** Frames between the wall and the browser host during one phase. */
interface FrameCounts {
  pushes: number;
  pushBytes: number;
  largestPush: number;
  snapshotRequests: number;
  largestResult: number;
}

function emptyFrameCounts(): FrameCounts {
  return {
    pushes: 0,
    pushBytes: 0,
    largestPush: 0,
    snapshotRequests: 0,
    largestResult: 0,
  };
}

/**
 * Counts the bridge frames of `page` into `current()`. A snapshot request during the live phase
 * means the wall found a gap in the revisions and parses a whole snapshot again.
 */
function countFrames(page: Page, current: () => FrameCounts): void {
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => {
      if (typeof payload === 'string' && payload.includes('"state:snapshot"')) {
        current().snapshotRequests += 1;
      }
    });
    socket.on('framereceived', ({ payload }) => {
      const counts = current();
      const size = payload.length;
      if (
        typeof payload === 'string' &&
        payload.slice(0, 40).includes('"type":"push"')
      ) {
        counts.pushes += 1;
        counts.pushBytes += size;
        counts.largestPush = Math.max(counts.largestPush, size);
      } else {
        counts.largestResult = Math.max(counts.largestResult, size);
      }
    });
  });
}

/** Counts of the phase being measured; each phase starts a new one. */
let phaseFrames = emptyFrameCounts();

function describeFrames(counts: FrameCounts): string {
  const pushAverage =
    counts.pushes === 0 ? 0 : counts.pushBytes / counts.pushes;
  return `${counts.pushes} pushes of ${(pushAverage / 1024).toFixed(1)} KiB on average (largest ${(counts.largestPush / 1024).toFixed(1)} KiB), ${counts.snapshotRequests} snapshot requests, largest other frame ${(counts.largestResult / 1024).toFixed(1)} KiB`;
}

// ---- performance traces ----

/** The fields of a Chromium trace event that the long-task list reads; times in µs. */
interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** CPU time of the thread inside the event; less than `dur` when the thread waited for a core. */
  tdur?: number;
  args?: { name?: string; data?: { functionName?: string } };
}

function threadKey(event: TraceEvent): string {
  return `${event.pid}:${event.tid}`;
}

/** Events of the busiest renderer main thread, which is the wall page's. */
function wallThreadEvents(events: readonly TraceEvent[]): TraceEvent[] {
  const mainThreads = new Set(
    events
      .filter(
        (event) =>
          event.name === 'thread_name' && event.args?.name === 'CrRendererMain',
      )
      .map(threadKey),
  );
  const counts = new Map<string, number>();
  for (const event of events) {
    const key = threadKey(event);
    if (mainThreads.has(key)) {
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const busiest = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  return events.filter(
    (event) => event.ph === 'X' && threadKey(event) === busiest,
  );
}

function describeTaskWork(
  task: TraceEvent,
  events: readonly TraceEvent[],
): string {
  const end = task.ts + (task.dur ?? 0);
  return events
    .filter(
      (event) =>
        event !== task &&
        event.name !== 'RunTask' &&
        event.ts >= task.ts &&
        event.ts + (event.dur ?? 0) <= end &&
        (event.dur ?? 0) > TRACE_DETAIL_MIN_US,
    )
    .slice(0, 6)
    .map((event) => {
      const name = event.args?.data?.functionName;
      const label = name === undefined ? event.name : `${event.name} ${name}`;
      return `${label} ${((event.dur ?? 0) / 1000).toFixed(0)} ms`;
    })
    .join(', ');
}

/**
 * Prints the wall thread's tasks over `LONG_TASK_MS` in the trace at `file`, with the CPU time of
 * each. A task whose CPU time is far below its duration waited for a core, which on a loaded
 * machine is the scheduler's doing rather than the page's.
 */
function printTraceLongTasks(file: string): void {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as {
    traceEvents: TraceEvent[];
  };
  const events = wallThreadEvents(parsed.traceEvents);
  const start = Math.min(...events.map((event) => event.ts));
  const tasks = events.filter(
    (event) =>
      event.name === 'RunTask' && (event.dur ?? 0) > LONG_TASK_MS * 1000,
  );
  const cpuTimes = events
    .filter((event) => event.name === 'RunTask')
    .map((event) => event.tdur ?? 0);
  print(
    `Tasks of the wall's main thread in the trace: ${cpuTimes.length}, longest CPU time ${(Math.max(0, ...cpuTimes) / 1000).toFixed(1)} ms. Tasks over ${LONG_TASK_MS} ms:`,
  );
  print('');
  print('| Start | Duration | CPU time | Work inside |');
  print('|---|---|---|---|');
  for (const task of tasks) {
    print(
      `| ${((task.ts - start) / 1000).toFixed(0)} ms | ${((task.dur ?? 0) / 1000).toFixed(0)} ms | ${((task.tdur ?? 0) / 1000).toFixed(0)} ms | ${describeTaskWork(task, events)} |`,
    );
  }
  print('');
}

// ---- CPU profiles ----

interface CallFrame {
  functionName: string;
  url: string;
  /** Zero-based. */
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

/** A V8 CPU profile as `Profiler.stop` returns it; times in µs. */
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

interface Profiling {
  session: CDPSession;
  /** The page's `performance.now()` just after the profiler started, ms. */
  pageStart: number;
}

async function startProfile(page: Page): Promise<Profiling> {
  const session = await page.context().newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', {
    interval: PROFILE_INTERVAL_US,
  });
  await session.send('Profiler.start');
  const pageStart = Number(await page.evaluate('performance.now()'));
  return { session, pageStart };
}

async function stopProfile(profiling: Profiling): Promise<CpuProfile> {
  const { profile } = await profiling.session.send('Profiler.stop');
  await profiling.session.detach();
  return profile as CpuProfile;
}

/** A run of samples with no idle sample between them: one task, or tasks back to back. */
interface BusyStretch {
  /** Start after the profile's start, ms. */
  start: number;
  duration: number;
  /** Node id and time of each sample in the stretch, µs. */
  samples: { node: number; weight: number }[];
}

/** Splits the profile's samples at idle samples and returns the stretches over `minMs`. */
function busyStretches(profile: CpuProfile, minMs: number): BusyStretch[] {
  const idle = new Set(
    profile.nodes
      .filter((node) => node.callFrame.functionName === '(idle)')
      .map((node) => node.id),
  );
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const stretches: BusyStretch[] = [];
  let current: BusyStretch | null = null;
  let at = 0;

  for (let index = 0; index < samples.length; index += 1) {
    at += deltas[index] ?? 0;
    const node = samples[index] ?? -1;
    // A sample stands for the time until the next one.
    const weight = deltas[index + 1] ?? PROFILE_INTERVAL_US;
    if (idle.has(node)) {
      current = null;
      continue;
    }
    if (current === null) {
      current = { start: at / 1000, duration: 0, samples: [] };
      stretches.push(current);
    }
    current.samples.push({ node, weight });
    current.duration += weight / 1000;
  }
  return stretches.filter((stretch) => stretch.duration > minMs);
}

function frameLabel(frame: CallFrame): string {
  const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
  if (frame.url === '') {
    return name;
  }
  const file = frame.url.slice(frame.url.lastIndexOf('/') + 1);
  return `${name} ${file}:${frame.lineNumber + 1}`;
}

/** Describes a stretch: the functions with most self time, and the heaviest path from the root. */
function describeStretch(
  stretch: BusyStretch,
  nodes: ReadonlyMap<number, ProfileNode>,
  parents: ReadonlyMap<number, number>,
): string[] {
  const self = new Map<string, number>();
  const inclusive = new Map<number, number>();
  for (const { node, weight } of stretch.samples) {
    const label = frameLabel(nodes.get(node)!.callFrame);
    self.set(label, (self.get(label) ?? 0) + weight);
    for (let id: number | undefined = node; id !== undefined; ) {
      inclusive.set(id, (inclusive.get(id) ?? 0) + weight);
      id = parents.get(id);
    }
  }
  const topSelf = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([label, us]) => `${label} ${(us / 1000).toFixed(1)} ms`);

  // The heaviest path: from the root, always into the child with the most time.
  const path: string[] = [];
  let node = nodes.get(stretch.samples[0]?.node ?? -1);
  while (node !== undefined && parents.has(node.id)) {
    node = nodes.get(parents.get(node.id)!);
  }
  while (node !== undefined) {
    const children = (node.children ?? []).filter((id) => inclusive.has(id));
    if (children.length === 0) {
      break;
    }
    const heaviest = children.reduce((a, b) =>
      (inclusive.get(a) ?? 0) >= (inclusive.get(b) ?? 0) ? a : b,
    );
    node = nodes.get(heaviest);
    if (node !== undefined) {
      const ms = (inclusive.get(node.id) ?? 0) / 1000;
      path.push(`${frameLabel(node.callFrame)} (${ms.toFixed(0)} ms)`);
    }
  }
  return [
    `Most self time: ${topSelf.join('; ')}.`,
    '',
    `Heaviest stack: ${path.slice(0, 24).join(' → ')}`,
  ];
}

/** Prints the page's long tasks and the profile's busy stretches over `LONG_TASK_MS`. */
function printProfile(
  profile: CpuProfile,
  pageStart: number,
  longTasks: readonly LongTask[],
): void {
  print(
    `Long tasks the page reported in the live phase (start after the profile's start):`,
  );
  print('');
  print('| Start | Duration | Attribution |');
  print('|---|---|---|');
  for (const task of longTasks) {
    print(
      `| ${(task.start - pageStart).toFixed(0)} ms | ${task.duration.toFixed(0)} ms | ${task.attribution} |`,
    );
  }
  print('');
  printBusyStretches(profile, LONG_TASK_MS);
}

/** Prints the stretches of `profile` over `minMs` without an idle sample. */
function printBusyStretches(profile: CpuProfile, minMs: number): void {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) {
      parents.set(child, node.id);
    }
  }
  const stretches = busyStretches(profile, minMs);
  print(
    `Stretches of the CPU profile over ${minMs} ms without an idle sample: ${stretches.length}.`,
  );
  stretches.forEach((stretch, index) => {
    print('');
    print(
      `${index + 1}. ${stretch.duration.toFixed(0)} ms at ${stretch.start.toFixed(0)} ms.`,
    );
    for (const line of describeStretch(stretch, nodes, parents)) {
      print(line === '' ? '' : `   ${line}`);
    }
  });
  print('');
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]!
    : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Columns of the first-paint table: heading and the instant each shows, in page time. */
const PAINT_COLUMNS: readonly [string, (paint: FirstPaint) => number][] = [
  ['DOMContentLoaded', (paint) => paint.navigation],
  ['Snapshot requested', (paint) => paint.snapshotRequested],
  ['Snapshot arrived', (paint) => paint.snapshotArrived],
  ['Charts created', (paint) => paint.chartsCreated],
  ['Cached total shown', (paint) => paint.totalShown],
  ['Complete paint', (paint) => paint.firstPaint],
];

/** Describes in one sentence how each opening started: on a quiet machine, or at once. */
function describeQuietWaits(paints: readonly FirstPaint[]): string {
  if (BUSY_START) {
    return 'Each opening navigated as soon as its page existed (`--busy-start`), while the browser may still be starting or closing a renderer process for the harness.';
  }
  const waits = paints.map((paint) => paint.quiet.waitedMs);
  const shares = paints
    .map((paint) => paint.quiet.idleShare)
    .filter((share): share is number => share !== null);
  if (shares.length === 0) {
    return 'Each opening navigated at once: this system has no /proc/stat to tell when the machine is quiet.';
  }
  return `Before each navigation the bench waited until the CPUs were at least 85 % idle over 200 ms (waits of ${Math.min(...waits).toFixed(0)} to ${Math.max(...waits).toFixed(0)} ms; idle share at the start ${(Math.min(...shares) * 100).toFixed(0)} to ${(Math.max(...shares) * 100).toFixed(0)} %).`;
}

function printFirstPaint(
  paints: readonly FirstPaint[],
  loadAverage: number,
): void {
  print(
    `First complete paint over ${paints.length} openings${RELOAD ? ', the first into an empty browser context and the others reloads in it' : ', each in a new browser context'} (1-minute load average ${loadAverage.toFixed(2)} before the first):`,
  );
  print('');
  print(describeQuietWaits(paints));
  print('');
  print(
    `| Opening | ${PAINT_COLUMNS.map(([heading]) => heading).join(' | ')} |`,
  );
  print(`|---|${PAINT_COLUMNS.map(() => '---').join('|')}|`);
  const cells = (values: readonly number[]): string =>
    values.map((ms) => `${ms.toFixed(0)} ms`).join(' | ');
  paints.forEach((paint, index) => {
    print(
      `| ${index + 1} | ${cells(PAINT_COLUMNS.map(([, value]) => value(paint)))} |`,
    );
  });
  const medians = PAINT_COLUMNS.map(([, value]) =>
    median(paints.map((paint) => value(paint))),
  );
  print(`| median | ${cells(medians)} |`);
  // Chromium keeps a script's compiled code once the script has loaded twice, and uses it from
  // the third load on, so reloads from the fourth opening show a wall PC that has run for a while.
  const settled = paints.slice(WARM_RELOADS_FROM - 1);
  if (RELOAD && settled.length > 0) {
    const settledMedians = PAINT_COLUMNS.map(([, value]) =>
      median(settled.map((paint) => value(paint))),
    );
    print(
      `| median from opening ${WARM_RELOADS_FROM} | ${cells(settledMedians)} |`,
    );
  }
  print('');
}

async function main(): Promise<void> {
  const centralDir = mkdtempSync(join(tmpdir(), 'wall-bench-central-'));
  const consoleDir = mkdtempSync(join(tmpdir(), 'wall-bench-console-'));
  const central = await startCentral({
    dataDir: centralDir,
    scenario: 'none',
    port: 0,
  });
  let host: ProjectProcess | null = null;
  let publisher: ReturnType<typeof setInterval> | null = null;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });

  try {
    print(`Machine: ${describeMachine()}`);
    print('');

    // ---- the same alerts in the central's log and the console cache ----
    // The alerts span the last days at 5 a second, inside the cache's 30-day retention.
    const rows = new EventRows(Date.now() - (EVENTS / 5) * 1000 - 60_000, 5);
    const epoch = central.log.head(STREAMS.alerts).epoch;
    // The host keeps its cache in the `cache` folder of its --data folder.
    const store = CacheStore.open(
      { path: join(consoleDir, 'cache', CACHE_FILE_NAME) },
      Date.now,
    );
    const filled = await timed(() => {
      for (let done = 0; done < EVENTS; done += FILL_BATCH) {
        const batch = rows.batch(Math.min(FILL_BATCH, EVENTS - done));
        const seqs = central.publishMany(
          STREAMS.alerts,
          batch.map((event) => event.body),
        );
        const cached: CacheEvent[] = batch.map((event, index) => ({
          seq: seqs[index] ?? -1,
          at: event.at,
          body: event.body,
        }));
        store.applyEvents(STREAMS.alerts, epoch, cached);
      }
    });
    store.close();
    print(
      `Filling the central log and the console cache with ${EVENTS.toLocaleString('en-US')} alerts took ${(filled.ms / 1000).toFixed(0)} s.`,
    );
    print('');

    // ---- first complete paint from the cache ----
    const hostPort = await freePort();
    host = new ProjectProcess(
      'host',
      'src-main/host/cli.ts',
      [
        '--central',
        central.url,
        '--data',
        consoleDir,
        '--port',
        String(hostPort),
      ],
      { CONSOLE_TOKEN: DEV_TOKEN },
    );
    const hostUrl =
      (await host.waitForOutput(/Wall:\s+(http:\/\/\S+)/, 120_000))[1] ?? '';
    const loadAverage = loadavg()[0] ?? 0;
    const paints: FirstPaint[] = [];
    const shared = RELOAD
      ? await browser.newContext({ viewport: { width: 1920, height: 1080 } })
      : null;
    for (let run = 0; run < PAINT_RUNS; run += 1) {
      paints.push(
        await openWall(
          browser,
          hostUrl,
          run === 0 ? FIRST_OPENING_RECORDS : NO_RECORDS,
          shared,
        ),
      );
      if (run < PAINT_RUNS - 1) {
        const opened = paints[run]?.page;
        await (shared === null ? opened?.context().close() : opened?.close());
      }
    }
    const { page, firstPaint, totalShown, navigation } = paints.at(-1)!;
    await page
      .getByTestId('session-state')
      .and(page.locator('[data-phase="online"]'))
      .waitFor({ timeout: 60_000 });

    printFirstPaint(paints, loadAverage);
    if (FIRST_PAINT_ONLY) {
      return;
    }

    // ---- live updates, then the same wall with updates paused ----
    let published = 0;
    publisher = setInterval(() => {
      const bodies = rows.batch(RATE / TICKS).map((event) => event.body);
      central.publishMany(STREAMS.alerts, bodies);
      published += bodies.length;
    }, 1000 / TICKS);
    // Starting the profiler or a trace interrupts the page for up to a few hundred ms, so both
    // start before the lead-in, outside the measured phase.
    const profiling = PROFILE_FILE === null ? null : await startProfile(page);
    if (LIVE_TRACE_FILE !== null) {
      await browser.startTracing(page, {
        path: LIVE_TRACE_FILE,
        categories: TRACE_CATEGORIES,
      });
    }
    await page.waitForTimeout(2000);
    phaseFrames = emptyFrameCounts();
    const live = await measurePhase(page);
    const liveFrames = phaseFrames;
    if (LIVE_TRACE_FILE !== null) {
      await browser.stopTracing();
    }
    const profile = profiling === null ? null : await stopProfile(profiling);
    clearInterval(publisher);
    publisher = null;
    await page.waitForTimeout(2000);
    phaseFrames = emptyFrameCounts();
    const paused = await measurePhase(page);
    const pausedFrames = phaseFrames;

    print(
      `### Wall in Chromium, ${EVENTS.toLocaleString('en-US')} cached alerts, 1920×1080`,
    );
    print('');
    print(
      `First complete wall paint from the cache (navigation start to the frame after the total and both charts show): ${firstPaint.toFixed(0)} ms (goal 500 ms). Of that, the page's scripts had run at ${navigation.toFixed(0)} ms (DOMContentLoaded) and the cached total showed at ${totalShown.toFixed(0)} ms.`,
    );
    print('');
    print(
      '| Phase | Frames/s | Longest task | Tasks over 50 ms | Alerts the wall counted | Load average | Goal |',
    );
    print('|---|---|---|---|---|---|---|');
    print(
      `| ${RATE} alerts/s published | ${live.fps.toFixed(1)} | ${live.longestTask.toFixed(0)} ms | ${live.longTasks.length} | ${live.shownAlerts} in ${SECONDS} s | ${live.loadAverage.toFixed(2)} | ≥ 55 fps, no task over 50 ms |`,
    );
    print(
      `| updates paused | ${paused.fps.toFixed(1)} | ${paused.longestTask.toFixed(0)} ms | ${paused.longTasks.length} | ${paused.shownAlerts} | ${paused.loadAverage.toFixed(2)} | |`,
    );
    print(
      `| ratio live / paused | ${(live.fps / paused.fps).toFixed(2)} | | | | | |`,
    );
    print('');
    print(`Bridge frames in the live phase: ${describeFrames(liveFrames)}.`);
    print(`With updates paused: ${describeFrames(pausedFrames)}.`);
    print('');
    if (LIVE_TRACE_FILE !== null) {
      print(
        `Performance trace of the live phase and its 2 s lead-in: ${LIVE_TRACE_FILE}.`,
      );
      print('');
      printTraceLongTasks(LIVE_TRACE_FILE);
    }
    if (profiling !== null && profile !== null && PROFILE_FILE !== null) {
      writeFileSync(PROFILE_FILE, JSON.stringify(profile));
      print(`CPU profile of the live phase: ${PROFILE_FILE}.`);
      print('');
      printProfile(profile, profiling.pageStart, live.longTasks);
    }
    print(
      `${published.toLocaleString('en-US')} alerts were published in the live phase and its 2 s lead-in. Headless Chromium with --disable-gpu draws in software, so a wall PC with a GPU should do better.`,
    );
  } finally {
    if (publisher !== null) {
      clearInterval(publisher);
    }
    await browser.close();
    await host?.stop();
    await central.stop();
    rmSync(centralDir, { recursive: true, force: true });
    rmSync(consoleDir, { recursive: true, force: true });
  }
}

await main();
