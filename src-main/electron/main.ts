import { app, dialog, powerMonitor, type BrowserWindow } from 'electron';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, logSink } from '../../src-node/logging/index.js';
import {
  optionsHelp,
  parseConsoleOptions,
  type ConsoleOptions,
} from '../config/index.js';
import {
  startConsoleRuntime,
  type ConsoleRuntime,
} from '../host/console-runtime.js';
import { createInvokeRouter } from '../router/index.js';
import { installContentGuards } from './hardening.js';
import { WindowPushes, pushChanges, wireInvokeChannels } from './ipc.js';
import { handleAppScheme, registerAppScheme } from './protocol.js';
import { SafeStorageSecretStore } from './secrets.js';
import { startWallWindows, type WallWindows } from './walls.js';
import { createAppWindow, WindowRegistry } from './windows.js';

const log = createLogger('electron-main');

installErrorHandlers();

const bundleDir = dirname(fileURLToPath(import.meta.url));
const options = parseOptionsOrQuit();
if (options !== null) {
  start(options);
}

/** Installs the handlers before start-up begins, so that no failure during start-up goes unlogged. */
function installErrorHandlers(): void {
  // The app keeps running after logging: the walls keep showing the last state, which serves the
  // hall better than a closed window. Electron's default would show a dialog instead.
  process.on('uncaughtException', (error) => {
    log.fatal('uncaught exception', { error: error.stack ?? String(error) });
  });
  process.on('unhandledRejection', (reason) => {
    log.error('unhandled promise rejection', {
      reason:
        reason instanceof Error
          ? (reason.stack ?? reason.message)
          : String(reason),
    });
  });
  app.on('render-process-gone', (_event, contents, details) => {
    log.error('render process gone', {
      url: contents.getURL(),
      reason: details.reason,
      exitCode: details.exitCode,
    });
  });
  app.on('child-process-gone', (_event, details) => {
    log.error('child process gone', {
      type: details.type,
      reason: details.reason,
      exitCode: details.exitCode,
    });
  });
}

function parseOptionsOrQuit(): ConsoleOptions | null {
  // argv also carries the app path and Chromium switches, so unknown arguments are skipped.
  const parsed = parseConsoleOptions(process.argv.slice(1), process.env, {
    defaultDataDir: app.isPackaged
      ? app.getPath('userData')
      : join(app.getAppPath(), '.data'),
    cwd: process.cwd(),
    ignoreUnknown: true,
  });
  if (!parsed.ok) {
    process.stderr.write(`${parsed.error}\n`);
    app.exit(2);
    return null;
  }
  if (parsed.options.help) {
    process.stdout.write(`${optionsHelp('command-hall-console')}\n`);
    app.exit(0);
    return null;
  }
  return parsed.options;
}

function start(options: ConsoleOptions): void {
  // A data folder given on the command line holds Chromium's profile too, so two consoles with
  // different folders can run side by side and the single-instance lock is per folder.
  if (
    process.argv.some(
      (argument) => argument === '--data' || argument.startsWith('--data='),
    )
  ) {
    app.setPath('userData', join(options.dataDir, 'electron'));
  }
  if (!app.requestSingleInstanceLock()) {
    process.stderr.write(
      'The console is already running for this data folder; focusing it instead.\n',
    );
    app.exit(0);
    return;
  }
  logSink.configure({
    directory: join(app.getPath('userData'), 'logs'),
    fileName: 'main.log',
  });
  log.info('start: launching', {
    version: app.getVersion(),
    dataDir: options.dataDir,
    packaged: app.isPackaged,
  });

  // Sandboxes every renderer, including any the window options might miss; allowed only before ready.
  app.enableSandbox();
  registerAppScheme();
  app
    .whenReady()
    .then(() => openWindows(options))
    .catch((error: unknown) => {
      log.fatal('start: failed', {
        error:
          error instanceof Error
            ? (error.stack ?? error.message)
            : String(error),
      });
      const logFile = join(app.getPath('userData'), 'logs', 'main.log');
      dialog.showErrorBox(
        'The console failed to start',
        `${error instanceof Error ? error.message : String(error)}\n\nDetails are in ${logFile}.`,
      );
      app.exit(1);
    });
}

async function openWindows(options: ConsoleOptions): Promise<void> {
  installContentGuards();
  handleAppScheme(join(bundleDir, '..', 'renderer'));

  const runtime = await startConsoleRuntime(options, {
    clientVersion: app.getVersion(),
    token: process.env.CONSOLE_TOKEN,
    refreshToken: process.env.CONSOLE_REFRESH_TOKEN,
    secrets: new SafeStorageSecretStore(
      join(app.getPath('userData'), 'secrets'),
    ),
    resourceDir: join(app.getAppPath(), 'resources', 'data'),
  });
  probeOnWake(runtime);
  const router = createInvokeRouter(runtime.core, {
    name: app.getName(),
    version: app.getVersion(),
    host: 'electron',
    locale: options.lang,
    countyMap: options.countyMap,
  });

  const windows = new WindowRegistry();
  const pushes = new WindowPushes(windows);
  const unwire = wireInvokeChannels(router, windows, pushes);
  const unsubscribe = pushChanges(runtime.core, pushes);
  let walls: WallWindows | null = null;
  stopOnQuit(runtime, () => {
    walls?.stop();
    unsubscribe();
    unwire();
  });

  const preloadPath = join(bundleDir, '..', 'preload', 'index.cjs');
  const consoleWindow = createAppWindow({
    kind: 'console',
    name: 'main',
    preloadPath,
    title: '县综治中心指挥调度台',
  });
  windows.add(consoleWindow);

  // Closing the console ends the session; a wall on its own has no operator.
  consoleWindow.window.on('closed', () => app.quit());
  app.on('second-instance', () => focusWindow(consoleWindow.window));
  app.on('window-all-closed', () => app.quit());

  // Walls open after the console, so a slow config read never delays the operator's window.
  walls = await startWallWindows({
    dataDir: options.dataDir,
    preloadPath,
    registry: windows,
    title: '县综治中心指挥调度台 · 大屏',
  });
}

/**
 * A socket can look open after the PC sleeps, so the session checks its link at once on resume
 * and unlock. Sleeps that raise no event are caught by the session's own timer drift check.
 */
function probeOnWake(runtime: ConsoleRuntime): void {
  const probe = (event: string): void => {
    log.info('powerMonitor: probing the link to the central', { event });
    runtime.core.probe?.();
  };
  powerMonitor.on('resume', () => probe('resume'));
  powerMonitor.on('unlock-screen', () => probe('unlock-screen'));
}

function focusWindow(window: BrowserWindow): void {
  if (window.isDestroyed()) {
    return;
  }
  if (window.isMinimized()) {
    window.restore();
  }
  window.focus();
}

/** Holds the quit until the core has flushed its cache and the embedded central has stopped. */
function stopOnQuit(runtime: ConsoleRuntime, detach: () => void): void {
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) {
      return;
    }
    event.preventDefault();
    stopped = true;
    detach();
    log.info('before-quit: stopping services');
    runtime
      .stop()
      .catch((error: unknown) =>
        log.error('before-quit: stop failed', { error: String(error) }),
      )
      .finally(() => app.quit());
  });
}
