// Decisions of the wall window applier, kept out of the Electron file so they run under Vitest:
// which window calls a placement needs, the bounds read-back loop, the exit shortcut and whether
// the display must stay awake.
import {
  nextVerifyAction,
  verifyPlacement,
  type BoundsCheck,
  type DisplayInfo,
  type Rectangle,
  type WallPlacement,
} from '../windows/index.js';

/** State of a BrowserWindow, read by the applier before it changes the window. */
export interface WindowSnapshot {
  visible: boolean;
  fullscreen: boolean;
  kiosk: boolean;
}

export type WindowStep =
  | { kind: 'hide' }
  | { kind: 'leave-kiosk' }
  | { kind: 'leave-fullscreen' }
  /** Set the normal bounds, then read them back and re-apply once if they differ. */
  | { kind: 'set-bounds'; bounds: Rectangle; verify: boolean }
  | { kind: 'enter-kiosk' }
  | { kind: 'enter-fullscreen' }
  | { kind: 'show' };

/**
 * Lists the window calls that bring a wall from its current state to `next`, in
 * order. `previous` is the placement applied last, or null for a new window.
 * When it equals `next` and the window is already in the planned state, the list
 * is empty, so a re-plan that changes nothing causes no flicker.
 *
 * The window leaves fullscreen or kiosk before a move, because platforms ignore
 * bounds set on a fullscreen window. `operatorExited` keeps a wall windowed
 * after the operator left kiosk with the exit shortcut.
 */
export function windowSteps(
  previous: WallPlacement | null,
  next: WallPlacement,
  window: WindowSnapshot,
  operatorExited: boolean,
): WindowStep[] {
  if (!next.visible || next.bounds === null) {
    return window.visible ? [{ kind: 'hide' }] : [];
  }

  const wantKiosk = next.kiosk && !operatorExited;
  const wantFullscreen = next.fullscreen && !next.kiosk && !operatorExited;
  const move = previous === null || !sameTarget(previous, next);
  const steps: WindowStep[] = [];

  if (window.kiosk && (move || !wantKiosk)) {
    steps.push({ kind: 'leave-kiosk' });
  }
  if (window.fullscreen && !window.kiosk && (move || !wantFullscreen)) {
    steps.push({ kind: 'leave-fullscreen' });
  }
  if (move) {
    steps.push({
      kind: 'set-bounds',
      bounds: next.bounds,
      verify: next.moved || next.needsVerify || previous === null,
    });
  }
  if (wantKiosk && (move || !window.kiosk)) {
    steps.push({ kind: 'enter-kiosk' });
  }
  if (wantFullscreen && (move || !window.fullscreen || window.kiosk)) {
    steps.push({ kind: 'enter-fullscreen' });
  }
  if (!window.visible) {
    steps.push({ kind: 'show' });
  }
  return steps;
}

function sameTarget(a: WallPlacement, b: WallPlacement): boolean {
  return (
    a.displayId === b.displayId &&
    a.visible === b.visible &&
    a.bounds !== null &&
    b.bounds !== null &&
    a.bounds.x === b.bounds.x &&
    a.bounds.y === b.bounds.y &&
    a.bounds.width === b.bounds.width &&
    a.bounds.height === b.bounds.height
  );
}

export interface BoundsIo {
  read(): Rectangle;
  apply(bounds: Rectangle): void;
}

export interface SettleResult {
  outcome: 'done' | 'give-up';
  check: BoundsCheck;
  /** Re-applies made after the first read-back. */
  reapplies: number;
}

/**
 * Reads the bounds back after `setBounds` and re-applies while `nextVerifyAction`
 * allows (once), because Electron on Windows has been seen to size a window onto
 * a display of another scale factor with the old display's scale.
 */
export function settleBounds(expected: Rectangle, io: BoundsIo): SettleResult {
  let reapplies = 0;

  for (;;) {
    const check = verifyPlacement(expected, io.read());
    const action = nextVerifyAction(check, reapplies);
    if (action !== 'reapply') {
      return { outcome: action, check, reapplies };
    }
    io.apply(expected);
    reapplies += 1;
  }
}

/** Documented shortcut that leaves (and re-enters) a wall's fullscreen or kiosk mode. */
export const EXIT_SHORTCUT_LABEL = 'Ctrl+Shift+F12';

/** Keyboard fields of Electron's `before-input-event` input that the shortcut check reads. */
export interface KeyInput {
  type: string;
  key: string;
  control: boolean;
  shift: boolean;
  alt: boolean;
  meta: boolean;
  isAutoRepeat?: boolean;
}

export function isExitShortcut(input: KeyInput): boolean {
  return (
    input.type === 'keyDown' &&
    input.key === 'F12' &&
    input.control &&
    input.shift &&
    !input.alt &&
    !input.meta &&
    input.isAutoRepeat !== true
  );
}

/** The display must stay awake while any wall is visible. */
export function anyWallVisible(placements: readonly WallPlacement[]): boolean {
  return placements.some((placement) => placement.visible);
}

/** Builds one entry per display for the start-up log line that IT staff read to find display ids. */
export function describeDisplays(
  displays: readonly DisplayInfo[],
  primaryDisplayId: number | null,
): Record<string, unknown>[] {
  return displays.map((display) => ({
    id: display.id,
    label: display.label,
    primary: display.id === primaryDisplayId,
    internal: display.internal,
    bounds: formatRect(display.bounds),
    scaleFactor: display.scaleFactor,
    rotation: display.rotation,
    orientation:
      display.bounds.height > display.bounds.width ? 'portrait' : 'landscape',
  }));
}

function formatRect(rect: Rectangle): string {
  return `${rect.width}x${rect.height} at ${rect.x},${rect.y}`;
}
