// The wall's scope filter against the reference central: a town clicked on the county map narrows
// the alert panels and the points panels to that town and colours its villages by their alerts, a
// village clicked on the town's map narrows the points panels further, and their figures match the
// central's own rows for the area.
import { join } from 'node:path';
import {
  expect,
  test,
  type Locator,
  type Page,
  type TestInfo,
} from '@playwright/test';
import sqlite from 'node-sqlite3-wasm';
import { centralFigures } from './fixtures/dashboards/expected.js';
import {
  scopedPointsFigures,
  type RuleFigure,
  type ScopedPointsFigures,
} from './helpers/points-scope.js';
import { showLayoutOnWall, startStack } from './helpers/stack.js';

const INSTALL_ID = 'install-e2e-scope';
const LAYOUT_ID = 'e2e-scope';
const POINTS_LAYOUT_ID = 'e2e-scope-points';
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

/** Returns a layout with the map on the left and the three points panels on the right. */
function pointsLayout(): Record<string, unknown> {
  return {
    id: POINTS_LAYOUT_ID,
    name: 'E2E 区域筛选 积分',
    columns: 5,
    rows: 2,
    panels: [
      { panel: 'county-map', x: 0, y: 0, w: 2, h: 2 },
      { panel: 'points-summary', x: 2, y: 0, w: 1, h: 2 },
      { panel: 'points-by-town', x: 3, y: 0, w: 1, h: 2 },
      { panel: 'points-rewards', x: 4, y: 0, w: 1, h: 2 },
    ],
  };
}

interface TownFigures {
  total: number;
  byLevel: Record<string, number>;
  byClass: Record<string, number>;
  ids: Set<string>;
  /** Alerts per 12-digit village code. */
  byVillage: Record<string, number>;
  /** Alerts of the town whose division code names no village. */
  unplaced: number;
}

interface AlertRow {
  id: string;
  level: number | null;
  emergencyClass: string | null;
  place: {
    divisionCode: string | null;
    townCode: string | null;
    townName: string | null;
  };
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
      byVillage: {},
      unplaced: 0,
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
      const code = alert.place.divisionCode ?? '';
      if (/^\d{12}$/.test(code)) {
        figures.byVillage[code] = (figures.byVillage[code] ?? 0) + 1;
      } else {
        figures.unplaced += 1;
      }
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

/**
 * Starts a central and a browser host on loopback, shows `layout` on the wall in `page`, lets the
 * central publish for ACCUMULATE_MS and stops it. Then `check` runs against the wall, which keeps
 * the cache's figures offline, with the central's data folder to compute the expected ones from.
 */
async function checkWallAfterCentralStops(
  page: Page,
  testInfo: TestInfo,
  layout: Record<string, unknown>,
  check: (centralData: string) => Promise<void>,
): Promise<void> {
  const stack = await startStack({
    label: 'scope',
    central: [
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
    ],
  });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) =>
    pageErrors.push(error.stack ?? String(error)),
  );

  try {
    await showLayoutOnWall(stack.centralPort, INSTALL_ID, layout);
    await page.goto(stack.wallUrl);
    await expect(page.getByTestId('wall-root')).toHaveAttribute(
      'data-layout-id',
      String(layout['id']),
      { timeout: 30_000 },
    );
    await page.waitForTimeout(ACCUMULATE_MS);
    await stack.central.stop();

    await check(stack.centralData);

    expect(pageErrors).toEqual([]);
  } finally {
    await testInfo.attach('host-output', { body: stack.host.output() });
    await stack.stop();
  }
}

/**
 * Clicks the middle of the map until the scope's code matches `code`, then returns the scope's
 * code and name. The canvas shows before the map series is drawn and its click handler bound, so
 * a first click can land on an empty chart, and the test clicks again until the scope opens.
 */
