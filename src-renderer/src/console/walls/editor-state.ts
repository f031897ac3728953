// State of the layout editor as plain values. Each transition returns a new state and leaves its
// input alone. LayoutEditor.vue keeps the current state in a ref and wires pointer and keyboard
// events to these functions.
import {
  addPanel,
  cellsIntersect,
  createLayout,
  movePanel,
  removePanel,
  resizePanel,
  validateLayout,
  type CellRect,
  type LayoutEditError,
  type LayoutEditResult,
  type PanelId,
  type PanelLayout,
} from '../../../../src-shared/walls/index.js';
import { moveTarget, resizeTarget, type Cell } from './grid-pointer.js';

export type DragMode = 'move' | 'resize';

export interface DragState {
  mode: DragMode;
  panel: PanelId;
  /** Cell under the pointer when the drag began. */
  grabbed: Cell;
  /** Layout the drag would commit now, with the last valid position or size reached. */
  preview: PanelLayout;
  /** Reason the pointer's current cell is rejected, such as an overlap, or null. */
  rejection: LayoutEditError | null;
}

export interface EditorState {
  /** The layout being edited, as it would be saved. */
  layout: PanelLayout;
  drag: DragState | null;
  selected: PanelId | null;
  /** Outcome of the last edit that was not accepted, shown beside the grid. */
  lastError: LayoutEditError | { code: 'no-room'; panel: PanelId } | null;
  /** Whether the layout differs from the one opened or last saved. */
  dirty: boolean;
}

export function openLayout(layout: PanelLayout): EditorState {
  return { layout, drag: null, selected: null, lastError: null, dirty: false };
}

/**
 * Opens a fresh layout with no panels. Throws RangeError on a grid side the rules reject, which
 * callers avoid.
 */
export function newLayoutState(
  id: string,
  name: string,
  columns: number,
  rows: number,
): EditorState {
  const created = createLayout(id, name, columns, rows);
  if (!created.ok) {
    throw new RangeError(created.error.message);
  }
  return { ...openLayout(created.layout), dirty: true };
}

/** Returns the layout shown: the drag preview while dragging, the layout otherwise. */
export function shownLayout(state: EditorState): PanelLayout {
  return state.drag?.preview ?? state.layout;
}

export function beginDrag(
  state: EditorState,
  mode: DragMode,
  panel: PanelId,
  grabbed: Cell,
): EditorState {
  if (!state.layout.panels.some((placement) => placement.panel === panel)) {
    return state;
  }
  return {
    ...state,
    selected: panel,
    lastError: null,
    drag: { mode, panel, grabbed, preview: state.layout, rejection: null },
  };
}

/**
 * Moves or resizes the dragged panel to follow the pointer. A rejected cell keeps the last
 * preview.
 */
export function updateDrag(state: EditorState, current: Cell): EditorState {
  const { drag } = state;
  if (drag === null) {
    return state;
  }
  const result = dragResult(state.layout, drag, current);
  if (!result.ok) {
    return { ...state, drag: { ...drag, rejection: result.error } };
  }
  return {
    ...state,
    drag: { ...drag, preview: result.layout, rejection: null },
  };
}

export function endDrag(state: EditorState): EditorState {
  const { drag } = state;
  if (drag === null) {
    return state;
  }
  const changed = !sameCells(drag.preview, state.layout, drag.panel);
  return {
    ...state,
    drag: null,
    layout: drag.preview,
    dirty: state.dirty || changed,
    lastError: drag.rejection,
  };
}

export function cancelDrag(state: EditorState): EditorState {
  return { ...state, drag: null };
}

/**
 * Adds a panel from the catalogue at the first free spot, trying 2×2, 2×1
 * and 1×1 cells in reading order, so a new panel never covers another.
 */
export function addFromCatalogue(
  state: EditorState,
  panel: PanelId,
): EditorState {
  const spot = findFreeSpot(state.layout);
  if (spot === null) {
    return { ...state, lastError: { code: 'no-room', panel } };
  }
  return applyEdit(addPanel(state.layout, panel, spot), state, panel);
}

export function removeFromLayout(
  state: EditorState,
  panel: PanelId,
): EditorState {
  const next = applyEdit(removePanel(state.layout, panel), state, null);
  return next.selected === panel ? { ...next, selected: null } : next;
}

