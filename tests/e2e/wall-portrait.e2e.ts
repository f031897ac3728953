// The wall on portrait monitors against the reference central: a layout picked on a console and
// the built-in panels, each at 1080 × 1920, 1200 × 1920 and 2160 × 3840, and the presenter overlay
// at 1080 × 1920. Every panel fills its area, lies inside the viewport without overlapping another,
// is not a tall narrow strip, keeps its text at or above the legible floor, and draws its charts
// at the pixel size of their box. The type ranking shows whole rows only, and the map's hover
// label and click land on the town under the pointer.
import {
  expect,
  test,
  type Locator,
  type Page,
  type TestInfo,
} from '@playwright/test';
import {
  canvasTextBoxes,
  recordCanvasBoxes,
  type CanvasTextRecorder,
} from './helpers/canvas-text.js';
import {
  sendCentralCommands,
  startStack,
  type CentralCommand,
} from './helpers/stack.js';

const LAYOUT_ID = 'e2e-portrait';
const INSTALL_ID = 'install-e2e-portrait';
/** A wall name with no hall record, so its page shows the built-in panels. */
const BUILT_IN_WALL = 'wall-portrait-built-in';
/** Real time of scenario data before the central stops, at 600 times real time. */
const ACCUMULATE_MS = 8_000;
/** Smallest text at 1920 × 1080 in CSS px; wall.css gives the reasoning. */
const MIN_FONT_PX = 26;
/**
 * Largest height-to-width ratio of a panel. The landscape grid on a 1080 × 1920 monitor gives the
 * type ranking a strip five times as tall as it is wide, and its other panels about two.
 */
const MAX_PANEL_ASPECT = 1.8;
/** Allowed rounding between layout boxes, in CSS px. */
const EPSILON_PX = 1;

const SHAPES = [
  { name: 'portrait-1080x1920', width: 1080, height: 1920 },
  { name: 'portrait-1200x1920', width: 1200, height: 1920 },
  { name: 'portrait-2160x3840', width: 2160, height: 3840 },
] as const;

test.setTimeout(240_000);

/**
 * Returns a landscape layout as a console would save it: the map on 2 × 2 cells at the left, four alert
 * panels in the middle and the latest alerts two cells high at the right.
 */
function consoleLayout(): {
  id: string;
  name: string;
  columns: number;
  rows: number;
  panels: { panel: string; x: number; y: number; w: number; h: number }[];
} {
  return {
    id: LAYOUT_ID,
    name: 'E2E 竖屏',
    columns: 5,
    rows: 2,
    panels: [
      { panel: 'county-map', x: 0, y: 0, w: 2, h: 2 },
      { panel: 'alerts-by-level', x: 2, y: 0, w: 1, h: 1 },
      { panel: 'alerts-by-class', x: 3, y: 0, w: 1, h: 1 },
      { panel: 'alerts-by-type', x: 2, y: 1, w: 1, h: 1 },
      { panel: 'alerts-by-town', x: 3, y: 1, w: 1, h: 1 },
      { panel: 'alerts-latest', x: 4, y: 0, w: 1, h: 2 },
    ],
  };
}

/** Sends `commands` as the console install INSTALL_ID, numbered from `firstSeq`. */
function sendCommands(
  centralPort: string,
  firstSeq: number,
  commands: readonly CentralCommand[],
): Promise<void> {
  return sendCentralCommands(centralPort, INSTALL_ID, firstSeq, commands);
}

// ---- what the page draws, read in the page ----

