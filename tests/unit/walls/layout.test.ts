import { describe, expect, it } from 'vitest';
import {
  addPanel,
  createLayout,
  isPanelId,
  movePanel,
  PANELS,
  panelDefinition,
  removePanel,
  resizePanel,
  swapPanels,
  validateLayout,
  type LayoutEditResult,
  type PanelLayout,
} from '../../../src-shared/walls/index.js';

/** 4 × 3 grid: map on the left 2 × 2, trend top right, latest alerts bottom row. */
function sampleLayout(): PanelLayout {
  return {
    id: 'overview',
    name: '总览',
    columns: 4,
    rows: 3,
    panels: [
      { panel: 'county-map', x: 0, y: 0, w: 2, h: 2 },
      { panel: 'alerts-trend', x: 2, y: 0, w: 2, h: 1 },
      { panel: 'alerts-latest', x: 0, y: 2, w: 4, h: 1 },
    ],
  };
}

function layoutOf(result: LayoutEditResult): PanelLayout {
  if (!result.ok) {
    throw new Error(`expected an edited layout, got ${result.error.message}`);
  }
  return result.layout;
}

function errorOf(result: LayoutEditResult) {
  if (result.ok) {
    throw new Error('expected the edit to be rejected');
  }
  return result.error;
}

function panelAt(layout: PanelLayout, panel: string) {
  return layout.panels.find((placement) => placement.panel === panel);
}

describe('panel list', () => {
  it('has unique ids with both titles', () => {
    const ids = PANELS.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of PANELS) {
      expect(panel.titleZh.length).toBeGreaterThan(0);
      expect(panel.titleEn.length).toBeGreaterThan(0);
    }
  });

  it('recognizes known ids only', () => {
    expect(isPanelId('duty-today')).toBe(true);
    expect(isPanelId('opinion-heat')).toBe(true);
    expect(isPanelId('alerts-by-colour')).toBe(false);
    expect(panelDefinition('county-map').titleZh).toBe('全县态势图');
  });
});

describe('validateLayout', () => {
  it('accepts a valid layout', () => {
    expect(validateLayout(sampleLayout())).toEqual([]);
  });

  it('names both panels of an overlap', () => {
    const layout = sampleLayout();
    layout.panels.push({ panel: 'duty-today', x: 1, y: 0, w: 2, h: 1 });

    const problems = validateLayout(layout);

    expect(problems.map((problem) => problem.code)).toEqual([
      'overlap',
      'overlap',
    ]);
    const others = problems.map((problem) =>
      problem.code === 'overlap' ? problem.other : null,
    );
    expect(others).toEqual(['county-map', 'alerts-trend']);
    expect(problems[0]?.message).toContain('"duty-today"');
    expect(problems[0]?.message).toContain('"county-map"');
    expect(problems[0]?.path).toEqual(['panels', 3]);
  });

  it('treats touching edges as no overlap', () => {
    const layout = sampleLayout();
    layout.panels.push({ panel: 'duty-today', x: 2, y: 1, w: 2, h: 1 });
    expect(validateLayout(layout)).toEqual([]);
  });

  it('rejects a panel outside the grid', () => {
    const layout = sampleLayout();
    layout.panels.push({ panel: 'duty-today', x: 3, y: 1, w: 2, h: 1 });

    const problems = validateLayout(layout);

    expect(problems.map((problem) => problem.code)).toContain('out-of-grid');
    const outside = problems.find((problem) => problem.code === 'out-of-grid');
    expect(outside?.path).toEqual(['panels', 3, 'x']);
    expect(outside?.message).toContain('4 columns');
  });

  it('rejects negative positions', () => {
    const layout = sampleLayout();
    layout.panels[1] = { panel: 'alerts-trend', x: 2, y: -1, w: 2, h: 1 };
    const problems = validateLayout(layout);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.code).toBe('out-of-grid');
    expect(problems[0]?.path).toEqual(['panels', 1, 'y']);
  });

  it('rejects zero and fractional sizes', () => {
    const layout = sampleLayout();
    layout.panels[1] = { panel: 'alerts-trend', x: 2, y: 0, w: 0, h: 0.5 };

    const problems = validateLayout(layout);

    const sizes = problems.filter((problem) => problem.code === 'invalid-size');
    expect(sizes.map((problem) => problem.path)).toEqual([
      ['panels', 1, 'w'],
      ['panels', 1, 'h'],
    ]);
  });

  it('rejects a duplicate panel id', () => {
    const layout = sampleLayout();
    layout.panels.push({ panel: 'county-map', x: 2, y: 1, w: 1, h: 1 });

    const problems = validateLayout(layout);

    expect(problems).toHaveLength(1);
    expect(problems[0]?.code).toBe('duplicate-panel');
    expect(problems[0]?.message).toContain('panels[0] and panels[3]');
  });

  it('rejects an unknown panel id with the known list', () => {
    const problems = validateLayout({
      columns: 2,
      rows: 2,
      panels: [{ panel: 'weather', x: 0, y: 0, w: 1, h: 1 }],
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.code).toBe('unknown-panel');
    expect(problems[0]?.message).toContain('duty-today');
  });

  it('rejects a grid side out of range', () => {
    const problems = validateLayout({ columns: 0, rows: 25, panels: [] });
    expect(problems.map((problem) => problem.path)).toEqual([
      ['columns'],
      ['rows'],
    ]);
  });
});

