import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { createLogger } from '../../src-node/logging/index.js';
import { contentSecurityPolicy } from '../host/csp.js';
import { lookupRendererFile } from '../host/static-files.js';

const log = createLogger('protocol');

export const APP_SCHEME = 'app';
export const APP_HOST = 'console';
/** Origin of every renderer page; IPC from any other origin is rejected. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Declares the app scheme as standard and secure, so that pages served from it get a real origin,
 * module scripts and fetch. Electron accepts this only before the app is ready.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: {
        standard: true,
        secure: true,
        supportFetchAPI: true,
        corsEnabled: true,
        codeCache: true,
      },
    },
  ]);
}

/** Serves the built renderer folder under app://console/, with the CSP on every response. */
export function handleAppScheme(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (
      url.host !== APP_HOST ||
      (request.method !== 'GET' && request.method !== 'HEAD')
    ) {
      log.warn('handleAppScheme: rejected request', {
        url: request.url,
        method: request.method,
      });
      return textResponse(404, 'Not found.');
    }

    const lookup = await lookupRendererFile(rendererDir, url.pathname);
    if (lookup.status === 'invalid') {
      log.warn('handleAppScheme: rejected path', {
        path: url.pathname,
        reason: lookup.reason,
      });
      return textResponse(400, `Invalid path: ${lookup.reason}.`);
    }
    if (lookup.status === 'not-found') {
      log.warn('handleAppScheme: file not found', { path: url.pathname });
      return textResponse(404, 'Not found.');
    }

    const body = await readFile(lookup.path);
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: {
        ...securityHeaders(),
        'Content-Type': lookup.contentType,
        'Cache-Control': 'no-cache',
      },
    });
  });
}

function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
  };
}

function textResponse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: {
      ...securityHeaders(),
      'Content-Type': 'text/plain; charset=utf-8',
    },
  });
}
