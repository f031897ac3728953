// Layouts, playlists and presenter mode through the browser host: the console's walls tab edits,
// saves, exports and imports layouts, runs a playlist on wall-1 and presents a town on two walls.
// Every claim the console makes is checked against the rows of the central's own SQLite file.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  importWallFile,
  type PanelLayout,
  type PanelPlacement,
} from '../../src-shared/walls/index.js';
import { readHallRows } from './fixtures/walls/central-records.js';
import { ProjectProcess, REPO_ROOT, freePort } from './helpers/processes.js';

const DEV_TOKEN = 'dev-console-token';
const FIXTURES = join(REPO_ROOT, 'tests', 'e2e', 'fixtures', 'walls');
const GOOD_FILE = join(FIXTURES, 'good-layouts.json');
const BROKEN_FILE = join(FIXTURES, 'broken-layouts.json');
const IMPORTED_ID = 'e2e-imported-opinion';
const EDITED_NAME = 'E2E 联合值守';
/** The shortest dwell the playlist rules accept, so a rotation shows within the test. */
const DWELL_SECONDS = 5;
/** Generous: the wall side of presenter mode and layouts may land after this file. */
const WALL_TIMEOUT = 30_000;

type Cells = Pick<PanelPlacement, 'x' | 'y' | 'w' | 'h'>;

test.setTimeout(240_000);

/** The cells a panel of the editor claims through its data attributes. */
async function panelCells(panel: Locator): Promise<Cells> {
  const read = async (name: string): Promise<number> =>
    Number(await panel.getAttribute(`data-${name}`));
  return {
    x: await read('x'),
    y: await read('y'),
    w: await read('w'),
    h: await read('h'),
  };
}

async function cellCentre(
  page: Page,
  x: number,
  y: number,
): Promise<{ x: number; y: number }> {
  const box = await page
    .locator(`[data-testid="layout-cell"][data-x="${x}"][data-y="${y}"]`)
    .boundingBox();
  if (box === null) {
    throw new Error(`editor cell (${x}, ${y}) has no box; is the grid shown?`);
  }
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Presses the mouse at `from`, moves in steps to `to` and releases, as an operator drags. */
async function drag(
  page: Page,
  from: { x: number; y: number },
  to: { x: number; y: number },
): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
}

async function wallLayoutId(wall: Page): Promise<string | null> {
  return wall.getByTestId('wall-root').getAttribute('data-layout-id');
}

/**
 * Samples the layout ids a wall shows every 250 ms for at most `ms`, in order of appearance.
 * Stops early once `enough` distinct ids were seen.
 */
async function layoutsShownDuring(
  wall: Page,
  ms: number,
  enough = Number.POSITIVE_INFINITY,
): Promise<string[]> {
  const seen: string[] = [];
  for (
    let waited = 0;
    waited < ms && new Set(seen).size < enough;
    waited += 250
  ) {
    const id = await wallLayoutId(wall);
    if (id !== null && seen.at(-1) !== id) {
      seen.push(id);
    }
    await wall.waitForTimeout(250);
  }
  return seen;
}

function sortedCells(layout: PanelLayout): string[] {
  return layout.panels
    .map((p) => `${p.panel}@${p.x},${p.y},${p.w}x${p.h}`)
    .sort();
}

