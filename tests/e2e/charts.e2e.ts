// Chart behaviour on a wall that runs for weeks, checked with real ECharts in Chromium on a test
// page that mounts the app's chart composable and stores with synthetic data.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Browser, CDPSession, Page } from 'playwright-core';
import {
  buildHarness,
  fontsWithoutCjk,
  heapAfterGc,
  objectHeap,
  instancesInHeap,
  launchHarnessBrowser,
  serveHarness,
  type HarnessServer,
} from './fixtures/charts/harness-server.js';
import type {
  HarnessApi,
  HarnessWindow,
} from '../renderer/charts/fixture/harness-types.js';

let server: HarnessServer;
let browser: Browser;
let fontDir: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await serveHarness(await buildHarness());
  fontDir = mkdtempSync(join(tmpdir(), 'chart-fonts-'));
  browser = await launchHarnessBrowser(fontsWithoutCjk(fontDir));
});

test.afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(fontDir, { recursive: true, force: true });
});

/** Records every media query list the page creates, so a test can fire their change events. */
function recordMediaQueries(): void {
  const host = globalThis as unknown as HarnessWindow & {
    matchMedia(
      query: string,
    ): NonNullable<HarnessWindow['mediaQueries']>[number];
  };
  const matchMedia = host.matchMedia.bind(host);
  host.mediaQueries = [];
  host.matchMedia = (query) => {
    const list = matchMedia(query);
    host.mediaQueries?.push(list);
    return list;
  };
}

async function openHarness(): Promise<{ page: Page; cdp: CDPSession }> {
  const page = await browser.newPage({
    viewport: { width: 1600, height: 1000 },
  });
  await page.addInitScript(recordMediaQueries);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(server.url);
  await page.waitForFunction(
    () => (globalThis as HarnessWindow).chartHarness !== undefined,
  );
  expect(await inPage(page, (api) => api.settled(), null)).toBe(true);
  expect(errors).toEqual([]);
  const cdp = await page.context().newCDPSession(page);
  return { page, cdp };
}

/** Calls the harness in the page; fails the test when the page has no harness. */
async function inPage<A, T>(
  page: Page,
  run: (api: HarnessApi, arg: A) => T | Promise<T>,
  arg: A,
): Promise<T> {
  const result = await page.evaluate(
    async ({ source, value }) => {
      const api = (globalThis as HarnessWindow).chartHarness;
      if (api === undefined) {
        throw new Error('the chart harness is not loaded');
      }
      // Playwright sends only data into the page, so the call goes over as source text.
      const call = new Function(`return (${source});`)() as (
        target: HarnessApi,
        input: unknown,
      ) => unknown;
      return { value: await call(api, value) };
    },
    { source: run.toString(), value: arg },
  );
  return result.value as T;
}

test('live trend heap stays flat', async () => {
  const { page, cdp } = await openHarness();
  // A 120-point ring fills in 2 simulated minutes, so 20 minutes show whether it stays capped.
  // The long version is soak.e2e.ts.
  const capacity = 120;
  const stepSeconds = 20;
  expect(await inPage(page, (api, c) => api.soakStart(c), capacity)).toBe(true);

  await inPage(page, (api, step) => api.soakAdvance(4 * 60, step), stepSeconds);
  const baseline = await heapAfterGc(cdp);
  const samples: number[] = [];
  for (let minute = 6; minute <= 20; minute += 2) {
    const state = await inPage(
      page,
      (api, step) => api.soakAdvance(2 * 60, step),
      stepSeconds,
    );
    expect(state.simulatedSeconds).toBe(minute * 60);
    expect(state.trendPoints).toBe(capacity);
    samples.push(await heapAfterGc(cdp));
  }

  const state = await inPage(page, (api) => api.soakAdvance(0, 1), null);
  // One refresh of the flow layer every 5 simulated seconds.
  expect(state.flowRefreshes).toBe((20 * 60) / 5);
  expect(await inPage(page, (api) => api.soakTrendLength(), null)).toBe(
    capacity,
  );
  // A single reading of a heap this small moves by a few percent with compiled code, so the
  // check compares the median against the baseline, and the end of the run against its start:
  // a leak grows with simulated time and fails both.
  const sorted = [...samples].sort((left, right) => left - right);
  const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  expect(median / baseline).toBeGreaterThan(0.9);
  expect(median / baseline).toBeLessThan(1.1);
  const start = Math.min(...samples.slice(0, 3));
  const end = Math.min(...samples.slice(-3));
  expect(end / start).toBeLessThan(1.1);
  await page.close();
});

