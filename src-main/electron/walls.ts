// Electron side of the wall windows: reads the config and saved state, opens one window per wall
// and applies the planner's placements. Every decision lives in src-main/windows (where a wall
// goes) and src-main/walls (which window calls that needs), so this file only makes the calls.
import { app, dialog, powerSaveBlocker, screen, type Display } from 'electron';
import { join } from 'node:path';
import { createLogger } from '../../src-node/logging/index.js';
import {
  anyWallVisible,
  createSavedWallsStore,
  describeDisplays,
  EXIT_SHORTCUT_LABEL,
  isExitShortcut,
  loadWallConfig,
  settleBounds,
  WALL_CONFIG_FILE_NAME,
  WALL_STATE_FILE_NAME,
  windowSteps,
  type WindowStep,
} from '../walls/index.js';
import {
  createWallReconciler,
  planWalls,
  type DisplayInfo,
  type Rectangle,
  type SavedWalls,
  type WallPlacement,
  type WallPlan,
  type WallReconciler,
} from '../windows/index.js';
import {
  createAppWindow,
  type AppWindow,
  type WindowRegistry,
} from './windows.js';

const log = createLogger('walls');

/** Period of the display-list check, for systems that miss a display event. */
const DISPLAY_CHECK_INTERVAL_MS = 30_000;

/**
 * Time a wall renderer may stay unresponsive before it is crashed on purpose, so
 * that the crash handler of createAppWindow reloads it. An estimate: long enough
 * for a slow chart redraw, short for a wall that shows a frozen picture.
 */
const UNRESPONSIVE_GRACE_MS = 10_000;

export interface WallWindowsOptions {
  /** Folder with walls.json (config) and wall-state.json (saved state). */
  dataDir: string;
  preloadPath: string;
  registry: WindowRegistry;
  /** Window title; the wall name is appended. */
  title: string;
}

export interface WallWindows {
  /** Stops re-planning and lets the display sleep again; windows close with the app. */
  stop(): void;
}

interface WallWindow {
  name: string;
  entry: AppWindow;
  /** Placement applied last; null until the first apply. */
  applied: WallPlacement | null;
  /** The operator left fullscreen or kiosk with the exit shortcut. */
  operatorExited: boolean;
  /**
   * True while the applier itself leaves fullscreen, so the guard does not undo it.
   * NOTE: this covers a `leave-full-screen` event emitted during the call. One that
   * arrives later finds the planned state already applied, and the guard's call then
   * re-enters fullscreen on a wall that is about to be fullscreen anyway.
   */
  leaving: boolean;
  dialogOpen: boolean;
}

