import { afterEach, describe, expect, it } from 'vitest';
import { DEV_REFRESH_TOKEN } from '../../../src-central/auth.js';
import {
  REFRESH_TOKEN_SECRET,
  RefreshingTokenSource,
  tokenUrlFor,
} from '../../../src-main/services/session/index.js';
import { MemorySecretStore } from '../../../src-main/services/secrets/index.js';
import {
  cleanupRigs,
  isOnline,
  publishAlerts,
  range,
  records,
  startRig,
  waitFor,
} from './harness.js';

afterEach(cleanupRigs);

function alertId(index: number): string {
  return `alert-${String(index).padStart(6, '0')}`;
}

async function devSecrets(): Promise<MemorySecretStore> {
  const secrets = new MemorySecretStore();
  await secrets.set(REFRESH_TOKEN_SECRET, DEV_REFRESH_TOKEN);
  return secrets;
}

describe('S3 reconnect while a token refresh fails for a moment', () => {
  it('keeps reconnecting through two network errors and resumes', async () => {
    let calls = 0;
    const flaky: typeof fetch = (input, init) => {
      calls += 1;
      if (calls <= 2) {
        return Promise.reject(new TypeError('fetch failed: ECONNRESET'));
      }
      return fetch(input, init);
    };
    const secrets = await devSecrets();
    let tokenUrl = '';
    const rig = await startRig({
      direct: true,
      central: { tokens: ['static-token-not-used'] },
      session: {
        tokenSource: {
          get: (fresh) =>
            new RefreshingTokenSource({ tokenUrl, secrets, fetch: flaky }).get(
              fresh,
            ),
        },
      },
    });
    tokenUrl = tokenUrlFor(rig.central.url);
    publishAlerts(rig.central, 1, 3);
    rig.session.start();
    await waitFor('online', () => isOnline(rig));
    expect(calls).toBe(3);
    expect(
      records(rig, 'dropLink').filter((record) =>
        JSON.stringify(record.fields).includes(
          'getting an access token failed',
        ),
      ),
    ).toHaveLength(2);
    await waitFor('three applied', () => rig.applied.length === 3);
  });
});

describe('S4 events published during the gap', () => {
  it('applies exactly 101..120 once, in order, after resume', async () => {
    const rig = await startRig();
    publishAlerts(rig.central, 1, 100);
    rig.session.start();
    await waitFor('100 applied', () => rig.applied.length === 100);
    await waitFor('online', () => isOnline(rig));

    rig.proxy.blackhole();
    rig.proxy.drop();
    await waitFor('offline', () => rig.session.status().phase === 'offline');
    expect(publishAlerts(rig.central, 101, 120)).toEqual(range(101, 120));
    rig.proxy.restore();

    await waitFor('online again', () => isOnline(rig));
    await waitFor('120 applied', () => rig.applied.length >= 120);
    expect(rig.applied.slice(100)).toEqual(range(101, 120));
    expect(rig.applied).toEqual(range(1, 120));
  });
});

describe('S6 an outage longer than the server keeps history', () => {
  it('resyncs from a resumable paged snapshot', async () => {
    const rig = await startRig({
      central: { maxEvents: 3, snapshotPageSize: 5 },
    });
    publishAlerts(rig.central, 1, 3);
    rig.session.start();
    await waitFor('online', () => isOnline(rig));
    await rig.session.stop();

    publishAlerts(rig.central, 4, 22);
    rig.central.prune();
    expect(rig.central.log.head('alerts').firstSeq).toBe(20);

    // Cut the link once, right after page 2 of 5, to show the resume from the stored cursor.
    let cut = false;
    const seen: string[] = [];
    rig.session['listener'].onStatus = (status) => {
      rig.statuses.push(status);
      if (status.phase === 'resynchronizing' && status.progress !== null) {
        seen.push(`${status.progress.done}/${status.progress.total}`);
        if (!cut && status.progress.done === 2) {
          cut = true;
          rig.proxy.drop();
        }
      }
    };
    rig.session.start();
    await waitFor('online after resync', () => isOnline(rig) && cut);

    expect(seen).toContain('2/5');
    expect(seen).toContain('5/5');
    const resumed = records(rig, 'start: resynchronizing').map(
      (record) => (record.fields as { resumeFrom: string | null }).resumeFrom,
    );
    expect(resumed[0]).toBeNull();
    // The console asks for page 3 before it stages page 2, so page 3 may arrive and be staged
    // before the cut reaches the socket. Either way the resume starts after the last staged page.
    expect(resumed[1]).toMatch(/:[34]$/);

    const alerts = await rig.cache.queryAlerts({ limit: 100 });
    expect(alerts.map((alert) => alert.id).sort()).toEqual(
      range(1, 22)
        .map((index) => alertId(index))
        .sort(),
    );
    expect((await rig.cache.position('alerts'))?.seq).toBe(22);
    expect(await rig.cache.getMeta('resync:alerts')).toBeNull();

    publishAlerts(rig.central, 23, 23);
    await waitFor('live event after the snapshot', () =>
      rig.applied.includes(23),
    );
  });
});

