import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ConsoleCore } from '../core/api.js';
import { createLogger } from '../../src-node/logging/index.js';
import type { WindowKind } from '../../src-shared/contract/index.js';
import {
  createInvokeRouter,
  createPushCoalescer,
  type PushCoalescer,
  type RouterAppInfo,
} from '../router/index.js';
import { batchForWindow } from '../router/wall-privacy.js';
import {
  callerFromQuery,
  pushBatch,
  serveBridgeSocket,
} from './bridge-socket.js';
import { contentSecurityPolicy } from './csp.js';
import {
  AssetMemory,
  lookupRendererFile,
  type MemoryAsset,
} from './static-files.js';

const log = createLogger('browser-host');

/** Largest invoke frame accepted from a renderer; every contract request is far smaller. */
const MAX_FRAME_BYTES = 256 * 1024;

export const BRIDGE_PATH = '/bridge';

export interface BrowserHostOptions {
  core: ConsoleCore;
  /** Built renderer folder holding console.html and wall.html. */
  rendererDir: string;
  /** Port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** Lets console windows submit commands; walls stay read-only regardless. */
  allowCommands: boolean;
  /** Time in ms a renderer's change batches are held to be pushed as one frame. 0 pushes each at once. */
  coalesceMs?: number;
  appInfo: Omit<RouterAppInfo, 'host'>;
}

export interface BrowserHost {
  /** Base URL, for example http://127.0.0.1:7420/ */
  url: string;
  port: number;
  /** Closes every bridge socket and the HTTP server. Does not stop the core. */
  stop(): Promise<void>;
}

interface BridgeClient {
  kind: WindowKind;
  pushes: PushCoalescer;
}

/**
 * Serves the built renderers over HTTP and the console bridge over a WebSocket at `/bridge`, both
 * on 127.0.0.1 only. Every change batch of the core goes to every connected renderer, merged with
 * the batches that follow it within `coalesceMs`.
 */
