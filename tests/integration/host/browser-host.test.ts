import {
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  startBrowserHost,
  type BrowserHost,
} from '../../../src-main/host/index.js';
import {
  HostResponseFrame,
  type ChangeBatch,
} from '../../../src-shared/contract/index.js';
import { createFakeCore, type FakeCore } from '../../unit/host/fake-core.js';

const WAIT_MS = 5000;

let workDir: string;
let rendererDir: string;
let host: BrowserHost | null = null;
let core: FakeCore;
const openSockets: WebSocket[] = [];

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'browser-host-'));
  rendererDir = join(workDir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(
    join(rendererDir, 'console.html'),
    '<!doctype html><title>console</title>',
  );
  writeFileSync(
    join(rendererDir, 'wall.html'),
    '<!doctype html><title>wall</title>',
  );
  writeFileSync(
    join(rendererDir, 'assets', 'font.woff2'),
    Buffer.from([0x77, 0x4f, 0x46, 0x32]),
  );
  writeFileSync(join(rendererDir, 'assets', 'notes.xyz'), 'unknown type');
  writeFileSync(join(workDir, 'secret.txt'), 'TOP-SECRET');
  if (process.platform !== 'win32') {
    symlinkSync(
      join(workDir, 'secret.txt'),
      join(rendererDir, 'assets', 'link.txt'),
    );
  }
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

afterEach(async () => {
  for (const socket of openSockets.splice(0)) {
    socket.terminate();
  }
  await host?.stop();
  host = null;
});

async function start(allowCommands = false): Promise<BrowserHost> {
  core = createFakeCore();
  host = await startBrowserHost({
    core,
    rendererDir,
    port: 0,
    allowCommands,
    appInfo: {
      name: 'command-hall-console',
      version: '0.0.1',
      locale: 'zh-CN',
    },
  });
  return host;
}

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Sends the path byte for byte, since fetch and URL would remove the dot segments first. */
function get(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: '127.0.0.1', port, path, method, headers, timeout: WAIT_MS },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    request.on('timeout', () =>
      request.destroy(new Error(`GET ${path} timed out`)),
    );
    request.on('error', reject);
    request.end();
  });
}

function connect(
  port: number,
  query: string,
  origin: string | null = `http://127.0.0.1:${port}`,
): WebSocket {
  const socket = new WebSocket(
    `ws://127.0.0.1:${port}/bridge?${query}`,
    origin === null ? {} : { origin },
  );
  openSockets.push(socket);
  return socket;
}

function opened(socket: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('socket did not open in time')),
      WAIT_MS,
    );
    socket.once('open', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Resolves with the HTTP status the server refused the upgrade with. */
function refusedStatus(socket: WebSocket): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(new Error('upgrade was neither accepted nor refused in time')),
      WAIT_MS,
    );
    socket.once('unexpected-response', (_request, response) => {
      clearTimeout(timer);
      resolve(response.statusCode ?? 0);
    });
    socket.once('open', () => {
      clearTimeout(timer);
      reject(new Error('upgrade was accepted'));
    });
    socket.on('error', () => undefined);
  });
}

function nextFrame(socket: WebSocket): Promise<HostResponseFrame> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('no frame in time')),
      WAIT_MS,
    );
    socket.once('message', (data: Buffer) => {
      clearTimeout(timer);
      resolve(HostResponseFrame.parse(JSON.parse(data.toString())));
    });
  });
}

function closed(socket: WebSocket): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('socket did not close in time')),
      WAIT_MS,
    );
    socket.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

async function invoke(
  socket: WebSocket,
  id: number,
  channel: string,
  request: unknown,
): Promise<unknown> {
  const frame = nextFrame(socket);
  socket.send(JSON.stringify({ type: 'invoke', id, channel, request }));
  const answer = await frame;
  if (answer.type !== 'result') {
    throw new Error(
      `expected the result of invoke ${id}, got a ${answer.type} frame`,
    );
  }
  expect(answer.id).toBe(id);
  return answer.result;
}

