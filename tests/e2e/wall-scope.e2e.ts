// The wall's scope filter against the reference central: a town clicked on the county map narrows
// the alert panels and the points summary to that town, and their figures match the central's own
// rows for it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import sqlite from 'node-sqlite3-wasm';
import { ConsoleClient } from '../integration/central/console-client.js';
import { centralFigures } from './fixtures/dashboards/expected.js';
import { ProjectProcess, freePort } from './helpers/processes.js';

const DEV_TOKEN = 'dev-console-token';
const LAYOUT_ID = 'e2e-scope';
/** Scenario time runs 600 times faster; at 6 alerts a scenario minute this is about 500 alerts. */
const ACCUMULATE_MS = 8_000;

test.setTimeout(120_000);

/** The map on the left, and the panels that follow its scope on the right. */
function scopeLayout(): Record<string, unknown> {
  return {
    id: LAYOUT_ID,
    name: 'E2E 区域筛选',
    columns: 5,
    rows: 2,
    panels: [
      { panel: 'county-map', x: 0, y: 0, w: 2, h: 2 },
      { panel: 'alerts-by-level', x: 2, y: 0, w: 1, h: 1 },
      { panel: 'alerts-by-class', x: 3, y: 0, w: 1, h: 1 },
      { panel: 'alerts-latest', x: 2, y: 1, w: 1, h: 1 },
      { panel: 'alerts-by-type', x: 3, y: 1, w: 1, h: 1 },
      { panel: 'points-summary', x: 4, y: 0, w: 1, h: 2 },
    ],
  };
}

async function showLayoutOnWall(centralPort: string): Promise<void> {
  const client = await ConsoleClient.hello(
    `ws://127.0.0.1:${centralPort}/console`,
    { installId: 'install-e2e-scope' },
  );
  try {
    await client.waitFor('welcome');
    const commands = [
      { name: 'hall.layout-save', payload: { layout: scopeLayout() } },
      {
        name: 'hall.wall-show',
        payload: { wall: 'wall-1', layoutId: LAYOUT_ID },
      },
    ];
    for (const [index, command] of commands.entries()) {
      const commandId = `e2e-scope-${index + 1}`;
      client.send({
        type: 'command',
        commandId,
        installSeq: index + 1,
        name: command.name,
        payload: command.payload,
        issuedAt: Date.now(),
      });
      const result = await client.waitFor(
        'command-result',
        (frame) => frame.commandId === commandId,
      );
      expect(
        result.outcome,
        `${command.name}: ${JSON.stringify(result.error)}`,
      ).toBe('applied');
    }
  } finally {
    client.close();
  }
}

interface TownFigures {
  total: number;
  byLevel: Record<string, number>;
  byClass: Record<string, number>;
  ids: Set<string>;
}

interface AlertRow {
  id: string;
  level: number | null;
  emergencyClass: string | null;
  place: { townCode: string | null; townName: string | null };
}

/** Counts the alerts of town `townCode` in the stopped central's database, with plain loops. */
function townFigures(dataDir: string, townCode: string): TownFigures {
  const db = new sqlite.Database(join(dataDir, 'central.sqlite'), {
    readOnly: true,
  });
  try {
    const rows = (
      db.all('SELECT json FROM alert_rows') as Record<string, unknown>[]
    ).map((row) => JSON.parse(String(row['json'])) as AlertRow);
    const figures: TownFigures = {
      total: 0,
      byLevel: {},
      byClass: {},
      ids: new Set(),
    };
    for (const alert of rows) {
      if (alert.place.townCode !== townCode) {
        continue;
      }
      const level = alert.level === null ? 'none' : String(alert.level);
      const emergencyClass = alert.emergencyClass ?? 'none';
      figures.total += 1;
      figures.byLevel[level] = (figures.byLevel[level] ?? 0) + 1;
      figures.byClass[emergencyClass] =
        (figures.byClass[emergencyClass] ?? 0) + 1;
      figures.ids.add(alert.id);
    }
    return figures;
  } finally {
    db.close();
  }
}

/** Reads `data-<key>` → `data-count` of every row, as numbers. */
async function countTable(
  rows: Locator,
  key: string,
): Promise<Record<string, number>> {
  const pairs = await rows.evaluateAll(
    (elements, name) =>
      elements.map((element) => [
        element.getAttribute(`data-${name}`) ?? '',
        Number(element.getAttribute('data-count')),
      ]),
    key,
  );
  return Object.fromEntries(pairs) as Record<string, number>;
}

async function shownTotal(page: Page): Promise<number> {
  return Number(
    await page.getByTestId('alert-total').getAttribute('data-count'),
  );
}

