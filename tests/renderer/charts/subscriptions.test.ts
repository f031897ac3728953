import { createPinia, setActivePinia } from 'pinia';
import { effectScope } from 'vue';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../../src-shared/contract/index.js';
import {
  useAlertUpserts,
  useLiveState,
} from '../../../src-renderer/src/stores/use-live-state.js';
import { FakeBridge, FakeMain, makeAlert, settle } from '../fake-main.js';

const T0 = 1_760_000_000_000;

describe('panel subscriptions', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
  });

  it('ten mounts leave one handler', async () => {
    const main = new FakeMain();
    const bridge = new FakeBridge(main);
    const calls: (readonly Alert[])[] = [];

    const app = effectScope();
    const store = app.run(() => useLiveState(bridge));
    if (store === undefined) {
      throw new Error('the app scope returned no store');
    }
    await settle();

    // Each cycle is one mount and unmount of a panel that listens for new alerts.
    for (let cycle = 0; cycle < 10; cycle += 1) {
      const panel = effectScope();
      panel.run(() => useAlertUpserts(store, (alerts) => calls.push(alerts)));
      panel.stop();
    }
    const mounted = effectScope();
    mounted.run(() => useAlertUpserts(store, (alerts) => calls.push(alerts)));

    bridge.push(main.upsertBatch([makeAlert(1)], T0));
    await settle();

    expect(calls).toHaveLength(1);
    expect(calls[0]?.[0]?.id).toBe('alert-1');

    mounted.stop();
    bridge.push(main.upsertBatch([makeAlert(2)], T0 + 1));
    await settle();
    expect(calls).toHaveLength(1);
    app.stop();
  });
});
