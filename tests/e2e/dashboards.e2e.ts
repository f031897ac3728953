// Every wall panel against the reference central: a layout with all panels goes on wall-1, data
// accumulates at 600× speed, then the central stops and the wall's figures are checked against
// figures computed from the central's SQLite file. Screenshots at three wall shapes check that
// text stays legible and that the map answers hover and click at each.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { PANEL_IDS } from '../../src-shared/walls/index.js';
import { centralFigures } from './fixtures/dashboards/expected.js';
import {
  recordCanvasBoxes,
  type CanvasTextRecorder,
} from './helpers/canvas-text.js';
import { showLayoutOnWall, startStack } from './helpers/stack.js';

const LAYOUT_ID = 'e2e-all-panels';
/** Real time of scenario data before the central stops; start-up adds some 15 s more. */
const ACCUMULATE_MS = 8_000;
/**
 * Smallest legible text on a 1920 × 1080 wall, in CSS px: about 10 arcmin for a Chinese character
 * on a 55-inch monitor (0.63 mm per px) seen from 5 m; wall.css gives the reasoning. A larger wall
 * scales it by its smaller ratio to 1080p: a 7680 × 2160 span is a row of ordinary monitors, so
 * only its height ratio (2) says how far away its viewers stand. A portrait or smaller wall keeps
 * the minimum.
 */
const MIN_FONT_PX = 26;
const SHAPES = [
  { name: 'landscape-1080p', width: 1920, height: 1080 },
  { name: 'span-7680x2160', width: 7680, height: 2160 },
  { name: 'portrait-1080x1920', width: 1080, height: 1920 },
] as const;

// The test takes about a minute on an idle machine. The margin is for a shared runner whose cores
// are busy with other work, because there every step of the page takes several times longer.
test.setTimeout(240_000);

/**
 * A 7 × 3 grid: the map on 2 × 2 cells, so that its areas are large enough to point at, and every
 * other panel of the catalogue in one cell each, in reading order.
 */
function allPanelsLayout(): Record<string, unknown> {
  const columns = 7;
  const rows = 3;
  const panels: {
    panel: string;
    x: number;
    y: number;
    w: number;
    h: number;
  }[] = [{ panel: 'county-map', x: 0, y: 0, w: 2, h: 2 }];
  const free: { x: number; y: number }[] = [];
  for (let y = 0; y < rows; y += 1) {
    for (let x = 0; x < columns; x += 1) {
      if (!(x < 2 && y < 2)) {
        free.push({ x, y });
      }
    }
  }
  for (const id of PANEL_IDS.filter((panel) => panel !== 'county-map')) {
    const cell = free.shift();
    if (cell === undefined) {
      throw new Error(`no cell left for panel ${id}; enlarge the test layout`);
    }
    panels.push({ panel: id, ...cell, w: 1, h: 1 });
  }
  return { id: LAYOUT_ID, name: 'E2E 全部面板', columns, rows, panels };
}

function panel(wall: Page, id: string): Locator {
  return wall.locator(`[data-panel="${id}"]`);
}

async function attribute(locator: Locator, name: string): Promise<string> {
  const value = await locator.getAttribute(name);
  if (value === null) {
    throw new Error(`${name} is missing on the element`);
  }
  return value;
}

/** A total that has not moved for this long has stopped short, rather than still catching up. */
const STALL_MS = 15_000;
/** Maximum wait for a total while it is still moving. */
const SETTLE_TIMEOUT_MS = 120_000;

/**
 * Waits until attribute `name` of `locator` reads `expected`. When the central stops, the console
 * may still be writing what it received, for a minute on a busy machine, so a total that keeps
 * moving is waited for. A total that stays put short of `expected` fails after STALL_MS, because
 * then items are missing, not late.
 */
async function expectSettlesAt(
  locator: Locator,
  name: string,
  expected: string,
): Promise<void> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let last: string | null = null;
  let changedAt = Date.now();
  while (Date.now() < deadline && Date.now() - changedAt < STALL_MS) {
    const value = await locator.getAttribute(name);
    if (value === expected) {
      return;
    }
    if (value !== last) {
      last = value;
      changedAt = Date.now();
    }
    await locator.page().waitForTimeout(500);
  }
  expect(
    last,
    `${name} stopped at ${last} for ${STALL_MS} ms, or was still moving after ${SETTLE_TIMEOUT_MS} ms`,
  ).toBe(expected);
}