async function clickMapCentre(
  page: Page,
  code: RegExp,
): Promise<{ code: string; name: string }> {
  const map = page.getByTestId('panel-map');
  const canvas = map.locator('canvas').first();
  await expect(canvas).toBeVisible({ timeout: 15_000 });
  const box = await canvas.boundingBox();
  if (box === null) {
    throw new Error('the map canvas has no box to click');
  }
  const scope = map.getByTestId('map-scope');
  await expect(async () => {
    await page.mouse.move(box.x + 2, box.y + 2);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, {
      steps: 4,
    });
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect(scope).toHaveAttribute('data-scope-code', code, {
      timeout: 2_000,
    });
  }).toPass({ timeout: 20_000 });
  return {
    code: (await scope.getAttribute('data-scope-code')) ?? '',
    name: (await scope.textContent())?.trim() ?? '',
  };
}

test('alert panels follow a town', async ({ page }, testInfo) => {
  await checkWallAfterCentralStops(
    page,
    testInfo,
    scopeLayout(),
    async (centralData) => {
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
      const town = await clickMapCentre(page, /^\d{9}$/);
      const townCode = town.code;
      const townName = town.name;
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
      // ---- the map colours the town's villages by their alert counts ----
      const mapSummary = map.getByTestId('map-summary');
      await expect(mapSummary).toHaveAttribute(
        'data-total',
        String(expected.total),
      );
      await expect(mapSummary).toHaveAttribute('data-no-breakdown', 'false');
      await expect(mapSummary).not.toContainText('此项只按乡镇统计');
      await expect(mapSummary).toHaveAttribute(
        'data-unplaced',
        String(expected.unplaced),
      );
      const villageValues = Object.fromEntries(
        await map
          .getByTestId('map-area-row')
          .evaluateAll((rows) =>
            rows.map((row) => [
              row.getAttribute('data-code') ?? '',
              Number(row.getAttribute('data-value')),
            ]),
          ),
      ) as Record<string, number>;
      const shownCodes = Object.keys(villageValues);
      expect(shownCodes.length).toBeGreaterThan(1);
      for (const code of shownCodes) {
        expect(code, 'a village of the town').toMatch(
          new RegExp(`^${townCode}\\d{3}$`),
        );
      }
      const placedVillages = Object.keys(expected.byVillage);
      testInfo.annotations.push({
        type: 'villages',
        description: `${placedVillages.length} of ${shownCodes.length} villages of ${townName} have alerts, ${expected.unplaced} alerts placed on no village`,
      });
      expect(placedVillages.length).toBeGreaterThan(0);
      for (const code of placedVillages) {
        expect(villageValues[code], `alerts of village ${code}`).toBe(
          expected.byVillage[code],
        );
      }
      for (const code of shownCodes) {
        expect(villageValues[code], `alerts of village ${code}`).toBe(
          expected.byVillage[code] ?? 0,
        );
      }
      await map.screenshot({
        path: testInfo.outputPath('wall-town-villages-map.png'),
      });

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
      await page.screenshot({
        path: testInfo.outputPath('wall-town-scope.png'),
      });

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
    },
  );
});

interface ShownArea {
  code: string;
  subjects: number;
  /** Null when the row shows no average. */
  average: number | null;
  selected: boolean;
}

async function shownAreas(page: Page): Promise<ShownArea[]> {
  return page.getByTestId('points-town-row').evaluateAll((rows) =>
    rows.map((row) => ({
      code: row.getAttribute('data-town') ?? '',
      subjects: Number(row.getAttribute('data-subjects')),
      average: row.hasAttribute('data-average')
        ? Number(row.getAttribute('data-average'))
        : null,
      selected: row.getAttribute('data-selected') === 'true',
    })),
  );
}

