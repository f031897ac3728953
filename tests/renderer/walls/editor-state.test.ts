import { describe, expect, it } from 'vitest';
import type { PanelLayout } from '../../../src-shared/walls/index.js';
import {
  addFromCatalogue,
  beginDrag,
  cancelDrag,
  endDrag,
  newLayoutState,
  nudgeSelected,
  openLayout,
  removeFromLayout,
  renameLayout,
  resizeGrid,
  saveProblems,
  shownLayout,
  updateDrag,
} from '../../../src-renderer/src/console/walls/editor-state.js';
import { pointerCell } from '../../../src-renderer/src/console/walls/grid-pointer.js';

const layout: PanelLayout = {
  id: 'overview',
  name: '总览',
  columns: 4,
  rows: 3,
  panels: [
    { panel: 'county-map', x: 0, y: 0, w: 2, h: 2 },
    { panel: 'alerts-by-level', x: 2, y: 0, w: 1, h: 1 },
  ],
};

function placementOf(state: { layout: PanelLayout }, panel: string) {
  return state.layout.panels.find((placement) => placement.panel === panel);
}

describe('editor drag', () => {
  it('moves a panel and commits on end', () => {
    let state = beginDrag(openLayout(layout), 'move', 'alerts-by-level', {
      x: 2,
      y: 0,
    });
    state = updateDrag(state, { x: 3, y: 2 });

    expect(shownLayout(state).panels[1]).toMatchObject({ x: 3, y: 2 });
    expect(placementOf(state, 'alerts-by-level')).toMatchObject({ x: 2, y: 0 });

    state = endDrag(state);

    expect(state.drag).toBeNull();
    expect(placementOf(state, 'alerts-by-level')).toMatchObject({ x: 3, y: 2 });
    expect(state.dirty).toBe(true);
    expect(state.selected).toBe('alerts-by-level');
  });

  it('keeps the last valid spot on overlap', () => {
    let state = beginDrag(openLayout(layout), 'move', 'alerts-by-level', {
      x: 2,
      y: 0,
    });
    state = updateDrag(state, { x: 3, y: 1 });
    state = updateDrag(state, { x: 1, y: 1 });

    expect(state.drag?.rejection?.code).toBe('overlap');
    expect(shownLayout(state).panels[1]).toMatchObject({ x: 3, y: 1 });

    state = endDrag(state);

    expect(placementOf(state, 'alerts-by-level')).toMatchObject({ x: 3, y: 1 });
    expect(state.lastError?.code).toBe('overlap');
  });

  it('clamps a drag past the edge', () => {
    let state = beginDrag(openLayout(layout), 'move', 'alerts-by-level', {
      x: 2,
      y: 0,
    });
    state = updateDrag(state, { x: 9, y: 9 });
    state = endDrag(state);

    expect(placementOf(state, 'alerts-by-level')).toMatchObject({ x: 3, y: 2 });
  });

  it('resizes from the corner', () => {
    let state = beginDrag(openLayout(layout), 'resize', 'alerts-by-level', {
      x: 2,
      y: 0,
    });
    state = updateDrag(state, { x: 3, y: 2 });
    state = endDrag(state);

    expect(placementOf(state, 'alerts-by-level')).toMatchObject({
      x: 2,
      y: 0,
      w: 2,
      h: 3,
    });
  });

  it('resizes no smaller than one cell', () => {
    let state = beginDrag(openLayout(layout), 'resize', 'county-map', {
      x: 1,
      y: 1,
    });
    state = updateDrag(state, { x: -3, y: -3 });
    state = endDrag(state);

    expect(placementOf(state, 'county-map')).toMatchObject({ w: 1, h: 1 });
  });

  it('drops the preview on cancel', () => {
    let state = beginDrag(openLayout(layout), 'move', 'alerts-by-level', {
      x: 2,
      y: 0,
    });
    state = updateDrag(state, { x: 3, y: 2 });
    state = cancelDrag(state);

    expect(state.drag).toBeNull();
    expect(placementOf(state, 'alerts-by-level')).toMatchObject({ x: 2, y: 0 });
    expect(state.dirty).toBe(false);
  });

  it('leaves a click clean', () => {
    const state = endDrag(
      beginDrag(openLayout(layout), 'move', 'county-map', { x: 0, y: 0 }),
    );

    expect(state.dirty).toBe(false);
    expect(state.selected).toBe('county-map');
  });

  it('ignores a drag of a missing panel', () => {
    const start = openLayout(layout);

    expect(beginDrag(start, 'move', 'duty-today', { x: 0, y: 0 })).toBe(start);
  });

  it('follows pointer cells under zoom', () => {
    // The grid is drawn at zoom 1.5 and scrolled to a negative offset.
    const box = { left: -150, top: 30, width: 600, height: 450 };
    const grabbed = pointerCell({ clientX: 160, clientY: 100 }, box, layout);
    const dropped = pointerCell({ clientX: 310, clientY: 400 }, box, layout);
    let state = beginDrag(
      openLayout(layout),
      'move',
      'alerts-by-level',
      grabbed,
    );
    state = endDrag(updateDrag(state, dropped));

    expect(grabbed).toEqual({ x: 2, y: 0 });
    expect(dropped).toEqual({ x: 3, y: 2 });
    expect(placementOf(state, 'alerts-by-level')).toMatchObject({ x: 3, y: 2 });
  });
});

