// The points panels in small wall layouts against the reference central: a 2 × 2 layout at
// 1920 × 1080 (the smallest wall), 7680 × 2160 and 1080 × 1920, and a 3 × 2 layout at 1920 × 1080.
// The rules panel shows whole rows only, and the score histogram draws every text inside its
// chart, at or above the legible floor and without overlaps. It leaves bucket labels out only at
// a regular interval, and only where they would not fit.
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
  type CanvasTextBox,
} from './helpers/canvas-text.js';
import { sendCentralCommands, startStack } from './helpers/stack.js';

const INSTALL_ID = 'install-e2e-points-layout';
/** Real time of scenario data before the central stops, at 600 times real time. */
const ACCUMULATE_MS = 8_000;
/** Smallest text at 1920 × 1080 in CSS px. wall.css gives the reasoning. */
const MIN_FONT_PX = 26;
/** Allowed rounding between layout boxes, in CSS px. */
const EPSILON_PX = 1;
/** Wall that shows the 3 × 2 layout. wall-1 shows the 2 × 2 one. */
const SIX_PANEL_WALL = 'wall-points-3x2';

interface LayoutPanel {
  panel: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

const FOUR_PANELS = {
  id: 'e2e-points-2x2',
  name: 'E2E 积分 2×2',
  columns: 2,
  rows: 2,
  panels: [
    { panel: 'points-summary', x: 0, y: 0, w: 1, h: 1 },
    { panel: 'points-by-town', x: 1, y: 0, w: 1, h: 1 },
    { panel: 'points-rewards', x: 0, y: 1, w: 1, h: 1 },
    { panel: 'county-map', x: 1, y: 1, w: 1, h: 1 },
  ] satisfies LayoutPanel[],
};

const SIX_PANELS = {
  id: 'e2e-points-3x2',
  name: 'E2E 积分 3×2',
  columns: 3,
  rows: 2,
  panels: [
    { panel: 'points-summary', x: 0, y: 0, w: 1, h: 1 },
    { panel: 'points-by-town', x: 1, y: 0, w: 1, h: 1 },
    { panel: 'points-rewards', x: 2, y: 0, w: 1, h: 1 },
    { panel: 'county-map', x: 0, y: 1, w: 1, h: 1 },
    { panel: 'alerts-latest', x: 1, y: 1, w: 1, h: 1 },
    { panel: 'alerts-trend', x: 2, y: 1, w: 1, h: 1 },
  ] satisfies LayoutPanel[],
};

const CASES = [
  { wall: 'wall-1', layout: FOUR_PANELS, width: 1920, height: 1080 },
  { wall: 'wall-1', layout: FOUR_PANELS, width: 7680, height: 2160 },
  { wall: 'wall-1', layout: FOUR_PANELS, width: 1080, height: 1920 },
  { wall: SIX_PANEL_WALL, layout: SIX_PANELS, width: 1920, height: 1080 },
] as const;

test.setTimeout(240_000);

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function describeBox(box: Box): string {
  return `${box.width.toFixed(0)} × ${box.height.toFixed(0)} at (${box.x.toFixed(0)}, ${box.y.toFixed(0)})`;
}

function overlapArea(a: Box, b: Box): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return Math.max(0, width) * Math.max(0, height);
}

function isInside(inner: Box, outer: Box): boolean {
  return (
    inner.x >= outer.x - EPSILON_PX &&
    inner.y >= outer.y - EPSILON_PX &&
    inner.x + inner.width <= outer.x + outer.width + EPSILON_PX &&
    inner.y + inner.height <= outer.y + outer.height + EPSILON_PX
  );
}

/** Smallest legible text at a viewport: the floor scaled by max(1, smaller ratio to 1080p). */
function textFloor(width: number, height: number): number {
  return MIN_FONT_PX * Math.max(1, Math.min(width / 1920, height / 1080));
}

// ---- the rules panel ----

interface RuleRowReading {
  /** `positive`, `negative` or `honor`. */
  list: string;
  text: string;
  box: Box;
  fontSize: number;
}

