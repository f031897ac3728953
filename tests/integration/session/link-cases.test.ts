import { createServer as createTcpServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { CloseCode } from '../../../src-shared/contract/index.js';
import { Cache } from '../../../src-main/services/cache/index.js';
import {
  SessionClient,
  type Timers,
} from '../../../src-main/services/session/index.js';
import {
  cleanupRigs,
  isOnline,
  onCleanup,
  publishAlerts,
  range,
  records,
  sleep,
  startRig,
  tempDir,
  waitFor,
} from './harness.js';
import { join } from 'node:path';

afterEach(cleanupRigs);

/** Every sequence appears exactly once. */
function expectOnce(applied: number[], expected: number[]): void {
  expect([...applied].sort((a, b) => a - b)).toEqual(expected);
}

describe('S1 a link that looks open but is dead', () => {
  // Timings scaled down 25x: 25 s dead limit -> 1 s, 90 s outage -> 3.6 s.
  it('goes offline within the dead limit, reconnects and applies every event once', async () => {
    const rig = await startRig();
    rig.session.start();
    await waitFor('online', () => isOnline(rig));
    const before = rig.session.socketGeneration;

    rig.proxy.blackhole();
    const blackholedAt = Date.now();
    publishAlerts(rig.central, 1, 5);
    await waitFor('offline', () => rig.session.status().phase === 'offline');
    const detectedAfter = Date.now() - blackholedAt;
    expect(detectedAfter).toBeLessThan(1_000 + 600);
    expect(rig.session.socketGeneration).toBeGreaterThan(before);
    expect(
      records(rig, 'dropLink').some((record) =>
        JSON.stringify(record.fields).includes('link taken as dead'),
      ),
    ).toBe(true);

    await sleep(3_600 - (Date.now() - blackholedAt));
    publishAlerts(rig.central, 6, 10);
    rig.proxy.restore();
    await waitFor('all ten applied', () => rig.applied.length >= 10);
    await waitFor('online again', () => isOnline(rig));
    expectOnce(rig.applied, range(1, 10));
    expect((await rig.cache.events('alerts')).map((e) => e.seq)).toEqual(
      range(1, 10),
    );
  });
});

describe('S2 waking from sleep with a zombie socket', () => {
  it('replaces a zombie socket within 5 s', async () => {
    // The dead limit is long, so only the probe can find the zombie quickly.
    const rig = await startRig({
      timing: {
        deadAfterMs: 30_000,
        pingIntervalMs: 10_000,
        probeTimeoutMs: 2_000,
      },
    });
    rig.session.start();
    await waitFor('online', () => isOnline(rig));
    const generation = rig.session.socketGeneration;

    for (const link of rig.proxy.connections()) {
      link.blackhole();
    }
    publishAlerts(rig.central, 1, 5);
    const wokeAt = Date.now();
    rig.session.probe();

    await waitFor(
      'a new socket',
      () => rig.session.socketGeneration > generation && isOnline(rig),
    );
    expect(Date.now() - wokeAt).toBeLessThan(5_000);
    await waitFor('five events', () => rig.applied.length >= 5);
    expectOnce(rig.applied, range(1, 5));
  });
});

describe('S5 a gap on a quiet stream', () => {
  it('applies the lost event right after resume without new traffic', async () => {
    const rig = await startRig({
      central: { heartbeatMs: 60_000 },
      timing: { pingIntervalMs: 60_000, deadAfterMs: 120_000 },
    });
    publishAlerts(rig.central, 1, 3);
    rig.session.start();
    await waitFor('three applied', () => rig.applied.length === 3);
    await waitFor('online', () => isOnline(rig));

    // The next central-to-console frame is event 4; it is cut halfway and the link reset.
    rig.proxy.cutMidFrame();
    const [lost] = publishAlerts(rig.central, 4, 4);
    await waitFor('reset', () => rig.proxy.stats().cut >= 1);
    rig.proxy.restore();
    await waitFor('event 4 applied', () => rig.applied.includes(lost ?? -1));
    expectOnce(rig.applied, range(1, 4));
    expect(rig.central.log.head('alerts').headSeq).toBe(4);
  });
});

/** Timers a test fires by hand, so several triggers can land in one tick. */
function manualTimers(): Timers & { fireAll(): void; pending(): number } {
  const callbacks = new Map<number, () => void>();
  let next = 0;
  return {
    setTimeout: (callback) => {
      next += 1;
      callbacks.set(next, callback);
      return next;
    },
    clearTimeout: (handle) => {
      callbacks.delete(handle as number);
    },
    fireAll: () => {
      const due = [...callbacks.values()];
      callbacks.clear();
      for (const callback of due) {
        callback();
      }
    },
    pending: () => callbacks.size,
  };
}

describe('S10 two reconnect triggers in the same tick', () => {
  it('keeps exactly one live socket and delivers every event once', async () => {
    const timers = manualTimers();
    const rig = await startRig({ session: { timers } });
    publishAlerts(rig.central, 1, 5);
    rig.session.start();
    await waitFor('online', () => isOnline(rig));

    rig.proxy.drop();
    await waitFor('offline', () => rig.session.status().phase === 'offline');
    // Offline, the only timer is the backoff timer.
    expect(timers.pending()).toBe(1);
    const accepted = rig.proxy.stats().accepted;
    publishAlerts(rig.central, 6, 10);

    // Wake, network-online and the backoff timer, all in one tick.
    rig.session.probe();
    rig.session.probe();
    timers.fireAll();

    await waitFor('online again', () => isOnline(rig));
    await waitFor('ten applied', () => rig.applied.length >= 10);
    await sleep(200);
    expect(rig.proxy.stats().accepted - accepted).toBe(1);
    expect(rig.central.sessionCount()).toBe(1);
    expect(rig.proxy.stats().open).toBe(1);
    // Online, the only timer is the link timer.
    expect(timers.pending()).toBe(1);
    expectOnce(rig.applied, range(1, 10));
  });
});

describe('S12 a slow link', () => {
  /** Throttles the link to 2 kB/s and queues 27 MB of commands, far more than the kernel holds. */
  async function fillSlowLink(
    dropBytes: number,
    recycleBytes: number,
  ): Promise<Awaited<ReturnType<typeof startRig>>> {
    const rig = await startRig({
      central: { heartbeatMs: 5_000 },
      timing: {
        pingIntervalMs: 100,
        deadAfterMs: 60_000,
        sendBufferDropBytes: dropBytes,
        sendBufferRecycleBytes: recycleBytes,
      },
    });
    rig.session.start();
    await waitFor('online', () => isOnline(rig));
    rig.proxy.throttle(2_000);
    const filler = 'x'.repeat(900 * 1024);
    for (let index = 0; index < 30; index += 1) {
      await rig.cache.enqueueCommand('diagnostic.fill', { filler });
    }
    rig.session.nudge();
    return rig;
  }

  it('skips pings above the drop threshold and keeps memory flat', async () => {
    const rig = await fillSlowLink(64 * 1024, 1024 * 1024 * 1024);
    const generation = rig.session.socketGeneration;
    await waitFor(
      'pings skipped',
      () => records(rig, 'send: send buffer full').length >= 5,
      10_000,
    );
    const heapAfterFill = process.memoryUsage().heapUsed;
    await sleep(1_500);
    expect(rig.session.socketGeneration).toBe(generation);
    const skipped = records(rig, 'send: send buffer full').map(
      (record) => (record.fields as { type: string }).type,
    );
    // Only frames that a later one replaces are skipped; commands never are.
    expect(skipped.every((type) => type === 'ping' || type === 'pong')).toBe(
      true,
    );
    expect(skipped).toContain('ping');
    // Skipped pings queue nothing: the heap does not grow with them.
    expect(process.memoryUsage().heapUsed - heapAfterFill).toBeLessThan(
      32 * 1024 * 1024,
    );
  }, 20_000);

  it('recycles the link above the higher threshold', async () => {
    const rig = await fillSlowLink(64 * 1024, 2 * 1024 * 1024);
    const generation = rig.session.socketGeneration;
    await waitFor(
      'the link recycled',
      () =>
        records(rig, 'dropLink').some((record) =>
          JSON.stringify(record.fields).includes('recycling the link'),
        ),
      10_000,
    );
    expect(rig.session.socketGeneration).toBeGreaterThan(generation);
    expect(
      rig.logs.some((record) =>
        /not open|CLOSED|CLOSING/.test(JSON.stringify(record)),
      ),
    ).toBe(false);
  }, 20_000);
});

describe('S13 stopping while connecting, and fatal close codes', () => {
  it('stops cleanly while the socket is still connecting', async () => {
    const held: Socket[] = [];
    const silent = createTcpServer((socket) => held.push(socket));
    await new Promise<void>((resolve) =>
      silent.listen(0, '127.0.0.1', resolve),
    );
    onCleanup(
      () =>
        new Promise<void>((resolve) => {
          held.forEach((socket) => socket.destroy());
          silent.close(() => resolve());
        }),
    );
    const address = silent.address();
    const port =
      typeof address === 'object' && address !== null ? address.port : 0;
    const cache = await Cache.open({ path: join(tempDir(), 'cache.db') });
    onCleanup(async () => {
      await cache.close();
    });
    const errors: unknown[] = [];
    const onError = (error: unknown): void => {
      errors.push(error);
    };
    process.on('uncaughtException', onError);
    onCleanup(() => {
      process.off('uncaughtException', onError);
    });

    const session = new SessionClient(cache, {
      url: `ws://127.0.0.1:${port}/console`,
      token: 't',
      client: { name: 'test', version: '0' },
    });
    session.start();
    await waitFor('the TCP connection', () => held.length === 1);
    await session.stop();
    await sleep(100);
    expect(errors).toEqual([]);
    expect(session.status().phase).toBe('stopped');
  });

  it('closes the link normally on stop', async () => {
    const rig = await startRig({ direct: true });
    rig.session.start();
    await waitFor('online', () => rig.session.status().phase === 'online');

    await rig.session.stop();
    await waitFor('the central saw the close', () =>
      rig.logs.some((record) => record.message === 'onClose: session closed'),
    );
    const closed = rig.logs.find(
      (record) => record.message === 'onClose: session closed',
    );
    expect(closed?.fields).toMatchObject({
      code: CloseCode.normal,
      reason: 'console stopped',
    });
    expect(rig.session.status().phase).toBe('stopped');
  });

  it('stops when the central never answers the close', async () => {
    const rig = await startRig();
    rig.session.start();
    await waitFor('online', () => rig.session.status().phase === 'online');
    rig.proxy.blackhole();

    await rig.session.stop();
    expect(rig.session.status().phase).toBe('stopped');
  });

  it.each([
    [CloseCode.messageTooBig, 'message too big'],
    [CloseCode.policyViolation, 'policy violation'],
  ])('reports close code %i and does not retry', async (code, reason) => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    let connections = 0;
    server.on('connection', (ws) => {
      connections += 1;
      ws.close(code, reason);
    });
    onCleanup(
      () => new Promise<void>((resolve) => server.close(() => resolve())),
    );
    const address = server.address();
    const port =
      typeof address === 'object' && address !== null ? address.port : 0;
    const cache = await Cache.open({ path: join(tempDir(), 'cache.db') });
    const session = new SessionClient(cache, {
      url: `ws://127.0.0.1:${port}/console`,
      token: 't',
      client: { name: 'test', version: '0' },
      timing: { backoffBaseMs: 10, backoffCapMs: 20 },
    });
    onCleanup(async () => {
      await session.stop();
      await cache.close();
    });
    session.start();
    await waitFor('reported', () => session.status().lastError !== null);
    await sleep(300);
    expect(connections).toBe(1);
    const status = session.status();
    expect(status.phase).toBe('offline');
    expect(status.nextRetryAt).toBeNull();
    expect(status.lastError).toContain(`code ${code}`);
    expect(status.lastError).toContain('not retrying');
  });
});
