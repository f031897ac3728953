import { describe, expect, it } from 'vitest';
import {
  planWalls,
  WallLayout,
  type SavedWalls,
} from '../../../src-main/windows/index.js';
import {
  displayA,
  displayB,
  isInside,
  makeDisplay,
  placementOf,
  wall,
} from './fixtures.js';

describe('portrait displays', () => {
  const portrait = makeDisplay({
    id: 3,
    bounds: { x: 1920, y: 0, width: 1080, height: 1920 },
    rotation: 90,
  });
  const layout: WallLayout = { walls: [wall('tall', { displayId: 3 })] };

  it('fills the portrait work area', () => {
    const plan = planWalls([displayA, portrait], layout, {});
    const placement = placementOf(plan, 'tall');

    expect(placement.orientation).toBe('portrait');
    expect(placement.bounds).toEqual({
      x: 1920,
      y: 0,
      width: 1080,
      height: 1880,
    });
  });

  it('clamps landscape saved bounds after a rotation', () => {
    const saved: SavedWalls = {
      tall: {
        displayId: 3,
        bounds: { x: 1920, y: 0, width: 1920, height: 1080 },
        fullscreen: true,
      },
    };

    const plan = planWalls([displayA, portrait], layout, saved);
    const placement = placementOf(plan, 'tall');

    expect(placement.bounds).toEqual({
      x: 1920,
      y: 0,
      width: 1080,
      height: 1080,
    });
    expect(plan.log).toEqual([
      expect.objectContaining({ level: 'info', wall: 'tall' }),
    ]);
  });

  it('reports landscape for a display rotated to 180', () => {
    const upsideDown = makeDisplay({
      id: 3,
      bounds: { x: 1920, y: 0, width: 1920, height: 1080 },
      rotation: 180,
    });

    const plan = planWalls([upsideDown], layout, {});

    expect(placementOf(plan, 'tall').orientation).toBe('landscape');
  });
});

describe('mixed scale factors', () => {
  const displayC = makeDisplay({
    id: 3,
    bounds: { x: 4480, y: 0, width: 2560, height: 1440 },
    scaleFactor: 1.5,
  });
  const layout: WallLayout = {
    walls: [wall('left', { displayId: 2, fallback: [{ by: 'id', id: 3 }] })],
  };

  it('needs no check for a move between equal scales', () => {
    const first = planWalls([displayA, displayB, displayC], layout, {});
    const next = planWalls([displayA, displayC], layout, first.savedNext, {
      previous: first,
    });
    const placement = placementOf(next, 'left');

    expect(placement.displayId).toBe(3);
    expect(placement.moved).toBe(true);
    expect(placement.needsVerify).toBe(false);
  });

  it('needs a check when the same display changes scale', () => {
    const first = planWalls([displayA, displayB], layout, {});
    const rescaled = makeDisplay({
      id: 2,
      bounds: { x: 1920, y: 0, width: 1920, height: 1080 },
      scaleFactor: 2,
    });

    const next = planWalls([displayA, rescaled], layout, first.savedNext, {
      previous: first,
    });
    const placement = placementOf(next, 'left');

    expect(placement.moved).toBe(false);
    expect(placement.needsVerify).toBe(true);
    expect(placement.bounds).toEqual(rescaled.workArea);
  });

  it('needs no check when nothing moves', () => {
    const first = planWalls([displayA, displayB], layout, {});
    const next = planWalls([displayA, displayB], layout, first.savedNext, {
      previous: first,
    });

    expect(placementOf(next, 'left').needsVerify).toBe(false);
    expect(placementOf(next, 'left').moved).toBe(false);
  });

  it('ranks the largest display by native pixels', () => {
    // 2560x1440 DIP at scale 1 has fewer native pixels than 1920x1080 at 2.
    const wide = makeDisplay({
      id: 5,
      bounds: { x: 1920, y: 0, width: 2560, height: 1440 },
    });
    const dense = makeDisplay({
      id: 6,
      bounds: { x: 4480, y: 0, width: 1920, height: 1080 },
      scaleFactor: 2,
    });
    const largest: WallLayout = {
      walls: [
        wall('big', {
          displayId: 99,
          fallback: [{ by: 'position', position: 'largest' }],
        }),
      ],
    };

    const plan = planWalls([displayA, wide, dense], largest, {});

    expect(placementOf(plan, 'big').displayId).toBe(6);
  });
});

