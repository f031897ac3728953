// Two wall windows from a wall config, each fullscreen on its display, and presenter mode steering
// both from the console, in the real Electron app against a reference central on loopback. Skips
// with a message where no Electron binary is installed, as tests/electron/shell.spec.ts does.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  _electron,
  expect,
  test,
  type ElectronApplication,
  type Page,
} from '@playwright/test';
import {
  WALL_CONFIG_FILE_NAME,
  WALL_STATE_FILE_NAME,
} from '../../src-main/walls/index.js';
import { SavedWalls, type WallLayout } from '../../src-main/windows/index.js';
import { ProjectProcess, freePort } from '../e2e/helpers/processes.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SKIP_MESSAGE =
  'Electron binary not installed: run npm install without ELECTRON_SKIP_BINARY_DOWNLOAD to run these tests';
const DEV_TOKEN = 'dev-console-token';
const WALLS = ['wall-1', 'wall-2'] as const;

/**
 * wall-1 takes the leftmost display and wall-2 the rightmost; on a machine with
 * one display both share it, which the planner allows with the `move` policy.
 */
const WALL_CONFIG: WallLayout = {
  walls: [
    {
      name: 'wall-1',
      fallback: [{ by: 'position', position: 'leftmost' }],
      whenDisplayMissing: 'move',
      mode: 'fullscreen',
    },
    {
      name: 'wall-2',
      fallback: [{ by: 'position', position: 'rightmost' }],
      whenDisplayMissing: 'move',
      mode: 'fullscreen',
    },
  ],
};

/** Finds the binary through path.txt and dist/, because loading the electron package downloads it. */
function electronBinary(): string | null {
  const packageDir = join(repoRoot, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return null;
  }
  const binary = join(
    packageDir,
    'dist',
    readFileSync(pathFile, 'utf8').trim(),
  );
  return existsSync(binary) ? binary : null;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface DisplayView {
  id: number;
  bounds: Box;
}

interface WindowView {
  url: string;
  bounds: Box;
  fullscreen: boolean;
  kiosk: boolean;
  visible: boolean;
}

const binary = electronBinary();
if (binary === null) {
  console.warn(SKIP_MESSAGE);
}
test.skip(binary === null, SKIP_MESSAGE);
test.describe.configure({ mode: 'serial' });

let app: ElectronApplication;
let central: ProjectProcess | null = null;
let dataDir: string;
let centralDir: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const build = spawnSync(
    process.execPath,
    [
      join(repoRoot, 'node_modules/electron-vite/bin/electron-vite.js'),
      'build',
    ],
    { cwd: repoRoot, stdio: 'inherit' },
  );
  expect(
    build.status,
    'electron-vite build must succeed before the app can launch',
  ).toBe(0);

  // The embedded central runs no record domains, so the hall comes from a central of our own.
  centralDir = mkdtempSync(join(tmpdir(), 'walls-electron-central-'));
  const port = String(await freePort());
  central = new ProjectProcess('central', 'src-central/cli.ts', [
    '--port',
    port,
    '--data',
    centralDir,
    '--scenario',
    'none',
    '--domains',
    'hall',
  ]);
  await central.waitForOutput(/central listening on/);

  dataDir = mkdtempSync(join(tmpdir(), 'walls-electron-'));
  writeFileSync(
    join(dataDir, WALL_CONFIG_FILE_NAME),
    `${JSON.stringify(WALL_CONFIG, null, 2)}\n`,
  );
  // Left over from a parent tool, ELECTRON_RUN_AS_NODE would start the binary as plain Node.
  const env: Record<string, string> = { CONSOLE_TOKEN: DEV_TOKEN };
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && name !== 'ELECTRON_RUN_AS_NODE') {
      env[name] ??= value;
    }
  }
  app = await _electron.launch({
    executablePath: binary ?? '',
    args: [
      repoRoot,
      '--data',
      dataDir,
      '--central',
      `ws://127.0.0.1:${port}/console`,
      '--lang',
      'en',
    ],
    cwd: repoRoot,
    env,
  });
});

test.afterAll(async () => {
  await app?.close();
  await central?.stop();
  for (const folder of [dataDir, centralDir]) {
    if (folder) {
      rmSync(folder, { recursive: true, force: true });
    }
  }
});

/** Waits until a window whose URL contains `page` exists and returns it. */
async function windowShowing(page: string): Promise<Page> {
  await expect
    .poll(() => app.windows().map((window) => window.url()), {
      timeout: 30_000,
    })
    .toContainEqual(expect.stringContaining(page));
  const window = app
    .windows()
    .find((candidate) => candidate.url().includes(page));
  if (window === undefined) {
    throw new Error(`no window shows ${page}`);
  }
  await window.waitForLoadState('domcontentloaded');
  return window;
}

async function readDisplays(): Promise<DisplayView[]> {
  return app.evaluate(({ screen }) =>
    screen
      .getAllDisplays()
      .map((display) => ({ id: display.id, bounds: { ...display.bounds } })),
  );
}

async function readWindows(): Promise<WindowView[]> {
  return app.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows().map((window) => ({
      url: window.webContents.getURL(),
      bounds: window.getBounds(),
      fullscreen: window.isFullScreen(),
      kiosk: window.isKiosk(),
      visible: window.isVisible(),
    })),
  );
}

function wallWindow(windows: readonly WindowView[], wall: string): WindowView {
  const found = windows.find((window) =>
    window.url.endsWith(`wall.html?name=${wall}`),
  );
  if (found === undefined) {
    throw new Error(
      `no window for ${wall} among ${windows.map((window) => window.url).join(', ')}`,
    );
  }
  return found;
}

