/**
 * Event-to-wall latency at a steady 500 events/s, measured in the wall page itself:
 * `npx tsx bench/wall-latency.ts [--seconds N]` (needs `npm run build` and Chromium).
 *
 * The central runs in a child process and stamps each alert with the instant it builds it. The
 * browser host runs in its own process and serves the built wall to headless Chromium. A probe
 * installed before the wall's scripts listens on the wall's bridge socket. For every alert in a
 * pushed change batch it records the wall clock when the frame arrived, and again in the animation
 * frame that shows the change. All three processes read the same system clock. The page's
 * main-thread time over the run comes from Chrome's Performance metrics.
 */
import { parseArgs } from 'node:util';
import { chromium, type CDPSession } from 'playwright-core';
import { ProjectProcess, freePort } from '../tests/e2e/helpers/processes.js';
import { machine, percentile, print } from './lib/session-bench.js';
import { withCentral } from './session-common.js';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '20' } },
});
const SECONDS = Number(values.seconds);
if (!Number.isInteger(SECONDS) || SECONDS < 1) {
  throw new Error(
    `invalid --seconds ${values.seconds}: expected a positive integer`,
  );
}
const RATE = 500;
/** Alerts per publish transaction: 5 every 10 ms makes 500/s. */
const BATCH = 5;
const GOAL_P99_MS = 250;
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

interface LatencyProbe {
  /** Latencies at the arrival of the frame that carries each alert, in ms. */
  received: number[];
  /** Latencies at the frame that shows each alert, in ms. */
  shown: number[];
}

interface ProbeGlobal {
  latencyProbe: LatencyProbe;
}

/** Main-thread time of the page over the timed run, in ms, from Chrome's Performance domain. */
interface PageWork {
  seconds: number;
  task: number;
  script: number;
  layout: number;
  style: number;
}

/** Chrome performance metrics that add up the page's main-thread time, in seconds. */
const WORK_METRICS = {
  task: 'TaskDuration',
  script: 'ScriptDuration',
  layout: 'LayoutDuration',
  style: 'RecalcStyleDuration',
} as const;

type WorkTotals = Record<keyof typeof WORK_METRICS, number>;

async function readWorkTotals(cdp: CDPSession): Promise<WorkTotals> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name: string): number =>
    metrics.find((metric) => metric.name === name)?.value ?? Number.NaN;
  return {
    task: value(WORK_METRICS.task),
    script: value(WORK_METRICS.script),
    layout: value(WORK_METRICS.layout),
    style: value(WORK_METRICS.style),
  };
}

function workBetween(
  start: WorkTotals,
  end: WorkTotals,
  seconds: number,
): PageWork {
  const ms = (key: keyof WorkTotals): number =>
    Math.round((end[key] - start[key]) * 1000);
  return {
    seconds,
    task: ms('task'),
    script: ms('script'),
    layout: ms('layout'),
    style: ms('style'),
  };
}

function describeWork(work: PageWork): string {
  const perSecond = (ms: number): number => Math.round(ms / work.seconds);
  return `${perSecond(work.task)} ms/s busy (script ${perSecond(work.script)}, layout ${perSecond(work.layout)}, style ${perSecond(work.style)})`;
}

/**
 * Page-side probe as plain source, because tsx rewrites named functions with a helper the page
 * lacks. The probe's own listener is added in the socket's constructor, before the bridge adds
 * its own, so `received` is taken before the wall handles the frame. The bridge's message listener
 * is wrapped, and the animation frame for `shown` is requested after it returns. Animation frames
 * run in the order they were requested, so that frame runs after the one in which the bridge
 * applies the changes and Vue updates the page, just before the paint. A frame that carries
 * several batches merged counts each alert in it.
 */