interface DrawnText {
  text: string;
  /** Font size in CSS px. */
  size: number;
  /** Centre of the text on the page, in CSS px. */
  x: number;
  y: number;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface PanelReading {
  testid: string;
  box: Box;
  /** Box of the grid cell or overlay area the panel is placed in; null for a grid item itself. */
  slot: Box | null;
  /** Own text of each visible element, with its computed font size in CSS px. */
  domTexts: { text: string; size: number }[];
  /** Text each visible canvas drew in its last frame, in CSS px. */
  canvasTexts: { text: string; size: number }[];
  canvases: {
    /** Backing store size in device px. */
    width: number;
    height: number;
    /** Drawn box of the canvas and of the chart element that contains it, in CSS px. */
    box: Box;
    chart: Box;
  }[];
}

interface WallReading {
  devicePixelRatio: number;
  viewport: { width: number; height: number };
  header: Box;
  panels: PanelReading[];
  /** Rows of the type ranking list and the list itself, when the panel is on the wall. */
  typeList: { list: Box; rows: Box[] } | null;
}

/**
 * Reads the boxes, texts and canvases of every panel under `container` (the wall's grid or the
 * presenter overlay) in one round trip.
 */
async function readWall(
  page: Page,
  container: 'main' | '.presenter-overlay',
): Promise<WallReading> {
  return page.evaluate((panelSelector) => {
    /** Node.TEXT_NODE, spelled out because this file is compiled without the DOM library. */
    const TEXT_NODE = 3;
    const view = globalThis as unknown as CanvasTextRecorder & {
      devicePixelRatio: number;
      innerWidth: number;
      innerHeight: number;
      getComputedStyle(element: unknown): { fontSize: string };
      document: {
        querySelector(selector: string): Element | null;
        querySelectorAll(selector: string): Iterable<Element>;
      };
    };
    interface Element {
      tagName: string;
      width?: number;
      height?: number;
      parentElement: Element | null;
      childNodes: Iterable<{ nodeType: number; textContent: string | null }>;
      getAttribute(name: string): string | null;
      getBoundingClientRect(): Box;
      querySelectorAll(selector: string): Iterable<Element>;
    }
    const boxOf = (element: Element): Box => {
      const rect = element.getBoundingClientRect();
      return {
        x: rect.x,
        y: rect.y,
        width: rect.width,
        height: rect.height,
      };
    };

    const panels: PanelReading[] = [];
    for (const panel of view.document.querySelectorAll(panelSelector)) {
      const reading: PanelReading = {
        testid: panel.getAttribute('data-testid') ?? '(no testid)',
        box: boxOf(panel),
        slot:
          panel.parentElement === null || panel.parentElement.tagName === 'MAIN'
            ? null
            : boxOf(panel.parentElement),
        domTexts: [],
        canvasTexts: [],
        canvases: [],
      };
      for (const element of panel.querySelectorAll('*')) {
        const box = boxOf(element);
        if (box.width === 0 || box.height === 0) {
          continue;
        }
        if (element.tagName === 'CANVAS') {
          const chart = element.parentElement?.parentElement ?? element;
          reading.canvases.push({
            width: element.width ?? 0,
            height: element.height ?? 0,
            box,
            chart: boxOf(chart),
          });
          for (const drawn of view.canvasTextBoxes?.(element) ?? []) {
            reading.canvasTexts.push({ text: drawn.text, size: drawn.size });
          }
          continue;
        }
        const own = [...element.childNodes]
          .filter((node) => node.nodeType === TEXT_NODE)
          .map((node) => node.textContent?.trim() ?? '')
          .join('');
        // The visually hidden tables are 1 × 1 px boxes for screen readers and tests.
        if (own === '' || box.width <= 1 || box.height <= 1) {
          continue;
        }
        reading.domTexts.push({
          text: own.slice(0, 40),
          size: Number.parseFloat(view.getComputedStyle(element).fontSize),
        });
      }
      panels.push(reading);
    }

    const list = view.document.querySelector('.type-list');
    const header = view.document.querySelector('.wall-header');
    return {
      devicePixelRatio: view.devicePixelRatio,
      viewport: { width: view.innerWidth, height: view.innerHeight },
      header:
        header === null ? { x: 0, y: 0, width: 0, height: 0 } : boxOf(header),
      panels,
      typeList:
        list === null
          ? null
          : {
              list: boxOf(list),
              // Rows the panel hides have no box.
              rows: [...list.querySelectorAll('li')]
                .map(boxOf)
                .filter((box) => box.width > 0 && box.height > 0),
            },
    };
  }, `${container} .panel`);
}

// ---- checks ----

function describeBox(box: Box): string {
  return `${box.width.toFixed(0)} × ${box.height.toFixed(0)} at (${box.x.toFixed(0)}, ${box.y.toFixed(0)})`;
}

function expectInside(inner: Box, outer: Box, label: string): void {
  const message = `${label}: ${describeBox(inner)} inside ${describeBox(outer)}`;
  expect.soft(inner.x, message).toBeGreaterThanOrEqual(outer.x - EPSILON_PX);
  expect.soft(inner.y, message).toBeGreaterThanOrEqual(outer.y - EPSILON_PX);
  expect
    .soft(inner.x + inner.width, message)
    .toBeLessThanOrEqual(outer.x + outer.width + EPSILON_PX);
  expect
    .soft(inner.y + inner.height, message)
    .toBeLessThanOrEqual(outer.y + outer.height + EPSILON_PX);
}

function overlapArea(a: Box, b: Box): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return Math.max(0, width) * Math.max(0, height);
}

