import { onScopeDispose } from 'vue';
import type { Alert } from '../../../src-shared/contract/index.js';
import type { RendererBridge } from '../bridge/types.js';
import { useLiveStore, type LiveStore } from './live.js';

/**
 * Attaches the live store to `bridge` for the lifetime of the calling component (or effect scope)
 * and returns the store.
 */
export function useLiveState(bridge: RendererBridge): LiveStore {
  const store = useLiveStore();
  const release = store.attach(bridge);
  onScopeDispose(release);
  return store;
}

/**
 * Calls `listener` with the alerts of every applied batch for the lifetime of the calling
 * component (or effect scope). A panel mounted and unmounted many times therefore leaves no
 * listener behind.
 */
export function useAlertUpserts(
  store: LiveStore,
  listener: (alerts: readonly Alert[]) => void,
): void {
  onScopeDispose(store.onUpsert(listener));
}
