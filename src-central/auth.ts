import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  TokenRequest,
  type TokenResponse,
} from '../src-shared/contract/index.js';
import { createLogger } from '../src-node/logging/index.js';

const log = createLogger('central-auth');

/** Refresh token every development central accepts unless `refreshTokens` is given. */
export const DEV_REFRESH_TOKEN = 'dev-console-refresh-token';
export const TOKEN_PATH = '/token';
export const DEFAULT_ACCESS_TOKEN_TTL_MS = 15 * 60_000;

/** A token request body larger than this is refused without being read further. */
const MAX_TOKEN_REQUEST_BYTES = 8 * 1024;
/** Issued access tokens kept at most; the oldest expired ones go first. */
const MAX_ISSUED_TOKENS = 10_000;

export interface TokenCheck {
  accepted: boolean;
  /** Expiry in central time, null for a static token that does not expire. */
  expiresAt: number | null;
}

export interface AuthOptions {
  /** Static access tokens that never expire (the development DEV_TOKEN among them). */
  staticTokens: readonly string[];
  /** Refresh tokens the /token endpoint exchanges for access tokens. */
  refreshTokens: readonly string[];
  accessTokenTtlMs: number;
  clock: () => number;
}

/**
 * Issues short access tokens for refresh tokens and checks the tokens a console presents.
 * Issued tokens live in memory, so a restart of the central makes consoles refresh once.
 */
export class TokenIssuer {
  private readonly staticTokens: Set<string>;
  private readonly refreshTokens: Set<string>;
  private readonly issued = new Map<string, number>();

  constructor(private readonly options: AuthOptions) {
    this.staticTokens = new Set(options.staticTokens);
    this.refreshTokens = new Set(options.refreshTokens);
  }

  check(token: string): TokenCheck {
    if (this.staticTokens.has(token)) {
      return { accepted: true, expiresAt: null };
    }
    const expiresAt = this.issued.get(token);
    if (expiresAt === undefined || expiresAt <= this.options.clock()) {
      return { accepted: false, expiresAt: null };
    }
    return { accepted: true, expiresAt };
  }

  /** Exchanges a refresh token for a new access token, or returns null when it is not valid. */
  issue(refreshToken: string): TokenResponse | null {
    if (!this.refreshTokens.has(refreshToken)) {
      return null;
    }
    const now = this.options.clock();
    this.forgetExpired(now);
    const accessToken = randomBytes(24).toString('base64url');
    const expiresAt = now + this.options.accessTokenTtlMs;
    this.issued.set(accessToken, expiresAt);
    return { accessToken, expiresAt, serverTime: now };
  }

  /** Stops accepting a refresh token; access tokens already issued run out on their own. */
  revoke(refreshToken: string): void {
    this.refreshTokens.delete(refreshToken);
  }

  private forgetExpired(now: number): void {
    for (const [token, expiresAt] of this.issued) {
      if (expiresAt <= now || this.issued.size >= MAX_ISSUED_TOKENS) {
        this.issued.delete(token);
      }
    }
  }
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(JSON.stringify(body));
}

/** Handles POST /token: `{refreshToken}` in, `{accessToken, expiresAt, serverTime}` out. */
export function handleTokenRequest(
  issuer: TokenIssuer,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  if (request.method !== 'POST') {
    reply(response, 405, {
      error: 'method-not-allowed',
      message: 'use POST with a JSON body {refreshToken}',
    });
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  request.on('data', (chunk: Buffer) => {
    if (response.headersSent) {
      return;
    }
    size += chunk.length;
    if (size > MAX_TOKEN_REQUEST_BYTES) {
      // Answer at once and discard the rest of the body; the connection closes after the answer.
      response.setHeader('connection', 'close');
      reply(response, 413, {
        error: 'too-large',
        message: `the token request is over ${MAX_TOKEN_REQUEST_BYTES} bytes; send only {refreshToken}`,
      });
      chunks.length = 0;
      return;
    }
    chunks.push(chunk);
  });
  request.on('end', () => {
    if (response.headersSent) {
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      reply(response, 400, {
        error: 'bad-request',
        message: 'the body is not JSON; send {refreshToken}',
      });
      return;
    }
    const parsed = TokenRequest.safeParse(raw);
    if (!parsed.success) {
      reply(response, 400, {
        error: 'bad-request',
        message: 'the body must be {refreshToken: string}',
      });
      return;
    }
    const issued = issuer.issue(parsed.data.refreshToken);
    if (issued === null) {
      log.warn('handleTokenRequest: refresh token not accepted');
      reply(response, 401, {
        error: 'invalid-refresh-token',
        message: 'the refresh token is expired or revoked; sign in again',
      });
      return;
    }
    reply(response, 200, issued);
  });
}