/** Smallest legible text at a viewport: the floor scaled by max(1, smaller ratio to 1080p). */
function textFloor(width: number, height: number): number {
  return MIN_FONT_PX * Math.max(1, Math.min(width / 1920, height / 1080));
}

function checkWall(reading: WallReading, expectedPanels: number): void {
  const { viewport } = reading;
  const screen: Box = { x: 0, y: 0, ...viewport };
  const floor = textFloor(viewport.width, viewport.height);

  expect
    .soft(reading.panels.map((panel) => panel.testid))
    .toHaveLength(expectedPanels);
  expectInside(reading.header, screen, 'wall header');

  for (const panel of reading.panels) {
    expectInside(panel.box, screen, panel.testid);
    if (panel.slot !== null) {
      const fills = `${panel.testid} ${describeBox(panel.box)} in its area ${describeBox(panel.slot)}`;
      expect
        .soft(Math.abs(panel.box.width - panel.slot.width), `width of ${fills}`)
        .toBeLessThanOrEqual(EPSILON_PX);
      expect
        .soft(
          Math.abs(panel.box.height - panel.slot.height),
          `height of ${fills}`,
        )
        .toBeLessThanOrEqual(EPSILON_PX);
    }
    expect
      .soft(
        panel.box.height / panel.box.width,
        `height over width of ${panel.testid}, ${describeBox(panel.box)}`,
      )
      .toBeLessThanOrEqual(MAX_PANEL_ASPECT);

    expect
      .soft(panel.domTexts.length, `texts of ${panel.testid}`)
      .toBeGreaterThan(0);
    const texts = [...panel.domTexts, ...panel.canvasTexts].sort(
      (a, b) => a.size - b.size,
    );
    expect
      .soft(
        texts[0]?.size ?? 0,
        `smallest text of ${panel.testid}: ${JSON.stringify(texts.slice(0, 3))}`,
      )
      .toBeGreaterThanOrEqual(floor - 0.01);

    for (const canvas of panel.canvases) {
      const where = `canvas of ${panel.testid}, ${describeBox(canvas.box)} in a chart of ${describeBox(canvas.chart)}`;
      expect
        .soft(
          Math.abs(canvas.box.width - canvas.chart.width),
          `${where}: width`,
        )
        .toBeLessThanOrEqual(EPSILON_PX);
      expect
        .soft(
          Math.abs(canvas.box.height - canvas.chart.height),
          `${where}: height`,
        )
        .toBeLessThanOrEqual(EPSILON_PX);
      expect
        .soft(
          Math.abs(canvas.width - canvas.box.width * reading.devicePixelRatio),
          `${where}: backing width ${canvas.width}`,
        )
        .toBeLessThanOrEqual(EPSILON_PX);
      expect
        .soft(
          Math.abs(
            canvas.height - canvas.box.height * reading.devicePixelRatio,
          ),
          `${where}: backing height ${canvas.height}`,
        )
        .toBeLessThanOrEqual(EPSILON_PX);
    }
  }

  reading.panels.forEach((panel, index) => {
    for (const other of reading.panels.slice(index + 1)) {
      expect
        .soft(
          overlapArea(panel.box, other.box),
          `${panel.testid} ${describeBox(panel.box)} overlaps ${other.testid} ${describeBox(other.box)}`,
        )
        .toBeLessThanOrEqual(EPSILON_PX);
    }
  });

  if (reading.typeList !== null) {
    checkTypeList(reading.typeList);
  }
}

function isInside(inner: Box, outer: Box): boolean {
  return (
    inner.y >= outer.y - EPSILON_PX &&
    inner.y + inner.height <= outer.y + outer.height + EPSILON_PX
  );
}

/**
 * Checks that the type ranking shows whole rows: none is cut by the list's bottom edge, and none
 * is laid out below it, where only a scroll that no one at a wall does would reach it.
 */
function checkTypeList(typeList: { list: Box; rows: Box[] }): void {
  const { list, rows } = typeList;
  const numbered = rows.map((row, index) => ({ row, number: index + 1 }));
  const cut = numbered.filter(
    ({ row }) => overlapArea(row, list) > 0 && !isInside(row, list),
  );
  const below = numbered.filter(({ row }) => overlapArea(row, list) === 0);
  const where = `a list of ${describeBox(list)} with ${rows.length} rows`;

  expect.soft(rows.length, 'rows of the type ranking').toBeGreaterThan(0);
  expect
    .soft(
      cut.map(({ number, row }) => `row ${number}: ${describeBox(row)}`),
      `type ranking rows cut by the edge of ${where}`,
    )
    .toEqual([]);
  expect
    .soft(
      below.map(({ number }) => number),
      `type ranking rows laid out below ${where}`,
    )
    .toEqual([]);
}

