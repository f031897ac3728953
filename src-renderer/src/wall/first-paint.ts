// Work the wall can do after its first complete paint: building the county map's geometry,
// reading the opinion items. Doing it earlier would hold the main thread while the alert counts
// and charts wait to be drawn.
import { watch, type Ref } from 'vue';

/** Longest wait for data before deferred work starts anyway, for a wall that starts offline. */
export const FIRST_PAINT_TIMEOUT_MS = 3_000;

/**
 * Resolves once `ready` is true and the browser has drawn a frame after it, or after `timeoutMs`
 * when `ready` never turns true. Call it in a component's setup, because it watches `ready`.
 */
export function whenFirstPainted(
  ready: Readonly<Ref<boolean>>,
  timeoutMs = FIRST_PAINT_TIMEOUT_MS,
): Promise<void> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (): void => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(timer);
      stop();
      resolve();
    };
    const timer = setTimeout(finish, timeoutMs);
    // A frame callback runs before that frame's paint; the timeout queued from it runs after.
    const afterNextPaint = (): void => {
      requestAnimationFrame(() => setTimeout(finish, 0));
    };
    const stop = watch(
      ready,
      (value) => {
        if (value) {
          afterNextPaint();
        }
      },
      { flush: 'post' },
    );
    if (ready.value) {
      afterNextPaint();
    }
  });
}