/** The display holding the centre of a box, or null. */
function displayUnder(
  displays: readonly DisplayView[],
  box: Box,
): DisplayView | null {
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  return (
    displays.find(
      ({ bounds }) =>
        x >= bounds.x &&
        x < bounds.x + bounds.width &&
        y >= bounds.y &&
        y < bounds.y + bounds.height,
    ) ?? null
  );
}

/** Leftmost and rightmost displays by their left edge, as the config asks. */
function expectedDisplays(displays: readonly DisplayView[]): {
  'wall-1': DisplayView;
  'wall-2': DisplayView;
} {
  const byLeft = [...displays].sort((a, b) => a.bounds.x - b.bounds.x);
  const first = byLeft[0];
  const last = byLeft.at(-1);
  if (first === undefined || last === undefined) {
    throw new Error('Electron reports no display');
  }
  return { 'wall-1': first, 'wall-2': last };
}

/** The wall shows `layoutId`, or no layout at all when it is null. */
async function expectLayoutId(
  wall: Page,
  layoutId: string | null,
): Promise<void> {
  const root = wall.getByTestId('wall-root');
  if (layoutId === null) {
    await expect(root).not.toHaveAttribute('data-layout-id');
  } else {
    await expect(root).toHaveAttribute('data-layout-id', layoutId);
  }
}

test('opens one window per wall', async () => {
  const consolePage = await windowShowing('console.html');
  expect(consolePage.url()).toBe('app://console/console.html?name=main');
  for (const wall of WALLS) {
    const page = await windowShowing(`wall.html?name=${wall}`);
    expect(page.url()).toBe(`app://console/wall.html?name=${wall}`);
  }
  await expect
    .poll(async () => (await readWindows()).length, { timeout: 30_000 })
    .toBe(3);
});

test('walls fullscreen on configured displays', async () => {
  const displays = await readDisplays();
  const expected = expectedDisplays(displays);

  for (const wall of WALLS) {
    await expect
      .poll(
        async () => {
          const window = wallWindow(await readWindows(), wall);
          return window.visible && window.fullscreen && !window.kiosk;
        },
        { timeout: 30_000, message: `${wall} becomes visible and fullscreen` },
      )
      .toBe(true);
    const window = wallWindow(await readWindows(), wall);
    expect(displayUnder(displays, window.bounds)?.id, wall).toBe(
      expected[wall].id,
    );
    // A fullscreen window covers its whole display.
    expect(window.bounds, wall).toEqual(expected[wall].bounds);
  }
  if (displays.length > 1) {
    expect(expected['wall-1'].id).not.toBe(expected['wall-2'].id);
  }

  // The placements are saved, so a restart puts the walls back where they are.
  await expect
    .poll(
      () => {
        const path = join(dataDir, WALL_STATE_FILE_NAME);
        if (!existsSync(path)) {
          return [];
        }
        const saved = SavedWalls.parse(
          JSON.parse(readFileSync(path, 'utf8')) as unknown,
        );
        return Object.keys(saved).sort();
      },
      { timeout: 10_000 },
    )
    .toEqual([...WALLS]);
});

test('wall window ignores a close request', async () => {
  await app.evaluate(({ BrowserWindow }) => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (window.webContents.getURL().includes('wall.html?name=wall-2')) {
        window.close();
      }
    }
  });
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const windows = await readWindows();
  expect(wallWindow(windows, 'wall-2').visible).toBe(true);
  expect(windows).toHaveLength(3);
});

test('presenter overlay on both walls', async () => {
  const consolePage = await windowShowing('console.html');
  const walls = await Promise.all(
    WALLS.map((wall) => windowShowing(`wall.html?name=${wall}`)),
  );
  for (const wall of walls) {
    await expect(wall.getByTestId('wall-root')).toBeAttached({
      timeout: 30_000,
    });
  }
  const before = await Promise.all(
    walls.map((wall) =>
      wall.getByTestId('wall-root').getAttribute('data-layout-id'),
    ),
  );

  await consolePage.getByTestId('nav-walls').click();
  const panel = consolePage.getByTestId('presenter-panel');
  await expect(panel).toHaveAttribute('data-role', 'idle', {
    timeout: 30_000,
  });
  await panel.locator('input[name="presenter-kind"][value="town"]').check();
  const town = await panel
    .getByTestId('presenter-choice')
    .locator('option:not([disabled])')
    .first()
    .evaluate((option) => ({
      code: option.getAttribute('value') ?? '',
      name: (option.textContent ?? '').trim(),
    }));
  expect(town.code).not.toBe('');
  await panel.getByTestId('presenter-choice').selectOption(town.code);
  await panel.getByTestId('present-start').click();
  // The Electron console has its install id, so the panel marks this console as the presenter.
  await expect(panel).toHaveAttribute('data-role', 'mine', { timeout: 20_000 });

  for (const wall of walls) {
    const overlay = wall.getByTestId('presenter-overlay');
    await expect(overlay).toBeVisible({ timeout: 30_000 });
    await expect(overlay).toHaveAttribute('data-focus-kind', 'town');
    await expect(overlay).toHaveAttribute('data-focus-id', town.code);
    await expect(overlay).toContainText(town.name);
  }
  for (const [index, wall] of walls.entries()) {
    await wall.screenshot({
      path: test.info().outputPath(`wall-${index + 1}-presenting.png`),
    });
  }

  await panel.getByTestId('present-end').click();
  await expect(panel).toHaveAttribute('data-role', 'idle', { timeout: 20_000 });
  for (const [index, wall] of walls.entries()) {
    await expect(wall.getByTestId('presenter-overlay')).toHaveCount(0, {
      timeout: 30_000,
    });
    await expectLayoutId(wall, before[index] ?? null);
  }
});
