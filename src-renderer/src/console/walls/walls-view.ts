// Plain helpers of the walls view: the list of walls to offer and the ids of new layouts.
import type {
  PanelLayout,
  WallStateRecord,
} from '../../../../src-shared/walls/index.js';

/** Grid of a new layout: 4 × 3 suits a 16:9 monitor with cells near square. */
export const NEW_LAYOUT_COLUMNS = 4;
export const NEW_LAYOUT_ROWS = 3;

/** Lists the walls of this PC's config first, then walls only other PCs have reported, by name. */
export function knownWalls(
  configured: readonly string[],
  states: readonly WallStateRecord[],
): string[] {
  const names = [...configured];
  const others = states
    .map((state) => state.wall)
    .filter((wall) => !configured.includes(wall))
    .sort();
  for (const wall of others) {
    names.push(wall);
  }
  return names;
}

/** Returns an id for a new layout that no saved layout uses, from the clock in base 36. */
export function newLayoutId(
  now: number,
  layouts: readonly PanelLayout[],
): string {
  const taken = new Set(layouts.map((layout) => layout.id));
  const base = `layout-${now.toString(36)}`;
  let id = base;
  for (let suffix = 2; taken.has(id); suffix += 1) {
    id = `${base}-${suffix}`;
  }
  return id;
}

/** Returns the empty layout the editor opens with. */
export function startingLayout(
  now: number,
  id = newLayoutId(now, []),
): PanelLayout {
  return {
    id,
    name: '',
    columns: NEW_LAYOUT_COLUMNS,
    rows: NEW_LAYOUT_ROWS,
    panels: [],
  };
}