export function selectPanel(
  state: EditorState,
  panel: PanelId | null,
): EditorState {
  return { ...state, selected: panel };
}

export function renameLayout(state: EditorState, name: string): EditorState {
  return { ...state, layout: { ...state.layout, name }, dirty: true };
}

/** Changes the grid size, unless a panel would no longer fit. */
export function resizeGrid(
  state: EditorState,
  columns: number,
  rows: number,
): EditorState {
  const layout = { ...state.layout, columns, rows };
  const [problem] = validateLayout(layout);
  if (problem !== undefined) {
    return { ...state, lastError: problem };
  }
  return { ...state, layout, dirty: true, lastError: null };
}

export type ArrowKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown';

/** Moves the selected panel one cell, or with `resize` grows or shrinks it by one cell. */
export function nudgeSelected(
  state: EditorState,
  key: ArrowKey,
  resize: boolean,
): EditorState {
  const placement = state.layout.panels.find(
    (candidate) => candidate.panel === state.selected,
  );
  if (placement === undefined) {
    return state;
  }
  const dx = key === 'ArrowLeft' ? -1 : key === 'ArrowRight' ? 1 : 0;
  const dy = key === 'ArrowUp' ? -1 : key === 'ArrowDown' ? 1 : 0;
  const result = resize
    ? resizePanel(
        state.layout,
        placement.panel,
        placement.w + dx,
        placement.h + dy,
      )
    : movePanel(
        state.layout,
        placement.panel,
        placement.x + dx,
        placement.y + dy,
      );
  return applyEdit(result, state, placement.panel);
}

/** Lists the problems that keep the layout from being saved: the panel rules and an empty name. */
export function saveProblems(
  layout: PanelLayout,
): { path: string; message: string }[] {
  const problems = validateLayout(layout).map((problem) => ({
    path: problem.path.join('.'),
    message: problem.message,
  }));
  if (layout.name.trim() === '') {
    problems.unshift({
      path: 'name',
      message: 'Layout name is empty; enter a name.',
    });
  }
  return problems;
}

/** Marks the state saved once the save command is submitted. */
export function markSaved(state: EditorState): EditorState {
  return { ...state, dirty: false };
}

function dragResult(
  layout: PanelLayout,
  drag: DragState,
  current: Cell,
): LayoutEditResult {
  const placement = layout.panels.find(
    (candidate) => candidate.panel === drag.panel,
  );
  if (placement === undefined) {
    return {
      ok: false,
      error: {
        code: 'panel-not-found',
        panel: drag.panel,
        message: `Panel "${drag.panel}" left the layout during the drag.`,
      },
    };
  }
  if (drag.mode === 'move') {
    const target = moveTarget(placement, drag.grabbed, current);
    return movePanel(layout, drag.panel, target.x, target.y);
  }
  const size = resizeTarget(placement, current);
  return resizePanel(layout, drag.panel, size.w, size.h);
}

function applyEdit(
  result: LayoutEditResult,
  state: EditorState,
  selected: PanelId | null,
): EditorState {
  if (!result.ok) {
    return { ...state, lastError: result.error };
  }
  return {
    ...state,
    layout: result.layout,
    dirty: true,
    lastError: null,
    selected,
  };
}

function findFreeSpot(layout: PanelLayout): CellRect | null {
  const sizes = [
    { w: 2, h: 2 },
    { w: 2, h: 1 },
    { w: 1, h: 1 },
  ];
  for (const size of sizes) {
    for (let y = 0; y + size.h <= layout.rows; y += 1) {
      for (let x = 0; x + size.w <= layout.columns; x += 1) {
        const spot = { x, y, ...size };
        if (
          layout.panels.every((placement) => !cellsIntersect(placement, spot))
        ) {
          return spot;
        }
      }
    }
  }
  return null;
}

function sameCells(a: PanelLayout, b: PanelLayout, panel: PanelId): boolean {
  const first = a.panels.find((placement) => placement.panel === panel);
  const second = b.panels.find((placement) => placement.panel === panel);
  return (
    first !== undefined &&
    second !== undefined &&
    first.x === second.x &&
    first.y === second.y &&
    first.w === second.w &&
    first.h === second.h
  );
}
