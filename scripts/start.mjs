// `npm start`: launches the desktop app when the Electron binary is installed, and otherwise the
// browser host, which serves the same renderers to a local browser. Flags are passed through to
// either (see `npm start -- --help`).
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinaryPath, MISSING_BINARY_HELP } from './ensure-electron.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const forwarded = process.argv.slice(2);

/** Runs a package's JavaScript CLI with this Node, so that no shell or .cmd shim is involved. */
function runNodeCli(script, args) {
  const result = spawnSync(
    process.execPath,
    [join(repoRoot, script), ...args],
    { stdio: 'inherit', cwd: repoRoot },
  );
  if (result.status !== 0) {
    console.error(
      `start: ${script} ${args.join(' ')} failed with status ${result.status ?? result.signal}.`,
    );
    process.exit(result.status ?? 1);
  }
}

/** Starts a long-running child, forwards Ctrl+C and termination to it, and exits with its code. */
function runUntilExit(command, args, env = process.env) {
  const child = spawn(command, args, { stdio: 'inherit', cwd: repoRoot, env });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

// Builds print warnings and errors only, so the user sees one line and then the app's own output.
// `npm run build` keeps the full report for CI.
const QUIET_BUILD = ['--logLevel', 'warn'];

function startElectron(binary) {
  console.log('start: building the app…');
  runNodeCli('node_modules/electron-vite/bin/electron-vite.js', [
    'build',
    ...QUIET_BUILD,
  ]);
  const env = { ...process.env };
  // Left over from a parent tool, this variable would make the binary run as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  runUntilExit(binary, ['.', ...forwarded], env);
}

function startBrowserHost() {
  console.log(
    `${MISSING_BINARY_HELP}\n\nStarting the browser host instead: open the URLs below in a browser.\n`,
  );
  // Built on every start, as for Electron, so a change to the renderer's sources always shows.
  console.log('start: building the renderer…');
  runNodeCli('node_modules/vite/bin/vite.js', [
    'build',
    '--config',
    'src-renderer/vite.config.ts',
    ...QUIET_BUILD,
  ]);
  runUntilExit(process.execPath, [
    join(repoRoot, 'node_modules/tsx/dist/cli.mjs'),
    'src-main/host/cli.ts',
    ...forwarded,
  ]);
}

/** Prints the host's options under this script's name, without building anything first. */
function printHelp() {
  runUntilExit(
    process.execPath,
    [
      join(repoRoot, 'node_modules/tsx/dist/cli.mjs'),
      'src-main/host/cli.ts',
      '--help',
    ],
    { ...process.env, CONSOLE_HELP_COMMAND: 'npm start --' },
  );
}

const binary = electronBinaryPath(repoRoot);
if (forwarded.includes('--help') || forwarded.includes('-h')) {
  printHelp();
} else if (binary !== null) {
  startElectron(binary);
} else {
  startBrowserHost();
}
