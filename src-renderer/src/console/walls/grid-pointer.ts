// Pointer position → grid cell. The grid's box comes from getBoundingClientRect and the pointer
// from clientX/clientY, which Chromium reports in the same CSS-pixel viewport space, including
// under CSS `zoom` on an ancestor and at any devicePixelRatio. Offsets such as offsetX or
// offsetWidth are not used, because they are in the element's unzoomed space and would disagree.

/** The part of a DOMRect the math needs, so tests can pass plain objects. */
export interface GridBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface GridSize {
  columns: number;
  rows: number;
}

export interface PointerPosition {
  clientX: number;
  clientY: number;
}

export interface Cell {
  x: number;
  y: number;
}

/**
 * Returns the cell under the pointer, without clamping: a pointer left of or
 * above the grid gives negative cells and one past the far edge gives cells
 * at or beyond the grid size. Edit operations clamp, so a drag past an edge
 * pins the panel to that edge.
 */
export function pointerCell(
  pointer: PointerPosition,
  box: GridBox,
  grid: GridSize,
): Cell {
  if (box.width <= 0 || box.height <= 0) {
    // A hidden or collapsed grid has no cells, so the top-left cell is the least surprising result.
    return { x: 0, y: 0 };
  }
  const cellWidth = box.width / grid.columns;
  const cellHeight = box.height / grid.rows;
  return {
    x: Math.floor((pointer.clientX - box.left) / cellWidth),
    y: Math.floor((pointer.clientY - box.top) / cellHeight),
  };
}

/**
 * Returns the cell under the pointer like `pointerCell`, but clamped to the grid, which is the
 * cell a click inside or beside the grid means.
 */
export function pointerCellClamped(
  pointer: PointerPosition,
  box: GridBox,
  grid: GridSize,
): Cell {
  const cell = pointerCell(pointer, box, grid);
  return {
    x: clamp(cell.x, 0, grid.columns - 1),
    y: clamp(cell.y, 0, grid.rows - 1),
  };
}

/**
 * Returns the top-left cell a moved panel takes: its origin shifted by how far the pointer moved,
 * in cells.
 */
export function moveTarget(origin: Cell, grabbed: Cell, current: Cell): Cell {
  return {
    x: origin.x + current.x - grabbed.x,
    y: origin.y + current.y - grabbed.y,
  };
}

/**
 * Returns the size a panel takes when its bottom-right corner is dragged to
 * `current`, so that the panel ends on that cell. Sizes below one cell are left for the
 * edit operation to clamp.
 */
export function resizeTarget(
  origin: Cell,
  current: Cell,
): { w: number; h: number } {
  return { w: current.x - origin.x + 1, h: current.y - origin.y + 1 };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
