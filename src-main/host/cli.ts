import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, logSink } from '../../src-node/logging/index.js';
import {
  optionsHelp,
  parseConsoleOptions,
  type ConsoleOptions,
} from '../config/index.js';
import { PortUnavailableError } from '../../src-node/net/listen-port.js';
import { LinkLines } from './link-lines.js';
import { startHostParts } from './start-host.js';

const log = createLogger('host-cli');

/** Exit code when the browser host's port is taken or not allowed; 2 is for invalid options. */
const EXIT_PORT_UNAVAILABLE = 3;

// Installed before start-up begins, so that no failure during start-up goes unlogged.
process.on('uncaughtException', (error) => {
  log.fatal('uncaught exception, exiting', {
    error: error.stack ?? String(error),
  });
  process.exitCode = 1;
  setImmediate(() => process.exit(1));
});
process.on('unhandledRejection', (reason) => {
  log.error('unhandled promise rejection', {
    reason:
      reason instanceof Error
        ? (reason.stack ?? reason.message)
        : String(reason),
  });
});

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function readVersion(): string {
  const manifest = JSON.parse(
    readFileSync(join(repoRoot, 'package.json'), 'utf8'),
  ) as { version?: string };
  return manifest.version ?? '0.0.0';
}

function parseOrExit(): ConsoleOptions {
  const parsed = parseConsoleOptions(process.argv.slice(2), process.env, {
    defaultDataDir: join(repoRoot, '.data'),
    cwd: process.cwd(),
  });
  if (!parsed.ok) {
    process.stderr.write(`${parsed.error}\n`);
    process.exit(2);
  }
  if (parsed.options.help) {
    // `npm start -- --help` runs this file and names its own command in the usage line.
    const command = process.env.CONSOLE_HELP_COMMAND ?? 'npm run host --';
    process.stdout.write(`${optionsHelp(command)}\n`);
    process.exit(0);
  }
  return parsed.options;
}

// A stop signal that arrives during start-up waits until start-up ends, so that what has started
// (the embedded central, the cache and its locks) is stopped cleanly rather than left behind.
let stopBeforeReady: string | null = null;
let stopWhenReady: ((signal: string) => void) | null = null;
function onStopSignal(signal: string): void {
  if (stopWhenReady !== null) {
    stopWhenReady(signal);
    return;
  }
  if (stopBeforeReady === null) {
    log.info('shutdown: requested during start-up; stopping once started', {
      signal,
    });
  }
  stopBeforeReady = signal;
}
process.on('SIGINT', () => onStopSignal('SIGINT'));
process.on('SIGTERM', () => onStopSignal('SIGTERM'));

async function main(): Promise<void> {
  logSink.configure({ directory: null, stderr: true, level: 'info' });
  const options = parseOrExit();
  // Start-up logs go to the file only, so the URLs are the first lines the user reads. A failed
  // start is still reported on stderr by main's caller, and once the URLs are printed, log
  // records go to stderr too.
  const logDir = join(options.dataDir, 'logs');
  logSink.configure({ directory: logDir, fileName: 'host.log', stderr: false });

  // CONSOLE_RENDERER_DIR serves a renderer built elsewhere, so a test run leaves out/ alone.
  const rendererDir =
    process.env.CONSOLE_RENDERER_DIR || join(repoRoot, 'out', 'renderer');
  if (!existsSync(join(rendererDir, 'console.html'))) {
    process.stderr.write(
      `The built renderer is missing: ${join(rendererDir, 'console.html')} does not exist. Run "npx electron-vite build" first.\n`,
    );
    process.exit(1);
  }

  const { runtime, host } = await startHostParts({
    options,
    runtime: {
      clientVersion: readVersion(),
      token: process.env.CONSOLE_TOKEN,
      refreshToken: process.env.CONSOLE_REFRESH_TOKEN,
    },
    browser: {
      rendererDir,
      allowCommands: options.allowCommands,
      appInfo: {
        name: 'command-hall-console',
        version: readVersion(),
        locale: options.lang,
        countyMap: options.countyMap,
      },
    },
  });

  process.stdout.write(
    [
      `Console: ${host.url}console.html${options.allowCommands ? '' : '  (read-only; start with --allow-commands to act)'}`,
      `Wall:    ${host.url}wall.html?name=wall-1`,
      `Central: ${runtime.centralUrl}${runtime.embeddedCentral ? ' (embedded)' : ''}`,
      `Log:     ${join(logDir, 'host.log')}`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  // A person at a terminal reads warnings and errors as text. A supervising program (a service
  // manager, the tests) reads stderr through a pipe and gets every record as JSON, as in the file.
  const terminal = process.stderr.isTTY === true;
  logSink.configure({
    directory: logDir,
    fileName: 'host.log',
    stderr: true,
    stderrLevel: terminal ? 'warn' : 'debug',
    stderrFormat: terminal ? 'text' : 'json',
  });

  // At a terminal, the link's ups and downs and the stop are also printed as plain lines.
  const say = (line: string): void => {
    if (terminal) {
      process.stdout.write(`${line}\n`);
    }
  };
  const linkLines = new LinkLines();
  const sayLink = (): void => {
    const line = linkLines.next(runtime.core.sessionStatus(), Date.now());
    if (line !== null) {
      say(line);
    }
  };
  sayLink();
  const stopLinkLines = runtime.core.state.subscribe((batch) => {
    if (batch.changes.some((change) => change.type === 'session')) {
      sayLink();
    }
  });

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    stopLinkLines();
    log.info('shutdown: stopping', { signal });
    say('Stopping…');
    void host
      .stop()
      .then(() => runtime.stop())
      .then(() => say('Stopped.'))
      .finally(() => process.exit(0));
  };
  stopWhenReady = shutdown;
  if (stopBeforeReady !== null) {
    shutdown(stopBeforeReady);
  }
}

main().catch((error: unknown) => {
  // A busy port is a planned exit. The message names the fix, and a stack trace would hide it.
  if (error instanceof PortUnavailableError) {
    log.error('main: the browser host port is not available', {
      port: error.port,
      code: error.code,
    });
    process.stderr.write(`${error.message}\n`);
    process.exit(EXIT_PORT_UNAVAILABLE);
  }
  log.fatal('main: start-up failed', {
    error:
      error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  process.stderr.write(
    `Browser host failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
