import { createPinia, defineStore, setActivePinia } from 'pinia';
import { isProxy, isReactive, watch } from 'vue';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../../src-shared/contract/index.js';
import { mergeAlerts } from '../../../src-renderer/src/stores/alert-list.js';
import {
  appendAll,
  createBulkList,
  prependCapped,
} from '../../../src-renderer/src/stores/bulk-list.js';
import { makeAlert } from '../fake-main.js';

interface Resident {
  id: number;
  masked: string;
  town: string;
  score: number;
}

function residents(count: number): Resident[] {
  const rows: Resident[] = [];
  for (let i = 0; i < count; i += 1) {
    rows.push({
      id: i,
      masked: '张*明',
      town: '凤山镇',
      score: 100 + (i % 50),
    });
  }
  return rows;
}

// A store shaped like the wall's: 100,000 alerts newest first, 60,000 residents' points.
const useBulkStore = defineStore('bulk-test', () => {
  const alerts = createBulkList<Alert>(100_000);
  const points = createBulkList<Resident>(100_000);
  return {
    alerts: alerts.items,
    points: points.items,
    alertList: alerts,
    pointList: points,
  };
});

describe('bulk lists in a store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
  });

  it('keeps 100,000 alerts with one new in front', async () => {
    const store = useBulkStore();
    const initial: Alert[] = [];
    for (let i = 99_999; i >= 0; i -= 1) {
      initial.push(makeAlert(i));
    }
    store.alertList.replace(initial);
    let notifications = 0;
    watch(
      () => store.alerts,
      () => {
        notifications += 1;
      },
      { flush: 'sync' },
    );

    for (let step = 0; step < 20; step += 1) {
      store.alertList.prepend([makeAlert(100_000 + step)]);
    }

    expect(store.alerts).toHaveLength(100_000);
    expect(store.alerts[0]?.id).toBe('alert-100019');
    expect(store.alerts[19]?.id).toBe('alert-100000');
    expect(store.alerts[20]?.id).toBe('alert-99999');
    expect(store.alerts[99_999]?.id).toBe('alert-20');
    expect(notifications).toBe(20);
  });

  it('items and arrays are not reactive', () => {
    const store = useBulkStore();
    store.pointList.replace(residents(60_000));
    store.alertList.replace([makeAlert(1)]);

    expect(store.points).toHaveLength(60_000);
    expect(isReactive(store.points)).toBe(false);
    expect(isProxy(store.points)).toBe(false);
    expect(isReactive(store.points[0])).toBe(false);
    expect(isReactive(store.points[59_999])).toBe(false);
    expect(isReactive(store.alerts[0])).toBe(false);
    expect(isReactive(store.alerts[0]?.place)).toBe(false);
  });

  it('replace cuts to the limit', () => {
    const list = createBulkList<number>(3);
    list.replace([1, 2, 3, 4, 5]);
    expect(list.items.value).toEqual([1, 2, 3]);
  });

  it('rejects a zero limit', () => {
    expect(() => createBulkList<number>(0)).toThrow(RangeError);
  });
});

describe('bulk copy helpers', () => {
  it('spread push of 200,000 overflows', () => {
    // The hazard the helpers avoid; if this engine ever accepts it, the guard below is moot.
    const big = new Array<number>(200_000).fill(1);
    expect(() => [0].push(...big)).toThrow(RangeError);
  });

  it('appendAll takes 200,000 items', () => {
    const big = new Array<number>(200_000).fill(7);
    const target = [1];
    expect(() => appendAll(target, big)).not.toThrow();
    expect(target).toHaveLength(200_001);
    expect(target[200_000]).toBe(7);
  });

  it('bulk list loads 200,000 items', () => {
    const list = createBulkList<number>(1_000_000);
    const big = Array.from({ length: 200_000 }, (_, i) => i);
    expect(() => list.replace(big)).not.toThrow();
    expect(() => list.prepend(big)).not.toThrow();
    expect(list.items.value).toHaveLength(400_000);
    expect(list.items.value[0]).toBe(0);
    expect(list.items.value[200_000]).toBe(0);
  });

  it('prependCapped puts fresh first', () => {
    expect(prependCapped([3, 4, 5], [1, 2], 4)).toEqual([1, 2, 3, 4]);
    expect(prependCapped([3], [1, 2], 10)).toEqual([1, 2, 3]);
    expect(prependCapped([3], [1, 2], 1)).toEqual([1]);
  });
});

describe('mergeAlerts on large lists', () => {
  function newestFirst(count: number): Alert[] {
    const list: Alert[] = [];
    for (let i = count - 1; i >= 0; i -= 1) {
      list.push(makeAlert(i));
    }
    return list;
  }

  it('one new alert over 100,000', () => {
    const merged = mergeAlerts(
      newestFirst(100_000),
      [makeAlert(100_000)],
      100_000,
    );
    expect(merged).toHaveLength(100_000);
    expect(merged[0]?.id).toBe('alert-100000');
    expect(merged[1]?.id).toBe('alert-99999');
    expect(merged[99_999]?.id).toBe('alert-1');
  });

  it('an update replaces in place', () => {
    const merged = mergeAlerts(
      newestFirst(1000),
      [makeAlert(500, { status: 'closed' })],
      1000,
    );
    expect(merged).toHaveLength(1000);
    expect(merged.filter((alert) => alert.id === 'alert-500')).toHaveLength(1);
    expect(merged[499]?.id).toBe('alert-500');
    expect(merged[499]?.status).toBe('closed');
  });

  it('200,000 incoming alerts merge', () => {
    const incoming = Array.from({ length: 200_000 }, (_, i) => makeAlert(i));
    const merged = mergeAlerts(newestFirst(10), incoming, 500);
    expect(merged).toHaveLength(500);
    expect(merged[0]?.id).toBe('alert-199999');
  });
});
