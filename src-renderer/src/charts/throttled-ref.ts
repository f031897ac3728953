import {
  onScopeDispose,
  shallowRef,
  watch,
  type ShallowRef,
  type WatchSource,
} from 'vue';

/** Interval between two updates of a wall chart while its counts keep changing. */
export const CHART_UPDATE_INTERVAL_MS = 500;

export interface ThrottleOptions<T> {
  /**
   * Returns true for a new value that must pass at once, whatever the interval. By default that is
   * a value that turns null or from null, so a panel shows its first data and its loss promptly.
   */
  urgent?: (next: T, current: T) => boolean;
  /** Clock in ms; `performance.now` by default. */
  now?: () => number;
}

function nullChange<T>(next: T, current: T): boolean {
  return (next === null) !== (current === null);
}

/**
 * Returns a copy of `source` that changes at most once per `intervalMs`, except for the changes
 * that `options.urgent` passes at once. The first change after a quiet interval passes at once.
 * Changes inside the interval collapse into one, applied with the latest value when the interval
 * ends. A chart fed from it redraws once per interval however many change batches arrive, and
 * `bench/wall-fps.ts --profile` shows each redraw of a wall chart taking tens of milliseconds of
 * layout and painting. Call it in a component's setup (or another effect scope), whose end
 * cancels the timer.
 */
export function useThrottledRef<T>(
  source: WatchSource<T>,
  intervalMs: number,
  options: ThrottleOptions<T> = {},
): Readonly<ShallowRef<T>> {
  const now = options.now ?? (() => performance.now());
  const urgent = options.urgent ?? nullChange;
  const read = (): T =>
    typeof source === 'function' ? source() : source.value;
  const throttled = shallowRef(read()) as ShallowRef<T>;
  let lastUpdateAt = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | null = null;

  function show(): void {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    lastUpdateAt = now();
    throttled.value = read();
  }

  watch(source, (next) => {
    if (urgent(next, throttled.value)) {
      show();
      return;
    }
    if (timer !== null) {
      return;
    }
    const wait = lastUpdateAt + intervalMs - now();
    if (wait <= 0) {
      show();
      return;
    }
    timer = setTimeout(show, wait);
  });

  onScopeDispose(() => {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
  });

  return throttled;
}
