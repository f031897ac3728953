import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Cache } from '../../../src-main/services/cache/index.js';
import { SessionClient } from '../../../src-main/services/session/index.js';
import type { SessionStatus } from '../../../src-shared/contract/index.js';
import {
  QUICK,
  cleanupRigs,
  isOnline,
  onCleanup,
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

interface StoredProgress {
  snapshotId: string;
  cursor: string | null;
  received: number;
}

describe('resync staging across a console restart', () => {
  it('keeps the staged pages and resumes from the stored cursor', async () => {
    const rig = await startRig({
      central: { maxEvents: 3, snapshotPageSize: 5 },
    });
    publishAlerts(rig.central, 1, 3);
    rig.session.start();
    await waitFor('online', () => isOnline(rig));
    await rig.session.stop();
    publishAlerts(rig.central, 4, 22);
    rig.central.prune();

    // Stop the console once page 2 of 5 is handed to the cache, as a shutdown would.
    // The stop starts inside the status callback: a fast cache stages the last pages and swaps
    // them in before a polling wait would notice page 2.
    let stopping: Promise<void> | null = null;
    rig.session['listener'].onStatus = (status: SessionStatus) => {
      if (
        stopping === null &&
        status.phase === 'resynchronizing' &&
        status.progress?.done === 2
      ) {
        stopping = rig.session.stop();
      }
    };
    rig.session.start();
    await waitFor('page 2 staged', () => stopping !== null);
    await stopping;
    await rig.cache.close();

    const cache = await Cache.open({ path: join(rig.dataDir, 'cache.db') });
    onCleanup(async () => {
      await cache.close();
    });
    const text = await cache.getMeta('resync:alerts');
    expect(text).not.toBeNull();
    const stored = JSON.parse(text ?? '{}') as StoredProgress;
    expect(stored.received).toBeGreaterThanOrEqual(2);
    expect(await cache.stagedRowCount('alerts')).toBe(
      Math.min(22, stored.received * 5),
    );
    // The old copy stays until the swap: the three alerts cached before the outage.
    expect(await cache.queryAlerts({ limit: 100 })).toHaveLength(3);

    const statuses: SessionStatus[] = [];
    const session = new SessionClient(cache, {
      url: rig.proxy.url(),
      token: 'dev-console-token',
      client: { name: 'session-cases', version: '0.0.0' },
      timing: QUICK,
      listener: { onStatus: (status) => statuses.push(status) },
    });
    onCleanup(() => session.stop());
    const logged = records(rig, 'start: resynchronizing').length;
    session.start();
    await waitFor(
      'online after the resumed resync',
      () => session.status().phase === 'online',
    );

    const resumed = records(rig, 'start: resynchronizing')
      .slice(logged)
      .map(
        (record) => (record.fields as { resumeFrom: string | null }).resumeFrom,
      );
    expect(resumed[0]).toBe(stored.cursor);
    const alerts = await cache.queryAlerts({ limit: 100 });
    expect(alerts.map((alert) => alert.id).sort()).toEqual(
      range(1, 22).map((index) => alertId(index)),
    );
    expect((await cache.aggregates()).total).toBe(22);
    expect(await cache.stagedRowCount('alerts')).toBe(0);
    expect(await cache.getMeta('resync:alerts')).toBeNull();
    expect((await cache.position('alerts'))?.seq).toBe(22);
    const swapProgress = statuses
      .filter((status) => status.phase === 'resynchronizing')
      .map((status) => status.progress);
    expect(swapProgress).toContainEqual({ done: 22, total: 22 });
  });
});