/** Opens the wall windows and keeps them on their displays until `stop`. */
export async function startWallWindows(
  options: WallWindowsOptions,
): Promise<WallWindows> {
  const configPath = join(options.dataDir, WALL_CONFIG_FILE_NAME);
  const config = await loadWallConfig(configPath);
  const store = createSavedWallsStore(
    join(options.dataDir, WALL_STATE_FILE_NAME),
  );
  let saved: SavedWalls = await store.load();

  const walls = new Map<string, WallWindow>();
  let blockerId: number | null = null;
  let quitting = false;
  app.on('before-quit', () => {
    quitting = true;
  });

  const displays = readDisplays();
  log.info(
    'start: displays present; use an id as displayId in the wall config',
    {
      configPath,
      displays: describeDisplays(displays, screen.getPrimaryDisplay().id),
    },
  );

  const keepDisplayAwake = (awake: boolean): void => {
    if (awake && blockerId === null) {
      blockerId = powerSaveBlocker.start('prevent-display-sleep');
      log.info(
        'keepDisplayAwake: display sleep blocked while a wall is visible',
      );
    }
    if (!awake && blockerId !== null) {
      powerSaveBlocker.stop(blockerId);
      blockerId = null;
      log.info('keepDisplayAwake: no wall visible; display may sleep');
    }
  };

  const openWall = (placement: WallPlacement): WallWindow => {
    const wall: WallWindow = {
      name: placement.wall,
      entry: createAppWindow({
        kind: 'wall',
        name: placement.wall,
        preloadPath: options.preloadPath,
        title: `${options.title} · ${placement.wall}`,
        ...(placement.bounds ? { bounds: placement.bounds } : {}),
        shouldShow: () => wall.applied?.visible ?? false,
      }),
      applied: null,
      operatorExited: false,
      leaving: false,
      dialogOpen: false,
    };
    options.registry.add(wall.entry);
    guardWall(wall, {
      isQuitting: () => quitting,
      onExitShortcut: () => void handleExitShortcut(wall, setOperatorExit),
    });
    walls.set(wall.name, wall);
    wall.entry.window.on('closed', () => walls.delete(wall.name));
    return wall;
  };

  const runSteps = (wall: WallWindow, steps: readonly WindowStep[]): void => {
    for (const step of steps) {
      runStep(wall, step);
    }
  };

  const saveState = async (): Promise<void> => {
    await store.save(saved).catch((error: unknown) => {
      log.error('saveState: saving the wall state failed; walls stay placed', {
        path: store.path,
        error: error instanceof Error ? error.message : String(error),
      });
    });
  };

  /**
   * Leaves or re-enters the planned mode for the exit shortcut. For a fullscreen
   * wall the choice goes into the saved state, because the planner keeps it
   * across moves and restarts. A kiosk wall returns to kiosk at the next start.
   */
  const setOperatorExit = (wall: WallWindow, exited: boolean): void => {
    const placement = wall.applied;
    if (placement === null) {
      return;
    }
    const next = placement.kiosk
      ? placement
      : { ...placement, fullscreen: !exited };
    const before = saved[wall.name];
    if (!placement.kiosk && before !== undefined) {
      saved = { ...saved, [wall.name]: { ...before, fullscreen: !exited } };
      void saveState();
    }

    wall.operatorExited = exited && placement.kiosk;
    wall.applied = next;
    runSteps(wall, windowSteps(placement, next, snapshotOf(wall), exited));
  };

  const apply = async (plan: WallPlan): Promise<void> => {
    for (const placement of plan.placements) {
      const existing = walls.get(placement.wall);
      // A wall hidden from the start gets its window once it has a display.
      if (existing === undefined && !placement.visible) {
        continue;
      }
      const wall = existing ?? openWall(placement);
      const window = wall.entry.window;
      const steps = windowSteps(
        wall.applied,
        placement,
        {
          visible: window.isVisible(),
          fullscreen: window.isFullScreen(),
          kiosk: window.isKiosk(),
        },
        wall.operatorExited,
      );
      wall.applied = placement;
      // A new window shows itself once painted; showing it earlier flashes an empty frame.
      runSteps(
        wall,
        existing === undefined
          ? steps.filter((step) => step.kind !== 'show')
          : steps,
      );
    }

    keepDisplayAwake(anyWallVisible(plan.placements));
    saved = plan.savedNext;
    await saveState();
  };

  const reconciler = createWallReconciler({
    plan: (present, previous) =>
      planWalls(present, config.layout, saved, {
        previous,
        primaryDisplayId: screen.getPrimaryDisplay().id,
      }),
    apply,
    getDisplays: readDisplays,
    now: Date.now,
    intervalMs: DISPLAY_CHECK_INTERVAL_MS,
  });

  const unwire = wireScreenEvents(reconciler);
  reconciler.start();

  return {
    stop() {
      reconciler.stop();
      unwire();
      keepDisplayAwake(false);
    },
  };
}

function readDisplays(): DisplayInfo[] {
  return screen.getAllDisplays().map(toDisplayInfo);
}

function toDisplayInfo(display: Display): DisplayInfo {
  return {
    id: display.id,
    bounds: { ...display.bounds },
    workArea: { ...display.workArea },
    scaleFactor: display.scaleFactor,
    rotation: display.rotation,
    size: { ...display.size },
    internal: display.internal,
    label: display.label,
  };
}

function wireScreenEvents(reconciler: WallReconciler): () => void {
  const added = (): void => reconciler.trigger('display-added');
  const removed = (): void => reconciler.trigger('display-removed');
  const changed = (): void => reconciler.trigger('display-metrics-changed');

  screen.on('display-added', added);
  screen.on('display-removed', removed);
  screen.on('display-metrics-changed', changed);

  return () => {
    screen.off('display-added', added);
    screen.off('display-removed', removed);
    screen.off('display-metrics-changed', changed);
  };
}

function runStep(wall: WallWindow, step: WindowStep): void {
  const window = wall.entry.window;

  switch (step.kind) {
    case 'hide':
      window.hide();
      return;
    case 'leave-kiosk':
    case 'leave-fullscreen':
      wall.leaving = true;
      try {
        if (step.kind === 'leave-kiosk') {
          window.setKiosk(false);
        } else {
          window.setFullScreen(false);
        }
      } finally {
        wall.leaving = false;
      }
      return;
    case 'set-bounds':
      window.setBounds(step.bounds);
      if (step.verify) {
        verifyBounds(wall, step.bounds);
      }
      return;
    case 'enter-kiosk':
      window.setKiosk(true);
      return;
    case 'enter-fullscreen':
      // NOTE: on some platforms entering fullscreen also shows a hidden window, before it has painted.
      window.setFullScreen(true);
      return;
    case 'show':
      // Inactive, so that a wall appearing never takes the keyboard from the console.
      window.showInactive();
      return;
  }
}

