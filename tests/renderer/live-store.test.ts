import { createPinia, setActivePinia } from 'pinia';
import { effectScope } from 'vue';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  mergeChangeBatches,
  type ChangeBatch,
  type StateSnapshot,
} from '../../src-shared/contract/index.js';
import { LIVE_LIST_LIMIT } from '../../src-renderer/src/stores/alert-list.js';
import {
  useLiveStore,
  type LiveStore,
} from '../../src-renderer/src/stores/live.js';
import { useLiveState } from '../../src-renderer/src/stores/use-live-state.js';
import {
  FakeBridge,
  FakeMain,
  makeAlert,
  offlineSession,
  onlineSession,
  settle,
} from './fake-main.js';

const T0 = 1_760_000_000_000;

/** Extracts the parts of the store that a snapshot determines, in a form `toEqual` can compare. */
function viewOf(store: LiveStore): Omit<
  StateSnapshot,
  'latestAlerts' | 'severeAlerts'
> & {
  alertIds: string[];
  severeIds: string[];
} {
  return {
    revision: store.revision ?? -1,
    session: store.session as StateSnapshot['session'],
    alertIds: store.latestAlerts.map((alert) => `${alert.id}:${alert.status}`),
    severeIds: store.severeAlerts.map((alert) => alert.id),
    aggregates: store.aggregates as StateSnapshot['aggregates'],
    streams: { ...store.streams },
  };
}

async function storeFromSnapshot(main: FakeMain): Promise<LiveStore> {
  setActivePinia(createPinia());
  const store = useLiveStore();
  store.attach(new FakeBridge(main));
  await settle();
  return store;
}

