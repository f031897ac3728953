import { onScopeDispose, ref, type Ref } from 'vue';

/** Wall-clock time in ms that ticks every `intervalMs`, for ages and clocks; stops with its scope. */
export function useNow(intervalMs = 1000): Ref<number> {
  const now = ref(Date.now());
  const timer = setInterval(() => {
    now.value = Date.now();
  }, intervalMs);
  onScopeDispose(() => clearInterval(timer));
  return now;
}
