import { afterEach, describe, expect, it } from 'vitest';
import {
  cleanupRigs,
  isOnline,
  publishAlerts,
  sleep,
  startRig,
  waitFor,
} from './harness.js';

afterEach(cleanupRigs);

describe('data age while online', () => {
  it('heartbeats move the confirmed time forward', async () => {
    const rig = await startRig({ timing: { confirmIntervalMs: 200 } });
    publishAlerts(rig.central, 1, 5);
    rig.session.start();
    await waitFor('online', () => isOnline(rig));
    const atCaughtUp = (await rig.cache.position('alerts'))?.confirmedAt ?? 0;
    expect(atCaughtUp).toBeGreaterThan(0);

    // No new events: only heartbeats arrive, and each proves the cache is still level.
    await sleep(1_500);
    const afterHeartbeats =
      (await rig.cache.position('alerts'))?.confirmedAt ?? 0;
    expect(afterHeartbeats).toBeGreaterThan(atCaughtUp);
  });

  it('live events move the confirmed time forward', async () => {
    const rig = await startRig({
      timing: { confirmIntervalMs: 200, pingIntervalMs: 60_000 },
      central: { heartbeatMs: 60_000 },
    });
    rig.session.start();
    await waitFor('online', () => isOnline(rig));
    const atCaughtUp = (await rig.cache.position('alerts'))?.confirmedAt ?? 0;

    await sleep(300);
    publishAlerts(rig.central, 1, 3);
    await waitFor('three applied', () => rig.applied.length === 3);
    await waitFor(
      'confirmed time to move',
      async () =>
        ((await rig.cache.position('alerts'))?.confirmedAt ?? 0) > atCaughtUp,
    );
  });

  it('offline keeps the last confirmed time', async () => {
    const rig = await startRig({ timing: { confirmIntervalMs: 200 } });
    rig.session.start();
    await waitFor('online', () => isOnline(rig));
    await sleep(800);
    rig.proxy.blackhole();
    await waitFor('offline', () => rig.session.status().phase !== 'online');
    const atDrop = (await rig.cache.position('alerts'))?.confirmedAt ?? 0;
    await sleep(600);
    expect((await rig.cache.position('alerts'))?.confirmedAt ?? 0).toBe(atDrop);
  });
});