async function shownRules(
  page: Page,
): Promise<{ positive: RuleFigure[]; negative: RuleFigure[] }> {
  const rows = await page
    .getByTestId('points-rule-row')
    .evaluateAll((elements) =>
      elements.map((row) => ({
        list: row.getAttribute('data-list') ?? '',
        code: row.getAttribute('data-code') ?? '',
        entries: Number(row.getAttribute('data-entries')),
        points: Number(row.getAttribute('data-points')),
      })),
    );
  const ofList = (list: string): RuleFigure[] =>
    rows
      .filter((row) => row.list === list)
      .map(({ code, entries, points }) => ({ code, entries, points }));
  return { positive: ofList('positive'), negative: ofList('negative') };
}

/**
 * Checks the three points panels against `expected`. `label` is the name before the summary's and
 * the rules' titles (the town or the village), and `townName` the one before the villages panel's.
 * `selected` is the village the villages panel marks, or null at town scope.
 */
async function expectPointsPanels(
  page: Page,
  names: { label: string; townName: string; selected: string | null },
  expected: ScopedPointsFigures,
): Promise<void> {
  // ---- the summary counts the area's residents ----
  const summary = page.getByTestId('points-summary');
  await expect(
    page.getByTestId('panel-points-summary').locator('.panel-title'),
  ).toHaveText(new RegExp(`^${names.label} · `));
  await expect(summary).toHaveAttribute(
    'data-subjects',
    String(expected.residents),
  );
  if (expected.average === null) {
    await expect(summary, 'a small group shows no average').not.toHaveAttribute(
      'data-average',
    );
    await expect(summary, 'nor who is low').not.toHaveAttribute(
      'data-restriction',
    );
  } else {
    expect(Number(await summary.getAttribute('data-average'))).toBeCloseTo(
      expected.average,
      6,
    );
  }

  // ---- the villages panel ranks every village of the town ----
  await expect(
    page.getByTestId('panel-points-town').locator('.panel-title'),
  ).toHaveText(new RegExp(`^${names.townName} · `));
  const expectedCodes = [...expected.townVillages.keys()].sort();
  await expect
    .poll(async () => (await shownAreas(page)).map((area) => area.code).sort())
    .toEqual(expectedCodes);
  const areas = await shownAreas(page);
  for (const area of areas) {
    const village = expected.townVillages.get(area.code);
    expect(area.subjects, `residents of village ${area.code}`).toBe(
      village?.residents,
    );
    if (village?.average === null) {
      expect(area.average, `village ${area.code} hides a small group`).toBe(
        null,
      );
    } else {
      expect(area.average, `average of village ${area.code}`).toBeCloseTo(
        village?.average ?? Number.NaN,
        6,
      );
    }
  }
  // Villages with an average come first, highest first, and the rest follow.
  const averages = areas.map((area) => area.average);
  const firstUnrated = averages.indexOf(null);
  const rated = (
    firstUnrated === -1 ? averages : averages.slice(0, firstUnrated)
  ) as number[];
  expect(rated).toEqual([...rated].sort((a, b) => b - a));
  if (firstUnrated !== -1) {
    expect(averages.slice(firstUnrated).every((value) => value === null)).toBe(
      true,
    );
  }
  expect(
    areas.filter((area) => area.selected).map((area) => area.code),
  ).toEqual(names.selected === null ? [] : [names.selected]);
  if (names.selected !== null) {
    // The selected village is drawn inside the list, however low it ranks.
    const list = page.getByTestId('panel-points-town').locator('ol');
    const row = list.locator(`[data-town="${names.selected}"]`);
    const [listBox, rowBox] = [
      await list.boundingBox(),
      await row.boundingBox(),
    ];
    expect(listBox).not.toBeNull();
    expect(rowBox, 'the selected village has a box').not.toBeNull();
    if (listBox !== null && rowBox !== null) {
      const where = `village row at ${rowBox.x},${rowBox.y} in list ${listBox.x},${listBox.y} ${listBox.width}x${listBox.height}`;
      expect(rowBox.x, where).toBeGreaterThanOrEqual(listBox.x - 0.5);
      expect(rowBox.x + rowBox.width, where).toBeLessThanOrEqual(
        listBox.x + listBox.width + 0.5,
      );
      expect(rowBox.y + rowBox.height, where).toBeLessThanOrEqual(
        listBox.y + listBox.height + 0.5,
      );
    }
  }

  // ---- the rules panel lists the area's rules of the week ----
  await expect(
    page.getByTestId('panel-points-rules').locator('.panel-title'),
  ).toHaveText(new RegExp(`^${names.label} · `));
  const rules = await shownRules(page);
  expect(rules.positive, 'positive rules').toEqual(expected.positiveRules);
  expect(rules.negative, 'negative rules').toEqual(expected.negativeRules);

  // ---- the honor roll shows the area's best scores under masked names ----
  const honor = page.getByTestId('points-honor-row');
  const scores = await honor.evaluateAll((rows) =>
    rows.map((row) => Number(row.getAttribute('data-score'))),
  );
  expect(scores, 'honor roll scores').toEqual(expected.honorScores);
  const honorNames = await honor.locator('.honor-name').allTextContents();
  for (const name of honorNames.map((text) => text.trim())) {
    expect(expected.residentNames.has(name), `${name} is a real name`).toBe(
      false,
    );
    expect(
      Array.from(name).length <= 1 || name.includes('*'),
      `${name} is masked`,
    ).toBe(true);
  }
}