function verifyBounds(wall: WallWindow, expected: Rectangle): void {
  const window = wall.entry.window;
  const result = settleBounds(expected, {
    read: () => window.getBounds(),
    apply: (bounds) => window.setBounds(bounds),
  });

  if (result.outcome === 'give-up') {
    log.warn(
      'verifyBounds: window bounds differ from the plan after re-applying',
      {
        wall: wall.name,
        expected,
        delta: result.check.delta,
        reapplies: result.reapplies,
      },
    );
  }
}

interface WallGuardHooks {
  isQuitting: () => boolean;
  onExitShortcut: () => void;
}

/**
 * Installs the per-wall guards: the exit shortcut, the return to fullscreen
 * after an exit without it, no closing outside a quit, and the reload of a hung
 * renderer.
 */
function guardWall(wall: WallWindow, hooks: WallGuardHooks): void {
  const window = wall.entry.window;
  // Without a menu the default accelerators (F11 fullscreen, Ctrl+R reload) do not reach a wall.
  window.removeMenu();

  window.webContents.on('before-input-event', (event, input) => {
    if (isExitShortcut(input)) {
      event.preventDefault();
      hooks.onExitShortcut();
    }
  });

  window.on('leave-full-screen', () => {
    const placement = wall.applied;
    if (
      wall.leaving ||
      wall.operatorExited ||
      !placement?.visible ||
      !placement.fullscreen
    ) {
      return;
    }
    log.warn(
      'leave-full-screen: left without the exit shortcut; entering fullscreen again',
      { wall: wall.name, shortcut: EXIT_SHORTCUT_LABEL },
    );
    window.setFullScreen(true);
  });

  window.on('close', (event) => {
    if (!hooks.isQuitting()) {
      event.preventDefault();
      log.warn('close: a wall closes only with the console', {
        wall: wall.name,
      });
    }
  });

  watchUnresponsive(wall);
}

/**
 * Asks for confirmation before a wall leaves fullscreen or kiosk; a wall already
 * out of them returns without a question.
 */
async function handleExitShortcut(
  wall: WallWindow,
  setOperatorExit: (wall: WallWindow, exited: boolean) => void,
): Promise<void> {
  const window = wall.entry.window;
  if (wall.applied === null || wall.dialogOpen || window.isDestroyed()) {
    return;
  }

  if (!window.isFullScreen() && !window.isKiosk()) {
    log.info('exit shortcut: operator returned the wall to fullscreen', {
      wall: wall.name,
    });
    setOperatorExit(wall, false);
    return;
  }

  wall.dialogOpen = true;
  try {
    const { response } = await dialog.showMessageBox(window, {
      type: 'question',
      title: '退出大屏全屏 Leave wall fullscreen',
      message: `退出大屏“${wall.name}”的全屏模式？\nLeave fullscreen on wall "${wall.name}"?`,
      detail: `再按 ${EXIT_SHORTCUT_LABEL} 恢复全屏。Press ${EXIT_SHORTCUT_LABEL} again to return to fullscreen.`,
      buttons: ['取消 Cancel', '退出全屏 Leave fullscreen'],
      defaultId: 0,
      cancelId: 0,
    });
    if (response !== 1 || window.isDestroyed()) {
      return;
    }
    log.warn('exit shortcut: operator left fullscreen after confirming', {
      wall: wall.name,
    });
    setOperatorExit(wall, true);
  } finally {
    wall.dialogOpen = false;
  }
}

function snapshotOf(wall: WallWindow): {
  visible: boolean;
  fullscreen: boolean;
  kiosk: boolean;
} {
  const window = wall.entry.window;
  return {
    visible: window.isVisible(),
    fullscreen: window.isFullScreen(),
    kiosk: window.isKiosk(),
  };
}

/**
 * Crashes a renderer that stays unresponsive past the grace time. The window,
 * its display and its URL (which carries the wall name) stay, and the crash
 * handler of createAppWindow reloads it, within that handler's reload limit.
 */
function watchUnresponsive(wall: WallWindow): void {
  const window = wall.entry.window;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const clear = (): void => {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
  };

  window.on('unresponsive', () => {
    if (timer !== null) {
      return;
    }
    log.warn(
      'unresponsive: wall renderer is not responding; waiting before a reload',
      {
        wall: wall.name,
        graceMs: UNRESPONSIVE_GRACE_MS,
      },
    );
    timer = setTimeout(() => {
      timer = null;
      if (window.isDestroyed()) {
        return;
      }
      log.error(
        'unresponsive: renderer still not responding; crashing it so that it reloads',
        {
          wall: wall.name,
        },
      );
      window.webContents.forcefullyCrashRenderer();
    }, UNRESPONSIVE_GRACE_MS);
  });
  window.on('responsive', () => {
    if (timer !== null) {
      log.info('responsive: wall renderer is responding again', {
        wall: wall.name,
      });
    }
    clear();
  });
  window.on('closed', clear);
}