interface RulesReading {
  /**
   * Visible area of each list's rows: the list's group cut by each ancestor that clips, in CSS px,
   * and whether the group is shown. A group with no room for a whole row may hide.
   */
  clips: { list: string; box: Box; visible: boolean }[];
  rows: RuleRowReading[];
}

/**
 * Reads the box of every rule and honor-roll row the rules panel shows, and the area each list may
 * show: the box of the list's group cut by each clipping ancestor up to the panel body.
 */
async function readRules(panel: Locator): Promise<RulesReading> {
  return panel.evaluate((root) => {
    const view = root.ownerDocument.defaultView;
    type PageElement = typeof root;
    const boxOf = (element: PageElement): Box => {
      const rect = element.getBoundingClientRect();
      return { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
    };
    const intersect = (a: Box, b: Box): Box => {
      const x = Math.max(a.x, b.x);
      const y = Math.max(a.y, b.y);
      return {
        x,
        y,
        width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - x),
        height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - y),
      };
    };
    const body = root.querySelector('.panel-body');
    const visibleArea = (element: PageElement): Box => {
      let area = boxOf(element);
      for (
        let parent = element.parentElement;
        parent !== null && parent !== root;
        parent = parent.parentElement
      ) {
        const overflow = view?.getComputedStyle(parent).overflow ?? 'visible';
        if (overflow !== 'visible' || parent === body) {
          area = intersect(area, boxOf(parent));
        }
      }
      return area;
    };
    const listOf = (row: PageElement): string =>
      row.getAttribute('data-list') ??
      (row.classList.contains('honor-row') ? 'honor' : '?');

    const clips: { list: string; box: Box; visible: boolean }[] = [];
    for (const list of root.querySelectorAll('.rule-list, .honor-list')) {
      const first = list.querySelector('li');
      const group = list.parentElement ?? list;
      clips.push({
        list: first === null ? '?' : listOf(first),
        box: visibleArea(group),
        visible: view?.getComputedStyle(group).visibility !== 'hidden',
      });
    }
    const rows: RuleRowReading[] = [];
    for (const row of root.querySelectorAll('.rule-row, .honor-row')) {
      const box = boxOf(row);
      if (box.width === 0 || box.height === 0) {
        continue;
      }
      rows.push({
        list: listOf(row),
        text: (row.textContent ?? '').replace(/\s+/g, ' ').trim(),
        box,
        fontSize: Number.parseFloat(
          view?.getComputedStyle(row).fontSize ?? '0',
        ),
      });
    }
    return { clips, rows };
  });
}

/**
 * Checks that each list of the rules panel shows whole rows: none is cut by the edge of the area
 * its list may show, and none is laid out beyond it. Every list shows at least one row unless its
 * whole group is hidden, and at least one list shows rows.
 */
function checkRules(reading: RulesReading, shape: string, floor: number): void {
  expect
    .soft(reading.rows.length, `rule rows shown at ${shape}`)
    .toBeGreaterThan(0);
  for (const { list, box: clip, visible } of reading.clips) {
    const rows = reading.rows.filter((row) => row.list === list);
    const where = `${list} list at ${shape}, visible area ${describeBox(clip)}`;
    if (visible) {
      expect.soft(rows.length, `rows of the ${where}`).toBeGreaterThan(0);
    } else {
      expect.soft(rows.length, `rows of the hidden ${where}`).toBe(0);
    }
    const cut = rows.filter(
      (row) => overlapArea(row.box, clip) > 0 && !isInside(row.box, clip),
    );
    const outside = rows.filter((row) => overlapArea(row.box, clip) === 0);
    expect
      .soft(
        cut.map((row) => `${row.text}: ${describeBox(row.box)}`),
        `rows cut by the edge of the ${where}`,
      )
      .toEqual([]);
    expect
      .soft(
        outside.map((row) => `${row.text}: ${describeBox(row.box)}`),
        `rows laid out outside the ${where}`,
      )
      .toEqual([]);
  }
  for (const row of reading.rows) {
    expect
      .soft(row.fontSize, `font size of rule row "${row.text}" at ${shape}`)
      .toBeGreaterThanOrEqual(floor - 0.01);
  }
}

