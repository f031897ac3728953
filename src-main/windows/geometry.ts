import type { Rectangle } from './config.js';
import type { DisplayInfo, Orientation } from './types.js';

export function intersectionArea(a: Rectangle, b: Rectangle): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);

  return width > 0 && height > 0 ? width * height : 0;
}

export function containsRect(outer: Rectangle, inner: Rectangle): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

export function containsPoint(rect: Rectangle, x: number, y: number): boolean {
  return (
    x >= rect.x &&
    y >= rect.y &&
    x < rect.x + rect.width &&
    y < rect.y + rect.height
  );
}

/** True when every field is a finite number and the size is positive. */
export function isUsableRect(rect: Rectangle): boolean {
  const fields = [rect.x, rect.y, rect.width, rect.height];

  return fields.every(Number.isFinite) && rect.width > 0 && rect.height > 0;
}

/**
 * Shrinks `rect` to fit `area` and shifts it inside, keeping as much of its
 * position as fits. Electron takes integer DIP bounds, so the result is rounded
 * inward: it never reaches past `area`, even when `area` has fractional edges.
 */
export function clampIntoRect(rect: Rectangle, area: Rectangle): Rectangle {
  const left = Math.ceil(area.x);
  const top = Math.ceil(area.y);
  const right = Math.floor(area.x + area.width);
  const bottom = Math.floor(area.y + area.height);

  const width = Math.max(1, Math.min(Math.round(rect.width), right - left));
  const height = Math.max(1, Math.min(Math.round(rect.height), bottom - top));
  const x = clampNumber(Math.round(rect.x), left, right - width);
  const y = clampNumber(Math.round(rect.y), top, bottom - height);

  return { x, y, width, height };
}

function clampNumber(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

/** Display whose bounds share the most area with `rect`; null when none does. */
export function displayWithMostOverlap(
  rect: Rectangle,
  displays: readonly DisplayInfo[],
): DisplayInfo | null {
  let best: DisplayInfo | null = null;
  let bestArea = 0;

  for (const display of displays) {
    const area = intersectionArea(rect, display.bounds);
    if (area > bestArea) {
      best = display;
      bestArea = area;
    }
  }

  return best;
}

/**
 * Reads orientation from the bounds, not from `rotation`: a panel built as
 * portrait reports rotation 0, and Electron's bounds already include rotation.
 */
export function orientationOf(display: DisplayInfo): Orientation {
  return display.bounds.height > display.bounds.width
    ? 'portrait'
    : 'landscape';
}

/** Native pixel count, which ranks a 4K display at scale 1.5 above a 1080p one. */
export function nativePixelArea(display: DisplayInfo): number {
  const scale = display.scaleFactor;

  return display.bounds.width * scale * display.bounds.height * scale;
}
