import { onScopeDispose, shallowRef, type Ref } from 'vue';

/** Viewport the wall is designed at, in CSS pixels. */
export const WALL_DESIGN_WIDTH = 1920;
export const WALL_DESIGN_HEIGHT = 1080;

/**
 * Smallest text on the wall at the design size, in CSS pixels: about 10 arcmin for a Chinese
 * character on a 55-inch 1080p monitor seen from 5 m. wall.css gives the reasoning and uses the
 * same figure as `--wall-text-min`.
 */
export const WALL_MIN_TEXT_PX = 26;

/** Sizes of the wall type scale for one viewport, for code that draws text itself (charts). */
export interface WallScale {
  /** CSS pixels per design pixel: the `--wall-unit` of wall.css, for spacing. */
  unit: number;
  /** CSS pixels per design pixel of text: `--wall-type-unit`, never below 1. */
  typeUnit: number;
  /** Smallest text, in CSS pixels: chart axis labels, legends, tooltips and map labels. */
  minText: number;
}

function positiveOr(value: number, fallback: number): number {
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * Returns the smaller of the viewport's width and height ratios to the 1920 × 1080 design, as
 * wall.css computes it with min(100vw / 1920, 100vh / 1080). A missing or zero dimension counts
 * as the design's, so a window that has not been laid out yet draws at the design size.
 */
export function wallUnit(width: number, height: number): number {
  const widthRatio = positiveOr(width, WALL_DESIGN_WIDTH) / WALL_DESIGN_WIDTH;
  const heightRatio =
    positiveOr(height, WALL_DESIGN_HEIGHT) / WALL_DESIGN_HEIGHT;
  return Math.min(widthRatio, heightRatio);
}

/** Returns the type scale of a viewport of `width` × `height` CSS pixels. */
export function wallScale(width: number, height: number): WallScale {
  const unit = wallUnit(width, height);
  // Text keeps its design size on a smaller or portrait viewport: its monitor has the same pixel
  // pitch, so shrinking the letters would put them below the legible minimum.
  const typeUnit = Math.max(1, unit);
  return {
    unit,
    typeUnit,
    minText: WALL_MIN_TEXT_PX * typeUnit,
  };
}

/** The type scale of the window's viewport, updated on resize. */
export function useWallScale(): Ref<WallScale> {
  const read = (): WallScale =>
    wallScale(window.innerWidth, window.innerHeight);
  const scale = shallowRef(read());
  const update = (): void => {
    const next = read();
    // Skip equal scales, so a resize that keeps the ratio rebuilds no chart option.
    if (
      next.unit !== scale.value.unit ||
      next.minText !== scale.value.minText
    ) {
      scale.value = next;
    }
  };
  window.addEventListener('resize', update);
  onScopeDispose(() => window.removeEventListener('resize', update));
  return scale;
}