describe('displays at negative coordinates', () => {
  const left = makeDisplay({
    id: 10,
    bounds: { x: -1920, y: 0, width: 1920, height: 1080 },
  });
  const above = makeDisplay({
    id: 11,
    bounds: { x: 0, y: -1080, width: 1920, height: 1080 },
  });
  const primary = makeDisplay({
    id: 20,
    bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  });

  it('keeps saved bounds left of the primary', () => {
    const saved: SavedWalls = {
      west: {
        displayId: 10,
        bounds: { x: -1800, y: 100, width: 800, height: 600 },
        fullscreen: false,
      },
    };
    const layout: WallLayout = { walls: [wall('west')] };

    const plan = planWalls([primary, left, above], layout, saved);
    const placement = placementOf(plan, 'west');

    expect(placement.displayId).toBe(10);
    expect(placement.fullscreen).toBe(false);
    expect(placement.bounds).toEqual({
      x: -1800,
      y: 100,
      width: 800,
      height: 600,
    });
  });

  it('clamps bounds above the primary into its work area', () => {
    const saved: SavedWalls = {
      north: {
        displayId: 11,
        bounds: { x: -100, y: -1200, width: 800, height: 1200 },
        fullscreen: true,
      },
    };
    const layout: WallLayout = { walls: [wall('north')] };

    const plan = planWalls([primary, left, above], layout, saved);
    const bounds = placementOf(plan, 'north').bounds;

    expect(bounds).toEqual({ x: 0, y: -1080, width: 800, height: 1040 });
    expect(isInside(above.workArea, bounds!)).toBe(true);
  });

  it('takes the display at the origin as primary', () => {
    const layout: WallLayout = { walls: [wall('main', { displayId: 99 })] };

    const plan = planWalls([left, above, primary], layout, {});

    expect(placementOf(plan, 'main').displayId).toBe(20);
  });

  it('prefers the primary id Electron reports', () => {
    const layout: WallLayout = { walls: [wall('main', { displayId: 99 })] };

    const plan = planWalls(
      [left, above, primary],
      layout,
      {},
      {
        primaryDisplayId: 11,
      },
    );

    expect(placementOf(plan, 'main').displayId).toBe(11);
  });

  it('finds the leftmost display at negative x', () => {
    const layout: WallLayout = {
      walls: [
        wall('edge', {
          fallback: [{ by: 'position', position: 'leftmost' }],
        }),
      ],
    };

    const plan = planWalls([primary, above, left], layout, {});
    const placement = placementOf(plan, 'edge');

    expect(placement.displayId).toBe(10);
    expect(placement.reason).toBe('unassigned');
    expect(placement.bounds).toEqual(left.workArea);
  });
});

describe('two walls and one display', () => {
  const saved: SavedWalls = {};

  it('stacks both walls under the move policy', () => {
    const layout: WallLayout = {
      walls: [wall('left', { displayId: 1 }), wall('right', { displayId: 2 })],
    };

    const plan = planWalls([displayA], layout, saved);
    const left = placementOf(plan, 'left');
    const right = placementOf(plan, 'right');

    expect(left.displayId).toBe(1);
    expect(left.reason).toBe('assigned');
    expect(left.sharesDisplayWith).toEqual(['right']);
    expect(right.displayId).toBe(1);
    expect(right.visible).toBe(true);
    expect(right.reason).toBe('fallback');
    expect(right.sharesDisplayWith).toEqual(['left']);
    expect(plan.log).toHaveLength(1);
    expect(plan.log[0]?.wall).toBe('right');
    expect(plan.log[0]?.message).toContain(
      'shares the display with wall "left"',
    );
  });

  it('hides the second wall under the hide policy', () => {
    const layout: WallLayout = {
      walls: [
        wall('left', { displayId: 1 }),
        wall('right', { displayId: 2, whenDisplayMissing: 'hide' }),
      ],
    };

    const plan = planWalls([displayA], layout, saved);

    expect(placementOf(plan, 'left').sharesDisplayWith).toEqual([]);
    expect(placementOf(plan, 'right').visible).toBe(false);
    expect(placementOf(plan, 'right').reason).toBe('hidden-by-policy');
  });

  it('never lets a fallback take an assigned display first', () => {
    // "right" comes first in the layout, yet "left" belongs on A.
    const layout: WallLayout = {
      walls: [
        wall('right', {
          displayId: 2,
          fallback: [{ by: 'position', position: 'largest' }],
        }),
        wall('left', { displayId: 1 }),
      ],
    };
    const displayC = makeDisplay({
      id: 3,
      bounds: { x: -1280, y: 0, width: 1280, height: 1024 },
    });

    const plan = planWalls([displayA, displayC], layout, saved);

    expect(placementOf(plan, 'left').displayId).toBe(1);
    expect(placementOf(plan, 'right').displayId).toBe(3);
    expect(placementOf(plan, 'right').sharesDisplayWith).toEqual([]);
  });
});

describe('re-planning the same inputs', () => {
  const layout: WallLayout = {
    walls: [
      wall('left', { displayId: 1 }),
      wall('right', { displayId: 2 }),
      wall('spare', { displayId: 7, whenDisplayMissing: 'hide' }),
    ],
  };
  const saved: SavedWalls = {
    left: {
      displayId: 1,
      bounds: { x: -50, y: 500, width: 3000, height: 900 },
      fullscreen: true,
    },
  };

  it('returns the same plan and no new log', () => {
    const first = planWalls([displayA], layout, saved);
    expect(first.log.length).toBeGreaterThan(0);

    const second = planWalls([displayA], layout, saved, { previous: first });
    const third = planWalls([displayA], layout, second.savedNext, {
      previous: second,
    });

    expect(second.log).toEqual([]);
    expect(second.placements).toEqual(first.placements);
    expect(second.savedNext).toEqual(first.savedNext);
    expect(third).toEqual(second);
  });

  it('plans identically without a previous plan', () => {
    const first = planWalls([displayA, displayB], layout, saved);
    const again = planWalls([displayA, displayB], layout, saved);

    expect(again).toEqual(first);
  });
});

