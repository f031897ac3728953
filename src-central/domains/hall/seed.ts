// A first layout for a hall with none, so walls and the console's editor have something to show
// on a fresh central. It places the panels the wall page shows by default.
import {
  HALL_COLLECTIONS,
  type PanelLayout,
} from '../../../src-shared/walls/index.js';
import type { DomainContext } from '../types.js';

export const DEFAULT_LAYOUT: PanelLayout = {
  id: 'county-overview',
  name: '全县态势总览',
  columns: 3,
  rows: 2,
  panels: [
    { panel: 'alerts-by-level', x: 0, y: 0, w: 1, h: 1 },
    { panel: 'alerts-by-class', x: 1, y: 0, w: 1, h: 1 },
    { panel: 'alerts-by-type', x: 2, y: 0, w: 1, h: 1 },
    { panel: 'alerts-by-town', x: 0, y: 1, w: 1, h: 1 },
    { panel: 'alerts-trend', x: 1, y: 1, w: 2, h: 1 },
  ],
};

/** Saves the default layout when the hall has no layout, and returns whether it saved it. */
export function seedDefaultLayout(context: DomainContext): boolean {
  if (context.list(HALL_COLLECTIONS.layout).length > 0) {
    return false;
  }
  context.put(HALL_COLLECTIONS.layout, DEFAULT_LAYOUT.id, {
    ...DEFAULT_LAYOUT,
  });
  return true;
}
