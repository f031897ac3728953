import { join } from 'node:path';
import type { ConsoleCore } from '../core/api.js';
import { createConsoleCore } from '../core/core.js';
import type { ConsoleOptions } from '../config/index.js';
import { DEV_TOKEN, startCentral } from '../../src-central/server.js';
import { DEV_REFRESH_TOKEN } from '../../src-central/auth.js';
import { buildDomains } from '../../src-central/domains/index.js';
import {
  MemorySecretStore,
  type SecretStore,
} from '../services/secrets/index.js';
import {
  REFRESH_TOKEN_SECRET,
  RefreshingTokenSource,
  tokenUrlFor,
  type TokenSource,
} from '../services/session/index.js';
import { createLogger } from '../../src-node/logging/index.js';

const log = createLogger('runtime');

/** Time allowed to each part for a clean stop before the host gives up on it. */
const STOP_TIMEOUT_MS = 5000;

/** The services behind either host: the console core and, unless `--central` was given, the embedded central. */
export interface ConsoleRuntime {
  core: ConsoleCore;
  centralUrl: string;
  /** True when this process started its own reference central. */
  embeddedCentral: boolean;
  stop(): Promise<void>;
}

export interface ConsoleRuntimeContext {
  clientVersion: string;
  /** Static access token for an external central (CONSOLE_TOKEN), used when no refresh token is known. */
  token: string | undefined;
  /**
   * Refresh token for an external central (CONSOLE_REFRESH_TOKEN). It is written to `secrets`
   * and exchanged at the central's /token endpoint for short access tokens.
   */
  refreshToken?: string | undefined;
  /** Store for the refresh token of an external central. The Electron shell passes safe storage. */
  secrets?: SecretStore;
  /**
   * Folder of the embedded central's data files (division list, code tables). The Electron bundle
   * passes it because the central's own default is computed from its source location.
   */
  resourceDir?: string;
}

/** Starts the embedded central when needed, then the console core connected to it. */
export async function startConsoleRuntime(
  options: ConsoleOptions,
  context: ConsoleRuntimeContext,
): Promise<ConsoleRuntime> {
  let central: Awaited<ReturnType<typeof startCentral>> | null = null;
  let centralUrl = options.centralUrl;
  let token = context.token;
  let tokenSource: TokenSource | undefined;

  if (centralUrl === null) {
    central = await startCentral({
      port: 0,
      dataDir: join(options.dataDir, 'central'),
      scenario: options.scenario,
      speed: options.speed,
      seed: options.seed,
      ...(context.resourceDir === undefined
        ? {}
        : { resourceDir: context.resourceDir }),
      // Every record domain runs, so the dispatch, duty and wall views have data to show.
      ...buildDomains({
        seed: options.seed,
        ...(context.resourceDir === undefined
          ? {}
          : { resourceDir: context.resourceDir }),
      }),
    });
    centralUrl = consoleSocketUrl(central.url);
    token = DEV_TOKEN;
    // The embedded central's development refresh token protects nothing, so memory is enough.
    const devSecrets = new MemorySecretStore();
    await devSecrets.set(REFRESH_TOKEN_SECRET, DEV_REFRESH_TOKEN);
    tokenSource = new RefreshingTokenSource({
      tokenUrl: tokenUrlFor(centralUrl),
      secrets: devSecrets,
    });
    log.info('startConsoleRuntime: embedded central started', {
      url: centralUrl,
      scenario: options.scenario,
    });
  } else {
    tokenSource = await externalTokenSource(centralUrl, context);
    if (tokenSource === undefined && (token === undefined || token === '')) {
      throw new Error(
        `No credentials for the central at ${centralUrl}: set CONSOLE_REFRESH_TOKEN (or CONSOLE_TOKEN) to the token issued for this console.`,
      );
    }
  }

  const core = createConsoleCore({
    centralUrl,
    dataDir: join(options.dataDir, 'cache'),
    token: token ?? '',
    clientVersion: context.clientVersion,
    ...(tokenSource === undefined ? {} : { tokenSource }),
  });
  try {
    await core.start();
  } catch (error) {
    await central?.stop();
    throw error;
  }

  const embedded = central;
  async function stop(): Promise<void> {
    await withTimeout('core.stop', core.stop());
    if (embedded !== null) {
      await withTimeout('central.stop', embedded.stop());
    }
  }

  return { core, centralUrl, embeddedCentral: embedded !== null, stop };
}

/**
 * Builds the token source for an external central from a refresh token given now or kept from an
 * earlier start. Returns undefined when neither exists, so a static CONSOLE_TOKEN is used.
 */
async function externalTokenSource(
  centralUrl: string,
  context: ConsoleRuntimeContext,
): Promise<TokenSource | undefined> {
  const secrets = context.secrets ?? new MemorySecretStore();
  if (context.refreshToken !== undefined && context.refreshToken !== '') {
    const reason = secrets.unavailableReason();
    if (reason !== null) {
      throw new Error(`The refresh token cannot be stored: ${reason}.`);
    }
    await secrets.set(REFRESH_TOKEN_SECRET, context.refreshToken);
  }
  if ((await secrets.get(REFRESH_TOKEN_SECRET)) === null) {
    return undefined;
  }
  return new RefreshingTokenSource({
    tokenUrl: tokenUrlFor(centralUrl),
    secrets,
  });
}

/**
 * Turns the URL the embedded central reports into the console's WebSocket URL. The central
 * reports ws://host:port/console; an http:// base URL is mapped to the same endpoint.
 */
export function consoleSocketUrl(centralUrl: string): string {
  const url = new URL(centralUrl);
  if (url.protocol === 'http:') {
    url.protocol = 'ws:';
  } else if (url.protocol === 'https:') {
    url.protocol = 'wss:';
  }
  if (url.pathname === '/' || url.pathname === '') {
    url.pathname = '/console';
  }
  return url.toString();
}

async function withTimeout(label: string, work: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS);
  });
  try {
    const outcome = await Promise.race([
      work.then(() => 'done' as const),
      timeout,
    ]);
    if (outcome === 'timeout') {
      log.warn('stop: timed out, continuing', {
        step: label,
        timeoutMs: STOP_TIMEOUT_MS,
      });
    }
  } catch (error) {
    log.error('stop: failed', { step: label, error: String(error) });
  } finally {
    clearTimeout(timer);
  }
}
