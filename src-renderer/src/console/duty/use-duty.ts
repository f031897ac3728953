// Ties a duty store to a component's life: loads on mount, unsubscribes on unmount, and keeps a
// server-clock `now` that ticks so "on duty now" and deadlines move on their own.
import { onMounted, onScopeDispose, ref, type Ref } from 'vue';
import type { RecordsSource } from '../../stores/records-source.js';
import { createDutyStore, type DutyStore } from './store.js';

export function useDuty(
  source: RecordsSource,
  tickMs = 15_000,
): { store: DutyStore; now: Ref<number> } {
  const store = createDutyStore(source);
  const now = ref(source.serverNow());
  const timer = setInterval(() => {
    now.value = source.serverNow();
  }, tickMs);
  onMounted(() => {
    void store.start();
  });
  onScopeDispose(() => {
    clearInterval(timer);
    store.stop();
  });
  return { store, now };
}
