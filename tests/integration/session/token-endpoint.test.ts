import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TokenResponse } from '../../../src-shared/contract/index.js';
import { DEV_REFRESH_TOKEN } from '../../../src-central/auth.js';
import { startCentral } from '../../../src-central/server.js';
import { tokenUrlFor } from '../../../src-main/services/session/index.js';
import { cleanupRigs, onCleanup, tempDir } from './harness.js';

afterEach(cleanupRigs);

async function tokenUrl(): Promise<string> {
  const central = await startCentral({
    dataDir: join(tempDir(), 'central'),
    scenario: 'none',
    accessTokenTtlMs: 60_000,
  });
  onCleanup(() => central.stop());
  return tokenUrlFor(central.url);
}

function post(url: string, body: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
}

describe('POST /token', () => {
  it('issues an access token for a valid refresh token', async () => {
    const url = await tokenUrl();
    const before = Date.now();
    const response = await post(
      url,
      JSON.stringify({ refreshToken: DEV_REFRESH_TOKEN }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = TokenResponse.parse(await response.json());
    expect(body.accessToken.length).toBeGreaterThan(20);
    expect(body.serverTime).toBeGreaterThanOrEqual(before);
    expect(body.expiresAt - body.serverTime).toBe(60_000);
  });

  it('rejects an unknown refresh token with 401', async () => {
    const url = await tokenUrl();
    const response = await post(url, JSON.stringify({ refreshToken: 'nope' }));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error: 'invalid-refresh-token',
    });
  });

  it('rejects a malformed body with 400', async () => {
    const url = await tokenUrl();
    expect((await post(url, 'not json')).status).toBe(400);
    expect((await post(url, JSON.stringify({ token: 'x' }))).status).toBe(400);
  });

  it('rejects other methods with 405', async () => {
    const url = await tokenUrl();
    expect((await fetch(url)).status).toBe(405);
  });

  it('rejects a body over 8 KiB with 413', async () => {
    const url = await tokenUrl();
    const response = await post(
      url,
      JSON.stringify({ refreshToken: 'x'.repeat(9_000) }),
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: 'too-large' });
  });
});