// ---- the score histogram ----

/** Axis label of a score bucket as the zh-CN wall writes it: `from` included, `to` excluded. */
function bucketLabel(from: string | null, to: string | null): string {
  if (from === null && to === null) {
    return '';
  }
  if (from === null) {
    return `<${to}`;
  }
  if (to === null) {
    return `≥${from}`;
  }
  return `${from}–${to}`;
}

/**
 * Checks the histogram of the summary panel. Every text it drew lies inside the chart, at or above
 * the floor and apart from the others, and none ends in an ellipsis. The bucket labels it shows
 * are those of every `step`th bucket from the first, for one step, so none is left out at random.
 */
async function checkHistogram(
  page: Page,
  shape: string,
  floor: number,
): Promise<void> {
  const chart = page.getByTestId('points-distribution-chart');
  const chartBox = await chart.boundingBox();
  expect(chartBox, `histogram box at ${shape}`).not.toBeNull();
  if (chartBox === null) {
    return;
  }
  const buckets = await page
    .getByTestId('points-bucket')
    .evaluateAll((rows) =>
      rows.map((row) =>
        [row.getAttribute('data-from'), row.getAttribute('data-to')].map(
          (bound) => bound,
        ),
      ),
    );
  const labels = buckets.map(([from, to]) =>
    bucketLabel(from ?? null, to ?? null),
  );
  expect.soft(labels.length, `buckets at ${shape}`).toBeGreaterThan(1);

  // ECharts may draw a text twice (a stroke under the fill); one box per text and place is enough.
  const drawn: CanvasTextBox[] = [];
  for (const text of await canvasTextBoxes(chart)) {
    const twin = drawn.find(
      (other) =>
        other.text === text.text &&
        Math.abs(other.x - text.x) < EPSILON_PX &&
        Math.abs(other.y - text.y) < EPSILON_PX,
    );
    if (twin === undefined) {
      drawn.push(text);
    }
  }
  expect
    .soft(drawn.length, `texts of the histogram at ${shape}`)
    .toBeGreaterThan(0);

  for (const text of drawn) {
    const description = `histogram text "${text.text}" ${describeBox(text)} at ${shape}`;
    expect
      .soft(
        isInside(text, chartBox),
        `${description} inside ${describeBox(chartBox)}`,
      )
      .toBe(true);
    expect
      .soft(text.size, `size of ${description}`)
      .toBeGreaterThanOrEqual(floor - 0.01);
    expect.soft(text.text, `${description} is cut`).not.toMatch(/…|\.\.\./);
  }
  const overlaps: string[] = [];
  drawn.forEach((text, index) => {
    for (const other of drawn.slice(index + 1)) {
      if (overlapArea(text, other) > EPSILON_PX) {
        overlaps.push(
          `"${text.text}" ${describeBox(text)} and "${other.text}" ${describeBox(other)}`,
        );
      }
    }
  });
  expect.soft(overlaps, `overlapping histogram texts at ${shape}`).toEqual([]);

  const labelled = labels
    .map((label, index) => ({ label, index }))
    .filter(({ label }) => drawn.some((text) => text.text === label));
  const indexes = labelled.map(({ index }) => index);
  const step = (indexes[1] ?? labels.length) - (indexes[0] ?? 0);
  const regular = labels
    .map((_, index) => index)
    .filter((index) => index % step === 0);
  expect
    .soft(
      labelled.map(({ label }) => label),
      `bucket labels of the histogram at ${shape}, of ${labels.join(' ')}`,
    )
    .toEqual(regular.map((index) => labels[index]));

  // A label is left out only where there is no room for it: with one step less, neighbouring
  // labels would have been closer than the widest of them plus the 0.6 em the chart keeps between
  // labels. The chart sizes labels by an estimate that errs wide by up to about 10 %.
  const boxes = labelled.map(
    ({ label }) => drawn.find((text) => text.text === label) as CanvasTextBox,
  );
  const [first, second] = boxes;
  if (step > 1 && first !== undefined && second !== undefined) {
    const bucketWidth =
      (second.x + second.width / 2 - (first.x + first.width / 2)) / step;
    const widest = Math.max(...boxes.map((box) => box.width));
    expect
      .soft(
        (step - 1) * bucketWidth,
        `room for labels every ${step - 1} buckets of ${bucketWidth.toFixed(0)} px at ${shape}, widest label ${widest.toFixed(0)} px`,
      )
      .toBeLessThan(widest * 1.1 + 0.6 * first.size);
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
 * Waits until every chart's canvas has the size of its chart box. Charts resize 150 ms after their
 * box changes and draw in a later animation frame.
 */
async function waitForCharts(page: Page, shape: string): Promise<void> {
  await expect
    .poll(
      () =>
        page.locator('body').evaluate((body) => {
          const mismatched: string[] = [];
          for (const canvas of body.querySelectorAll('canvas')) {
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
                `${box.width}x${box.height} in ${target.width}x${target.height}`,
              );
            }
          }
          return mismatched;
        }),
      { timeout: 15_000, message: `charts resized at ${shape}` },
    )
    .toEqual([]);
  // The last resize draws in the frame after its canvas got the new size.
  await page.waitForTimeout(500);
}

