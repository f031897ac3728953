import { describe, expect, it } from 'vitest';
import {
  anyWallVisible,
  describeDisplays,
  isExitShortcut,
  settleBounds,
  windowSteps,
  type KeyInput,
  type WindowSnapshot,
} from '../../../src-main/walls/index.js';
import {
  planWalls,
  type Rectangle,
  type WallLayout,
  type WallPlacement,
} from '../../../src-main/windows/index.js';
import {
  displayA,
  displayB,
  makeDisplay,
  placementOf,
  wall,
} from '../windows/fixtures.js';

const hiddenWindow: WindowSnapshot = {
  visible: false,
  fullscreen: false,
  kiosk: false,
};
const fullscreenWindow: WindowSnapshot = {
  visible: true,
  fullscreen: true,
  kiosk: false,
};

const layout: WallLayout = {
  walls: [
    wall('left', { displayId: displayA.id }),
    wall('right', { displayId: displayB.id, mode: 'kiosk' }),
  ],
};

function bothDisplaysPlan() {
  return planWalls([displayA, displayB], layout, {});
}

describe('windowSteps', () => {
  it('places a new fullscreen wall and verifies its bounds', () => {
    const placement = placementOf(bothDisplaysPlan(), 'left');

    expect(windowSteps(null, placement, hiddenWindow, false)).toEqual([
      { kind: 'set-bounds', bounds: placement.bounds, verify: true },
      { kind: 'enter-fullscreen' },
      { kind: 'show' },
    ]);
  });

  it('enters kiosk for a kiosk wall', () => {
    const placement = placementOf(bothDisplaysPlan(), 'right');
    const kinds = windowSteps(null, placement, hiddenWindow, false).map(
      (step) => step.kind,
    );
    expect(kinds).toEqual(['set-bounds', 'enter-kiosk', 'show']);
  });

  it('does nothing when placement and window already match', () => {
    const placement = placementOf(bothDisplaysPlan(), 'left');
    expect(windowSteps(placement, placement, fullscreenWindow, false)).toEqual(
      [],
    );
  });

  it('enters fullscreen again when the window lost it', () => {
    const placement = placementOf(bothDisplaysPlan(), 'left');
    const windowed = { ...fullscreenWindow, fullscreen: false };
    expect(windowSteps(placement, placement, windowed, false)).toEqual([
      { kind: 'enter-fullscreen' },
    ]);
  });

  it('leaves fullscreen before moving to the fallback display', () => {
    const first = bothDisplaysPlan();
    const second = planWalls([displayB], layout, first.savedNext, {
      previous: first,
    });
    const before = placementOf(first, 'left');
    const after = placementOf(second, 'left');
    expect(after.reason).toBe('fallback');

    const steps = windowSteps(before, after, fullscreenWindow, false);

    expect(steps).toEqual([
      { kind: 'leave-fullscreen' },
      { kind: 'set-bounds', bounds: after.bounds, verify: true },
      { kind: 'enter-fullscreen' },
    ]);
  });

  it('hides a wall whose display is gone under the hide policy', () => {
    const hiding: WallLayout = {
      walls: [wall('left', { displayId: 9, whenDisplayMissing: 'hide' })],
    };
    const placement = placementOf(planWalls([displayA], hiding, {}), 'left');
    expect(placement.visible).toBe(false);

    expect(windowSteps(null, placement, fullscreenWindow, false)).toEqual([
      { kind: 'hide' },
    ]);
    expect(windowSteps(null, placement, hiddenWindow, false)).toEqual([]);
  });

  it('keeps a kiosk wall windowed after the operator left', () => {
    const placement = placementOf(bothDisplaysPlan(), 'right');
    const kiosk = { visible: true, fullscreen: true, kiosk: true };

    expect(windowSteps(placement, placement, kiosk, true)).toEqual([
      { kind: 'leave-kiosk' },
    ]);
    const windowed = { visible: true, fullscreen: false, kiosk: false };
    expect(windowSteps(placement, placement, windowed, true)).toEqual([]);
    expect(windowSteps(placement, placement, windowed, false)).toEqual([
      { kind: 'enter-kiosk' },
    ]);
  });

  it('leaves fullscreen when the saved state says windowed', () => {
    const plan = planWalls([displayA, displayB], layout, {
      left: { displayId: displayA.id, bounds: null, fullscreen: false },
    });
    const placement = placementOf(plan, 'left');
    expect(placement.fullscreen).toBe(false);

    expect(windowSteps(placement, placement, fullscreenWindow, false)).toEqual([
      { kind: 'leave-fullscreen' },
    ]);
  });
});

