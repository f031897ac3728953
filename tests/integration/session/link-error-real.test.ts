import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cache } from '../../../src-main/services/cache/index.js';
import { MemorySecretStore } from '../../../src-main/services/secrets/index.js';
import {
  REFRESH_TOKEN_SECRET,
  RefreshingTokenSource,
  SessionClient,
} from '../../../src-main/services/session/index.js';
import { classifyLinkError } from '../../../src-renderer/src/console/link-error.js';
import { cleanupRigs, tempDir, waitFor } from './harness.js';

// Each case points a real session at a loopback server that fails in one way, and checks that
// the text the session reports is mapped to the right cause. The texts come from Node and ws, so
// a version that rewords them fails here rather than in front of a duty officer.

const servers: { close(): void }[] = [];
let cache: Cache;
let httpPort: number;

async function listen(server: {
  listen(port: number, host: string): unknown;
  address(): unknown;
  once(event: string, listener: () => void): unknown;
}): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server as Server, 'listening');
  return (server.address() as { port: number }).port;
}

/** Runs a session against `url` until it reports an error, and returns that error text. */
async function lastErrorFor(url: string): Promise<string> {
  const session = new SessionClient(cache, {
    url,
    token: 'link-error-test',
    client: { name: 'link-error-test', version: '0' },
    timing: { backoffBaseMs: 1_000, backoffCapMs: 2_000 },
    socketOptions: { rejectUnauthorized: true },
  });
  try {
    session.start();
    await waitFor('an error', () => session.status().lastError !== null);
    return session.status().lastError ?? '';
  } finally {
    await session.stop();
  }
}

/** Makes a self-signed certificate for 127.0.0.1 with the openssl CLI; null without openssl. */
function selfSignedCertificate(): { key: string; cert: string } | null {
  const dir = tempDir();
  const result = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore', timeout: 20_000 },
  );
  if (result.status !== 0) {
    return null;
  }
  return {
    key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
  };
}

const certificate = selfSignedCertificate();

beforeAll(async () => {
  cache = await Cache.open({ path: join(tempDir(), 'cache.db') });

  // Answers every WebSocket upgrade with the status named by the path, for example /401.
  const http = createHttpServer();
  http.on('upgrade', (request, socket) => {
    const status = Number((request.url ?? '').slice(1)) || 500;
    socket.end(`HTTP/1.1 ${status} Rejected\r\nContent-Length: 0\r\n\r\n`);
  });
  httpPort = await listen(http);
  servers.push(http);
});

afterAll(async () => {
  for (const server of servers.splice(0)) {
    server.close();
  }
  await cache.close();
  await cleanupRigs();
});

describe('link errors from real sockets', () => {
  it('maps a refused connection', async () => {
    const probe = createTcpServer();
    const port = await listen(probe);
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const detail = await lastErrorFor(`ws://127.0.0.1:${port}/console`);
    expect(detail).toContain('ECONNREFUSED');
    expect(classifyLinkError(detail).kind).toBe('unreachable');
  });

  it('maps a refused token request', async () => {
    const probe = createTcpServer();
    const port = await listen(probe);
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const secrets = new MemorySecretStore();
    await secrets.set(REFRESH_TOKEN_SECRET, 'link-error-refresh');
    const source = new RefreshingTokenSource({
      tokenUrl: `http://127.0.0.1:${port}/token`,
      secrets,
    });

    const error = await source.get(true).then(
      () => null,
      (reason: unknown) => reason as Error,
    );
    expect(error?.message).toContain('ECONNREFUSED');
    expect(classifyLinkError(error?.message ?? '').kind).toBe('unreachable');
  });

  it.each([401, 403])('maps HTTP %i on upgrade', async (status) => {
    const detail = await lastErrorFor(`ws://127.0.0.1:${httpPort}/${status}`);
    expect(classifyLinkError(detail)).toEqual({
      kind: 'unauthorized',
      status,
    });
  });

  it('maps another HTTP status', async () => {
    const detail = await lastErrorFor(`ws://127.0.0.1:${httpPort}/502`);
    expect(classifyLinkError(detail)).toEqual({ kind: 'http', status: 502 });
  });

  it('maps a connection cut at once', async () => {
    const cutter = createTcpServer((socket) => socket.destroy());
    const port = await listen(cutter);
    servers.push(cutter);

    const detail = await lastErrorFor(`ws://127.0.0.1:${port}/console`);
    expect(classifyLinkError(detail).kind).toBe('reset');
  });

  it('maps TLS spoken to a plain port', async () => {
    const detail = await lastErrorFor(`wss://127.0.0.1:${httpPort}/console`);
    expect(classifyLinkError(detail).kind).toBe('tls');
  });

  it.skipIf(certificate === null)(
    'maps a self-signed certificate',
    async () => {
      const https = createHttpsServer(certificate ?? {});
      const port = await listen(https);
      servers.push(https);

      const detail = await lastErrorFor(`wss://127.0.0.1:${port}/console`);
      expect(detail).toContain('self-signed certificate');
      expect(classifyLinkError(detail).kind).toBe('tls');
    },
  );
});
