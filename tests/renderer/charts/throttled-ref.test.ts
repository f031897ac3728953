import { effectScope, nextTick, shallowRef } from 'vue';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useThrottledRef } from '../../../src-renderer/src/charts/throttled-ref.js';

const INTERVAL_MS = 500;

interface Counts {
  total: number;
}

/** Runs `useThrottledRef` in its own effect scope over a source the test sets. */
function throttled(initial: Counts | null) {
  const source = shallowRef<Counts | null>(initial);
  const scope = effectScope();
  const throttledCounts = scope.run(() =>
    useThrottledRef(source, INTERVAL_MS, { now: () => Date.now() }),
  );
  if (throttledCounts === undefined) {
    throw new Error('the effect scope returned no throttled ref');
  }
  return { source, throttledCounts, scope };
}

describe('useThrottledRef', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts with the source value', () => {
    const { throttledCounts, scope } = throttled({ total: 1 });

    expect(throttledCounts.value?.total).toBe(1);
    scope.stop();
  });

  it('passes the first change at once', async () => {
    const { source, throttledCounts, scope } = throttled({ total: 1 });

    source.value = { total: 2 };
    await nextTick();

    expect(throttledCounts.value?.total).toBe(2);
    scope.stop();
  });

  it('collapses changes inside the interval', async () => {
    const { source, throttledCounts, scope } = throttled({ total: 1 });
    source.value = { total: 2 };
    await nextTick();

    for (let total = 3; total <= 6; total += 1) {
      vi.advanceTimersByTime(50);
      source.value = { total };
      await nextTick();
    }

    expect(throttledCounts.value?.total).toBe(2);

    // 200 ms of the interval have passed; the rest brings the latest value, once.
    vi.advanceTimersByTime(INTERVAL_MS - 200 - 1);
    expect(throttledCounts.value?.total).toBe(2);
    vi.advanceTimersByTime(1);
    expect(throttledCounts.value?.total).toBe(6);
    scope.stop();
  });

  it('waits a full interval after a late value', async () => {
    const { source, throttledCounts, scope } = throttled({ total: 1 });
    source.value = { total: 2 };
    await nextTick();
    vi.advanceTimersByTime(100);
    source.value = { total: 3 };
    await nextTick();
    vi.advanceTimersByTime(INTERVAL_MS - 100);
    expect(throttledCounts.value?.total).toBe(3);

    // Shown at 500 ms; a change at 600 ms waits until 1000 ms.
    vi.advanceTimersByTime(100);
    source.value = { total: 4 };
    await nextTick();
    vi.advanceTimersByTime(INTERVAL_MS - 100 - 1);
    expect(throttledCounts.value?.total).toBe(3);
    vi.advanceTimersByTime(1);
    expect(throttledCounts.value?.total).toBe(4);
    scope.stop();
  });

  it('passes null and first data at once', async () => {
    const { source, throttledCounts, scope } = throttled(null);
    source.value = { total: 1 };
    await nextTick();
    source.value = null;
    await nextTick();

    expect(throttledCounts.value).toBeNull();

    source.value = { total: 7 };
    await nextTick();

    expect(throttledCounts.value?.total).toBe(7);
    scope.stop();
  });

  it('drops the pending value when its scope stops', async () => {
    const { source, throttledCounts, scope } = throttled({ total: 1 });
    source.value = { total: 2 };
    await nextTick();
    source.value = { total: 3 };
    await nextTick();

    scope.stop();
    vi.advanceTimersByTime(INTERVAL_MS * 2);

    expect(throttledCounts.value?.total).toBe(2);
    expect(vi.getTimerCount()).toBe(0);
  });
});
