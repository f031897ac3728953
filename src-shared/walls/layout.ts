// Panel layouts of a wall: a grid of columns × rows cells with panels placed on whole cells.
// Validation and the editor's operations are pure and return typed problems, so the drag-and-
// resize editor, the file import and the tests share one set of rules.
import { isPanelId, PANEL_IDS, type PanelId } from './panels.js';

/** Maximum number of columns or rows. At 24, a cell of a 1920 × 1080 wall is 80 × 45 px. */
export const MAX_GRID_SIDE = 24;

/** Panel on the grid. x and y are the top-left cell (0-based), and w and h are sizes in cells. */
export interface PanelPlacement {
  panel: PanelId;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PanelLayout {
  id: string;
  /** Name the operator sees in the layout list. */
  name: string;
  columns: number;
  rows: number;
  panels: PanelPlacement[];
}

/** Cell rectangle of a panel, in grid cells. */
export interface CellRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Layout as read from a file before validation, so panel ids may be unknown. */
export interface LayoutDraft {
  columns: number;
  rows: number;
  panels: readonly (CellRect & { panel: string })[];
}

/** Path of the offending value inside the layout object, for example `['panels', 2, 'w']`. */
export type LayoutPath = (string | number)[];

export type LayoutProblem =
  | { code: 'invalid-grid'; path: LayoutPath; message: string }
  | { code: 'unknown-panel'; path: LayoutPath; panel: string; message: string }
  | { code: 'invalid-size'; path: LayoutPath; panel: string; message: string }
  | { code: 'out-of-grid'; path: LayoutPath; panel: string; message: string }
  | {
      code: 'duplicate-panel';
      path: LayoutPath;
      panel: string;
      message: string;
    }
  | {
      code: 'overlap';
      path: LayoutPath;
      panel: string;
      other: string;
      message: string;
    };

/**
 * Lists every problem of a layout: a grid size outside 1..MAX_GRID_SIDE, unknown
 * or repeated panel ids, sizes below one cell, panels reaching outside the grid
 * and overlapping pairs (each pair once, reported at the later panel). An empty
 * list means the layout is valid.
 */
export function validateLayout(layout: LayoutDraft): LayoutProblem[] {
  const entries = layout.panels.map((placement, index) => ({
    index,
    placement,
  }));
  return validateLayoutEntries(layout, entries);
}

/** Panel of a layout with its index in the `panels` array, which problem paths use. */
export interface LayoutEntry {
  index: number;
  placement: CellRect & { panel: string };
}

/**
 * Same checks as `validateLayout` on selected panels only. The file import passes
 * the panels whose shape is valid, so problem paths keep the indices of the file.
 */
export function validateLayoutEntries(
  grid: { columns: number; rows: number },
  entries: readonly LayoutEntry[],
): LayoutProblem[] {
  const problems: LayoutProblem[] = [];

  problems.push(...checkGridSide(grid.columns, 'columns'));
  problems.push(...checkGridSide(grid.rows, 'rows'));
  const gridValid = problems.length === 0;
  const firstIndex = new Map<string, number>();

  for (const { index, placement } of entries) {
    const path: LayoutPath = ['panels', index];

    if (!isPanelId(placement.panel)) {
      problems.push({
        code: 'unknown-panel',
        path: [...path, 'panel'],
        panel: placement.panel,
        message:
          `Unknown panel id "${placement.panel}" at panels[${index}]; ` +
          `use one of ${PANEL_IDS.join(', ')}.`,
      });
    }

    const earlier = firstIndex.get(placement.panel);
    if (earlier === undefined) {
      firstIndex.set(placement.panel, index);
    } else {
      problems.push({
        code: 'duplicate-panel',
        path: [...path, 'panel'],
        panel: placement.panel,
        message:
          `Panel "${placement.panel}" is placed twice (panels[${earlier}] and ` +
          `panels[${index}]); a layout shows each panel once, so remove one.`,
      });
    }

    problems.push(...checkSize(placement, path));
    if (gridValid) {
      problems.push(...checkInsideGrid(placement, path, grid));
    }
  }

  problems.push(...findOverlaps(entries));

  return problems;
}

function checkGridSide(
  value: number,
  side: 'columns' | 'rows',
): LayoutProblem[] {
  if (Number.isInteger(value) && value >= 1 && value <= MAX_GRID_SIDE) {
    return [];
  }
  return [
    {
      code: 'invalid-grid',
      path: [side],
      message: `Grid ${side} is ${value}; use a whole number from 1 to ${MAX_GRID_SIDE}.`,
    },
  ];
}

function checkSize(
  placement: CellRect & { panel: string },
  path: LayoutPath,
): LayoutProblem[] {
  const problems: LayoutProblem[] = [];

  for (const field of ['w', 'h'] as const) {
    const value = placement[field];
    if (!Number.isInteger(value) || value < 1) {
      problems.push({
        code: 'invalid-size',
        path: [...path, field],
        panel: placement.panel,
        message:
          `Panel "${placement.panel}" has ${field} = ${value}; ` +
          'a panel covers at least one whole cell, so use a whole number of 1 or more.',
      });
    }
  }
  return problems;
}

function checkInsideGrid(
  placement: CellRect & { panel: string },
  path: LayoutPath,
  grid: { columns: number; rows: number },
): LayoutProblem[] {
  const problems: LayoutProblem[] = [];
  const axes = [
    { start: 'x', size: 'w', limit: grid.columns, unit: 'columns' },
    { start: 'y', size: 'h', limit: grid.rows, unit: 'rows' },
  ] as const;

  for (const axis of axes) {
    const start = placement[axis.start];
    const end = start + placement[axis.size];
    if (!Number.isInteger(start) || start < 0 || end > axis.limit) {
      problems.push({
        code: 'out-of-grid',
        path: [...path, axis.start],
        panel: placement.panel,
        message:
          `Panel "${placement.panel}" spans ${axis.start} ${start} to ${end}, outside ` +
          `the grid of ${axis.limit} ${axis.unit}; move it to a whole cell from 0 to ` +
          `${axis.limit - placement[axis.size]}, or shrink it.`,
      });
    }
  }
  return problems;
}

function findOverlaps(entries: readonly LayoutEntry[]): LayoutProblem[] {
  const problems: LayoutProblem[] = [];

  entries.forEach(({ index, placement }, position) => {
    for (const earlier of entries.slice(0, position)) {
      if (cellsIntersect(placement, earlier.placement)) {
        problems.push({
          code: 'overlap',
          path: ['panels', index],
          panel: placement.panel,
          other: earlier.placement.panel,
          message:
            `Panel "${placement.panel}" (panels[${index}]) overlaps panel ` +
            `"${earlier.placement.panel}" (panels[${earlier.index}]); move or shrink one of them.`,
        });
      }
    }
  });
  return problems;
}

/** Returns whether two cell rectangles share at least one cell. Touching edges do not count. */
export function cellsIntersect(a: CellRect, b: CellRect): boolean {
  return (
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
  );
}