const PROBE = `
(() => {
  const probe = { received: [], shown: [] };
  globalThis.latencyProbe = probe;
  const alertStamps = (event) => {
    if (typeof event.data !== 'string' || !event.data.includes('"alert.upsert"')) {
      return [];
    }
    const stamps = [];
    for (const change of JSON.parse(event.data).batch?.changes ?? []) {
      if (change.type === 'alert.upsert') {
        stamps.push(change.alert.publishedAt);
      }
    }
    return stamps;
  };
  const NativeSocket = globalThis.WebSocket;
  globalThis.WebSocket = class extends NativeSocket {
    constructor(...args) {
      super(...args);
      super.addEventListener('message', (event) => {
        const now = Date.now();
        for (const stamp of alertStamps(event)) {
          probe.received.push(now - stamp);
        }
      });
    }
    addEventListener(type, listener, options) {
      if (type !== 'message' || typeof listener !== 'function') {
        super.addEventListener(type, listener, options);
        return;
      }
      super.addEventListener(type, (event) => {
        listener.call(this, event);
        const stamps = alertStamps(event);
        if (stamps.length === 0) {
          return;
        }
        requestAnimationFrame(() => {
          const painted = Date.now();
          for (const stamp of stamps) {
            probe.shown.push(painted - stamp);
          }
        });
      }, options);
    }
  };
})();
`;

function summary(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 0.5)} ms, p99 ${percentile(sorted, 0.99)} ms, max ${sorted[sorted.length - 1] ?? Number.NaN} ms`;
}

async function main(): Promise<void> {
  print(`wall latency benchmark on ${machine()}`);
  const { probe, work } = await withCentral(async (central, folder) => {
    const hostPort = await freePort();
    const host = new ProjectProcess(
      'host',
      'src-main/host/cli.ts',
      [
        '--central',
        central.url,
        '--data',
        folder('bench-wall-console-'),
        '--port',
        String(hostPort),
      ],
      { CONSOLE_TOKEN: DEV_TOKEN },
    );
    const browser = await chromium.launch({
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
    });
    try {
      const wallUrl =
        (await host.waitForOutput(/Wall:\s+(http:\/\/\S+)/, 120_000))[1] ?? '';
      const page = await browser.newPage({
        viewport: { width: 1920, height: 1080 },
      });
      await page.addInitScript({ content: PROBE });
      await page.goto(wallUrl);
      await page
        .getByTestId('session-state')
        .and(page.locator('[data-phase="online"]'))
        .waitFor({ timeout: 60_000 });

      // A few alerts first, so that the wall's lists and charts exist before timing starts.
      await central.ask({
        type: 'publish',
        count: 10,
        batch: 10,
        ratePerSecond: 0,
        firstIndex: 0,
      });
      await page.waitForFunction(
        (wanted) =>
          ((globalThis as unknown as Partial<ProbeGlobal>).latencyProbe?.shown
            .length ?? 0) >= wanted,
        10,
        {
          timeout: 30_000,
        },
      );
      await page.evaluate(() => {
        const { latencyProbe } = globalThis as unknown as ProbeGlobal;
        latencyProbe.received.length = 0;
        latencyProbe.shown.length = 0;
      });

      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      const startedAt = Date.now();
      const workAtStart = await readWorkTotals(cdp);

      const count = RATE * SECONDS;
      await central.ask({
        type: 'publish',
        count,
        batch: BATCH,
        ratePerSecond: RATE,
        firstIndex: 10,
      });
      await page.waitForFunction(
        (wanted) =>
          ((globalThis as unknown as Partial<ProbeGlobal>).latencyProbe?.shown
            .length ?? 0) >= wanted,
        count,
        {
          timeout: 60_000,
        },
      );
      const workAtEnd = await readWorkTotals(cdp);
      return {
        probe: await page.evaluate(
          () => (globalThis as unknown as ProbeGlobal).latencyProbe,
        ),
        work: workBetween(
          workAtStart,
          workAtEnd,
          (Date.now() - startedAt) / 1000,
        ),
      };
    } finally {
      await browser.close();
      await host.stop();
    }
  });

  const shown = [...probe.shown].sort((a, b) => a - b);
  const p99 = percentile(shown, 0.99);
  print(
    `event-to-wall latency at ${RATE} events/s for ${SECONDS} s, ${shown.length.toLocaleString('en')} alerts:`,
  );
  print(`  frame received by the wall: ${summary(probe.received)}`);
  print(`  frame that shows the alert: ${summary(probe.shown)}`);
  print(`  page main thread: ${describeWork(work)}`);
  print(
    `  goal p99 ≤ ${GOAL_P99_MS} ms: ${p99 <= GOAL_P99_MS ? 'MET' : 'MISSED'}`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `wall latency benchmark failed: ${(error as Error).stack ?? String(error)}\n`,
  );
  process.exitCode = 1;
});