test('rotated panels leave no instances', async () => {
  const { page, cdp } = await openHarness();
  await inPage(page, (api, steps) => api.rotate(steps), 30);
  const baseline = await objectHeap(cdp);

  const report = await inPage(page, (api, steps) => api.rotate(steps), 100);
  const after = await objectHeap(cdp);
  // Two rotation panels and the one visible tab have instances; hidden tabs have none yet.
  const inHeap = await instancesInHeap(
    cdp,
    'window.chartHarness.instancePrototype()',
  );

  expect(report.unsettled).toBe(0);
  expect(report.leftovers).toBe(0);
  expect(report.countMismatches).toBe(0);
  expect(report.mountedAtEnd).toBe(2);
  expect(report.liveAtEnd).toBe(2);
  expect(inHeap).toBe(3);
  expect(after / baseline).toBeGreaterThan(0.9);
  expect(after / baseline).toBeLessThan(1.1);
  await page.close();
});

test('chart instances are not proxies', async () => {
  const { page } = await openHarness();
  await inPage(page, (api) => api.showTitle(), null);
  const report = await inPage(page, (api) => api.proxyReport(), null);

  const drawn = report.filter((entry) => entry.hasInstance);
  expect(drawn.length).toBeGreaterThanOrEqual(5);
  for (const entry of drawn) {
    expect(entry.isProxy, entry.id).toBe(false);
    expect(entry.sameAsDom, entry.id).toBe(true);
    expect(entry.rawInsideReactive, entry.id).toBe(true);
  }
  await page.close();
});

test('hidden tab chart fills container', async () => {
  const { page } = await openHarness();
  const hidden = await inPage(page, (api) => api.chartState('tab-1'), null);
  expect(hidden.containerWidth).toBe(0);
  expect(hidden.exists).toBe(false);

  // Shown: drawn at once at the pane's size, never first at 0×0.
  await inPage(page, (api) => api.recordFirstCanvas('tab-1'), null);
  await page.getByRole('button', { name: '舆情' }).click();
  await inPage(page, (api) => api.settled(), null);
  const shown = await inPage(page, (api) => api.chartState('tab-1'), null);
  expect(shown.exists).toBe(true);
  expect([shown.width, shown.height]).toEqual([600, 300]);
  expect([shown.canvasWidth, shown.canvasHeight]).toEqual([600, 300]);
  expect(await inPage(page, (api) => api.firstCanvas('tab-1'), null)).toEqual({
    width: 600,
    height: 300,
  });
  await test.info().attach('tab-shown.png', {
    body: await page.screenshot(),
    contentType: 'image/png',
  });

  // Hidden again: the chart keeps its size, because resize is skipped at 0×0.
  await inPage(page, (api) => api.countResizes('tab-1'), null);
  await page.getByRole('button', { name: '警情' }).click();
  await page.waitForTimeout(400);
  const rehidden = await inPage(page, (api) => api.chartState('tab-1'), null);
  expect(rehidden.containerWidth).toBe(0);
  expect([rehidden.width, rehidden.height]).toEqual([600, 300]);
  expect(await inPage(page, (api) => api.resizeCount('tab-1'), null)).toBe(0);

  // A real size change while shown still resizes.
  await page.getByRole('button', { name: '舆情' }).click();
  await inPage(page, (api, width) => api.setPaneWidth(width), 700);
  await expect
    .poll(() => inPage(page, (api) => api.chartState('tab-1').width, null))
    .toBe(700);
  expect(await inPage(page, (api) => api.resizeCount('tab-1'), null)).toBe(1);
  await page.close();
});

test('gated chart waits for its data', async () => {
  const { page } = await openHarness();
  expect(await inPage(page, (api) => api.showGated(false), null)).toBe(true);
  await page.waitForTimeout(300);
  const closed = await inPage(page, (api) => api.chartState('gated'), null);
  expect(closed.containerWidth).toBeGreaterThan(0);
  expect(closed.exists).toBe(false);
  // A chart that may not draw does not count as a first drawing still to come.
  expect(await inPage(page, (api) => api.pendingFirstDraws(), null)).toBe(0);

  expect(await inPage(page, (api) => api.showGated(true), null)).toBe(true);
  const open = await inPage(page, (api) => api.chartState('gated'), null);
  expect(open.exists).toBe(true);
  expect(await inPage(page, (api) => api.pendingFirstDraws(), null)).toBe(0);
  await page.close();
});

test('title uses bundled font', async () => {
  const { page } = await openHarness();
  expect(await inPage(page, (api) => api.showTitle(), null)).toBe(true);
  const title = await inPage(page, (api) => api.titleReport(), null);

  expect(title.drawn).toBe(true);
  expect(title.fontLoaded).toBe(true);
  expect(title.drawnFont).toContain("'Noto Sans SC'");
  // Without a CJK system font the fallback draws boxes of another width; the first draw must
  // already have measured the title in the bundled font.
  expect(title.fallbackWidth).not.toBeCloseTo(title.bundledWidth, 0);
  expect(title.drawnWidth).toBeCloseTo(title.bundledWidth, 0);
  await page.close();
});

/** Towns of the county with a development zone, whose long name the chart must cut. */
const TOWN_NAMES = [
  '凤山镇',
  '骆驼坳镇',
  '大河岸镇',
  '九资河镇',
  '胜利镇',
  '三里畈镇',
  '罗田县经济开发区管理委员会',
  '其余5个',
];