// ---- the map ----

interface TownLabel {
  name: string;
  code: string;
  value: number;
  /** Centre of the label on the page, in CSS px. */
  x: number;
  y: number;
  size: number;
}

/** Texts the map's canvases drew in their last frame, with centres in page CSS px. */
async function mapTexts(map: Locator): Promise<DrawnText[]> {
  return (await canvasTextBoxes(map)).map((box) => ({
    text: box.text,
    size: box.size,
    x: box.x + box.width / 2,
    y: box.y + box.height / 2,
  }));
}

/** Labels of the towns the map drew, joined with their codes and values from its hidden table. */
async function townLabels(map: Locator): Promise<TownLabel[]> {
  const areas = await map.getByTestId('map-area-row').evaluateAll((rows) =>
    rows.map((row) => ({
      name: row.querySelector('th')?.textContent?.trim() ?? '',
      code: row.getAttribute('data-code') ?? '',
      value: Number(row.getAttribute('data-value')),
    })),
  );
  const byName = new Map(areas.map((area) => [area.name, area]));
  const labels = new Map<string, TownLabel>();
  for (const drawn of await mapTexts(map)) {
    const area = byName.get(drawn.text);
    if (area !== undefined && !labels.has(area.name)) {
      labels.set(area.name, {
        ...area,
        x: drawn.x,
        y: drawn.y,
        size: drawn.size,
      });
    }
  }
  return [...labels.values()].sort((a, b) => a.x - b.x);
}

/**
 * Points at the labels of three towns (the leftmost, the middle and the rightmost) and checks that
 * the hover label shows that town's value beside the pointer, and that a click there opens that
 * town.
 */
async function checkMapTowns(page: Page, shape: string): Promise<void> {
  const map = page.getByTestId('panel-map');
  const scope = map.getByTestId('map-scope');
  await expect(scope).toHaveAttribute('data-scope-code', '');
  let labels: TownLabel[] = [];
  await expect
    .poll(
      async () => {
        labels = await townLabels(map);
        return labels.length;
      },
      { message: `town labels on the map at ${shape}`, timeout: 15_000 },
    )
    .toBeGreaterThanOrEqual(3);
  const picked = [
    labels[0],
    labels[Math.floor(labels.length / 2)],
    labels[labels.length - 1],
  ].map((label) => label?.code ?? '');

  for (const code of picked) {
    let town: TownLabel | undefined;
    // The map redraws after a resize or a return from a town, so the label's position is read
    // again before each attempt, and the hover is retried until it shows on the current frame.
    await expect(async () => {
      town = (await townLabels(map)).find((label) => label.code === code);
      expect(town, `label of town ${code} at ${shape}`).toBeDefined();
      const { x, y, size, value } = town as TownLabel;
      await page.mouse.move(1, 1);
      await page.mouse.move(x, y, { steps: 4 });
      await expect
        .poll(
          async () =>
            (await mapTexts(map)).some(
              (drawn) =>
                Math.hypot(drawn.x - x, drawn.y - y) < size * 3 &&
                new RegExp(`[：:]\\s*${value}$`).test(drawn.text),
            ),
          { timeout: 2_000 },
        )
        .toBe(true);
    }, `hover label of town ${code} at ${shape}`).toPass({ timeout: 20_000 });
    if (town === undefined) {
      continue;
    }

    await page.mouse.click(town.x, town.y);
    await expect(
      scope,
      `click on ${town.name} (${town.code}) at ${shape}`,
    ).toHaveAttribute('data-scope-code', town.code);
    await map.locator('.map-crumb[data-scope-code=""]').click();
    await expect(scope).toHaveAttribute('data-scope-code', '');
  }
}

async function attachScreenshot(
  page: Page,
  testInfo: TestInfo,
  name: string,
): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/**
 * Resizes the page and waits until every chart's canvas has the size of its chart box again.
 * Charts resize 150 ms after their box changes and draw in a later animation frame, which on a
 * loaded machine can take well over a second.
 */
