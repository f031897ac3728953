import { describe, expect, it } from 'vitest';
import {
  planWalls,
  type DisplayInfo,
  type DisplayTarget,
  type Rectangle,
  type SavedWalls,
  type WallLayout,
} from '../../../src-main/windows/index.js';
import { createRandom, isInside, makeDisplay, wall } from './fixtures.js';

type Random = ReturnType<typeof createRandom>;

const RUNS = 400;
const SCALES = [1, 1.25, 1.5, 1.75, 2];
const SIZES = [
  [1280, 1024],
  [1920, 1080],
  [2560, 1440],
  [3840, 2160],
];

/**
 * Lays 0-4 displays side by side in a row that may start left of the origin,
 * some portrait, some shifted up or down, now and then one mirroring another.
 */
function randomDisplays(random: Random): DisplayInfo[] {
  const count = random.int(0, 4);
  const displays: DisplayInfo[] = [];
  let x = random.pick([0, -1920, -2560, -3840]);

  for (let index = 0; index < count; index += 1) {
    const [nativeWidth, nativeHeight] = random.pick(SIZES) as [number, number];
    const scaleFactor = random.pick(SCALES);
    const portrait = random.chance(0.25);
    const width = Math.round(
      (portrait ? nativeHeight : nativeWidth) / scaleFactor,
    );
    const height = Math.round(
      (portrait ? nativeWidth : nativeHeight) / scaleFactor,
    );
    const mirror = displays.length > 0 && random.chance(0.1);
    const previous = displays[displays.length - 1];

    displays.push(
      makeDisplay({
        id: random.int(1, 8) * 1000 + index,
        bounds:
          mirror && previous
            ? { ...previous.bounds }
            : { x, y: random.int(-600, 600), width, height },
        scaleFactor,
        rotation: portrait ? random.pick([90, 270]) : random.pick([0, 180]),
        taskbar: random.pick([0, 30, 40, 48]),
        label: random.pick(['DELL P2419H', 'LG 27UL850', 'Projector']),
      }),
    );
    x += width;
  }

  return displays;
}

function randomTarget(random: Random, ids: readonly number[]): DisplayTarget {
  switch (random.int(0, 2)) {
    case 0:
      return { by: 'id', id: random.chance(0.5) ? random.pick(ids) : 424242 };
    case 1:
      return {
        by: 'label',
        label: random.pick(['LG 27UL850', 'Projector', 'None']),
      };
    default:
      return {
        by: 'position',
        position: random.pick(['primary', 'largest', 'leftmost', 'rightmost']),
      };
  }
}

function randomLayout(random: Random, ids: readonly number[]): WallLayout {
  const count = random.int(1, 4);
  const walls = [];

  for (let index = 0; index < count; index += 1) {
    const fallback = Array.from({ length: random.int(0, 3) }, () =>
      randomTarget(random, ids),
    );
    walls.push(
      wall(`wall-${index}`, {
        displayId: random.chance(0.8) ? random.pick(ids) : undefined,
        fallback,
        whenDisplayMissing: random.pick(['move', 'hide'] as const),
        mode: random.pick(['fullscreen', 'kiosk'] as const),
      }),
    );
  }

  return { walls };
}

function randomBounds(random: Random): Rectangle {
  switch (random.int(0, 3)) {
    case 0:
      return { x: Number.NaN, y: 0, width: 100, height: 100 };
    case 1:
      return { x: 0, y: 0, width: -random.int(0, 500), height: 400 };
    default:
      return {
        x: random.int(-9000, 9000),
        y: random.int(-3000, 3000),
        width: random.int(1, 6000),
        height: random.int(1, 4000),
      };
  }
}

function randomSaved(
  random: Random,
  layout: WallLayout,
  ids: readonly number[],
): SavedWalls {
  const saved: SavedWalls = {};

  for (const config of layout.walls) {
    if (random.chance(0.7)) {
      saved[config.name] = {
        displayId: random.chance(0.8) ? random.pick(ids) : null,
        bounds: random.chance(0.8) ? randomBounds(random) : null,
        fullscreen: random.chance(0.8),
      };
    }
  }

  return saved;
}

function candidateIds(
  random: Random,
  displays: readonly DisplayInfo[],
): number[] {
  // Ids of displays present now plus ids that are not, as after an unplug.
  return [...displays.map((display) => display.id), random.int(9000, 9100), 7];
}

describe('placement over random display sets', () => {
  it(`keeps every visible wall inside a work area (${RUNS} seeded runs)`, () => {
    for (let seed = 1; seed <= RUNS; seed += 1) {
      const random = createRandom(seed);
      const displays = randomDisplays(random);
      const ids = candidateIds(random, displays);
      const layout = randomLayout(random, ids);
      const saved = randomSaved(random, layout, ids);

      const plan = planWalls(displays, layout, saved);

      for (const placement of plan.placements) {
        const where = `seed ${seed}, wall ${placement.wall}`;
        if (!placement.visible) {
          expect(placement.bounds, where).toBeNull();
          continue;
        }

        const display = displays.find(
          (item) => item.id === placement.displayId,
        );
        expect(display, where).toBeDefined();
        expect(isInside(display!.workArea, placement.bounds!), where).toBe(
          true,
        );
        expect(
          Object.values(placement.bounds!).every(Number.isInteger),
          where,
        ).toBe(true);
      }
    }
  });

  it(`keeps the assignment and re-plans without new log (${RUNS} seeded runs)`, () => {
    for (let seed = 1; seed <= RUNS; seed += 1) {
      const random = createRandom(seed);
      const displays = randomDisplays(random);
      const ids = candidateIds(random, displays);
      const layout = randomLayout(random, ids);
      const saved = randomSaved(random, layout, ids);
      const where = `seed ${seed}`;

      const first = planWalls(displays, layout, saved);
      const second = planWalls(
        [...displays].reverse(),
        layout,
        first.savedNext,
        {
          previous: first,
        },
      );

      expect(second.log, where).toEqual([]);
      expect(second.placements, where).toEqual(first.placements);

      for (const config of layout.walls) {
        const expected =
          config.displayId ?? saved[config.name]?.displayId ?? null;
        expect(first.savedNext[config.name]?.displayId, where).toBe(expected);
      }
    }
  });
});