test('points panels follow a town and a village', async ({
  page,
}, testInfo) => {
  await checkWallAfterCentralStops(
    page,
    testInfo,
    pointsLayout(),
    async (centralData) => {
      // Offline, the wall keeps the cache's view, so the test waits until the county's view
      // counts every resident and every approved entry.
      const county = centralFigures(centralData, Date.now());
      const summary = page.getByTestId('points-summary');
      await expect(
        summary,
        "the county's points view reaches the wall",
      ).toHaveAttribute('data-subjects', String(county.residents), {
        timeout: 30_000,
      });
      await expect
        .poll(async () => Number(await summary.getAttribute('data-average')), {
          timeout: 30_000,
        })
        .toBeCloseTo(county.averageScore ?? Number.NaN, 6);

      // ---- a click on the middle of the map opens the town under it ----
      const town = await clickMapCentre(page, /^\d{9}$/);
      const townFigures = scopedPointsFigures(
        centralData,
        { kind: 'town', code: town.code },
        Date.now(),
      );
      testInfo.annotations.push({
        type: 'town scope',
        description: `${town.name} (${town.code}): ${townFigures.residents} of ${county.residents} residents, ${townFigures.townVillages.size} villages, ${townFigures.positiveRules.length} + ${townFigures.negativeRules.length} rules`,
      });
      expect(townFigures.residents).toBeGreaterThan(0);
      expect(townFigures.residents).toBeLessThan(county.residents);
      expect(townFigures.positiveRules.length).toBeGreaterThan(0);
      await expectPointsPanels(
        page,
        { label: town.name, townName: town.name, selected: null },
        townFigures,
      );
      await page.screenshot({
        path: testInfo.outputPath('wall-points-town-scope.png'),
      });

      // ---- a second click opens the village under it, among its neighbours ----
      const village = await clickMapCentre(page, /^\d{12}$/);
      expect(village.code.startsWith(town.code)).toBe(true);
      const villageFigures = scopedPointsFigures(
        centralData,
        { kind: 'village', code: village.code },
        Date.now(),
      );
      testInfo.annotations.push({
        type: 'village scope',
        description: `${village.name} (${village.code}): ${villageFigures.residents} residents`,
      });
      expect(villageFigures.residents).toBeGreaterThan(0);
      await expectPointsPanels(
        page,
        { label: village.name, townName: town.name, selected: village.code },
        villageFigures,
      );
      await page.screenshot({
        path: testInfo.outputPath('wall-points-village-scope.png'),
      });
    },
  );
});