describe('editor catalogue and keys', () => {
  it('adds a panel at the first free 2x2 spot', () => {
    const state = addFromCatalogue(openLayout(layout), 'alerts-trend');

    expect(placementOf(state, 'alerts-trend')).toEqual({
      panel: 'alerts-trend',
      x: 2,
      y: 1,
      w: 2,
      h: 2,
    });
    expect(state.selected).toBe('alerts-trend');
  });

  it('falls back to a single cell', () => {
    const tight: PanelLayout = {
      ...layout,
      columns: 3,
      rows: 2,
      panels: [{ panel: 'county-map', x: 0, y: 0, w: 2, h: 2 }],
    };

    const state = addFromCatalogue(openLayout(tight), 'alerts-trend');

    expect(placementOf(state, 'alerts-trend')).toMatchObject({
      x: 2,
      y: 0,
      w: 1,
      h: 1,
    });
  });

  it('reports no room on a full grid', () => {
    const full: PanelLayout = {
      ...layout,
      columns: 1,
      rows: 1,
      panels: [{ panel: 'county-map', x: 0, y: 0, w: 1, h: 1 }],
    };

    const state = addFromCatalogue(openLayout(full), 'alerts-trend');

    expect(state.lastError).toEqual({ code: 'no-room', panel: 'alerts-trend' });
    expect(state.layout).toBe(full);
  });

  it('rejects a panel placed twice', () => {
    const state = addFromCatalogue(openLayout(layout), 'county-map');

    expect(state.lastError?.code).toBe('duplicate-panel');
  });

  it('removes a panel and its selection', () => {
    let state = beginDrag(openLayout(layout), 'move', 'county-map', {
      x: 0,
      y: 0,
    });
    state = removeFromLayout(endDrag(state), 'county-map');

    expect(placementOf(state, 'county-map')).toBeUndefined();
    expect(state.selected).toBeNull();
  });

  it('nudges and resizes the selection', () => {
    let state = endDrag(
      beginDrag(openLayout(layout), 'move', 'alerts-by-level', { x: 2, y: 0 }),
    );
    state = nudgeSelected(state, 'ArrowDown', false);
    state = nudgeSelected(state, 'ArrowRight', true);

    expect(placementOf(state, 'alerts-by-level')).toMatchObject({
      x: 2,
      y: 1,
      w: 2,
      h: 1,
    });
  });

  it('rejects a nudge into a panel', () => {
    let state = endDrag(
      beginDrag(openLayout(layout), 'move', 'alerts-by-level', { x: 2, y: 0 }),
    );
    state = nudgeSelected(state, 'ArrowLeft', false);

    expect(state.lastError?.code).toBe('overlap');
    expect(placementOf(state, 'alerts-by-level')).toMatchObject({ x: 2, y: 0 });
  });

  it('rejects a grid too small', () => {
    const state = resizeGrid(openLayout(layout), 2, 3);

    expect(state.lastError?.code).toBe('out-of-grid');
    expect(state.layout.columns).toBe(4);
  });

  it('grows the grid', () => {
    const state = resizeGrid(openLayout(layout), 6, 4);

    expect(state.layout).toMatchObject({ columns: 6, rows: 4 });
    expect(state.dirty).toBe(true);
  });
});

describe('saveProblems', () => {
  it('accepts a valid named layout', () => {
    expect(saveProblems(layout)).toEqual([]);
  });

  it('requires a name', () => {
    const problems = saveProblems(
      renameLayout(openLayout(layout), '  ').layout,
    );

    expect(problems.map((problem) => problem.path)).toEqual(['name']);
  });

  it('lists panel problems with paths', () => {
    const broken: PanelLayout = {
      ...layout,
      panels: [
        ...layout.panels,
        { panel: 'alerts-trend', x: 1, y: 1, w: 1, h: 1 },
      ],
    };

    const problems = saveProblems(broken);

    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('panels.2');
    expect(problems[0]?.message).toContain('overlaps panel "county-map"');
  });

  it('starts a new layout dirty and empty', () => {
    const state = newLayoutState('fresh', '新布局', 4, 3);

    expect(state.layout.panels).toEqual([]);
    expect(state.dirty).toBe(true);
    expect(() => newLayoutState('bad', 'x', 0, 3)).toThrow(/columns is 0/);
  });
});
