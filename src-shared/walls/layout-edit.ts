// Pure edit operations behind the drag-and-resize layout editor. Each returns a new layout or a
// typed error and never changes its input, so the editor can keep an undo history of layouts.
import {
  validateLayout,
  type CellRect,
  type LayoutProblem,
  type PanelLayout,
  type PanelPlacement,
} from './layout.js';
import { isPanelId, PANEL_IDS } from './panels.js';

export type LayoutEditError =
  | LayoutProblem
  | { code: 'panel-not-found'; panel: string; message: string }
  | { code: 'invalid-argument'; message: string }
  /** Error for a layout that was already invalid before the operation. Fix these problems first. */
  | { code: 'invalid-layout'; problems: LayoutProblem[]; message: string };

export type LayoutEditResult =
  | { ok: true; layout: PanelLayout }
  | { ok: false; error: LayoutEditError };

/** Creates a layout with no panels, rejecting a grid side outside 1..MAX_GRID_SIDE. */
export function createLayout(
  id: string,
  name: string,
  columns: number,
  rows: number,
): LayoutEditResult {
  if (id.trim() === '') {
    return invalidArgument(
      'Layout id is empty; give the layout a short unique id.',
    );
  }
  return finish({ id, name, columns, rows, panels: [] });
}

/**
 * Moves a panel so that its top-left cell is (x, y). A target past an edge is
 * clamped, as a drag past the edge would be, so the panel stays whole inside the
 * grid. A target that overlaps another panel is rejected.
 */
export function movePanel(
  layout: PanelLayout,
  panel: string,
  x: number,
  y: number,
): LayoutEditResult {
  const found = findPanel(layout, panel);
  if (!found.ok) {
    return found;
  }
  const bad = checkWholeNumbers({ x, y });
  if (bad) {
    return bad;
  }

  const { placement } = found;
  const moved: PanelPlacement = {
    ...placement,
    x: clamp(x, 0, layout.columns - placement.w),
    y: clamp(y, 0, layout.rows - placement.h),
  };
  return finish(replacePanel(layout, moved));
}

/**
 * Resizes a panel to w × h cells, keeping its top-left cell. Sizes are clamped to
 * at least one cell and to the grid's right and bottom edges. A size that
 * overlaps another panel is rejected.
 */
export function resizePanel(
  layout: PanelLayout,
  panel: string,
  w: number,
  h: number,
): LayoutEditResult {
  const found = findPanel(layout, panel);
  if (!found.ok) {
    return found;
  }
  const bad = checkWholeNumbers({ w, h });
  if (bad) {
    return bad;
  }

  const { placement } = found;
  const resized: PanelPlacement = {
    ...placement,
    w: clamp(w, 1, layout.columns - placement.x),
    h: clamp(h, 1, layout.rows - placement.y),
  };
  return finish(replacePanel(layout, resized));
}

/** Adds a panel at the given cells without clamping, so the editor shows the rejection instead. */
export function addPanel(
  layout: PanelLayout,
  panel: string,
  at: CellRect,
): LayoutEditResult {
  const invalid = checkInput(layout);
  if (invalid) {
    return invalid;
  }
  if (!isPanelId(panel)) {
    return {
      ok: false,
      error: {
        code: 'unknown-panel',
        path: ['panels', layout.panels.length, 'panel'],
        panel,
        message: `Unknown panel id "${panel}"; use one of ${PANEL_IDS.join(', ')}.`,
      },
    };
  }
  const bad = checkWholeNumbers({ ...at });
  if (bad) {
    return bad;
  }

  const placement: PanelPlacement = { panel, ...at };
  return finish({ ...layout, panels: [...layout.panels, placement] });
}

export function removePanel(
  layout: PanelLayout,
  panel: string,
): LayoutEditResult {
  const found = findPanel(layout, panel);
  if (!found.ok) {
    return found;
  }
  return finish({
    ...layout,
    panels: layout.panels.filter((placement) => placement.panel !== panel),
  });
}

/** Exchanges the cells of two panels; each takes the other's position and size. */
export function swapPanels(
  layout: PanelLayout,
  first: string,
  second: string,
): LayoutEditResult {
  if (first === second) {
    return invalidArgument(
      `Cannot swap panel "${first}" with itself; pick two different panels.`,
    );
  }
  const a = findPanel(layout, first);
  if (!a.ok) {
    return a;
  }
  const b = findPanel(layout, second);
  if (!b.ok) {
    return b;
  }

  const swapped = layout.panels.map((placement): PanelPlacement => {
    if (placement.panel === first) {
      return { ...placement, ...cellsOf(b.placement) };
    }
    if (placement.panel === second) {
      return { ...placement, ...cellsOf(a.placement) };
    }
    return placement;
  });
  return finish({ ...layout, panels: swapped });
}

type FoundPanel =
  | { ok: true; placement: PanelPlacement }
  | { ok: false; error: LayoutEditError };

function findPanel(layout: PanelLayout, panel: string): FoundPanel {
  const invalid = checkInput(layout);
  if (invalid) {
    return invalid;
  }

  const placement = layout.panels.find(
    (candidate) => candidate.panel === panel,
  );
  if (placement === undefined) {
    return {
      ok: false,
      error: {
        code: 'panel-not-found',
        panel,
        message:
          `Panel "${panel}" is not in layout "${layout.id}"; ` +
          'add it first or pick a panel the layout shows.',
      },
    };
  }
  return { ok: true, placement };
}

function checkInput(
  layout: PanelLayout,
): { ok: false; error: LayoutEditError } | null {
  const problems = validateLayout(layout);
  if (problems.length === 0) {
    return null;
  }
  return {
    ok: false,
    error: {
      code: 'invalid-layout',
      problems,
      message:
        `Layout "${layout.id}" is invalid, so it cannot be edited: ` +
        problems.map((problem) => problem.message).join(' '),
    },
  };
}

function checkWholeNumbers(
  values: Record<string, number>,
): { ok: false; error: LayoutEditError } | null {
  for (const [name, value] of Object.entries(values)) {
    if (!Number.isInteger(value)) {
      return invalidArgument(
        `${name} = ${value} is not a whole number of cells; round it before editing.`,
      );
    }
  }
  return null;
}

/** Validates the edited layout and returns its first problem as the error. */
function finish(layout: PanelLayout): LayoutEditResult {
  const [problem] = validateLayout(layout);
  if (problem !== undefined) {
    return { ok: false, error: problem };
  }
  return { ok: true, layout };
}

function replacePanel(layout: PanelLayout, next: PanelPlacement): PanelLayout {
  return {
    ...layout,
    panels: layout.panels.map((placement) =>
      placement.panel === next.panel ? next : placement,
    ),
  };
}

function cellsOf(placement: PanelPlacement): CellRect {
  return { x: placement.x, y: placement.y, w: placement.w, h: placement.h };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

function invalidArgument(message: string): {
  ok: false;
  error: LayoutEditError;
} {
  return { ok: false, error: { code: 'invalid-argument', message } };
}