describe('S9 commands resent after reconnects', () => {
  it('applies each command once on the central and never resends a settled one', async () => {
    const rig = await startRig();
    publishAlerts(rig.central, 1, 10);
    rig.session.start();
    await waitFor('online', () => isOnline(rig));

    const settledAt = new Map<string, number>();
    rig.session['listener'].onCommandSettled = (installSeq) => {
      rig.logs.push({
        time: new Date().toISOString(),
        level: 'info',
        module: 'test',
        message: 'test: settled',
        fields: { installSeq },
      });
    };
    for (let index = 1; index <= 10; index += 1) {
      await rig.cache.enqueueCommand(
        'alert.acknowledge',
        { alertId: alertId(index) },
        { alertId: alertId(index), status: 'acknowledged' },
      );
      rig.session.nudge();
      if (index % 3 === 0) {
        rig.proxy.drop();
        await waitFor('back online', () => isOnline(rig));
      }
    }
    await waitFor(
      'all settled',
      async () => (await rig.cache.pendingCount()) === 0,
    );

    for (const command of await rig.cache.allCommands()) {
      expect(command.state).toBe('applied');
      settledAt.set(command.commandId, command.installSeq);
    }
    const processed = records(rig, 'applyCommand: command processed').map(
      (record) => (record.fields as { commandId: string }).commandId,
    );
    expect(processed.sort()).toEqual([...settledAt.keys()].sort());
    // A repeat is only ever a command whose result the console had not received yet.
    const settledSoFar = new Set<number>();
    for (const record of rig.logs) {
      const fields = record.fields as { installSeq?: number } | undefined;
      if (record.message === 'test: settled') {
        settledSoFar.add(fields?.installSeq ?? -1);
      }
      if (record.message === 'applyCommand: repeat of a stored command') {
        expect(settledSoFar.has(fields?.installSeq ?? -1)).toBe(false);
      }
    }
  });
});

describe('S11 a token that expires during a long outage', () => {
  it('refreshes before reconnecting, with at most one rejection per refresh', async () => {
    let offset = 0;
    const clock = (): number => Date.now() + offset;
    const secrets = await devSecrets();
    let fetches = 0;
    const counting: typeof fetch = (input, init) => {
      fetches += 1;
      return fetch(input, init);
    };
    let source: RefreshingTokenSource | null = null;
    const rig = await startRig({
      central: {
        clock,
        tokens: ['static-token-not-used'],
        accessTokenTtlMs: 15 * 60_000,
        heartbeatMs: 1000,
      },
      session: {
        now: clock,
        tokenSource: {
          get: (fresh) => (source as RefreshingTokenSource).get(fresh),
        },
      },
      timing: { driftThresholdMs: 60 * 60_000 },
    });
    source = new RefreshingTokenSource({
      tokenUrl: tokenUrlFor(rig.central.url),
      secrets,
      now: clock,
      fetch: counting,
    });
    rig.session.start();
    await waitFor('online', () => isOnline(rig));
    expect(fetches).toBe(1);

    rig.proxy.blackhole();
    rig.proxy.drop();
    await waitFor('offline', () => rig.session.status().phase === 'offline');
    offset += 30 * 60_000;
    publishAlerts(rig.central, 1, 3);
    rig.proxy.restore();

    await waitFor('online after the outage', () => isOnline(rig));
    await waitFor('three applied', () => rig.applied.length === 3);
    expect(fetches).toBe(2);
    const rejections = records(rig, 'onHello: token not accepted').length;
    expect(rejections).toBeLessThanOrEqual(fetches - 1);
    expect(rig.session.status().phase).toBe('online');
  });

  it('refreshes in band before expiry without dropping the socket', async () => {
    const offset = 0;
    const clock = (): number => Date.now() + offset;
    const secrets = await devSecrets();
    let source: RefreshingTokenSource | null = null;
    const rig = await startRig({
      central: {
        clock,
        tokens: ['static-token-not-used'],
        accessTokenTtlMs: 3_000,
      },
      session: {
        now: clock,
        tokenSource: {
          get: (fresh) => (source as RefreshingTokenSource).get(fresh),
        },
      },
      timing: { refreshAheadMs: 1_000, pingIntervalMs: 300 },
    });
    source = new RefreshingTokenSource({
      tokenUrl: tokenUrlFor(rig.central.url),
      secrets,
      now: clock,
      minAheadMs: 1_000,
    });
    rig.session.start();
    await waitFor('online', () => isOnline(rig));
    const generation = rig.session.socketGeneration;
    // Three token lifetimes pass on a live link.
    await new Promise((resolve) => setTimeout(resolve, 7_500));
    expect(rig.session.socketGeneration).toBe(generation);
    expect(isOnline(rig)).toBe(true);
    expect(records(rig, 'closeIfTokenExpired')).toHaveLength(0);
  }, 20_000);

  it('asks for sign-in on a revoked refresh token', async () => {
    const secrets = await devSecrets();
    let source: RefreshingTokenSource | null = null;
    const rig = await startRig({
      central: { tokens: ['static-token-not-used'] },
      session: {
        tokenSource: {
          get: (fresh) => (source as RefreshingTokenSource).get(fresh),
        },
      },
    });
    source = new RefreshingTokenSource({
      tokenUrl: tokenUrlFor(rig.central.url),
      secrets,
    });
    await rig.cache.enqueueCommand('alert.acknowledge', {
      alertId: alertId(1),
    });
    rig.central.revokeRefreshToken(DEV_REFRESH_TOKEN);
    rig.session.start();
    await waitFor(
      'sign in again',
      () => rig.session.status().phase === 'reauth-needed',
    );
    expect(await rig.cache.pendingCount()).toBe(1);
    expect(rig.session.status().lastError).toContain('sign in again');
  });
});
