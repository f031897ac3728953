import { describe, expect, it } from 'vitest';
import {
  PANEL_IDS,
  validateLayout,
  type PanelLayout,
  type PanelPlacement,
} from '../../../src-shared/walls/index.js';
import {
  PORTRAIT_MAX_COLUMNS,
  portraitLayout,
} from '../../../src-renderer/src/wall/presenter/portrait-layout.js';
import { DEFAULT_LAYOUT } from '../../../src-central/domains/hall/seed.js';

function layoutOf(
  columns: number,
  rows: number,
  panels: PanelPlacement[],
): PanelLayout {
  return { id: 'test', name: 'test', columns, rows, panels };
}

/** Number of grid cells that some panel covers. */
function coveredCells(layout: PanelLayout): number {
  return layout.panels.reduce((sum, panel) => sum + panel.w * panel.h, 0);
}

function placementOf(layout: PanelLayout, id: string): PanelPlacement {
  const found = layout.panels.find((panel) => panel.panel === id);
  if (found === undefined) {
    throw new Error(`panel ${id} is missing from the reflowed layout`);
  }
  return found;
}

describe('portraitLayout', () => {
  it('reflows the seeded 3 × 2 layout onto two columns', () => {
    const portrait = portraitLayout(DEFAULT_LAYOUT);

    expect(portrait.columns).toBe(2);
    expect(portrait.rows).toBe(3);
    expect(portrait.id).toBe(DEFAULT_LAYOUT.id);
    expect(placementOf(portrait, 'alerts-by-level')).toMatchObject({
      x: 0,
      y: 0,
      w: 1,
      h: 1,
    });
    expect(placementOf(portrait, 'alerts-by-class')).toMatchObject({
      x: 1,
      y: 0,
    });
    expect(placementOf(portrait, 'alerts-by-type')).toMatchObject({
      x: 0,
      y: 1,
    });
    expect(placementOf(portrait, 'alerts-by-town')).toMatchObject({
      x: 1,
      y: 1,
    });
    expect(placementOf(portrait, 'alerts-trend')).toMatchObject({
      x: 0,
      y: 2,
      w: 2,
      h: 1,
    });
    expect(validateLayout(portrait)).toEqual([]);
  });

  it('keeps a wide map across the portrait width', () => {
    const portrait = portraitLayout(
      layoutOf(5, 2, [
        { panel: 'county-map', x: 0, y: 0, w: 2, h: 2 },
        { panel: 'alerts-by-level', x: 2, y: 0, w: 1, h: 1 },
        { panel: 'alerts-by-class', x: 3, y: 0, w: 1, h: 1 },
        { panel: 'alerts-by-type', x: 2, y: 1, w: 1, h: 1 },
        { panel: 'alerts-by-town', x: 3, y: 1, w: 1, h: 1 },
        { panel: 'alerts-latest', x: 4, y: 0, w: 1, h: 2 },
      ]),
    );

    expect(portrait.columns).toBe(2);
    expect(portrait.rows).toBe(5);
    expect(placementOf(portrait, 'county-map')).toMatchObject({
      x: 0,
      y: 0,
      w: 2,
      h: 2,
    });
    expect(placementOf(portrait, 'alerts-latest')).toMatchObject({
      x: 0,
      y: 3,
      w: 1,
      h: 2,
    });
    expect(validateLayout(portrait)).toEqual([]);
    expect(coveredCells(portrait)).toBe(portrait.columns * portrait.rows);
  });

  it('caps a many-row layout at the column maximum', () => {
    const others = PANEL_IDS.filter((id) => id !== 'county-map');
    const free: { x: number; y: number }[] = [];
    for (let y = 0; y < 3; y += 1) {
      for (let x = 0; x < 7; x += 1) {
        if (!(x < 2 && y < 2)) {
          free.push({ x, y });
        }
      }
    }
    const panels: PanelPlacement[] = [
      { panel: 'county-map', x: 0, y: 0, w: 2, h: 2 },
      ...others.map((panel, index) => ({
        panel,
        x: free[index]?.x ?? 0,
        y: free[index]?.y ?? 0,
        w: 1,
        h: 1,
      })),
    ];

    // Every panel has a cell of its own.
    expect(others.length).toBeLessThanOrEqual(free.length);
    const portrait = portraitLayout(layoutOf(7, 3, panels));

    expect(PORTRAIT_MAX_COLUMNS).toBe(3);
    expect(portrait.columns).toBe(3);
    // The map's four cells and one cell for each other panel, three to a row.
    expect(portrait.rows).toBe(Math.ceil((4 + others.length) / 3));
    expect(portrait.panels).toHaveLength(panels.length);
    expect(validateLayout(portrait)).toEqual([]);
    expect(coveredCells(portrait)).toBe(portrait.columns * portrait.rows);
  });

  it('stacks a one-row strip in one column', () => {
    const portrait = portraitLayout(
      layoutOf(4, 1, [
        { panel: 'alerts-by-level', x: 0, y: 0, w: 1, h: 1 },
        { panel: 'alerts-by-class', x: 1, y: 0, w: 2, h: 1 },
        { panel: 'alerts-by-type', x: 3, y: 0, w: 1, h: 1 },
      ]),
    );

    expect(portrait.columns).toBe(1);
    expect(portrait.rows).toBe(3);
    expect(portrait.panels.map((panel) => [panel.panel, panel.y])).toEqual([
      ['alerts-by-level', 0],
      ['alerts-by-class', 1],
      ['alerts-by-type', 2],
    ]);
    expect(portrait.panels.every((panel) => panel.w === 1)).toBe(true);
  });

  it('grows a panel into the hole a wider one leaves', () => {
    const portrait = portraitLayout(
      layoutOf(3, 2, [
        { panel: 'alerts-by-level', x: 0, y: 0, w: 1, h: 2 },
        { panel: 'alerts-by-class', x: 1, y: 0, w: 1, h: 1 },
        { panel: 'alerts-trend', x: 1, y: 1, w: 2, h: 1 },
      ]),
    );

    expect(portrait.rows).toBe(3);
    expect(placementOf(portrait, 'alerts-by-class')).toMatchObject({
      x: 1,
      y: 0,
      w: 1,
      h: 2,
    });
    expect(placementOf(portrait, 'alerts-trend')).toMatchObject({
      x: 0,
      y: 2,
      w: 2,
      h: 1,
    });
    expect(coveredCells(portrait)).toBe(portrait.columns * portrait.rows);
  });

  it('leaves a portrait-shaped layout as saved', () => {
    const layout = layoutOf(2, 4, [
      { panel: 'county-map', x: 0, y: 0, w: 2, h: 2 },
      { panel: 'alerts-by-level', x: 1, y: 3, w: 1, h: 1 },
    ]);

    expect(portraitLayout(layout)).toBe(layout);
  });

  it('returns one row for a layout without panels', () => {
    const portrait = portraitLayout(layoutOf(3, 2, []));

    expect(portrait.columns).toBe(2);
    expect(portrait.rows).toBe(1);
    expect(portrait.panels).toEqual([]);
  });
});