describe('layout edits', () => {
  it('creates an empty layout and rejects a bad grid', () => {
    const empty = layoutOf(createLayout('night', '夜间', 3, 2));
    expect(empty.panels).toEqual([]);
    expect(errorOf(createLayout('night', '夜间', 3, 0)).code).toBe(
      'invalid-grid',
    );
    expect(errorOf(createLayout(' ', 'blank', 3, 2)).code).toBe(
      'invalid-argument',
    );
  });

  it('moves a panel into free cells without changing the input', () => {
    const layout = sampleLayout();
    const before = structuredClone(layout);

    const moved = layoutOf(movePanel(layout, 'alerts-trend', 2, 1));

    expect(panelAt(moved, 'alerts-trend')).toEqual({
      panel: 'alerts-trend',
      x: 2,
      y: 1,
      w: 2,
      h: 1,
    });
    expect(layout).toEqual(before);
  });

  it('clamps a move past the grid edge', () => {
    const moved = layoutOf(movePanel(sampleLayout(), 'alerts-trend', 9, -4));
    expect(panelAt(moved, 'alerts-trend')).toMatchObject({ x: 2, y: 0 });
  });

  it('rejects a move onto another panel', () => {
    const error = errorOf(movePanel(sampleLayout(), 'alerts-trend', 1, 0));
    expect(error.code).toBe('overlap');
    expect(error.message).toContain('"county-map"');
  });

  it('rejects moving a missing panel', () => {
    const error = errorOf(movePanel(sampleLayout(), 'duty-today', 0, 0));
    expect(error.code).toBe('panel-not-found');
  });

  it('rejects fractional coordinates', () => {
    const error = errorOf(movePanel(sampleLayout(), 'alerts-trend', 2.5, 1));
    expect(error.code).toBe('invalid-argument');
  });

  it('resizes with clamping to the grid and one cell', () => {
    const layout = layoutOf(removePanel(sampleLayout(), 'alerts-latest'));

    const grown = layoutOf(resizePanel(layout, 'alerts-trend', 10, 10));
    expect(panelAt(grown, 'alerts-trend')).toMatchObject({ w: 2, h: 3 });

    const shrunk = layoutOf(resizePanel(layout, 'county-map', 0, -3));
    expect(panelAt(shrunk, 'county-map')).toMatchObject({ w: 1, h: 1 });
  });

  it('rejects a resize over another panel', () => {
    const error = errorOf(resizePanel(sampleLayout(), 'alerts-trend', 2, 3));
    expect(error.code).toBe('overlap');
    expect(error.message).toContain('"alerts-latest"');
  });

  it('adds a panel in free cells', () => {
    const added = layoutOf(
      addPanel(sampleLayout(), 'duty-today', { x: 2, y: 1, w: 2, h: 1 }),
    );
    expect(added.panels).toHaveLength(4);
    expect(validateLayout(added)).toEqual([]);
  });

  it('rejects adding unknown, placed or misplaced panels', () => {
    const layout = sampleLayout();
    const cells = { x: 2, y: 1, w: 2, h: 1 };

    expect(errorOf(addPanel(layout, 'weather', cells)).code).toBe(
      'unknown-panel',
    );
    expect(errorOf(addPanel(layout, 'county-map', cells)).code).toBe(
      'duplicate-panel',
    );
    expect(
      errorOf(addPanel(layout, 'duty-today', { ...cells, x: 3 })).code,
    ).toBe('out-of-grid');
    expect(
      errorOf(addPanel(layout, 'duty-today', { ...cells, w: 0 })).code,
    ).toBe('invalid-size');
    expect(
      errorOf(addPanel(layout, 'duty-today', { ...cells, y: 0 })).code,
    ).toBe('overlap');
  });

  it('removes a panel and rejects a missing one', () => {
    const removed = layoutOf(removePanel(sampleLayout(), 'alerts-trend'));
    expect(removed.panels.map((placement) => placement.panel)).toEqual([
      'county-map',
      'alerts-latest',
    ]);
    expect(errorOf(removePanel(removed, 'alerts-trend')).code).toBe(
      'panel-not-found',
    );
  });

  it('swaps the cells of two panels', () => {
    const swapped = layoutOf(
      swapPanels(sampleLayout(), 'county-map', 'alerts-latest'),
    );
    expect(panelAt(swapped, 'county-map')).toMatchObject({
      x: 0,
      y: 2,
      w: 4,
      h: 1,
    });
    expect(panelAt(swapped, 'alerts-latest')).toMatchObject({
      x: 0,
      y: 0,
      w: 2,
      h: 2,
    });
    expect(validateLayout(swapped)).toEqual([]);
  });

  it('rejects swapping a panel with itself or a missing one', () => {
    const layout = sampleLayout();
    expect(errorOf(swapPanels(layout, 'county-map', 'county-map')).code).toBe(
      'invalid-argument',
    );
    expect(errorOf(swapPanels(layout, 'county-map', 'duty-today')).code).toBe(
      'panel-not-found',
    );
  });

  it('refuses to edit an invalid layout', () => {
    const layout = sampleLayout();
    layout.panels.push({ panel: 'duty-today', x: 0, y: 0, w: 1, h: 1 });

    const error = errorOf(movePanel(layout, 'alerts-trend', 2, 1));

    expect(error.code).toBe('invalid-layout');
    if (error.code === 'invalid-layout') {
      expect(error.problems[0]?.code).toBe('overlap');
    }
  });
});
