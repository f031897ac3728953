import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Cache } from '../../../src-main/services/cache/index.js';
import {
  SessionClient,
  backoffDelay,
  seededRandom,
} from '../../../src-main/services/session/index.js';
import {
  cleanupRigs,
  isOnline,
  onCleanup,
  startRig,
  tempDir,
  waitFor,
} from './harness.js';

afterEach(cleanupRigs);

describe('S7 backoff at the cap', () => {
  it('keeps varying at the cap and stays finite and positive for any attempt', () => {
    const random = seededRandom(2026);
    const options = { baseMs: 500, capMs: 30_000 };
    const delays = Array.from({ length: 2000 }, (_, index) =>
      backoffDelay(index + 1, random, options),
    );
    for (const delay of delays) {
      expect(Number.isFinite(delay)).toBe(true);
      expect(delay).toBeGreaterThan(0);
      expect(delay).toBeLessThanOrEqual(options.capMs);
    }
    const atCap = delays.slice(100);
    expect(new Set(atCap).size).toBeGreaterThan(500);
    expect(Math.min(...atCap)).toBeGreaterThanOrEqual(options.capMs / 2);

    const far = backoffDelay(10_000, random, options);
    expect(Number.isFinite(far)).toBe(true);
    expect(far).toBeGreaterThanOrEqual(options.capMs / 2);
    expect(far).toBeLessThanOrEqual(options.capMs);
  });
});

describe('S8 listeners that pile up', () => {
  it('keeps listener counts constant over 10,000 heartbeats and 1,000 failed reconnects', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning);
    };
    process.on('warning', onWarning);
    onCleanup(() => {
      process.off('warning', onWarning);
    });
    const processListeners = (): number[] =>
      ['exit', 'uncaughtException', 'unhandledRejection', 'warning'].map(
        (name) => process.listenerCount(name),
      );

    const rig = await startRig({ timing: { probeTimeoutMs: 60_000 } });
    rig.session.start();
    await waitFor('online', () => isOnline(rig));
    const listenersBefore = processListeners();
    const heapBefore = process.memoryUsage().heapUsed;
    const generation = rig.session.socketGeneration;
    for (let beat = 0; beat < 10_000; beat += 1) {
      rig.session.probe();
      if (beat % 500 === 0) {
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    await waitFor('still online', () => isOnline(rig));
    expect(rig.session.socketGeneration).toBe(generation);

    // 1,000 failed reconnects: a port where nothing listens, with a 1-2 ms backoff.
    const cache = await Cache.open({ path: join(tempDir(), 'cache.db') });
    const failing = new SessionClient(cache, {
      url: `ws://127.0.0.1:${rig.proxy.port + 0}/nothing-here`,
      token: 't',
      client: { name: 'test', version: '0' },
      timing: { backoffBaseMs: 1, backoffCapMs: 2, handshakeTimeoutMs: 1_000 },
    });
    onCleanup(async () => {
      await failing.stop();
      await cache.close();
    });
    await rig.proxy.close();
    failing.start();
    await waitFor(
      '1,000 failed attempts',
      () => failing.socketGeneration >= 2_000,
      30_000,
    );
    await failing.stop();

    expect(processListeners()).toEqual(listenersBefore);
    expect(
      warnings.filter(
        (warning) => warning.name === 'MaxListenersExceededWarning',
      ),
    ).toEqual([]);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(
      64 * 1024 * 1024,
    );
  }, 40_000);
});