/** Reads `data-<key>` → `data-<value>` of every match, as numbers. */
async function attributeTable(
  rows: Locator,
  key: string,
  value: string,
): Promise<Record<string, number>> {
  // One read for all rows, because every call to the page is a round trip, about a second each on
  // a busy machine.
  const pairs = await rows.evaluateAll(
    (elements, names) =>
      elements.map((element) => [
        element.getAttribute(names.key),
        element.getAttribute(names.value),
      ]),
    { key: `data-${key}`, value: `data-${value}` },
  );
  const table: Record<string, number> = {};
  for (const [name, count] of pairs) {
    if (
      name === null ||
      name === undefined ||
      count === null ||
      count === undefined
    ) {
      throw new Error(
        `a row is missing data-${key} or data-${value}; rows read: ${JSON.stringify(pairs)}`,
      );
    }
    table[name] = Number(count);
  }
  return table;
}

interface ShownText {
  size: number;
  text: string;
  /** `dom` for an element's own text, `canvas` for text a chart drew. */
  source: 'dom' | 'canvas';
}

/**
 * Every text shown inside `scope`: the computed font size of each visible element that contains
 * text directly, and each text its visible chart canvases drew in their last frame.
 */
async function shownTexts(scope: Locator): Promise<ShownText[]> {
  return scope.evaluate((root) => {
    /** Node.TEXT_NODE, spelled out because this file is compiled without the DOM library. */
    const TEXT_NODE = 3;
    const view = root.ownerDocument.defaultView;
    const host = view as unknown as CanvasTextRecorder | null;
    const found: ShownText[] = [];
    for (const element of root.querySelectorAll('*')) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || view === null) {
        continue;
      }
      if (element.tagName === 'CANVAS') {
        for (const drawn of host?.canvasTextBoxes?.(element) ?? []) {
          found.push({
            size: drawn.size,
            text: drawn.text.slice(0, 40),
            source: 'canvas',
          });
        }
        continue;
      }
      const own = [...element.childNodes]
        .filter((node) => node.nodeType === TEXT_NODE)
        .map((node) => node.textContent?.trim() ?? '')
        .join('');
      if (own === '') {
        continue;
      }
      found.push({
        size: Number.parseFloat(view.getComputedStyle(element).fontSize),
        text: own.slice(0, 40),
        source: 'dom',
      });
    }
    return found.sort((first, second) => first.size - second.size);
  });
}

/** Pixels of the tooltip's background colour (#0c1b30) over the map's canvases. */
async function tooltipPixels(map: Locator): Promise<number> {
  return map.evaluate((element) => {
    let count = 0;
    for (const canvas of element.querySelectorAll('canvas')) {
      const context = canvas.getContext('2d');
      if (context === null || canvas.width === 0) {
        continue;
      }
      const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
      for (let index = 0; index < data.length; index += 4) {
        if (
          data[index] === 12 &&
          data[index + 1] === 27 &&
          data[index + 2] === 48
        ) {
          count += 1;
        }
      }
    }
    return count;
  });
}

