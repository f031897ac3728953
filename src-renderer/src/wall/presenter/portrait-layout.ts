// Layouts are drawn on landscape walls in the console's editor. A portrait monitor showing one
// as saved would give each of its columns a third or less of the monitor's short side, so there
// the layout is reflowed onto fewer columns and more rows.
import { onScopeDispose, shallowRef, type Ref } from 'vue';
import type {
  PanelLayout,
  PanelPlacement,
} from '../../../../src-shared/walls/index.js';

/**
 * Maximum number of columns of a reflowed layout. Three columns on a 1080 px wide monitor are
 * about 340 px wide each, a little wider than a cell of a six-column layout at 1920 × 1080.
 */
export const PORTRAIT_MAX_COLUMNS = 3;

/** Media query that wall.css also uses for the built-in panels: taller than wide, or square. */
export const PORTRAIT_QUERY = '(orientation: portrait)';

/**
 * Reflows a landscape layout (more columns than rows) for a portrait viewport. The reflowed grid
 * has as many columns as the layout has rows, at most PORTRAIT_MAX_COLUMNS. For layouts of up to
 * that many rows it then has about as many cells on a screen of the same area, so each cell keeps
 * about its landscape area. Panels keep their size in cells, narrowed to the new width, and are
 * placed in reading order (top to bottom, then left to right) on the first free cells. Each panel
 * then grows right and down into cells no panel took, so no hole is left. A layout with at least
 * as many rows as columns was made for a portrait or square wall and is returned unchanged.
 */
export function portraitLayout(layout: PanelLayout): PanelLayout {
  if (layout.columns <= layout.rows) {
    return layout;
  }
  const columns = Math.max(1, Math.min(layout.rows, PORTRAIT_MAX_COLUMNS));
  const grid = new CellGrid(columns);
  const ordered = [...layout.panels].sort((a, b) => a.y - b.y || a.x - b.x);

  const placed: PanelPlacement[] = ordered.map((panel) => {
    const w = Math.min(panel.w, columns);
    const { x, y } = grid.firstFree(w, panel.h);
    const placement = { panel: panel.panel, x, y, w, h: panel.h };
    grid.take(placement);
    return placement;
  });

  const rows = Math.max(1, ...placed.map((panel) => panel.y + panel.h));
  for (const placement of placed) {
    grid.grow(placement, rows);
  }
  return { ...layout, columns, rows, panels: placed };
}

/** Occupied cells of a grid with a fixed number of columns and as many rows as needed. */
class CellGrid {
  private readonly taken: boolean[][] = [];

  constructor(private readonly columns: number) {}

  isFree(x: number, y: number, w: number, h: number): boolean {
    if (x < 0 || x + w > this.columns) {
      return false;
    }
    for (let row = y; row < y + h; row += 1) {
      for (let column = x; column < x + w; column += 1) {
        if (this.taken[row]?.[column] === true) {
          return false;
        }
      }
    }
    return true;
  }

  /** Returns the first top-left cell, row by row, where a `w` × `h` panel fits. */
  firstFree(w: number, h: number): { x: number; y: number } {
    for (let y = 0; ; y += 1) {
      for (let x = 0; x + w <= this.columns; x += 1) {
        if (this.isFree(x, y, w, h)) {
          return { x, y };
        }
      }
    }
  }

  take(placement: PanelPlacement): void {
    for (let row = placement.y; row < placement.y + placement.h; row += 1) {
      const cells = (this.taken[row] ??= []);
      for (
        let column = placement.x;
        column < placement.x + placement.w;
        column += 1
      ) {
        cells[column] = true;
      }
    }
  }

  /** Widens, then lengthens `placement` in place over free cells, within `rows` rows. */
  grow(placement: PanelPlacement, rows: number): void {
    while (
      this.isFree(placement.x + placement.w, placement.y, 1, placement.h)
    ) {
      this.take({ ...placement, x: placement.x + placement.w, w: 1 });
      placement.w += 1;
    }
    while (
      placement.y + placement.h < rows &&
      this.isFree(placement.x, placement.y + placement.h, placement.w, 1)
    ) {
      this.take({ ...placement, y: placement.y + placement.h, h: 1 });
      placement.h += 1;
    }
  }
}

/** Returns whether the window's viewport is portrait, as a ref updated when it changes. */
export function usePortraitViewport(): Readonly<Ref<boolean>> {
  const query = window.matchMedia(PORTRAIT_QUERY);
  const portrait = shallowRef(query.matches);
  const update = (event: { matches: boolean }): void => {
    portrait.value = event.matches;
  };
  query.addEventListener('change', update);
  onScopeDispose(() => query.removeEventListener('change', update));
  return portrait;
}
