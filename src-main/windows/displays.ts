import type { DisplayPosition, DisplayTarget } from './config.js';
import { containsPoint, isUsableRect, nativePixelArea } from './geometry.js';
import type { DisplayInfo } from './types.js';

export interface DisplaySet {
  /** Usable displays sorted by id, so the plan never depends on report order. */
  displays: DisplayInfo[];
  primary: DisplayInfo | null;
  ignoredDisplayIds: number[];
}

/**
 * Sorts the reported displays and leaves out the ones the planner cannot use:
 * an id Electron marks as unknown (-1) or a duplicate, and bounds or a work
 * area that are not finite or have no size.
 */
export function collectDisplays(
  reported: readonly DisplayInfo[],
  primaryDisplayId: number | null,
): DisplaySet {
  const seen = new Set<number>();
  const displays: DisplayInfo[] = [];
  const ignored: number[] = [];

  for (const display of [...reported].sort((a, b) => a.id - b.id)) {
    if (!isUsableDisplay(display) || seen.has(display.id)) {
      ignored.push(display.id);
      continue;
    }
    seen.add(display.id);
    displays.push(display);
  }

  return {
    displays,
    primary: findPrimary(displays, primaryDisplayId),
    ignoredDisplayIds: ignored,
  };
}

function isUsableDisplay(display: DisplayInfo): boolean {
  return (
    Number.isInteger(display.id) &&
    display.id !== -1 &&
    Number.isFinite(display.scaleFactor) &&
    display.scaleFactor > 0 &&
    isUsableRect(display.bounds) &&
    isUsableRect(display.workArea)
  );
}

function findPrimary(
  displays: readonly DisplayInfo[],
  primaryDisplayId: number | null,
): DisplayInfo | null {
  const byId = displays.find((display) => display.id === primaryDisplayId);
  if (byId) {
    return byId;
  }

  // Windows and macOS put the primary display's top-left corner at (0, 0).
  // NOTE: X11 does not always do so, which is why Electron's id comes first.
  const atOrigin = displays.find((display) =>
    containsPoint(display.bounds, 0, 0),
  );

  return atOrigin ?? displays[0] ?? null;
}

/** Displays matching one fallback target, best first. */
export function resolveTarget(
  target: DisplayTarget,
  set: DisplaySet,
): DisplayInfo[] {
  switch (target.by) {
    case 'id':
      return set.displays.filter((display) => display.id === target.id);
    case 'label':
      return set.displays.filter(
        (display) => display.label.trim() === target.label.trim(),
      );
    case 'position':
      return rankByPosition(target.position, set);
  }
}

/**
 * Orders the displays by how well they fit the position, so that a wall that
 * finds the best one taken by another wall can take the next best.
 */
function rankByPosition(
  position: DisplayPosition,
  set: DisplaySet,
): DisplayInfo[] {
  const ranked = [...set.displays];

  switch (position) {
    case 'primary':
      return set.primary ? [set.primary] : [];
    case 'largest':
      return ranked.sort(
        (a, b) => nativePixelArea(b) - nativePixelArea(a) || a.id - b.id,
      );
    case 'leftmost':
      return ranked.sort(
        (a, b) =>
          a.bounds.x - b.bounds.x || a.bounds.y - b.bounds.y || a.id - b.id,
      );
    case 'rightmost':
      return ranked.sort(
        (a, b) =>
          b.bounds.x + b.bounds.width - (a.bounds.x + a.bounds.width) ||
          a.bounds.y - b.bounds.y ||
          a.id - b.id,
      );
  }
}

/** Short description of a fallback target for log messages. */
export function describeTarget(target: DisplayTarget): string {
  switch (target.by) {
    case 'id':
      return `display id ${target.id}`;
    case 'label':
      return `display label "${target.label}"`;
    case 'position':
      return `${target.position} display`;
  }
}

export function describeDisplay(display: DisplayInfo): string {
  const { width, height } = display.bounds;
  const label = display.label ? ` "${display.label}"` : '';

  return `display ${display.id}${label} (${width}x${height} DIP, scale ${display.scaleFactor})`;
}