/** Window whose setBounds lands scaled by `factors[i]` on the i-th call, as on a mixed-DPI desktop. */
function scalingWindow(factors: readonly number[]) {
  let bounds: Rectangle = { x: 0, y: 0, width: 0, height: 0 };
  let calls = 0;
  return {
    applies: () => calls,
    io: {
      read: () => bounds,
      apply: (target: Rectangle) => {
        const factor = factors[Math.min(calls, factors.length - 1)] ?? 1;
        calls += 1;
        bounds = {
          ...target,
          width: Math.round(target.width * factor),
          height: Math.round(target.height * factor),
        };
      },
    },
  };
}

describe('settleBounds', () => {
  const target: Rectangle = { x: 1920, y: 0, width: 2560, height: 1400 };

  it('is done when the first read matches', () => {
    const window = scalingWindow([1]);
    window.io.apply(target);
    const result = settleBounds(target, window.io);
    expect(result.outcome).toBe('done');
    expect(result.reapplies).toBe(0);
  });

  it('re-applies once after a scale mismatch', () => {
    const window = scalingWindow([1.5, 1]);
    window.io.apply(target);

    const result = settleBounds(target, window.io);

    expect(result.outcome).toBe('done');
    expect(result.reapplies).toBe(1);
    expect(window.applies()).toBe(2);
  });

  it('gives up after one re-apply', () => {
    const window = scalingWindow([1.5]);
    window.io.apply(target);

    const result = settleBounds(target, window.io);

    expect(result.outcome).toBe('give-up');
    expect(result.reapplies).toBe(1);
    expect(result.check.delta.width).toBe(1280);
    expect(window.applies()).toBe(2);
  });
});

describe('isExitShortcut', () => {
  const base: KeyInput = {
    type: 'keyDown',
    key: 'F12',
    control: true,
    shift: true,
    alt: false,
    meta: false,
  };

  it('matches Ctrl+Shift+F12 key down only', () => {
    expect(isExitShortcut(base)).toBe(true);
    expect(isExitShortcut({ ...base, type: 'keyUp' })).toBe(false);
    expect(isExitShortcut({ ...base, shift: false })).toBe(false);
    expect(isExitShortcut({ ...base, control: false })).toBe(false);
    expect(isExitShortcut({ ...base, alt: true })).toBe(false);
    expect(isExitShortcut({ ...base, key: 'F11' })).toBe(false);
    expect(isExitShortcut({ ...base, isAutoRepeat: true })).toBe(false);
  });
});

describe('display helpers', () => {
  it('keeps the display awake while any wall is visible', () => {
    const placements = bothDisplaysPlan().placements;
    expect(anyWallVisible(placements)).toBe(true);
    const hidden = placements.map(
      (placement): WallPlacement => ({ ...placement, visible: false }),
    );
    expect(anyWallVisible(hidden)).toBe(false);
    expect(anyWallVisible([])).toBe(false);
  });

  it('describes displays for the start-up log', () => {
    const portrait = makeDisplay({
      id: 3,
      bounds: { x: -1080, y: 0, width: 1080, height: 1920 },
      rotation: 90,
    });

    const lines = describeDisplays([displayA, portrait], displayA.id);

    expect(lines[0]).toMatchObject({
      id: 1,
      primary: true,
      bounds: '1920x1080 at 0,0',
      orientation: 'landscape',
    });
    expect(lines[1]).toMatchObject({
      id: 3,
      primary: false,
      rotation: 90,
      orientation: 'portrait',
      bounds: '1080x1920 at -1080,0',
    });
  });
});
