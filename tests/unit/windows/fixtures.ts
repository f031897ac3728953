import type {
  DisplayInfo,
  Rectangle,
  WallConfig,
  WallPlacement,
  WallPlan,
} from '../../../src-main/windows/index.js';

interface DisplaySpec {
  id: number;
  bounds: Rectangle;
  /** Pixels the taskbar takes from the bottom of the work area. */
  taskbar?: number;
  scaleFactor?: number;
  rotation?: number;
  label?: string;
  internal?: boolean;
}

/** Builds a display the way Electron reports it, with a bottom taskbar. */
export function makeDisplay(spec: DisplaySpec): DisplayInfo {
  const taskbar = spec.taskbar ?? 40;
  const { x, y, width, height } = spec.bounds;

  return {
    id: spec.id,
    bounds: { x, y, width, height },
    workArea: { x, y, width, height: height - taskbar },
    scaleFactor: spec.scaleFactor ?? 1,
    rotation: spec.rotation ?? 0,
    size: { width, height },
    internal: spec.internal ?? false,
    label: spec.label ?? `Monitor ${spec.id}`,
  };
}

/** Display A of the cases: 1920x1080 at the origin, scale 1. */
export const displayA = makeDisplay({
  id: 1,
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  label: 'DELL P2419H',
});

/** Display B of the cases: 3840x2160 native at scale 1.5, so 2560x1440 DIP. */
export const displayB = makeDisplay({
  id: 2,
  bounds: { x: 1920, y: 0, width: 2560, height: 1440 },
  scaleFactor: 1.5,
  label: 'LG 27UL850',
});

export function wall(
  name: string,
  overrides: Partial<WallConfig> = {},
): WallConfig {
  return {
    name,
    fallback: [{ by: 'position', position: 'primary' }],
    whenDisplayMissing: 'move',
    mode: 'fullscreen',
    ...overrides,
  };
}

export function placementOf(plan: WallPlan, name: string): WallPlacement {
  const placement = plan.placements.find((item) => item.wall === name);
  if (!placement) {
    throw new Error(`plan has no placement for wall "${name}"`);
  }

  return placement;
}

export function isInside(outer: Rectangle, inner: Rectangle): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

/**
 * Seeded 32-bit linear congruential generator (multiplier 1664525, increment
 * 1013904223). Weak for statistics but enough to vary display sets, and a
 * failing property run replays from the seed in its message.
 */
export function createRandom(seed: number): {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
} {
  let state = seed >>> 0;

  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;

    return state / 4294967296;
  };
  const int = (min: number, max: number): number =>
    min + Math.floor(next() * (max - min + 1));

  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      const item = items[int(0, items.length - 1)];
      if (item === undefined) {
        throw new Error('pick needs a non-empty list');
      }
      return item;
    },
    chance: (probability: number) => next() < probability,
  };
}
