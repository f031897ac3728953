import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConsoleOptions } from '../../../src-main/config/index.js';
import { startBrowserHost } from '../../../src-main/host/browser-host.js';
import { startConsoleRuntime } from '../../../src-main/host/console-runtime.js';
import { startHostParts } from '../../../src-main/host/start-host.js';
import { PortUnavailableError } from '../../../src-node/net/listen-port.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const HOST_CLI = join(REPO_ROOT, 'src-main', 'host', 'cli.ts');
const CENTRAL_CLI = join(REPO_ROOT, 'src-central', 'cli.ts');

/** Exit code both CLIs use for a port that is taken or not allowed. */
const EXIT_PORT_UNAVAILABLE = 3;

/** Kill guard for a CLI run; start-up with the embedded central takes a few seconds. */
const RUN_LIMIT_MS = 45_000;

interface Run {
  output: string;
  code: number | null;
}

/** Listens on 127.0.0.1 to keep a port busy; port 0 picks a free one. */
async function holdPort(port = 0): Promise<{ port: number; server: Server }> {
  const server = createServer();
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('the held server reported no TCP port');
  }
  return { port: address.port, server };
}

async function release(server: Server): Promise<void> {
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/**
 * Runs a CLI under tsx until it exits. When `ready` matches the output, the process is asked to
 * stop with SIGTERM, so a start that succeeds ends too.
 */
function runCli(entry: string, args: string[], ready?: RegExp): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0', CONSOLE_PORT: '' },
    });
    const run: Run = { output: '', code: null };
    const guard = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
    let stopping = false;
    const append = (chunk: Buffer): void => {
      run.output += chunk.toString('utf8');
      if (ready !== undefined && !stopping && ready.test(run.output)) {
        stopping = true;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(guard);
      run.code = code;
      resolve(run);
    });
  });
}

/** Lock files and folders of the cache and the central's log anywhere under `dir`. */
function findLocks(dir: string): string[] {
  const found: string[] = [];
  const visit = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (/(\.lock|\.lock-owner|instance-lock)$/.test(entry.name)) {
        found.push(relative(dir, path));
      }
      if (entry.isDirectory()) {
        visit(path);
      }
    }
  };
  if (existsSync(dir)) {
    visit(dir);
  }
  return found;
}

describe('busy port at start-up', () => {
  let dataDir: string;
  let held: { port: number; server: Server } | null = null;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'busy-port-'));
    held = await holdPort();
  });

  afterEach(async () => {
    if (held !== null) {
      await release(held.server);
      held = null;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('host CLI names the port and exits', async () => {
    const port = held?.port ?? 0;
    const run = await runCli(HOST_CLI, [
      '--port',
      String(port),
      '--data',
      dataDir,
    ]);

    expect(run.code).toBe(EXIT_PORT_UNAVAILABLE);
    expect(run.output).toContain(`port ${port} on 127.0.0.1`);
    expect(run.output).toContain('EADDRINUSE');
    expect(run.output).toContain('--port N');
    expect(run.output).not.toContain('Console: http');
    // The port is checked before the embedded central and the cache start.
    expect(existsSync(join(dataDir, 'central'))).toBe(false);
    expect(existsSync(join(dataDir, 'cache'))).toBe(false);
    expect(findLocks(dataDir)).toEqual([]);

    const second = await runCli(
      HOST_CLI,
      ['--port', '0', '--data', dataDir],
      /Console: http:\/\/127\.0\.0\.1:\d+\//,
    );
    expect(second.output).toMatch(/Console: http:\/\/127\.0\.0\.1:\d+\//);
    expect(second.code).toBe(0);
    expect(findLocks(dataDir)).toEqual([]);
  });

  it('central CLI names the port and exits', async () => {
    const port = held?.port ?? 0;
    const args = ['--data', dataDir, '--scenario', 'none', '--domains', 'none'];
    const run = await runCli(CENTRAL_CLI, ['--port', String(port), ...args]);

    expect(run.code).toBe(EXIT_PORT_UNAVAILABLE);
    expect(run.output).toContain(`port ${port} on 127.0.0.1`);
    expect(run.output).toContain('EADDRINUSE');
    expect(run.output).toContain('--port N');
    expect(run.output).not.toContain('central listening on');
    expect(findLocks(dataDir)).toEqual([]);

    const second = await runCli(
      CENTRAL_CLI,
      ['--port', '0', ...args],
      /central listening on ws:/,
    );
    expect(second.output).toContain('central listening on ws://127.0.0.1:');
    expect(second.code).toBe(0);
    expect(findLocks(dataDir)).toEqual([]);
  });

  it('stops the runtime when the host port is taken late', async () => {
    // The port is free when startHostParts checks it and taken just before the browser host
    // listens, as when another program starts in between.
    const free = await holdPort();
    const port = free.port;
    await release(free.server);
    const parsed = parseConsoleOptions(
      ['--port', String(port), '--data', dataDir, '--scenario', 'none'],
      {},
      { defaultDataDir: dataDir, cwd: dataDir },
    );
    if (!parsed.ok) {
      throw new Error(`test options are invalid: ${parsed.error}`);
    }
    let late: Server | null = null;
    let locksWhileRunning: string[] = [];

    const start = startHostParts(
      {
        options: parsed.options,
        runtime: { clientVersion: '0.0.0-test', token: undefined },
        browser: {
          rendererDir: dataDir,
          allowCommands: false,
          appInfo: {
            name: 'busy-port-test',
            version: '0.0.0-test',
            locale: 'en',
            countyMap: parsed.options.countyMap,
          },
        },
      },
      {
        startConsoleRuntime,
        startBrowserHost: async (options) => {
          locksWhileRunning = findLocks(dataDir);
          late = (await holdPort(options.port)).server;
          return startBrowserHost(options);
        },
      },
    );

    try {
      const error = await start.then(
        () => null,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(PortUnavailableError);
      expect((error as PortUnavailableError).port).toBe(port);
      expect((error as PortUnavailableError).code).toBe('EADDRINUSE');
      // The cache and the embedded central held their locks while running, and released them.
      expect(locksWhileRunning.length).toBeGreaterThan(0);
      expect(findLocks(dataDir)).toEqual([]);
    } finally {
      if (late !== null) {
        await release(late);
      }
    }
  });
});