export async function startBrowserHost(
  options: BrowserHostOptions,
): Promise<BrowserHost> {
  const router = createInvokeRouter(options.core, {
    ...options.appInfo,
    host: 'browser',
  });
  const clients = new Map<WebSocket, BridgeClient>();
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
  });
  let port = options.port;
  const assets = new AssetMemory();

  const server = createServer((request, response) => {
    void serveHttp(request, response, options.rendererDir, port, assets).catch(
      (error: unknown) => {
        log.error('serveHttp: failed', {
          url: request.url,
          error: String(error),
        });
        if (!response.headersSent) {
          sendText(
            response,
            500,
            'Internal error while serving the file; see the host log.',
            port,
          );
        } else {
          response.destroy();
        }
      },
    );
  });

  server.on('upgrade', (request, socket, head) => {
    const caller = checkUpgrade(request, port, options.allowCommands);
    if (typeof caller === 'string') {
      log.warn('upgrade: rejected', {
        url: request.url,
        origin: request.headers.origin,
        reason: caller,
      });
      refuseUpgrade(socket, caller);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (client) => {
      const pushes = createPushCoalescer({
        send: (batch) => pushBatch(client, batch),
        ...(options.coalesceMs === undefined
          ? {}
          : { windowMs: options.coalesceMs }),
      });
      clients.set(client, { kind: caller.windowKind, pushes });
      log.info('upgrade: renderer connected', {
        window: caller.windowName,
        kind: caller.windowKind,
      });
      client.on('close', () => {
        pushes.close();
        clients.delete(client);
      });
      client.on('error', (error) =>
        log.warn('bridge socket error', {
          window: caller.windowName,
          error: error.message,
        }),
      );
      serveBridgeSocket(client, caller, router, () => pushes.flush());
    });
  });

  const unsubscribe = options.core.state.subscribe((batch) => {
    for (const { kind, pushes } of clients.values()) {
      pushes.push(batchForWindow(batch, kind));
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  log.info('startBrowserHost: listening', {
    url,
    allowCommands: options.allowCommands,
  });

  async function stop(): Promise<void> {
    unsubscribe();
    for (const [client, { pushes }] of clients) {
      pushes.close();
      client.close(1001, 'host stopping');
    }
    sockets.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    log.info('stop: browser host stopped', { url });
  }

  return { url, port, stop };
}

/** Host names a loopback client may use; anything else is refused to defeat DNS rebinding. */
function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

async function serveHttp(
  request: IncomingMessage,
  response: ServerResponse,
  rendererDir: string,
  port: number,
  assets: AssetMemory,
): Promise<void> {
  if (!allowedHosts(port).includes(request.headers.host ?? '')) {
    sendText(
      response,
      403,
      `Host "${request.headers.host ?? ''}" is not served; open http://127.0.0.1:${port}/.`,
      port,
    );
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    sendText(
      response,
      405,
      `Method ${request.method ?? ''} is not allowed; use GET.`,
      port,
    );
    return;
  }

  const rawPath = (request.url ?? '/').split('?')[0] ?? '/';
  if (rawPath === '/') {
    setSecurityHeaders(response, port);
    response.writeHead(302, { Location: '/console.html' }).end();
    return;
  }
  if (rawPath === '/favicon.ico') {
    // Browsers ask for it on their own; the renderer ships none, and a 404 would clutter the console.
    setSecurityHeaders(response, port);
    response.writeHead(204).end();
    return;
  }
  if (rawPath === BRIDGE_PATH) {
    sendText(response, 426, 'The bridge speaks WebSocket only.', port);
    return;
  }

  const stored = assets.get(rawPath);
  if (stored !== undefined) {
    sendFromMemory(request, response, rawPath, stored, port);
    return;
  }
  const lookup = await lookupRendererFile(rendererDir, rawPath);
  if (lookup.status === 'invalid') {
    log.warn('serveHttp: rejected path', {
      path: rawPath.slice(0, 200),
      reason: lookup.reason,
    });
    sendText(response, 400, `Invalid path: ${lookup.reason}.`, port);
    return;
  }
  if (lookup.status === 'not-found') {
    sendText(response, 404, 'Not found.', port);
    return;
  }

  if (AssetMemory.isAssetPath(rawPath)) {
    let data: Buffer;
    try {
      data = await readFile(lookup.path);
    } catch (error) {
      log.error('serveHttp: read failed', {
        path: lookup.path,
        error: (error as Error).message,
      });
      sendText(response, 500, 'The file could not be read.', port);
      return;
    }
    const asset = { data, contentType: lookup.contentType };
    assets.put(rawPath, asset);
    sendFromMemory(request, response, rawPath, asset, port);
    return;
  }

  setSecurityHeaders(response, port);
  response.setHeader('Content-Type', lookup.contentType);
  response.setHeader('Cache-Control', cacheControlFor(rawPath));
  response.writeHead(200);
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(lookup.path)
    .on('error', (error) => {
      log.error('serveHttp: read failed', {
        path: lookup.path,
        error: error.message,
      });
      response.destroy();
    })
    .pipe(response);
}

function sendFromMemory(
  request: IncomingMessage,
  response: ServerResponse,
  rawPath: string,
  asset: MemoryAsset,
  port: number,
): void {
  setSecurityHeaders(response, port);
  response.setHeader('Content-Type', asset.contentType);
  response.setHeader('Content-Length', asset.data.length);
  response.setHeader('Cache-Control', cacheControlFor(rawPath));
  response.writeHead(200);
  response.end(request.method === 'HEAD' ? undefined : asset.data);
}

/**
 * Returns the Cache-Control value for a path. The build names every file under /assets/ after a
 * hash of its content, so a browser may keep those for good and a reloaded wall requests none of
 * them. Pages keep their names across builds and are checked again on every load.
 */
export function cacheControlFor(urlPath: string): string {
  return urlPath.startsWith('/assets/')
    ? 'public, max-age=31536000, immutable'
    : 'no-cache';
}

function setSecurityHeaders(response: ServerResponse, port: number): void {
  response.setHeader(
    'Content-Security-Policy',
    contentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]),
  );
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function sendText(
  response: ServerResponse,
  status: number,
  text: string,
  port: number,
): void {
  setSecurityHeaders(response, port);
  response.setHeader('Content-Type', 'text/plain; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  response.writeHead(status).end(`${text}\n`);
}

/** Checks path, Host and Origin of a WebSocket upgrade; returns the caller or the reason to refuse. */
function checkUpgrade(
  request: IncomingMessage,
  port: number,
  allowCommands: boolean,
) {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (url.pathname !== BRIDGE_PATH) {
    return `path ${url.pathname} is not ${BRIDGE_PATH}`;
  }
  const host = request.headers.host ?? '';
  if (!allowedHosts(port).includes(host)) {
    return `Host "${host}" is not this host`;
  }
  const origin = request.headers.origin;
  if (origin !== `http://${host}`) {
    return `Origin "${origin ?? '(none)'}" is not http://${host}`;
  }
  return callerFromQuery(url.searchParams, allowCommands);
}

function refuseUpgrade(socket: Duplex, reason: string): void {
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