test('every wall panel against the central', async ({ page }, testInfo) => {
  const stack = await startStack({
    label: 'dash',
    central: [
      '--scenario',
      'county',
      '--seed',
      '5',
      '--speed',
      '600',
      '--domains',
      'hall,opinion,points',
      '--residents',
      '2000',
    ],
  });
  const { central, centralData } = stack;
  const pageErrors: string[] = [];
  page.on('pageerror', (error) =>
    pageErrors.push(error.stack ?? String(error)),
  );

  try {
    await showLayoutOnWall(
      stack.centralPort,
      'install-e2e-dashboards',
      allPanelsLayout(),
    );
    const wallUrl = stack.wallUrl;

    await page.addInitScript(recordCanvasBoxes);
    await page.goto(wallUrl);
    const root = page.getByTestId('wall-root');
    await expect(root).toHaveAttribute('data-layout-id', LAYOUT_ID, {
      timeout: 30_000,
    });
    for (const id of PANEL_IDS) {
      await expect(panel(page, id)).toHaveCount(1);
    }
    await page.waitForTimeout(ACCUMULATE_MS);
    await central.stop();
    const figures = centralFigures(centralData, Date.now());
    expect(figures.opinionTotal).toBeGreaterThan(20);
    expect(figures.residents).toBeGreaterThan(1000);
    testInfo.annotations.push({
      type: 'central figures',
      description: `opinion ${figures.opinionTotal}, residents ${figures.residents}, alerts ${figures.alertTotal}`,
    });

    await test.step('opinion: sentiment, sources and topic heat', async () => {
      const sentiment = page.getByTestId('panel-opinion-sentiment');
      await expectSettlesAt(
        sentiment,
        'data-total',
        String(figures.opinionTotal),
      );
      const totals = await attributeTable(
        sentiment.getByTestId('opinion-sentiment-total'),
        'sentiment',
        'count',
      );
      for (const [name, count] of Object.entries(totals)) {
        expect(count, `sentiment ${name}`).toBe(figures.sentiment[name] ?? 0);
      }
      expect(Object.values(totals).reduce((a, b) => a + b, 0)).toBe(
        figures.opinionTotal,
      );

      const heat = panel(page, 'opinion-heat');
      const sources = await attributeTable(
        heat.getByTestId('opinion-source'),
        'source',
        'count',
      );
      expect(Object.keys(sources).length).toBeGreaterThan(0);
      for (const [name, count] of Object.entries(sources)) {
        expect(count, `source ${name}`).toBe(figures.sources[name] ?? 0);
      }
      expect(Object.values(sources).reduce((a, b) => a + b, 0)).toBe(
        figures.opinionTotal,
      );

      const rows = heat.getByTestId('opinion-topic-row');
      const shown = await rows.count();
      expect(shown).toBeGreaterThan(0);
      for (let index = 0; index < shown; index += 1) {
        const row = rows.nth(index);
        const expected = figures.topics[index];
        expect(await attribute(row, 'data-topic')).toBe(expected?.topic);
        expect(Number(await attribute(row, 'data-heat'))).toBeCloseTo(
          expected?.heat ?? Number.NaN,
          1,
        );
      }
    });

    await test.step('points: residents, average and towns', async () => {
      const summary = page.getByTestId('points-summary');
      await expectSettlesAt(
        summary,
        'data-subjects',
        String(figures.residents),
      );
      // Main rebuilds the wall's points view at most every few seconds, so the resident count can
      // be final while the last approved entries are still on their way into the average.
      await expect
        .poll(async () => Number(await attribute(summary, 'data-average')), {
          timeout: 20_000,
        })
        .toBeCloseTo(figures.averageScore ?? Number.NaN, 6);
      const towns = page.getByTestId('points-town-row');
      expect(await towns.count()).toBeGreaterThan(0);
      for (const row of await towns.all()) {
        const code = await attribute(row, 'data-town');
        expect(figures.townAverages.has(code), `town ${code}`).toBe(true);
        const expected = figures.townAverages.get(code) ?? null;
        const shown = await row.getAttribute('data-average');
        if (expected === null) {
          expect(shown, `town ${code} hides a small group`).toBeNull();
        } else {
          expect(Number(shown), `town ${code}`).toBeCloseTo(expected, 6);
        }
      }
    });

    await test.step('alerts: counts and the latest list', async () => {
      await expectSettlesAt(
        page.getByTestId('alert-total'),
        'data-count',
        String(figures.alertTotal),
      );
      const levels = await attributeTable(
        page.getByTestId('level-count'),
        'level',
        'count',
      );
      for (const [level, count] of Object.entries(levels)) {
        expect(count, `level ${level}`).toBe(figures.alertsByLevel[level] ?? 0);
      }
      const classes = await attributeTable(
        page.getByTestId('class-row'),
        'class',
        'count',
      );
      for (const [name, count] of Object.entries(classes)) {
        expect(count, `class ${name}`).toBe(figures.alertsByClass[name] ?? 0);
      }
      const towns = await attributeTable(
        page.getByTestId('town-row'),
        'town',
        'count',
      );
      for (const [name, count] of Object.entries(towns)) {
        expect(count, `town ${name}`).toBe(figures.alertsByTown[name] ?? 0);
      }
      const mapAreas = await attributeTable(
        page.getByTestId('map-area-row'),
        'code',
        'value',
      );
      expect(Object.keys(mapAreas).length).toBe(figures.townNames.size);
      for (const [code, value] of Object.entries(mapAreas)) {
        const name = figures.townNames.get(code) ?? code;
        expect(value, `map area ${code} ${name}`).toBe(
          figures.alertsByTown[name] ?? 0,
        );
      }
      // Both trends end at the current hour or Beijing day and reach back past the scenario's
      // first alert, so every point equals the central's count for its hour or day.
      for (const [testid, expected, unit] of [
        ['trend-point', figures.alertsByHour, 'hour'],
        ['trend-day-point', figures.alertsByDay, 'day'],
      ] as const) {
        // The trends follow the counts at most twice a second, so they may lag the total shortly.
        await expect
          .poll(
            async () =>
              Object.values(
                await attributeTable(
                  page.getByTestId(testid),
                  'start',
                  'count',
                ),
              ).reduce((sum, count) => sum + count, 0),
            { message: `${unit} trend settles`, timeout: 15_000 },
          )
          .toBe(figures.alertTotal);
        const points = await attributeTable(
          page.getByTestId(testid),
          'start',
          'count',
        );
        expect(Object.keys(points).length, `${unit} points`).toBe(
          unit === 'hour' ? 24 : 30,
        );
        for (const [start, count] of Object.entries(points)) {
          expect(count, `${unit} ${start}`).toBe(expected[start] ?? 0);
        }
        expect(
          Object.values(points).reduce((sum, count) => sum + count, 0),
          `${unit} points sum to every alert`,
        ).toBe(figures.alertTotal);
      }
      const latestIds = await page
        .getByTestId('latest-alert-row')
        .evaluateAll((rows) =>
          rows.map((row) => row.getAttribute('data-alert-id')),
        );
      expect(latestIds.length).toBeGreaterThan(0);
      for (const id of latestIds) {
        expect(figures.alertIds.has(id ?? ''), `latest alert ${id}`).toBe(true);
      }
    });

    for (const shape of SHAPES) {
      await test.step(`${shape.name}: legible text and a working map`, async () => {
        await page.setViewportSize({
          width: shape.width,
          height: shape.height,
        });
        await expect(root).toHaveAttribute('data-layout-id', LAYOUT_ID);
        // A drill-down at the previous shape would narrow the opinion panels in the picture.
        const map = page.getByTestId('panel-map');
        const county = map.locator('.map-crumb[data-scope-code=""]');
        if ((await county.count()) > 0) {
          await county.click();
        }
        await expect(map.getByTestId('map-scope')).toHaveAttribute(
          'data-scope-code',
          '',
        );
        // Charts resize on the next frame, and the opinion view is published once a second.
        await page.waitForTimeout(1_200);
        await page.screenshot({
          path: testInfo.outputPath(`wall-${shape.name}.png`),
        });

        const minimum =
          MIN_FONT_PX *
          Math.max(1, Math.min(shape.width / 1920, shape.height / 1080));
        const shown = await shownTexts(root);
        const smallest = shown.slice(0, 5);
        expect(
          shown.filter((text) => text.source === 'dom').length,
        ).toBeGreaterThan(0);
        // The town bars, trend, sentiment, points distribution and map all draw on canvases.
        expect(
          shown.filter((text) => text.source === 'canvas').length,
        ).toBeGreaterThan(20);
        expect(
          smallest[0]?.size ?? 0,
          `smallest text at ${shape.name}: ${JSON.stringify(smallest)}`,
        ).toBeGreaterThanOrEqual(minimum);
        const mapTextsBefore = new Set(
          (await shownTexts(map)).map((text) => text.text),
        );

        const canvas = map.locator('canvas').first();
        const box = await canvas.boundingBox();
        if (box === null) {
          throw new Error(`the map has no canvas at ${shape.name}`);
        }
        const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
        await page.mouse.move(box.x + 2, box.y + 2);
        await page.waitForTimeout(300);
        const before = await tooltipPixels(map);
        await page.mouse.move(centre.x, centre.y, { steps: 4 });
        await page.waitForTimeout(600);
        await map.screenshot({
          path: testInfo.outputPath(`map-hover-${shape.name}.png`),
        });
        await expect
          .poll(() => tooltipPixels(map), { timeout: 5_000 })
          .toBeGreaterThan(before + 200);
        const hoverTexts = (await shownTexts(map)).filter(
          (text) => !mapTextsBefore.has(text.text),
        );
        expect(
          hoverTexts.length,
          'text of the map hover label',
        ).toBeGreaterThan(0);
        expect(
          hoverTexts[0]?.size ?? 0,
          `map hover label at ${shape.name}: ${JSON.stringify(hoverTexts)}`,
        ).toBeGreaterThanOrEqual(minimum);

        await page.mouse.click(centre.x, centre.y);
        await expect(map.getByTestId('map-scope')).toHaveAttribute(
          'data-scope-code',
          /^\d{9}$/,
        );
      });
    }

    expect(pageErrors).toEqual([]);
  } finally {
    await stack.stop();
  }
});