async function resizeTo(
  page: Page,
  shape: (typeof SHAPES)[number],
): Promise<void> {
  await page.setViewportSize({ width: shape.width, height: shape.height });
  await expect
    .poll(
      () =>
        page.evaluate<string[]>(`(() => {
          const mismatched = [];
          for (const canvas of document.querySelectorAll('canvas')) {
            const chart = canvas.parentElement?.parentElement;
            const box = canvas.getBoundingClientRect();
            const target = chart?.getBoundingClientRect();
            if (
              target !== undefined &&
              target.width > 0 &&
              (Math.abs(box.width - target.width) > 1 ||
                Math.abs(box.height - target.height) > 1)
            ) {
              mismatched.push(
                Math.round(box.width) + 'x' + Math.round(box.height) + ' in ' +
                  Math.round(target.width) + 'x' + Math.round(target.height),
              );
            }
          }
          return mismatched;
        })()`),
      { timeout: 15_000, message: `charts resized at ${shape.name}` },
    )
    .toEqual([]);
  // The last resize draws in the frame after its canvas got the new size.
  await page.waitForTimeout(300);
}

test('wall panels fit portrait monitors', async ({ page }, testInfo) => {
  const stack = await startStack({
    label: 'portrait',
    central: [
      '--scenario',
      'county',
      '--seed',
      '7',
      '--speed',
      '600',
      '--rate',
      '6',
      '--domains',
      'hall',
    ],
  });
  const { central, host, centralPort, wallUrl } = stack;
  const pageErrors: string[] = [];
  page.on('pageerror', (error) =>
    pageErrors.push(error.stack ?? String(error)),
  );

  try {
    await sendCommands(centralPort, 1, [
      { name: 'hall.layout-save', payload: { layout: consoleLayout() } },
      {
        name: 'hall.wall-show',
        payload: { wall: 'wall-1', layoutId: LAYOUT_ID },
      },
    ]);
    await page.addInitScript(recordCanvasBoxes);
    await page.setViewportSize({ width: 1080, height: 1920 });
    await page.goto(wallUrl);
    const root = page.getByTestId('wall-root');
    await expect(root).toHaveAttribute('data-layout-id', LAYOUT_ID, {
      timeout: 30_000,
    });
    await page.waitForTimeout(ACCUMULATE_MS);

    await test.step('presenter focus on a town at portrait-1080x1920', async () => {
      const firstTown = page.getByTestId('map-area-row').first();
      const code = (await firstTown.getAttribute('data-code')) ?? '';
      const name = (await firstTown.locator('th').textContent()) ?? code;
      await sendCommands(centralPort, 3, [
        {
          name: 'hall.present-start',
          payload: {
            focus: { kind: 'town', id: code, label: name },
            presenterName: 'E2E',
          },
        },
      ]);
      const overlay = page.getByTestId('presenter-overlay');
      await expect(overlay).toBeVisible({ timeout: 15_000 });
      await expect(page.getByTestId('map-scope')).toHaveAttribute(
        'data-scope-code',
        code,
      );
      // The overlay's charts draw after their boxes settle, as after a resize.
      await page.waitForTimeout(1_000);
      await attachScreenshot(page, testInfo, 'presenter-portrait-1080x1920');
      checkWall(await readWall(page, '.presenter-overlay'), 3);

      await sendCommands(centralPort, 4, [
        { name: 'hall.present-end', payload: {} },
      ]);
      await expect(overlay).toHaveCount(0, { timeout: 15_000 });
    });

    // Stopped, the central sends nothing more, so the figures hold still while they are read, and
    // the header shows the offline state with its start time.
    await central.stop();
    await expect(page.getByTestId('alert-total')).not.toHaveAttribute(
      'data-count',
      '0',
    );

    for (const shape of SHAPES) {
      await test.step(`layout from the console at ${shape.name}`, async () => {
        await resizeTo(page, shape);
        await attachScreenshot(page, testInfo, `layout-${shape.name}`);
        checkWall(await readWall(page, 'main'), consoleLayout().panels.length);
        await checkMapTowns(page, shape.name);
      });
    }

    const builtInUrl = wallUrl.replace(/name=[^&]*/, `name=${BUILT_IN_WALL}`);
    await page.goto(builtInUrl);
    await expect(root).toHaveAttribute('data-layout-id', 'built-in');
    await expect(page.getByTestId('alert-total')).not.toHaveAttribute(
      'data-count',
      '0',
    );
    for (const shape of SHAPES) {
      await test.step(`built-in panels at ${shape.name}`, async () => {
        await resizeTo(page, shape);
        await attachScreenshot(page, testInfo, `built-in-${shape.name}`);
        checkWall(await readWall(page, 'main'), 5);
      });
    }

    expect(pageErrors).toEqual([]);
  } finally {
    await testInfo.attach('host-output', { body: host.output() });
    await stack.stop();
  }
});
