// Runs as the package's postinstall. Electron 45 downloads its binary lazily, on the first
// require('electron'), which fails on a machine without internet at the worst moment. This script
// fetches it during `npm install` instead. It exits with status 0 even when the download fails,
// because `npm start` can fall back to the browser host without the binary.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Returns the absolute path of the installed Electron binary, or null when it is missing. Reads
 * node_modules/electron/path.txt and checks dist/ on disk; it never loads the electron package,
 * because loading it starts a download.
 */
export function electronBinaryPath(root = repoRoot) {
  const packageDir = join(root, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return null;
  }
  const relative = readFileSync(pathFile, 'utf8').trim();
  if (relative === '') {
    return null;
  }
  const binary = join(packageDir, 'dist', relative);
  return existsSync(binary) ? binary : null;
}

/** The message printed wherever the binary is needed but missing. */
export const MISSING_BINARY_HELP = [
  'The Electron binary is not installed (node_modules/electron/path.txt or dist/ is missing).',
  'To get it, on a machine that can reach the Electron download mirror, run:',
  '  node node_modules/electron/install.js',
  'or reinstall with ELECTRON_SKIP_BINARY_DOWNLOAD unset. Set ELECTRON_MIRROR to use a local mirror.',
].join('\n');

function ensureElectron() {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    console.log(
      'ensure-electron: ELECTRON_SKIP_BINARY_DOWNLOAD is set; not downloading the Electron binary.',
    );
    return;
  }
  const installer = join(repoRoot, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installer)) {
    console.log(
      'ensure-electron: the electron package is not installed (production install?); nothing to do.',
    );
    return;
  }
  if (electronBinaryPath() !== null) {
    return;
  }

  console.log(
    'ensure-electron: the Electron binary is missing; downloading it now.',
  );
  const result = spawnSync(process.execPath, [installer], {
    stdio: 'inherit',
    cwd: repoRoot,
  });
  if (result.status === 0 && electronBinaryPath() !== null) {
    console.log('ensure-electron: the Electron binary is installed.');
    return;
  }
  const reason = result.error
    ? result.error.message
    : `install.js exited with status ${result.status}`;
  console.warn(
    `ensure-electron: download failed (${reason}). The install continues without it.`,
  );
  console.warn(MISSING_BINARY_HELP);
  console.warn(
    'Until then, `npm start` runs the browser host instead of the desktop app.',
  );
}

if (
  process.argv[1] &&
  resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  try {
    ensureElectron();
  } catch (error) {
    console.warn(
      `ensure-electron: unexpected failure, the install continues: ${error instanceof Error ? error.message : error}`,
    );
  }
}