/** Panel sizes and text sizes the wall gives its axis charts, from a small monitor to a 4K span. */
const CHART_BOXES = [
  { width: 420, height: 300, fontSize: 26 },
  { width: 600, height: 420, fontSize: 26 },
  { width: 1200, height: 840, fontSize: 52 },
];

/** Largest count of each case: a quiet county, a busy week, and a cache of a million alerts. */
const MAX_COUNTS = [7, 4_321, 1_234_567];

test('axis chart labels stay inside', async () => {
  const { page } = await openHarness();
  for (const box of CHART_BOXES) {
    for (const maxCount of MAX_COUNTS) {
      const towns = TOWN_NAMES.map((town, index) => ({
        town,
        count: Math.max(1, Math.round(maxCount / (index + 1))),
      }));
      const start = Date.UTC(2026, 11, 1, 16);
      const hours = Array.from({ length: 48 }, (_, index) => ({
        start: start + index * 3_600_000,
        count: Math.round((maxCount * (index % 7)) / 6),
      }));
      const days = Array.from({ length: 30 }, (_, index) => ({
        start: start + index * 86_400_000,
        count: Math.round((maxCount * (index % 7)) / 6),
      }));
      for (const kind of [
        'town',
        'trend',
        'trend-days',
        'sentiment',
      ] as const) {
        const texts = await inPage(
          page,
          (api, request) => api.wallChartTexts(request),
          { kind, ...box, towns, hours, days },
        );
        const label = `${kind} ${box.width}x${box.height} at ${box.fontSize}px, max ${maxCount}`;
        expect(texts.length, label).toBeGreaterThan(4);
        for (const text of texts) {
          const where = `${label}: "${text.text}" at ${text.x.toFixed(1)},${text.y.toFixed(1)} ${text.width.toFixed(1)}x${text.height.toFixed(1)}`;
          expect(text.x, where).toBeGreaterThanOrEqual(-0.5);
          expect(text.y, where).toBeGreaterThanOrEqual(-0.5);
          expect(text.x + text.width, where).toBeLessThanOrEqual(
            box.width + 0.5,
          );
          expect(text.y + text.height, where).toBeLessThanOrEqual(
            box.height + 0.5,
          );
        }
        if (kind === 'trend' || kind === 'trend-days') {
          // The latest point carries its count.
          const series = kind === 'trend' ? hours : days;
          const latest = series.at(-1)?.count ?? 0;
          expect(
            texts.some(
              (text) => text.text.replaceAll(',', '') === String(latest),
            ),
            `${label}: latest count ${latest} drawn`,
          ).toBe(true);
        }
        if (kind === 'town') {
          // Every town has a bar and a name, and the largest count is drawn in full.
          for (const row of towns.slice(0, 6)) {
            expect(
              texts.some((text) => text.text === row.town),
              `${label}: ${row.town}`,
            ).toBe(true);
          }
          expect(
            texts.some(
              (text) => text.text.replaceAll(',', '') === String(maxCount),
            ),
            `${label}: count ${maxCount}`,
          ).toBe(true);
        }
      }
    }
  }
  await page.close();
});

test('handler runs once after remounts', async () => {
  const { page } = await openHarness();
  const calls = await inPage(
    page,
    (api, cycles) => api.subscriberCycles(cycles),
    10,
  );
  expect(calls).toBe(1);
  await page.close();
});

test('chart follows a new pixel ratio', async () => {
  const { page, cdp } = await openHarness();
  const before = await inPage(page, (api) => api.chartState('tab-0'), null);
  expect([before.canvasWidth, before.canvasHeight]).toEqual([600, 300]);

  // As when the window moves to a display scaled at 200 %.
  await cdp.send('Emulation.setDeviceMetricsOverride', {
    width: 1600,
    height: 1000,
    deviceScaleFactor: 2,
    mobile: false,
  });
  // Emulation changes the ratio without the media query event that a real display change fires,
  // so the test fires it on every query the page made.
  await page.evaluate(() => {
    const host = globalThis as HarnessWindow;
    for (const query of host.mediaQueries ?? []) {
      query.dispatchEvent(
        new (
          globalThis as unknown as {
            MediaQueryListEvent: new (type: string, init: object) => unknown;
          }
        ).MediaQueryListEvent('change', {
          media: query.media,
          matches: query.matches,
        }),
      );
    }
  });
  await expect
    .poll(() =>
      inPage(page, (api) => api.chartState('tab-0').canvasWidth, null),
    )
    .toBe(1200);
  const after = await inPage(page, (api) => api.chartState('tab-0'), null);
  expect(after.devicePixelRatio).toBe(2);
  expect(after.canvasHeight).toBe(600);
  expect([after.width, after.height]).toEqual([600, 300]);
  await page.close();
});