test('alert panels follow a town', async ({ page }, testInfo) => {
  const centralData = mkdtempSync(join(tmpdir(), 'e2e-scope-central-'));
  const consoleData = mkdtempSync(join(tmpdir(), 'e2e-scope-console-'));
  const centralPort = String(await freePort());
  const hostPort = String(await freePort());
  const central = new ProjectProcess('central', 'src-central/cli.ts', [
    '--port',
    centralPort,
    '--data',
    centralData,
    '--scenario',
    'county',
    '--seed',
    '11',
    '--speed',
    '600',
    '--rate',
    '6',
    '--domains',
    'hall,points',
    '--residents',
    '2000',
  ]);
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
  const pageErrors: string[] = [];
  page.on('pageerror', (error) =>
    pageErrors.push(error.stack ?? String(error)),
  );

  try {
    await central.waitForOutput(/central listening on/);
    const wallUrl =
      (await host.waitForOutput(/Wall:\s+(http:\/\/\S+)/))[1] ?? '';
    await showLayoutOnWall(centralPort);
    await page.goto(wallUrl);
    await expect(page.getByTestId('wall-root')).toHaveAttribute(
      'data-layout-id',
      LAYOUT_ID,
      { timeout: 30_000 },
    );
    await page.waitForTimeout(ACCUMULATE_MS);
    await central.stop();

    // Offline, the wall keeps the cache's counts; wait until the last batch shows.
    let countyTotal = -1;
    await expect
      .poll(
        async () => {
          const before = countyTotal;
          countyTotal = await shownTotal(page);
          return countyTotal > 0 && countyTotal === before;
        },
        { timeout: 30_000, intervals: [1_000] },
      )
      .toBe(true);

    // ---- a click on the middle of the map opens the town under it ----
    const map = page.getByTestId('panel-map');
    const canvas = map.locator('canvas').first();
    await expect(canvas).toBeVisible({ timeout: 15_000 });
    const box = await canvas.boundingBox();
    if (box === null) {
      throw new Error('the map canvas has no box to click');
    }
    const scope = map.getByTestId('map-scope');
    // The canvas shows before the map series is drawn and its click handler bound, so a first
    // click can land on an empty chart. The test clicks again until the town opens.
    await expect(async () => {
      await page.mouse.move(box.x + 2, box.y + 2);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, {
        steps: 4,
      });
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await expect(scope).toHaveAttribute('data-scope-code', /^\d{9}$/, {
        timeout: 2_000,
      });
    }).toPass({ timeout: 20_000 });
    const townCode = (await scope.getAttribute('data-scope-code')) ?? '';
    const townName = (await scope.textContent())?.trim() ?? '';
    const expected = townFigures(centralData, townCode);
    testInfo.annotations.push({
      type: 'scope',
      description: `${townName} (${townCode}): ${expected.total} of ${countyTotal} alerts`,
    });
    expect(expected.total).toBeGreaterThan(0);
    expect(expected.total).toBeLessThan(countyTotal);

    // ---- the count panels show the town's figures under its name ----
    const levelPanel = page.getByTestId('panel-level');
    await expect(levelPanel.locator('.panel-title')).toHaveText(
      new RegExp(`^${townName} · `),
    );
    await expect(page.getByTestId('alert-total')).toHaveAttribute(
      'data-count',
      String(expected.total),
    );
    const levels = await countTable(page.getByTestId('level-count'), 'level');
    for (const key of ['1', '2', '3', '4', 'none']) {
      expect(levels[key], `level ${key}`).toBe(expected.byLevel[key] ?? 0);
    }
    const classes = await countTable(page.getByTestId('class-row'), 'class');
    const classSum = Object.values(classes).reduce((sum, n) => sum + n, 0);
    expect(classSum).toBe(expected.total);
    for (const [key, count] of Object.entries(expected.byClass)) {
      expect(classes[key], `class ${key}`).toBe(count);
    }
    await expect(
      page.getByTestId('panel-class').locator('.panel-title'),
    ).toHaveText(new RegExp(`^${townName} · `));

    // ---- the latest alerts are the town's own ----
    const latest = page.getByTestId('panel-latest-alerts');
    await expect(latest.locator('.panel-title')).toHaveText(
      new RegExp(`^${townName} · `),
    );
    const shownIds = await latest
      .getByTestId('latest-alert-row')
      .evaluateAll((rows) =>
        rows.map((row) => row.getAttribute('data-alert-id') ?? ''),
      );
    expect(shownIds.length).toBeGreaterThan(0);
    for (const id of shownIds) {
      expect(expected.ids.has(id), `latest alert ${id} in ${townName}`).toBe(
        true,
      );
    }
    // ---- the points summary shows the town's residents ----
    const points = centralFigures(centralData, Date.now());
    const summary = page.getByTestId('points-summary');
    await expect(
      page.getByTestId('panel-points-summary').locator('.panel-title'),
    ).toHaveText(new RegExp(`^${townName} · `));
    await expect(summary).toHaveAttribute(
      'data-subjects',
      String(points.townResidents.get(townCode) ?? 0),
    );
    const townAverage = points.townAverages.get(townCode) ?? null;
    expect(townAverage).not.toBeNull();
    expect(Number(await summary.getAttribute('data-average'))).toBeCloseTo(
      townAverage ?? Number.NaN,
      6,
    );
    await page.screenshot({ path: testInfo.outputPath('wall-town-scope.png') });

    // ---- back to the county ----
    await map.locator('.map-crumb[data-scope-code=""]').click();
    await expect(page.getByTestId('alert-total')).toHaveAttribute(
      'data-count',
      String(countyTotal),
    );
    await expect(levelPanel.locator('.panel-title')).not.toHaveText(/ · /);
    await expect(summary).toHaveAttribute(
      'data-subjects',
      String(points.residents),
    );
    await page.screenshot({
      path: testInfo.outputPath('wall-county-scope.png'),
    });

    expect(pageErrors).toEqual([]);
  } finally {
    await testInfo.attach('host-output', { body: host.output() });
    await host.stop();
    await central.stop();
    rmSync(centralData, { recursive: true, force: true });
    rmSync(consoleData, { recursive: true, force: true });
  }
});
