import { onScopeDispose } from 'vue';
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