describe('fallback list', () => {
  it('matches a display by label', () => {
    const layout: WallLayout = {
      walls: [
        wall('left', {
          displayId: 99,
          fallback: [
            { by: 'label', label: 'Projector' },
            { by: 'label', label: 'LG 27UL850' },
          ],
        }),
      ],
    };

    const plan = planWalls([displayA, displayB], layout, {});

    expect(placementOf(plan, 'left').displayId).toBe(2);
    expect(plan.log[0]?.message).toContain(
      'fallback: display label "LG 27UL850"',
    );
  });

  it('hides and logs an error when nothing matches', () => {
    const layout: WallLayout = {
      walls: [
        wall('left', { displayId: 99, fallback: [{ by: 'id', id: 98 }] }),
      ],
    };

    const plan = planWalls([displayA], layout, {});
    const placement = placementOf(plan, 'left');

    expect(placement.visible).toBe(false);
    expect(placement.reason).toBe('no-display');
    expect(plan.log).toHaveLength(1);
    expect(plan.log[0]?.level).toBe('error');
  });

  it('hides every wall when no display is connected', () => {
    const layout: WallLayout = { walls: [wall('left', { displayId: 1 })] };

    const plan = planWalls([], layout, {});

    expect(placementOf(plan, 'left').visible).toBe(false);
    expect(plan.log[0]?.message).toContain('no display is connected');
    expect(plan.savedNext.left?.displayId).toBe(1);
  });
});

describe('input checks', () => {
  it('leaves out displays with an unknown id or no size', () => {
    const unknown = makeDisplay({
      id: -1,
      bounds: { x: 0, y: 0, width: 1920, height: 1080 },
    });
    const empty = makeDisplay({
      id: 4,
      bounds: { x: 0, y: 0, width: 0, height: 0 },
      taskbar: 0,
    });
    const layout: WallLayout = { walls: [wall('left', { displayId: 4 })] };

    const plan = planWalls([unknown, empty, displayA], layout, {});
    const again = planWalls(
      [unknown, empty, displayA],
      layout,
      {},
      {
        previous: plan,
      },
    );

    expect(plan.ignoredDisplayIds).toEqual([-1, 4]);
    expect(placementOf(plan, 'left').displayId).toBe(1);
    expect(plan.log.filter((entry) => entry.wall === null)).toHaveLength(1);
    expect(again.log).toEqual([]);
  });

  it('replaces invalid saved bounds with the work area', () => {
    const saved: SavedWalls = {
      left: {
        displayId: 1,
        bounds: { x: Number.NaN, y: 0, width: -5, height: 100 },
        fullscreen: true,
      },
    };
    const layout: WallLayout = { walls: [wall('left')] };

    const plan = planWalls([displayA], layout, saved);

    expect(placementOf(plan, 'left').bounds).toEqual(displayA.workArea);
    expect(plan.savedNext.left?.bounds).toEqual(displayA.workArea);
    expect(plan.log[0]?.level).toBe('warn');
  });

  it('places a repeated wall name once', () => {
    const layout: WallLayout = {
      walls: [wall('left', { displayId: 1 }), wall('left', { displayId: 2 })],
    };

    const plan = planWalls([displayA, displayB], layout, {});

    expect(plan.placements).toHaveLength(1);
    expect(placementOf(plan, 'left').displayId).toBe(1);
    expect(plan.log[0]?.level).toBe('error');
  });

  it('keeps kiosk walls fullscreen', () => {
    const saved: SavedWalls = {
      kiosk: { displayId: 1, bounds: null, fullscreen: false },
    };
    const layout: WallLayout = {
      walls: [wall('kiosk', { displayId: 1, mode: 'kiosk' })],
    };

    const placement = placementOf(
      planWalls([displayA], layout, saved),
      'kiosk',
    );

    expect(placement.kiosk).toBe(true);
    expect(placement.fullscreen).toBe(true);
  });

  it('parses a layout from config with defaults', () => {
    const layout = WallLayout.parse({
      walls: [{ name: 'left', displayId: 2 }],
    });

    expect(layout.walls[0]).toEqual({
      name: 'left',
      displayId: 2,
      fallback: [],
      whenDisplayMissing: 'move',
      mode: 'fullscreen',
    });
  });

  it('rejects a layout that repeats a wall name', () => {
    const result = WallLayout.safeParse({
      walls: [{ name: 'left' }, { name: 'left', displayId: 2 }],
    });

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['walls', 1, 'name']);
  });

  it('rejects a layout with an unknown fallback position', () => {
    const result = WallLayout.safeParse({
      walls: [
        { name: 'left', fallback: [{ by: 'position', position: 'center' }] },
      ],
    });

    expect(result.success).toBe(false);
  });
});
