import { describe, expect, it } from 'vitest';
import {
  planWalls,
  type SavedWalls,
  type WallLayout,
} from '../../../src-main/windows/index.js';
import { displayA, displayB, isInside, placementOf, wall } from './fixtures.js';

describe('wall on a display that disappears', () => {
  const layout: WallLayout = { walls: [wall('left', { displayId: 2 })] };

  it('moves to A, stays fullscreen and returns to B', () => {
    const onBoth = planWalls([displayA, displayB], layout, {});
    const first = placementOf(onBoth, 'left');
    expect(first.displayId).toBe(2);
    expect(first.fullscreen).toBe(true);
    expect(first.bounds).toEqual(displayB.workArea);

    const onA = planWalls([displayA], layout, onBoth.savedNext, {
      previous: onBoth,
    });
    const moved = placementOf(onA, 'left');
    expect(moved.displayId).toBe(1);
    expect(moved.visible).toBe(true);
    expect(moved.reason).toBe('fallback');
    expect(moved.fullscreen).toBe(true);
    expect(moved.bounds).toEqual(displayA.workArea);
    expect(onA.savedNext.left?.displayId).toBe(2);
    expect(onA.savedNext.left?.fullscreen).toBe(true);

    const back = planWalls([displayA, displayB], layout, onA.savedNext, {
      previous: onA,
    });
    const returned = placementOf(back, 'left');
    expect(returned.displayId).toBe(2);
    expect(returned.reason).toBe('assigned');
    expect(returned.fullscreen).toBe(true);
    expect(returned.bounds).toEqual(displayB.workArea);
    expect(back.log).toEqual([
      expect.objectContaining({ level: 'info', wall: 'left' }),
    ]);
  });

  it('keeps no bounds outside every work area', () => {
    const saved: SavedWalls = {
      left: {
        displayId: 2,
        bounds: { x: 1920, y: 0, width: 2560, height: 1440 },
        fullscreen: true,
      },
    };

    const plan = planWalls([displayA], layout, saved);
    const bounds = placementOf(plan, 'left').bounds;

    expect(bounds).not.toBeNull();
    expect(isInside(displayA.workArea, bounds!)).toBe(true);
  });

  it('hides when the policy says hide and returns', () => {
    const hiding: WallLayout = {
      walls: [wall('left', { displayId: 2, whenDisplayMissing: 'hide' })],
    };
    const onBoth = planWalls([displayA, displayB], hiding, {});

    const onA = planWalls([displayA], hiding, onBoth.savedNext, {
      previous: onBoth,
    });
    const hidden = placementOf(onA, 'left');
    expect(hidden.visible).toBe(false);
    expect(hidden.displayId).toBeNull();
    expect(hidden.bounds).toBeNull();
    expect(hidden.reason).toBe('hidden-by-policy');
    expect(hidden.fullscreen).toBe(true);
    expect(onA.savedNext.left?.displayId).toBe(2);
    expect(onA.log).toHaveLength(1);
    expect(onA.log[0]?.level).toBe('warn');

    const back = planWalls([displayA, displayB], hiding, onA.savedNext, {
      previous: onA,
    });
    const shown = placementOf(back, 'left');
    expect(shown.visible).toBe(true);
    expect(shown.displayId).toBe(2);
    expect(shown.needsVerify).toBe(true);
  });

  it('marks the move from scale 1.5 to 1 for verification', () => {
    const onBoth = planWalls([displayA, displayB], layout, {});
    const onA = planWalls([displayA], layout, onBoth.savedNext, {
      previous: onBoth,
    });

    const moved = placementOf(onA, 'left');
    expect(moved.moved).toBe(true);
    expect(moved.needsVerify).toBe(true);
    expect(moved.scaleFactor).toBe(1);
  });
});

describe('saved bounds on a display that is gone', () => {
  const saved: SavedWalls = {
    left: {
      displayId: 2,
      bounds: { x: 1920, y: 0, width: 2560, height: 1440 },
      fullscreen: true,
    },
  };
  // No displayId in the layout: the saved assignment decides.
  const layout: WallLayout = { walls: [wall('left')] };

  it('opens inside A and logs the fallback once', () => {
    const plan = planWalls([displayA], layout, saved);
    const placement = placementOf(plan, 'left');

    expect(placement.displayId).toBe(1);
    expect(placement.visible).toBe(true);
    expect(placement.bounds).toEqual(displayA.workArea);
    expect(isInside(displayA.workArea, placement.bounds!)).toBe(true);

    expect(plan.log).toHaveLength(1);
    expect(plan.log[0]?.wall).toBe('left');
    expect(plan.log[0]?.level).toBe('warn');
    expect(plan.log[0]?.message).toContain('display 2 is not connected');

    const again = planWalls([displayA], layout, plan.savedNext, {
      previous: plan,
    });
    expect(again.log).toEqual([]);
    expect(again.placements).toEqual(plan.placements);
  });

  it('keeps the saved assignment to B', () => {
    const plan = planWalls([displayA], layout, saved);

    expect(plan.savedNext.left).toEqual(saved.left);
    expect(placementOf(plan, 'left').assignedDisplayId).toBe(2);
  });

  it('returns to B with the saved bounds clamped', () => {
    const onA = planWalls([displayA], layout, saved);
    const back = planWalls([displayA, displayB], layout, onA.savedNext, {
      previous: onA,
    });
    const placement = placementOf(back, 'left');

    expect(placement.displayId).toBe(2);
    expect(placement.reason).toBe('assigned');
    expect(placement.bounds).toEqual({
      x: 1920,
      y: 0,
      width: 2560,
      height: 1400,
    });
    expect(back.savedNext.left?.displayId).toBe(2);
    expect(back.savedNext.left?.bounds).toEqual(placement.bounds);
  });
});

describe('walls follow the configured display', () => {
  const layout: WallLayout = {
    walls: [wall('left', { displayId: 1 }), wall('right', { displayId: 2 })],
  };

  it('puts left on A and right on B, not on the focused display', () => {
    // The settings window sits on B, and some platforms list the display of
    // the focused window first; the plan must not care.
    const plan = planWalls([displayB, displayA], layout, {});

    expect(placementOf(plan, 'left').displayId).toBe(1);
    expect(placementOf(plan, 'right').displayId).toBe(2);
    expect(plan.log).toEqual([]);
  });

  it('gives the same plan for any report order', () => {
    const forward = planWalls([displayA, displayB], layout, {});
    const reverse = planWalls([displayB, displayA], layout, {});

    expect(reverse).toEqual(forward);
  });

  it('logs the fallback for a display id that no longer exists', () => {
    const stale: WallLayout = {
      walls: [
        wall('left', { displayId: 1 }),
        wall('right', {
          displayId: 99,
          fallback: [{ by: 'id', id: 2 }],
        }),
      ],
    };

    const plan = planWalls([displayA, displayB], stale, {});
    const right = placementOf(plan, 'right');

    expect(placementOf(plan, 'left').displayId).toBe(1);
    expect(right.displayId).toBe(2);
    expect(right.reason).toBe('fallback');
    expect(right.assignedDisplayId).toBe(99);
    expect(plan.log).toHaveLength(1);
    expect(plan.log[0]?.wall).toBe('right');
    expect(plan.log[0]?.message).toContain('display 99 is not connected');
    expect(plan.log[0]?.message).toContain('fallback: display id 2');
  });
});