test('wall layouts, playlist and presenter', async ({
  page,
  context,
}, testInfo) => {
  const centralData = mkdtempSync(join(tmpdir(), 'e2e-walls-central-'));
  const consoleData = mkdtempSync(join(tmpdir(), 'e2e-walls-console-'));
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
    '7',
    '--speed',
    '1',
    '--domains',
    'hall,dispatch',
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
      '--allow-commands',
    ],
    { CONSOLE_TOKEN: DEV_TOKEN },
  );
  const pageErrors: string[] = [];

  try {
    await central.waitForOutput(/central listening on/);
    const consoleUrl =
      (await host.waitForOutput(/Console:\s+(http:\/\/\S+)/))[1] ?? '';
    const baseUrl = new URL('/', consoleUrl).toString();

    page.on('pageerror', (error) => pageErrors.push(`console: ${error}`));
    await page.goto(`${baseUrl}console.html?name=main`);
    await page.getByTestId('nav-walls').click();
    await expect(page.getByTestId('walls-view')).toBeVisible();
    // The central seeds one layout on a fresh hall, and its arrival shows that records flow.
    await expect(page.getByTestId('layout-item-county-overview')).toBeVisible({
      timeout: 30_000,
    });

    const editedId = await test.step('edit a new layout', async () => {
      await page.getByTestId('layout-new').click();
      const editor = page.getByTestId('layout-editor');
      // An untouched new layout lists no problem; saving it without a name lists the name.
      await expect(editor.getByTestId('layout-problems')).toHaveCount(0);
      await editor.getByTestId('layout-save').click();
      await expect(editor.getByTestId('layout-problems')).toContainText(
        '请填写布局名称',
      );
      await editor.getByTestId('layout-name').fill(EDITED_NAME);
      await expect(editor.getByTestId('layout-problems')).toHaveCount(0);
      const editedId = (await editor.getAttribute('data-layout-id')) ?? '';
      expect(editedId).toMatch(/^layout-/);

      for (const panel of [
        'alerts-by-level',
        'alerts-by-town',
        'alerts-trend',
      ]) {
        await page.getByTestId(`catalogue-add-${panel}`).click();
      }
      const level = page.getByTestId('panel-alerts-by-level');
      const town = page.getByTestId('panel-alerts-by-town');
      const trend = page.getByTestId('panel-alerts-trend');
      expect(await panelCells(level)).toEqual({ x: 0, y: 0, w: 2, h: 2 });
      expect(await panelCells(town)).toEqual({ x: 2, y: 0, w: 2, h: 2 });
      expect(await panelCells(trend)).toEqual({ x: 0, y: 2, w: 2, h: 1 });

      // At 1080p the 16:9 grid sits partly below the fold, so bring its top to the viewport's top.
      await editor
        .locator('.walls-grid')
        .evaluate((grid) => grid.scrollIntoView({ block: 'start' }));

      // Drag the trend panel two cells right.
      await drag(
        page,
        await cellCentre(page, 0, 2),
        await cellCentre(page, 2, 2),
      );
      await expect(trend).toHaveAttribute('data-x', '2');
      expect(await panelCells(trend)).toEqual({ x: 2, y: 2, w: 2, h: 1 });

      // Stretch the level panel down into the row the trend panel left.
      const handle = level.getByTestId('panel-resize');
      const handleBox = await handle.boundingBox();
      if (handleBox === null) {
        throw new Error('the resize handle of alerts-by-level has no box');
      }
      await drag(
        page,
        {
          x: handleBox.x + handleBox.width / 2,
          y: handleBox.y + handleBox.height / 2,
        },
        await cellCentre(page, 1, 2),
      );
      await expect(level).toHaveAttribute('data-h', '3');
      expect(await panelCells(level)).toEqual({ x: 0, y: 0, w: 2, h: 3 });

      // The grid is full now: another panel has no room until one is removed.
      await page.getByTestId('catalogue-add-county-map').click();
      await expect(page.getByTestId('layout-edit-error')).toBeVisible();
      await expect(page.getByTestId('panel-county-map')).toHaveCount(0);
      await town.locator('.walls-panel-remove').click();
      await expect(town).toHaveCount(0);
      await page.getByTestId('catalogue-add-county-map').click();
      expect(await panelCells(page.getByTestId('panel-county-map'))).toEqual({
        x: 2,
        y: 0,
        w: 2,
        h: 2,
      });
      await expect(editor).toHaveAttribute('data-dirty', 'true');

      await editor.screenshot({ path: testInfo.outputPath('editor.png') });
      return editedId;
    });

    const expectedEdited: PanelLayout = {
      id: editedId,
      name: EDITED_NAME,
      columns: 4,
      rows: 3,
      panels: [
        { panel: 'alerts-by-level', x: 0, y: 0, w: 2, h: 3 },
        { panel: 'alerts-trend', x: 2, y: 2, w: 2, h: 1 },
        { panel: 'county-map', x: 2, y: 0, w: 2, h: 2 },
      ],
    };

    await test.step('save the layout; the central stores it as shown', async () => {
      await page.getByTestId('layout-save').click();
      await expect(page.getByTestId('layout-notice')).toBeVisible();
      await expect(page.getByTestId(`layout-item-${editedId}`)).toBeVisible();
      await expect(page.getByTestId('layout-editor')).toHaveAttribute(
        'data-dirty',
        'false',
      );

      await expect
        .poll(async () => (await readHallRows(centralData)).layout(editedId), {
          timeout: 20_000,
        })
        .not.toBeNull();
      const stored = (await readHallRows(centralData)).layout(editedId);
      expect(stored?.name).toBe(EDITED_NAME);
      expect(stored && sortedCells(stored)).toEqual(
        sortedCells(expectedEdited),
      );
    });

    await test.step('export the layouts to a file', async () => {
      const downloading = page.waitForEvent('download');
      await page.getByTestId('layout-export').click();
      const download = await downloading;
      expect(download.suggestedFilename()).toMatch(
        /^wall-layouts-\d{4}-\d{2}-\d{2}\.json$/,
      );
      const saved = testInfo.outputPath(download.suggestedFilename());
      await download.saveAs(saved);

      const exported = importWallFile(readFileSync(saved, 'utf8'));
      if (!exported.ok) {
        throw new Error(
          `the exported file does not import: ${JSON.stringify(exported.problems)}`,
        );
      }
      const snapshot = await readHallRows(centralData);
      const centralIds = snapshot.rows
        .filter((row) => row.collection === 'hall.layout')
        .map((row) => row.id)
        .sort();
      expect(exported.file.layouts.map((layout) => layout.id).sort()).toEqual(
        centralIds,
      );
      const inFile = exported.file.layouts.find((l) => l.id === editedId);
      const stored = snapshot.layout(editedId);
      expect(inFile && sortedCells(inFile)).toEqual(
        stored && sortedCells(stored),
      );
    });

    await test.step('a broken file is refused with every problem listed', async () => {
      await page.getByTestId('layout-import').setInputFiles(BROKEN_FILE);
      const error = page.getByTestId('import-error');
      await expect(error).toBeVisible();
      await expect(error).toContainText('broken-layouts.json');
      await expect(error).toContainText('$.layouts[0].panels[2].panel');
      await expect(error).toContainText('weather-radar');
      await expect(error).toContainText('$.layouts[0].panels[1]');
      await expect(page.getByTestId('import-use')).toHaveCount(0);
      await page
        .getByTestId('layout-editor')
        .screenshot({ path: testInfo.outputPath('import-error.png') });
    });

    await test.step('a good file is imported and saved on the central', async () => {
      await page.getByTestId('layout-import').setInputFiles(GOOD_FILE);
      await expect(page.getByTestId('import-error')).toHaveCount(0);
      await expect(page.getByTestId('import-summary')).toBeVisible();
      await page.getByTestId('import-use').click();
      await expect(
        page.getByTestId(`layout-item-${IMPORTED_ID}`),
      ).toBeVisible();

      const expected = importWallFile(readFileSync(GOOD_FILE, 'utf8'));
      expect(expected.ok).toBe(true);
      const fixture = expected.ok ? expected.file.layouts[0] : undefined;
      await expect
        .poll(
          async () => (await readHallRows(centralData)).layout(IMPORTED_ID),
          { timeout: 20_000 },
        )
        .toEqual(fixture);
      const snapshot = await readHallRows(centralData);
      expect(snapshot.layout('e2e-broken')).toBeNull();
    });

    // The walls open now, so they see the playlist and the presenter arrive.
    const wallOne = await context.newPage();
    const wallTwo = await context.newPage();
    wallOne.on('pageerror', (error) => pageErrors.push(`wall-1: ${error}`));
    wallTwo.on('pageerror', (error) => pageErrors.push(`wall-2: ${error}`));
    await wallOne.goto(`${baseUrl}wall.html?name=wall-1`);
    await wallTwo.goto(`${baseUrl}wall.html?name=wall-2`);
    // One soft check that the wall side exists, instead of a long wait at every later assertion.
    const wallRootsShown = await Promise.all(
      [wallOne, wallTwo].map((wall) =>
        wall
          .getByTestId('wall-root')
          .waitFor({ state: 'attached', timeout: WALL_TIMEOUT })
          .then(
            () => true,
            () => false,
          ),
      ),
    );
    const wallsReady = wallRootsShown.every(Boolean);
    expect
      .soft(wallRootsShown, 'both wall pages render [data-testid="wall-root"]')
      .toEqual([true, true]);

    await test.step('a playlist on wall-1 rotates two layouts', async () => {
      const editor = page.getByTestId('playlist-editor');
      await expect(editor.getByTestId('playlist-wall')).toHaveValue('wall-1');
      const addChoice = editor
        .getByTestId('playlist-add')
        .locator('xpath=preceding-sibling::select');
      for (const id of [editedId, IMPORTED_ID]) {
        await addChoice.selectOption(id);
        await editor.getByTestId('playlist-add').click();
      }
      const dwells = editor.getByTestId('playlist-dwell');
      await expect(dwells).toHaveCount(2);
      for (let index = 0; index < 2; index += 1) {
        await dwells.nth(index).fill(String(DWELL_SECONDS));
        await dwells.nth(index).press('Tab');
      }
      await editor.getByTestId('playlist-save').click();
      await expect(editor.getByTestId('playlist-problems')).toHaveCount(0);

      await expect
        .poll(
          async () =>
            (await readHallRows(centralData))
              .wallState('wall-1')
              ?.playlist?.entries.map((e) => `${e.layoutId}/${e.dwellSeconds}`),
          { timeout: 20_000 },
        )
        .toEqual([
          `${editedId}/${DWELL_SECONDS}`,
          `${IMPORTED_ID}/${DWELL_SECONDS}`,
        ]);
      const state = (await readHallRows(centralData)).wallState('wall-1');
      expect(state?.paused).toBe(false);
      expect(state?.layoutId).toBe(editedId);
      await expect(editor.getByTestId('playlist-status')).toHaveAttribute(
        'data-paused',
        'false',
      );
      await expect(editor.getByTestId('playlist-status')).toHaveAttribute(
        'data-playlist',
        'true',
      );

      if (wallsReady) {
        const seen = await layoutsShownDuring(
          wallOne,
          (DWELL_SECONDS * 2 + 3) * 1000,
          2,
        );
        expect
          .soft(new Set(seen), 'layouts wall-1 showed while rotating')
          .toEqual(new Set([editedId, IMPORTED_ID]));
      }
    });

    await test.step('pause holds the wall on one layout; resume rotates again', async () => {
      const editor = page.getByTestId('playlist-editor');
      await editor.getByTestId('playlist-pause').click();
      await expect(editor.getByTestId('playlist-status')).toHaveAttribute(
        'data-paused',
        'true',
      );
      await expect
        .poll(
          async () =>
            (await readHallRows(centralData)).wallState('wall-1')?.paused,
          { timeout: 20_000 },
        )
        .toBe(true);
      if (wallsReady) {
        const held = await layoutsShownDuring(
          wallOne,
          (DWELL_SECONDS + 3) * 1000,
        );
        expect.soft(held, 'layouts wall-1 showed while paused').toHaveLength(1);
      }

      await editor.getByTestId('playlist-pause').click();
      await expect(editor.getByTestId('playlist-status')).toHaveAttribute(
        'data-paused',
        'false',
      );
      await expect
        .poll(
          async () =>
            (await readHallRows(centralData)).wallState('wall-1')?.paused,
          { timeout: 20_000 },
        )
        .toBe(false);
      if (wallsReady) {
        const resumed = await layoutsShownDuring(
          wallOne,
          (DWELL_SECONDS * 2 + 3) * 1000,
          2,
        );
        expect
          .soft(resumed.length, 'layouts wall-1 showed after resume')
          .toBeGreaterThan(1);
      }

      // Paused again, so the layout before presenting stays put and the restore is checkable.
      await editor.getByTestId('playlist-pause').click();
      await expect
        .poll(
          async () =>
            (await readHallRows(centralData)).wallState('wall-1')?.paused,
          { timeout: 20_000 },
        )
        .toBe(true);
    });

    await test.step('presenting a town covers both walls; ending restores them', async () => {
      const before = wallsReady
        ? await Promise.all([wallOne, wallTwo].map(wallLayoutId))
        : [null, null];

      const panel = page.getByTestId('presenter-panel');
      await expect(panel).toHaveAttribute('data-role', 'idle');
      await panel.locator('input[name="presenter-kind"][value="town"]').check();
      const town = await panel
        .getByTestId('presenter-choice')
        .locator('option:not([disabled])')
        .first()
        .evaluate((option) => ({
          code: option.getAttribute('value') ?? '',
          name: (option.textContent ?? '').trim(),
        }));
      expect(town.code).not.toBe('');
      await panel.getByTestId('presenter-choice').selectOption(town.code);
      await panel.getByTestId('present-start').click();
      await expect(panel.getByTestId('presenter-focus-now')).toContainText(
        town.name,
      );

      await expect
        .poll(
          async () => (await readHallRows(centralData)).presenter()?.active,
          { timeout: 20_000 },
        )
        .toBe(true);
      const presenting = (await readHallRows(centralData)).presenter();
      expect(presenting?.focus).toEqual({
        kind: 'town',
        id: town.code,
        label: town.name,
      });

      if (wallsReady) {
        for (const wall of [wallOne, wallTwo]) {
          const overlay = wall.getByTestId('presenter-overlay');
          await expect.soft(overlay).toBeVisible({ timeout: WALL_TIMEOUT });
          await expect
            .soft(overlay)
            .toHaveAttribute('data-focus-id', town.code);
          await expect.soft(overlay).toContainText(town.name);
        }
      }
      await wallOne.screenshot({
        path: testInfo.outputPath('wall-1-presenting.png'),
      });
      await wallTwo.screenshot({
        path: testInfo.outputPath('wall-2-presenting.png'),
      });
      await page.screenshot({
        path: testInfo.outputPath('console-presenting.png'),
      });

      await panel.getByTestId('present-end').click();
      await expect(panel).toHaveAttribute('data-role', 'idle');
      await expect(panel.getByTestId('presenter-focus-now')).toHaveCount(0);
      await expect
        .poll(
          async () => (await readHallRows(centralData)).presenter()?.active,
          { timeout: 20_000 },
        )
        .toBe(false);

      if (wallsReady) {
        for (const [index, wall] of [wallOne, wallTwo].entries()) {
          await expect
            .soft(wall.getByTestId('presenter-overlay'))
            .toHaveCount(0, { timeout: WALL_TIMEOUT });
          const root = wall.getByTestId('wall-root');
          const layoutId = before[index] ?? null;
          if (layoutId === null) {
            await expect.soft(root).not.toHaveAttribute('data-layout-id');
          } else {
            await expect.soft(root).toHaveAttribute('data-layout-id', layoutId);
          }
        }
      }
      await wallOne.screenshot({
        path: testInfo.outputPath('wall-1-after.png'),
      });
      await wallTwo.screenshot({
        path: testInfo.outputPath('wall-2-after.png'),
      });
    });

    await test.step('the central ends in the state the console shows', async () => {
      await host.stop();
      await central.stop();
      const final = await readHallRows(centralData);
      const wall = final.wallState('wall-1');
      expect(wall?.paused).toBe(true);
      expect(wall?.playlist?.entries.map((entry) => entry.layoutId)).toEqual([
        editedId,
        IMPORTED_ID,
      ]);
      expect(final.presenter()?.active).toBe(false);
      const ids = final.rows
        .filter((row) => row.collection === 'hall.layout')
        .map((row) => row.id)
        .sort();
      expect(ids).toEqual([IMPORTED_ID, 'county-overview', editedId].sort());
    });

    expect(pageErrors).toEqual([]);
  } finally {
    await host.stop();
    await central.stop();
    rmSync(centralData, { recursive: true, force: true });
    rmSync(consoleData, { recursive: true, force: true });
  }
});
