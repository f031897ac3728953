import { TokenResponse } from '../../../src-shared/contract/index.js';
import { createLogger } from '../../../src-node/logging/index.js';
import type { SecretStore } from '../secrets/index.js';

const log = createLogger('session-auth');

/** Name of the refresh token in the secret store. */
export const REFRESH_TOKEN_SECRET = 'central-refresh-token';

export interface AccessToken {
  token: string;
  /** Expiry in central time (ms since the Unix epoch); null for a token that does not expire. */
  expiresAt: number | null;
}

/** The refresh token was refused: only the operator signing in again can fix it. */
export class ReauthNeededError extends Error {
  override readonly name = 'ReauthNeededError';
}

/** Source of the session's access tokens. `fresh` skips any cached token. */
export interface TokenSource {
  get(fresh: boolean): Promise<AccessToken>;
}

/** Creates a source of one token that never changes: DEV_TOKEN or a token set by configuration. */
export function staticTokenSource(token: string): TokenSource {
  return { get: () => Promise.resolve({ token, expiresAt: null }) };
}

/**
 * When to refresh a token that expires at `expiresAt` (central time), in local time: a fifth of
 * its lifetime ahead, at least `minAheadMs`, shifted by the measured clock offset
 * (central minus local). Null for a token that does not expire.
 */
export function refreshDueAt(
  token: AccessToken,
  issuedAt: number,
  offsetMs: number,
  minAheadMs: number,
): number | null {
  if (token.expiresAt === null) {
    return null;
  }
  const localExpiry = token.expiresAt - offsetMs;
  const lifetime = Math.max(0, localExpiry - issuedAt);
  const ahead = Math.min(lifetime / 2, Math.max(minAheadMs, lifetime / 5));
  return localExpiry - ahead;
}

export interface RefreshingTokenOptions {
  /** URL of the central's /token endpoint (http or https). */
  tokenUrl: string;
  secrets: SecretStore;
  now?: () => number;
  /** Replaceable for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Time box of one token request, in ms. */
  timeoutMs?: number;
  minAheadMs?: number;
}

/**
 * Exchanges the stored refresh token for short access tokens at the central's /token endpoint,
 * and reuses a token until its refresh is due by central time. A 401 means the refresh token is
 * expired or revoked and raises ReauthNeededError; any other failure is a transient error that
 * the reconnect loop retries.
 */
export class RefreshingTokenSource implements TokenSource {
  private cached: AccessToken | null = null;
  private dueAt: number | null = null;
  /** Central clock minus the local clock, measured at the last token response. */
  private offsetMs = 0;
  private readonly now: () => number;
  private readonly fetcher: typeof fetch;

  constructor(private readonly options: RefreshingTokenOptions) {
    this.now = options.now ?? Date.now;
    this.fetcher = options.fetch ?? fetch;
  }

  /** Central clock minus the local clock in ms, measured at the last token response. */
  get clockOffsetMs(): number {
    return this.offsetMs;
  }

  async get(fresh: boolean): Promise<AccessToken> {
    const now = this.now();
    if (
      !fresh &&
      this.cached !== null &&
      (this.dueAt === null || now < this.dueAt)
    ) {
      return this.cached;
    }
    const refreshToken = await this.options.secrets.get(REFRESH_TOKEN_SECRET);
    if (refreshToken === null) {
      throw new ReauthNeededError(
        'no refresh token is stored on this PC; sign in again',
      );
    }
    const issued = await this.request(refreshToken);
    const after = this.now();
    this.offsetMs = issued.serverTime - after;
    this.cached = { token: issued.accessToken, expiresAt: issued.expiresAt };
    this.dueAt = refreshDueAt(
      this.cached,
      after,
      this.offsetMs,
      this.options.minAheadMs ?? 60_000,
    );
    return this.cached;
  }

  /** Local instant at which the current token should be replaced, or null. */
  refreshDueAt(): number | null {
    return this.dueAt;
  }

  private async request(refreshToken: string): Promise<TokenResponse> {
    let response: Response;
    try {
      response = await this.fetcher(this.options.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new Error(
        `token request to ${this.options.tokenUrl} failed: ${fetchFailure(error)}; retrying later`,
      );
    }
    if (response.status === 401) {
      log.warn('request: the central rejected the refresh token', {
        tokenUrl: this.options.tokenUrl,
      });
      throw new ReauthNeededError(
        'the central rejected the refresh token (expired or revoked); sign in again by setting a new CONSOLE_REFRESH_TOKEN and restarting the console',
      );
    }
    if (!response.ok) {
      throw new Error(
        `token endpoint ${this.options.tokenUrl} responded with HTTP ${response.status}; retrying later`,
      );
    }
    const parsed = TokenResponse.safeParse(await response.json());
    if (!parsed.success) {
      throw new Error(
        `token endpoint ${this.options.tokenUrl} returned an invalid response: expected {accessToken, expiresAt, serverTime}`,
      );
    }
    return parsed.data;
  }
}

/**
 * Describes a failed fetch with its cause: fetch reports a refused connection or a bad
 * certificate only as "fetch failed", and the network error's code is on `cause`.
 */
function fetchFailure(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }
  const cause: unknown = error.cause;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return `${error.message} (${code === undefined ? '' : `${code}: `}${cause.message})`;
  }
  return error.message;
}

/** Derives the central's /token URL from its console endpoint `consoleUrl` (ws → http). */
export function tokenUrlFor(consoleUrl: string): string {
  const url = new URL(consoleUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  url.pathname = '/token';
  url.search = '';
  return url.toString();
}
