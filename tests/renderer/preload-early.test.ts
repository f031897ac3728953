import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { openEarlyPreload } from '../../src-renderer/src/bridge/early-link.js';
import { checkedPreloadBridge } from '../../src-renderer/src/bridge/index.js';
import { createBatchFanout } from '../../src-renderer/src/bridge/batch-fanout.js';
import { useLiveStore } from '../../src-renderer/src/stores/live.js';
import type { ChangeBatch } from '../../src-shared/contract/index.js';
import { FakeBridge, FakeMain, makeAlert, settle } from './fake-main.js';

describe('preload bridge taking over an early link', () => {
  it('early snapshot and later batches reach store', async () => {
    setActivePinia(createPinia());
    const main = new FakeMain();
    main.upsertBatch([makeAlert(1)], 1000);
    const preload = new FakeBridge(main);
    const early = openEarlyPreload(preload, [
      { channel: 'state:snapshot', request: {} },
    ]);
    await settle();
    // Batches main pushes after the snapshot, before the page has a store.
    for (let i = 2; i <= 4; i += 1) {
      preload.push(main.upsertBatch([makeAlert(i)], 1000 + i));
    }

    const bridge = checkedPreloadBridge(preload, early);
    const store = useLiveStore();
    const release = store.attach(bridge);
    for (let i = 0; i < 10 && store.revision !== main.revision; i += 1) {
      await settle();
      await new Promise((resolve) => setTimeout(resolve, 120));
    }

    expect(preload.snapshotCalls).toBe(1);
    expect(store.revision).toBe(main.revision);
    expect(store.latestAlerts.map((alert) => alert.id)).toEqual([
      'alert-4',
      'alert-3',
      'alert-2',
      'alert-1',
    ]);
    // The early link stopped listening; the bridge listens for itself.
    expect(preload.listeners.size).toBe(1);
    release();
  });

  it('second equal invoke goes to main', async () => {
    const main = new FakeMain();
    const preload = new FakeBridge(main);
    const early = openEarlyPreload(preload, [
      { channel: 'state:snapshot', request: {} },
    ]);
    const bridge = checkedPreloadBridge(preload, early);

    await bridge.invoke('state:snapshot', {});
    await bridge.invoke('state:snapshot', {});

    // The first call took the early one; the second went to main.
    expect(preload.snapshotCalls).toBe(2);
  });
});

describe('batch fan-out', () => {
  const batch = (revision: number): ChangeBatch => ({ revision, changes: [] });

  it('hands held batches over unmerged', () => {
    const frames: (() => void)[] = [];
    const fanout = createBatchFanout(true, (run) => {
      frames.push(run);
      return () => undefined;
    });
    fanout.deliver(batch(1));
    fanout.deliver(batch(2));

    const seen: number[] = [];
    fanout.subscribe((delivered) => seen.push(delivered.revision));
    expect(seen).toEqual([]);
    // A batch delivered before the frame still comes after the held ones.
    fanout.deliver(batch(3));
    frames[0]?.();

    expect(seen).toEqual([1, 2, 3]);
  });

  it('drops unheld batches without listener', () => {
    const fanout = createBatchFanout(false);
    fanout.deliver(batch(1));
    const seen: number[] = [];
    fanout.subscribe((delivered) => seen.push(delivered.revision));
    fanout.deliver(batch(2));
    expect(seen).toEqual([2]);
  });
});