describe('browser host http', () => {
  it('serves console.html with security headers', async () => {
    const { port } = await start();

    const response = await get(port, '/console.html');

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain(
      "script-src 'self'",
    );
    expect(response.headers['content-security-policy']).toContain(
      "frame-ancestors 'none'",
    );
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.body).toContain('<title>console</title>');
  });

  it('serves woff2 as font/woff2', async () => {
    const { port } = await start();

    const response = await get(port, '/assets/font.woff2');

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('font/woff2');
  });

  it('hashed assets cached, pages fresh', async () => {
    const asset = join(rendererDir, 'assets', 'held-Ab12.js');
    writeFileSync(asset, 'export const version = 1;');
    const page = join(rendererDir, 'wall.html');
    const pageBefore = '<!doctype html><title>wall</title>';
    const { port } = await start();

    const first = await get(port, '/assets/held-Ab12.js');
    writeFileSync(asset, 'export const version = 2;');
    writeFileSync(page, '<!doctype html><title>wall, rebuilt</title>');
    const second = await get(port, '/assets/held-Ab12.js');
    const head = await get(port, '/assets/held-Ab12.js', {}, 'HEAD');
    const pageAfter = await get(port, '/wall.html');
    writeFileSync(page, pageBefore);

    expect(first.body).toBe('export const version = 1;');
    expect(first.headers['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    );
    expect(first.headers['content-security-policy']).toContain(
      "script-src 'self'",
    );
    // The second response comes from memory: the file changed on disk in between.
    expect(second.body).toBe('export const version = 1;');
    expect(second.headers['content-length']).toBe('25');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(pageAfter.body).toContain('wall, rebuilt');
    expect(pageAfter.headers['cache-control']).toBe('no-cache');
  });

  it('redirects the root to the console', async () => {
    const { port } = await start();

    const response = await get(port, '/');

    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/console.html');
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets%5c..%5csecret.txt',
  ])('rejects traversal %s', async (path) => {
    const { port } = await start();

    const response = await get(port, path);

    expect(response.status).toBe(400);
    expect(response.body).not.toContain('TOP-SECRET');
  });

  it.skipIf(process.platform === 'win32')(
    'rejects a symlink that leaves the folder',
    async () => {
      const { port } = await start();

      const response = await get(port, '/assets/link.txt');

      expect(response.status).toBe(400);
      expect(response.body).not.toContain('TOP-SECRET');
    },
  );

  it.each(['/assets', '/assets/', '/missing.html', '/assets/notes.xyz'])(
    'answers 404 for %s',
    async (path) => {
      const { port } = await start();

      const response = await get(port, path);

      expect(response.status).toBe(404);
      expect(response.body).not.toContain('font.woff2');
    },
  );

  it('answers favicon.ico with no content', async () => {
    const { port } = await start();

    const response = await get(port, '/favicon.ico');

    expect(response.status).toBe(204);
  });

  it('rejects a foreign Host header', async () => {
    const { port } = await start();

    const response = await get(port, '/console.html', {
      Host: 'attacker.example:80',
    });

    expect(response.status).toBe(403);
  });

  it('rejects POST', async () => {
    const { port } = await start();

    const response = await get(port, '/console.html', {}, 'POST');

    expect(response.status).toBe(405);
  });
});

describe('browser host bridge', () => {
  it('rejects a foreign Origin', async () => {
    const { port } = await start();

    const status = await refusedStatus(
      connect(port, 'window=console&name=main', 'http://attacker.example'),
    );

    expect(status).toBe(403);
  });

  it('rejects an upgrade without Origin', async () => {
    const { port } = await start();

    expect(
      await refusedStatus(connect(port, 'window=console&name=main', null)),
    ).toBe(403);
  });

  it('rejects an unknown window kind', async () => {
    const { port } = await start();

    expect(await refusedStatus(connect(port, 'window=admin&name=main'))).toBe(
      403,
    );
  });

  it('forwards invoke to the router', async () => {
    const { port } = await start();
    const socket = connect(port, 'window=console&name=main');
    await opened(socket);

    const snapshot = (await invoke(socket, 1, 'state:snapshot', {})) as {
      ok: boolean;
      value: { revision: number };
    };
    const info = (await invoke(socket, 2, 'app:info', {})) as {
      ok: boolean;
      value: { host: string; readOnly: boolean };
    };
    const bad = (await invoke(socket, 3, 'alerts:query', { limit: -1 })) as {
      ok: boolean;
      error: { code: string };
    };

    expect(snapshot.ok).toBe(true);
    expect(snapshot.value.revision).toBe(4);
    expect(info.value.host).toBe('browser');
    expect(info.value.readOnly).toBe(true);
    expect(bad.ok).toBe(false);
    expect(bad.error.code).toBe('invalid-request');
  });

  it('keeps consoles read-only by default', async () => {
    const { port } = await start(false);
    const socket = connect(port, 'window=console&name=main');
    await opened(socket);

    const result = (await invoke(socket, 1, 'command:submit', {
      name: 'alert.acknowledge',
      payload: { alertId: 'a-1' },
    })) as { ok: boolean; error: { code: string } };

    expect(result.ok).toBe(false);
    expect(result.error.code).toBe('forbidden');
    expect(core.submitted).toHaveLength(0);
  });

  it('lets consoles submit with allowCommands', async () => {
    const { port } = await start(true);
    const console = connect(port, 'window=console&name=main');
    const wall = connect(port, 'window=wall&name=wall-1');
    await Promise.all([opened(console), opened(wall)]);
    const command = { name: 'alert.acknowledge', payload: { alertId: 'a-1' } };

    const fromConsole = (await invoke(
      console,
      1,
      'command:submit',
      command,
    )) as { ok: boolean };
    const fromWall = (await invoke(wall, 1, 'command:submit', command)) as {
      ok: boolean;
      error: { code: string };
    };

    expect(fromConsole).toEqual({
      ok: true,
      value: { commandId: 'cmd-1', installSeq: 1 },
    });
    expect(fromWall.ok).toBe(false);
    expect(fromWall.error.code).toBe('forbidden');
    expect(core.submitted).toEqual([command]);
  });

  it('pushes change batches to every client', async () => {
    const { port } = await start();
    const console = connect(port, 'window=console&name=main');
    const wall = connect(port, 'window=wall&name=wall-1');
    await Promise.all([opened(console), opened(wall)]);
    const batch: ChangeBatch = {
      revision: 5,
      changes: [{ type: 'reset', reason: 'test' }],
    };

    const frames = Promise.all([nextFrame(console), nextFrame(wall)]);
    core.emit(batch);

    for (const frame of await frames) {
      expect(frame).toEqual({ type: 'push', channel: 'state:changes', batch });
    }
  });

  it('closes on a malformed frame', async () => {
    const { port } = await start();
    const socket = connect(port, 'window=wall&name=wall-1');
    await opened(socket);

    const code = closed(socket);
    socket.send('{"type":"invoke","id":"x"}');

    expect(await code).toBe(1008);
  });

  it('stops cleanly', async () => {
    const running = await start();
    const socket = connect(running.port, 'window=wall&name=wall-1');
    await opened(socket);
    const code = closed(socket);

    await running.stop();
    host = null;

    expect(await code).toBe(1001);
    expect(core.listenerCount()).toBe(0);
  });
});