test('points panels fit small wall layouts', async ({ page }, testInfo) => {
  const stack = await startStack({
    label: 'points-layout',
    central: [
      '--scenario',
      'county',
      '--seed',
      '11',
      '--speed',
      '600',
      '--domains',
      'hall,points',
      '--residents',
      '2000',
    ],
  });
  const { central, host, centralPort, wallUrl } = stack;
  const pageErrors: string[] = [];
  page.on('pageerror', (error) =>
    pageErrors.push(error.stack ?? String(error)),
  );

  try {
    await sendCentralCommands(centralPort, INSTALL_ID, 1, [
      { name: 'hall.layout-save', payload: { layout: FOUR_PANELS } },
      { name: 'hall.layout-save', payload: { layout: SIX_PANELS } },
      {
        name: 'hall.wall-show',
        payload: { wall: 'wall-1', layoutId: FOUR_PANELS.id },
      },
      {
        name: 'hall.wall-show',
        payload: { wall: SIX_PANEL_WALL, layoutId: SIX_PANELS.id },
      },
    ]);
    await page.addInitScript(recordCanvasBoxes);
    await page.goto(wallUrl);
    const root = page.getByTestId('wall-root');
    await expect(root).toHaveAttribute('data-layout-id', FOUR_PANELS.id, {
      timeout: 30_000,
    });
    await page.waitForTimeout(ACCUMULATE_MS);
    await expect(page.getByTestId('points-rule-row').first()).toBeAttached({
      timeout: 30_000,
    });
    // Stopped, the central sends nothing more, so the figures hold still while they are read.
    await central.stop();

    for (const shape of CASES) {
      const name = `${shape.layout.columns}x${shape.layout.rows}-${shape.width}x${shape.height}`;
      await test.step(`points layout ${name}`, async () => {
        const url = wallUrl.replace(/name=[^&]*/, `name=${shape.wall}`);
        if (page.url() !== url) {
          await page.goto(url);
          await expect(root).toHaveAttribute(
            'data-layout-id',
            shape.layout.id,
            {
              timeout: 30_000,
            },
          );
        }
        await page.setViewportSize({
          width: shape.width,
          height: shape.height,
        });
        await expect(page.getByTestId('points-rule-row').first()).toBeVisible({
          timeout: 30_000,
        });
        await waitForCharts(page, name);
        await attachScreenshot(page, testInfo, `points-${name}`);

        const floor = textFloor(shape.width, shape.height);
        const rules = await readRules(page.getByTestId('panel-points-rules'));
        checkRules(rules, name, floor);
        await checkHistogram(page, name, floor);
      });
    }

    expect(pageErrors).toEqual([]);
  } finally {
    await testInfo.attach('host-output', { body: host.output() });
    await stack.stop();
  }
});
