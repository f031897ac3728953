import type { DisplayInfo } from './types.js';

/**
 * Stable text for a display list: equal for two lists with the same displays
 * and geometry in any report order, different after any change that can move
 * a wall (a display added or removed, bounds, work area, scale, rotation,
 * label).
 */
export function fingerprintDisplays(displays: readonly DisplayInfo[]): string {
  return [...displays]
    .sort((a, b) => a.id - b.id)
    .map(fingerprintDisplay)
    .join(';');
}

function fingerprintDisplay(display: DisplayInfo): string {
  const { bounds, workArea } = display;

  return [
    display.id,
    `${bounds.x},${bounds.y},${bounds.width},${bounds.height}`,
    `${workArea.x},${workArea.y},${workArea.width},${workArea.height}`,
    display.scaleFactor,
    display.rotation,
    display.internal ? 'internal' : 'external',
    JSON.stringify(display.label),
  ].join('|');
}