describe('live store', () => {
  let main: FakeMain;
  let bridge: FakeBridge;

  beforeEach(() => {
    setActivePinia(createPinia());
    main = new FakeMain();
    main.upsertBatch([makeAlert(1), makeAlert(2)], T0);
    bridge = new FakeBridge(main);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('snapshot plus batches equals a later snapshot', async () => {
    const store = useLiveStore();
    store.attach(bridge);
    await settle();
    expect(store.revision).toBe(main.revision);

    for (let i = 3; i <= 30; i += 1) {
      bridge.push(main.upsertBatch([makeAlert(i)], T0 + i));
    }
    bridge.push(
      main.upsertBatch([makeAlert(5, { status: 'acknowledged' })], T0 + 40),
    );
    bridge.push(
      main.commit([{ type: 'session', session: offlineSession(T0 + 50, 2) }]),
    );

    const fresh = await storeFromSnapshot(main);
    expect(viewOf(store)).toEqual(viewOf(fresh));
    expect(store.latestAlerts[0]?.id).toBe('alert-30');
    expect(
      store.latestAlerts.find((alert) => alert.id === 'alert-5')?.status,
    ).toBe('acknowledged');
  });

  it('revision gap triggers a new snapshot', async () => {
    const store = useLiveStore();
    store.attach(bridge);
    await settle();
    expect(bridge.snapshotCalls).toBe(1);

    main.upsertBatch([makeAlert(3)], T0 + 3);
    const afterGap = main.upsertBatch([makeAlert(4)], T0 + 4);
    bridge.push(afterGap);
    await settle();

    expect(bridge.snapshotCalls).toBe(2);
    expect(store.revision).toBe(afterGap.revision);
    expect(store.latestAlerts.map((alert) => alert.id)).toEqual([
      'alert-4',
      'alert-3',
      'alert-2',
      'alert-1',
    ]);
  });

  it('merged batches equal a later snapshot', async () => {
    const store = useLiveStore();
    store.attach(bridge);
    await settle();

    const first = mergeChangeBatches(
      [3, 4, 5].map((i) => main.upsertBatch([makeAlert(i)], T0 + i)),
    );
    const second = mergeChangeBatches([
      main.upsertBatch([makeAlert(3, { status: 'acknowledged' })], T0 + 6),
      main.commit([{ type: 'session', session: offlineSession(T0 + 7, 1) }]),
    ]);
    for (const batch of [...first, ...second]) {
      bridge.push(batch);
    }
    await settle();

    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
    expect(bridge.snapshotCalls).toBe(1);
    const fresh = await storeFromSnapshot(main);
    expect(viewOf(store)).toEqual(viewOf(fresh));
  });

  it('gap before a merged batch triggers a new snapshot', async () => {
    const store = useLiveStore();
    store.attach(bridge);
    await settle();

    main.upsertBatch([makeAlert(3)], T0 + 3);
    const [merged] = mergeChangeBatches([
      main.upsertBatch([makeAlert(4)], T0 + 4),
      main.upsertBatch([makeAlert(5)], T0 + 5),
    ]);
    bridge.push(merged as ChangeBatch);
    await settle();

    expect(bridge.snapshotCalls).toBe(2);
    expect(store.revision).toBe(main.revision);
    expect(store.latestAlerts.map((alert) => alert.id)).toEqual([
      'alert-5',
      'alert-4',
      'alert-3',
      'alert-2',
      'alert-1',
    ]);
  });

  it('merged batch overlapping the revision triggers a snapshot', async () => {
    const store = useLiveStore();
    store.attach(bridge);
    await settle();
    const applied = main.upsertBatch([makeAlert(3)], T0 + 3);
    bridge.push(applied);
    await settle();

    const [overlapping] = mergeChangeBatches([
      applied,
      main.upsertBatch([makeAlert(4)], T0 + 4),
    ]);
    bridge.push(overlapping as ChangeBatch);
    await settle();

    expect(bridge.snapshotCalls).toBe(2);
    expect(store.revision).toBe(main.revision);
    expect(store.latestAlerts).toHaveLength(4);
  });

  it('reset change triggers a new snapshot', async () => {
    const store = useLiveStore();
    store.attach(bridge);
    await settle();

    main.alerts.clear();
    bridge.push(
      main.commit([{ type: 'reset', reason: 'alerts stream rebuilt' }]),
    );
    await settle();

    expect(bridge.snapshotCalls).toBe(2);
    expect(store.latestAlerts).toEqual([]);
    expect(store.revision).toBe(main.revision);
  });

  it('duplicate batch is ignored', async () => {
    const store = useLiveStore();
    store.attach(bridge);
    await settle();
    const batch = main.upsertBatch([makeAlert(3)], T0 + 3);
    bridge.push(batch);
    bridge.push(batch);
    await settle();

    expect(bridge.snapshotCalls).toBe(1);
    expect(store.latestAlerts).toHaveLength(3);
  });

  it('batches during a snapshot are replayed', async () => {
    bridge.holdSnapshots = true;
    const store = useLiveStore();
    store.attach(bridge);
    bridge.push(main.upsertBatch([makeAlert(3)], T0 + 3));
    bridge.push(main.upsertBatch([makeAlert(4)], T0 + 4));
    bridge.releaseSnapshots();
    await settle();

    expect(bridge.snapshotCalls).toBe(1);
    expect(store.revision).toBe(main.revision);
    expect(store.latestAlerts.map((alert) => alert.id)).toEqual([
      'alert-4',
      'alert-3',
      'alert-2',
      'alert-1',
    ]);
  });

  it('reconnected link takes a new snapshot', async () => {
    const store = useLiveStore();
    store.attach(bridge);
    await settle();

    bridge.setConnected(false);
    expect(store.linkConnected).toBe(false);
    main.upsertBatch([makeAlert(3)], T0 + 3);
    bridge.setConnected(true);
    await settle();

    expect(bridge.snapshotCalls).toBe(2);
    expect(store.linkConnected).toBe(true);
    expect(store.latestAlerts[0]?.id).toBe('alert-3');
  });

  it('failed snapshot is retried', async () => {
    vi.useFakeTimers();
    bridge.failSnapshots = true;
    const store = useLiveStore();
    store.attach(bridge);
    await vi.advanceTimersByTimeAsync(0);
    expect(store.snapshotError).toContain('fake main is down');
    expect(store.synced).toBe(false);

    bridge.failSnapshots = false;
    await vi.advanceTimersByTimeAsync(1000);

    expect(bridge.snapshotCalls).toBe(2);
    expect(store.synced).toBe(true);
    expect(store.snapshotError).toBeNull();
  });

  it('repeated mounts leave one handler', async () => {
    const root = effectScope();
    root.run(() => useLiveState(bridge));
    for (let i = 0; i < 10; i += 1) {
      const child = effectScope();
      child.run(() => useLiveState(bridge));
      child.stop();
    }
    await settle();

    expect(bridge.listeners.size).toBe(1);
    expect(bridge.link.listeners.size).toBe(1);
    expect(bridge.snapshotCalls).toBe(1);

    root.stop();
    expect(bridge.listeners.size).toBe(0);
    expect(bridge.link.listeners.size).toBe(0);
  });

  it('100,000 alerts load in bulk', async () => {
    const many = Array.from({ length: 100_000 }, (_, i) => makeAlert(i));
    for (const alert of many) {
      main.alerts.set(alert.id, alert);
    }
    const store = useLiveStore();
    store.attach(bridge);
    await settle();

    expect(store.latestAlerts).toHaveLength(LIVE_LIST_LIMIT);
    expect(store.latestAlerts[0]?.id).toBe('alert-99999');

    const more = Array.from({ length: 100_000 }, (_, i) =>
      makeAlert(100_000 + i),
    );
    bridge.push(main.upsertBatch(more, T0 + 1));
    await settle();

    expect(store.revision).toBe(main.revision);
    expect(store.latestAlerts).toHaveLength(LIVE_LIST_LIMIT);
    expect(store.latestAlerts[0]?.id).toBe('alert-199999');
  });

  it('severe alert outlives the live list', async () => {
    main.upsertBatch([makeAlert(3, { level: 1 })], T0);
    const store = useLiveStore();
    store.attach(bridge);
    await settle();
    // alert-1 of the shared setup is level 2 too.
    expect(store.severeAlerts.map((alert) => alert.id)).toEqual([
      'alert-3',
      'alert-1',
    ]);

    const lower = Array.from({ length: LIVE_LIST_LIMIT + 100 }, (_, i) =>
      makeAlert(100 + i, { level: 3 }),
    );
    bridge.push(main.upsertBatch(lower, T0 + 1));
    await settle();
    expect(store.latestAlerts.some((alert) => alert.id === 'alert-3')).toBe(
      false,
    );
    expect(store.severeAlerts.map((alert) => alert.id)).toEqual([
      'alert-3',
      'alert-1',
    ]);

    bridge.push(
      main.upsertBatch(
        [makeAlert(3, { level: 1, status: 'acknowledged' })],
        T0 + 2,
      ),
    );
    await settle();
    expect(store.severeAlerts.map((alert) => alert.id)).toEqual(['alert-1']);
  });

  it('severe change replaces the list', async () => {
    const store = useLiveStore();
    store.attach(bridge);
    await settle();
    // alert-2 is level 3 and alert-1 level 2 (makeAlert), so the snapshot lists alert-1.
    expect(store.severeAlerts.map((alert) => alert.id)).toEqual(['alert-1']);

    bridge.push(
      main.commit([
        { type: 'alert.upsert', alert: makeAlert(7, { level: 1 }) },
        { type: 'severe', alerts: [makeAlert(5, { level: 2 })] },
        { type: 'alert.upsert', alert: makeAlert(9, { level: 2 }) },
      ]),
    );
    await settle();
    // The list replaces what came before it (alert-1, alert-7); alert-9 merges into it.
    expect(store.severeAlerts.map((alert) => alert.id)).toEqual([
      'alert-9',
      'alert-5',
    ]);
  });
});

describe('data currency', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
  });

  it('never synced is not current', () => {
    const store = useLiveStore();
    expect(store.synced).toBe(false);
    expect(store.dataCurrent).toBe(false);
    expect(store.asOf).toBeNull();
  });

  it('online and confirmed is current', async () => {
    const main = new FakeMain();
    main.upsertBatch([makeAlert(1)], T0);
    const store = useLiveStore();
    store.attach(new FakeBridge(main));
    await settle();

    expect(store.dataCurrent).toBe(true);
    expect(store.asOf).toBe(T0);
  });

  it('offline session is not current', async () => {
    const main = new FakeMain();
    main.upsertBatch([makeAlert(1)], T0);
    main.session = offlineSession(T0 + 10, 3);
    const store = useLiveStore();
    store.attach(new FakeBridge(main));
    await settle();

    expect(store.dataCurrent).toBe(false);
    expect(store.asOf).toBe(T0);
  });

  it('online without confirmation is not current', async () => {
    const main = new FakeMain();
    main.session = onlineSession(T0);
    const store = useLiveStore();
    store.attach(new FakeBridge(main));
    await settle();

    expect(store.synced).toBe(true);
    expect(store.dataCurrent).toBe(false);
  });

  it('lost link is not current', async () => {
    const main = new FakeMain();
    main.upsertBatch([makeAlert(1)], T0);
    const bridge = new FakeBridge(main);
    const store = useLiveStore();
    store.attach(bridge);
    await settle();
    bridge.setConnected(false);

    expect(store.dataCurrent).toBe(false);
  });
});
