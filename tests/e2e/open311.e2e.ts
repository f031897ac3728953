import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { expect, test, type Page } from '@playwright/test';
import { ProjectProcess, REPO_ROOT, freePort } from './helpers/processes.js';

const CSV_PATH = join(
  REPO_ROOT,
  'resources',
  'data',
  'open311-nyc-2011-sample.csv',
);
const DEV_TOKEN = 'dev-console-token';
// The sample spans about 270 days, which this factor replays in roughly 15 s.
const REPLAY_SPEED = '1500000';

interface ExpectedCounts {
  total: number;
  byType: Map<string, number>;
  keys: Set<string>;
}

/** Counts the CSV rows per Complaint Type straight from the file, independently of the central. */
function countCsv(): ExpectedCounts {
  const records = parse(readFileSync(CSV_PATH, 'utf8'), {
    columns: true,
  }) as Record<string, string>[];
  const byType = new Map<string, number>();
  const keys = new Set<string>();
  for (const record of records) {
    const type = record['Complaint Type'] ?? '';
    byType.set(type, (byType.get(type) ?? 0) + 1);
    keys.add(record['Unique Key'] ?? '');
  }
  return { total: records.length, byType, keys };
}

async function wallTotal(page: Page): Promise<number> {
  const value = await page
    .getByTestId('alert-total')
    .getAttribute('data-count');
  return Number(value ?? 'NaN');
}

async function wallTypeCounts(page: Page): Promise<Map<string, number>> {
  const rows = await page
    .getByTestId('type-row')
    .evaluateAll((elements) =>
      elements.map(
        (element) =>
          [
            element.getAttribute('data-type') ?? '',
            Number(element.getAttribute('data-count')),
          ] as const,
      ),
    );
  return new Map(rows);
}

async function consoleAlertIds(page: Page): Promise<string[]> {
  return page
    .getByTestId('alert-row')
    .evaluateAll((elements) =>
      elements.map((element) => element.getAttribute('data-alert-id') ?? ''),
    );
}

test('open311 replay reaches wall after crash', async ({
  page,
  context,
}, testInfo) => {
  const expected = countCsv();
  expect(expected.total).toBe(2000);

  const centralData = mkdtempSync(join(tmpdir(), 'e2e-central-'));
  const consoleData = mkdtempSync(join(tmpdir(), 'e2e-console-'));
  const centralPort = String(await freePort());
  const hostPort = String(await freePort());
  const centralArgs = [
    '--port',
    centralPort,
    '--data',
    centralData,
    '--scenario',
    'open311',
    '--speed',
    REPLAY_SPEED,
  ];

  let central = new ProjectProcess(
    'central',
    'src-central/cli.ts',
    centralArgs,
  );
  const host = new ProjectProcess(
    'host',
    'src-main/host/cli.ts',
    [
      '--central',
      `ws://127.0.0.1:${centralPort}/console`,
      '--data',
      consoleData,
      '--port',
      hostPort,
    ],
    { CONSOLE_TOKEN: DEV_TOKEN },
  );

  try {
    await central.waitForOutput(/central listening on/);
    const hostUrl =
      (await host.waitForOutput(/Wall:\s+(http:\/\/\S+)/))[1] ?? '';
    const baseUrl = new URL('/', hostUrl).toString();

    // Open the wall and the console while the replay is still early.
    await page.goto(`${baseUrl}wall.html?name=wall-1`);
    const consolePage = await context.newPage();
    await consolePage.goto(`${baseUrl}console.html?name=main`);
    await expect
      .poll(() => wallTotal(page), { timeout: 30_000 })
      .toBeGreaterThan(0);
    const firstSeenIds = new Set(await consoleAlertIds(consolePage));

    // Crash the central in the middle of the replay, as a power cut would.
    await expect
      .poll(() => wallTotal(page), { timeout: 60_000 })
      .toBeGreaterThan(300);
    await central.kill();
    const totalAtCrash = await wallTotal(page);
    expect(totalAtCrash).toBeLessThan(expected.total);
    await expect(page.getByTestId('session-state')).not.toHaveAttribute(
      'data-phase',
      'online',
      { timeout: 40_000 },
    );

    // Restart it on the same log. The console resumes from its last committed sequence.
    central = new ProjectProcess('central', 'src-central/cli.ts', centralArgs);
    await central.waitForOutput(/central listening on/);
    await expect
      .poll(() => wallTotal(page), { timeout: 120_000 })
      .toBe(expected.total);
    await expect(page.getByTestId('session-state')).toHaveAttribute(
      'data-phase',
      'online',
      { timeout: 30_000 },
    );

    // Every complaint type shows exactly the number of rows the CSV has for it.
    const shown = await wallTypeCounts(page);
    expect([...shown.keys()].sort()).toEqual(
      [...expected.byType.keys()].sort(),
    );
    for (const [type, count] of expected.byType) {
      expect.soft(shown.get(type), `count shown for ${type}`).toBe(count);
    }
    expect([...shown.values()].reduce((sum, count) => sum + count, 0)).toBe(
      expected.total,
    );

    // The console list shows alerts that arrived after it opened, all of them real CSV rows.
    await expect
      .poll(async () =>
        (await consoleAlertIds(consolePage)).some(
          (id) => !firstSeenIds.has(id),
        ),
      )
      .toBe(true);
    const shownIds = await consoleAlertIds(consolePage);
    expect(new Set(shownIds).size).toBe(shownIds.length);
    for (const id of shownIds) {
      expect(
        id.startsWith('open311:') &&
          expected.keys.has(id.slice('open311:'.length)),
        `alert ${id} is a CSV row`,
      ).toBe(true);
    }

    await page.screenshot({ path: testInfo.outputPath('wall-1920x1080.png') });
    await consolePage.screenshot({
      path: testInfo.outputPath('console-1920x1080.png'),
    });
  } finally {
    await host.stop();
    await central.stop();
    rmSync(centralData, { recursive: true, force: true });
    rmSync(consoleData, { recursive: true, force: true });
  }
});
