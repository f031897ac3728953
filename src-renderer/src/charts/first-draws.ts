import { readonly, shallowRef, type Ref } from 'vue';

const pending = shallowRef(0);

/**
 * Charts of this page that are mounted and have not drawn their first option yet. The wall starts
 * its deferred work (the county map's geometry, the opinion items) once it is 0, so that work
 * never delays the frame that shows the charts.
 */
export const pendingFirstDraws: Readonly<Ref<number>> = readonly(pending);

/**
 * Counts one chart as waiting for its first drawing; returns the function that counts it as done.
 * Calling that function again does nothing, so each way out (drawn, hidden, unmounted) may call it.
 */
export function trackFirstDraw(): () => void {
  pending.value += 1;
  let settled = false;
  return () => {
    if (!settled) {
      settled = true;
      pending.value -= 1;
    }
  };
}
