// Long soak of a live wall chart: `SOAK=1 npx playwright test -c tests/e2e/playwright.config.ts
// soak.e2e.ts`. Simulates SOAK_HOURS (default 8) of one event a second on the trend chart and a
// flow layer refreshed every 5 s, at an accelerated rate, and prints the heap after garbage
// collection at every simulated hour. Skipped unless SOAK=1, because it runs for minutes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  buildHarness,
  fontsWithoutCjk,
  heapAfterGc,
  launchHarnessBrowser,
  serveHarness,
} from './fixtures/charts/harness-server.js';
import type {
  HarnessWindow,
  SoakState,
} from '../renderer/charts/fixture/harness-types.js';

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a positive number, got "${raw}"`);
  }
  return value;
}

const HOURS = positiveNumber('SOAK_HOURS', 8);
/** Points the trend's ring buffer keeps: one hour at one point a second. */
const CAPACITY = positiveNumber('SOAK_CAPACITY', 3600);
/** Simulated seconds between two draws; 5 draws once per flow refresh. */
const STEP_SECONDS = positiveNumber('SOAK_STEP_SECONDS', 5);
const TOLERANCE = 0.1;

test.describe('wall chart soak', () => {
  test.skip(process.env.SOAK !== '1', 'long soak; run it with SOAK=1');

  test('heap stays flat hour over hour', async () => {
    const testInfo = test.info();
    // A simulated hour took about 150 s at the default step with Debian's Chromium 156 and
    // software rendering. The limit allows twice that.
    test.setTimeout((HOURS * 5 + 3) * 60_000);
    const server = await serveHarness(await buildHarness());
    const fontDir = mkdtempSync(join(tmpdir(), 'soak-fonts-'));
    const browser = await launchHarnessBrowser(fontsWithoutCjk(fontDir));
    const lines = [
      `Soak: ${HOURS} simulated hours, 1 point/s into a ${CAPACITY}-point ring, flow layer merged every 5 s, a draw every ${STEP_SECONDS} simulated s.`,
      '',
      '| Simulated hour | Heap after GC | Trend points | Wall time |',
      '|---|---|---|---|',
    ];
    const print = (line: string): void => {
      lines.push(line);
      process.stdout.write(`${line}\n`);
    };
    for (const line of lines) {
      process.stdout.write(`${line}\n`);
    }

    try {
      const page = await browser.newPage({
        viewport: { width: 1920, height: 1080 },
      });
      await page.goto(server.url);
      await page.waitForFunction(
        () => (globalThis as HarnessWindow).chartHarness !== undefined,
      );
      const cdp = await page.context().newCDPSession(page);
      const started = await page.evaluate(
        (capacity) =>
          (globalThis as HarnessWindow).chartHarness?.soakStart(capacity),
        CAPACITY,
      );
      expect(started).toBe(true);

      const heaps: number[] = [];
      const began = Date.now();
      for (let hour = 1; hour <= HOURS; hour += 1) {
        const state = (await page.evaluate(
          ({ step }) =>
            (globalThis as HarnessWindow).chartHarness?.soakAdvance(3600, step),
          { step: STEP_SECONDS },
        )) as SoakState | undefined;
        expect(state?.simulatedSeconds).toBe(hour * 3600);
        expect(state?.trendPoints).toBe(Math.min(CAPACITY, hour * 3600));
        heaps.push(await heapAfterGc(cdp));
        print(
          `| ${hour} | ${((heaps.at(-1) ?? 0) / 2 ** 20).toFixed(2)} MiB | ${state?.trendPoints ?? 0} | ${((Date.now() - began) / 1000).toFixed(0)} s |`,
        );
      }

      // Hour 1 fills the ring, so it is the baseline every later hour is held to.
      const baseline = heaps[0] ?? 0;
      const spread = heaps.map((heap) => heap / baseline - 1);
      const worst = Math.max(...spread.map(Math.abs));
      print('');
      print(
        `Largest change from hour 1: ${(worst * 100).toFixed(1)} % (limit ${TOLERANCE * 100} %).`,
      );
      await testInfo.attach('soak.md', {
        body: lines.join('\n'),
        contentType: 'text/markdown',
      });
      for (const [index, change] of spread.entries()) {
        expect(Math.abs(change), `hour ${index + 1}`).toBeLessThanOrEqual(
          TOLERANCE,
        );
      }
    } finally {
      await browser.close();
      await server.close();
      rmSync(fontDir, { recursive: true, force: true });
    }
  });
});
