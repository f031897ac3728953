import { BrowserWindow, type Rectangle } from 'electron';
import type { WindowKind } from '../../src-shared/contract/index.js';
import { createLogger } from '../../src-node/logging/index.js';
import type { InvokeCaller } from '../router/index.js';
import { APP_ORIGIN } from './protocol.js';

const log = createLogger('windows');

/** Time a window may take to paint before it is shown anyway, so that a stuck renderer is visible. */
const READY_TIMEOUT_MS = 15_000;

/** Renderer reloads allowed per window after a crash, so that a crash loop stops. */
const MAX_CRASH_RELOADS = 3;

export interface AppWindow {
  window: BrowserWindow;
  caller: InvokeCaller;
}

/** The app's windows, keyed by webContents id, which is how IPC identifies a sender. */
export class WindowRegistry {
  private readonly windows = new Map<number, AppWindow>();

  add(entry: AppWindow): void {
    const id = entry.window.webContents.id;
    this.windows.set(id, entry);
    entry.window.on('closed', () => this.windows.delete(id));
  }

  get(webContentsId: number): AppWindow | undefined {
    return this.windows.get(webContentsId);
  }

  all(): AppWindow[] {
    return [...this.windows.values()];
  }
}

export interface CreateWindowOptions {
  kind: WindowKind;
  name: string;
  preloadPath: string;
  title: string;
  /** Initial normal bounds in DIP, so that a wall opens on its planned display. */
  bounds?: Rectangle;
  /** Asked when the window has painted; a wall that its plan hides stays hidden. Default: show. */
  shouldShow?: () => boolean;
}

/** Opens a sandboxed renderer window on the app scheme and shows it once it has painted. */
export function createAppWindow(options: CreateWindowOptions): AppWindow {
  const window = new BrowserWindow({
    title: options.title,
    width: options.kind === 'console' ? 1440 : 1920,
    height: options.kind === 'console' ? 900 : 1080,
    ...options.bounds,
    show: false,
    backgroundColor: '#0b1426',
    webPreferences: {
      preload: options.preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });

  const shouldShow = options.shouldShow ?? (() => true);
  const showTimer = setTimeout(() => {
    log.warn(
      'createAppWindow: not ready in time, showing it unless its plan hides it',
      {
        name: options.name,
        timeoutMs: READY_TIMEOUT_MS,
      },
    );
    if (shouldShow()) {
      window.show();
    }
  }, READY_TIMEOUT_MS);
  window.once('ready-to-show', () => {
    clearTimeout(showTimer);
    if (shouldShow()) {
      window.show();
    }
  });
  window.on('closed', () => clearTimeout(showTimer));

  reloadAfterCrash(window, options.name);

  const page = options.kind === 'console' ? 'console.html' : 'wall.html';
  const url = `${APP_ORIGIN}/${page}?name=${encodeURIComponent(options.name)}`;
  window.loadURL(url).catch((error: unknown) => {
    log.error('createAppWindow: load failed', { url, error: String(error) });
  });

  return {
    window,
    caller: {
      windowKind: options.kind,
      windowName: options.name,
      readOnly: options.kind === 'wall',
    },
  };
}

/** A reloaded renderer takes a new snapshot from main, so a reload restores the window fully. */
function reloadAfterCrash(window: BrowserWindow, name: string): void {
  let reloads = 0;
  window.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit' || window.isDestroyed()) {
      return;
    }
    if (reloads >= MAX_CRASH_RELOADS) {
      log.error(
        'render-process-gone: reload limit reached, leaving the window as is',
        { name, reloads },
      );
      return;
    }
    reloads += 1;
    log.warn('render-process-gone: reloading', {
      name,
      reason: details.reason,
      reloads,
    });
    window.webContents.reload();
  });
}
