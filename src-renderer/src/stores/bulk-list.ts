import { shallowRef, type ShallowRef } from 'vue';

/**
 * Appends `items` to `target` one by one. `target.push(...items)` passes every item as a call
 * argument, and past roughly 100,000 arguments (the exact figure depends on the engine's stack)
 * it throws a RangeError.
 */
export function appendAll<T>(target: T[], items: Iterable<T>): void {
  for (const item of items) {
    target.push(item);
  }
}

/**
 * Returns a new array of `fresh` followed by `current`, cut to `limit` items, built with one
 * allocation and a copy loop.
 */
export function prependCapped<T>(
  current: readonly T[],
  fresh: readonly T[],
  limit: number,
): T[] {
  const length = Math.min(limit, fresh.length + current.length);
  const result = new Array<T>(length);
  const fromFresh = Math.min(length, fresh.length);
  for (let i = 0; i < fromFresh; i += 1) {
    result[i] = fresh[i] as T;
  }
  for (let i = fromFresh; i < length; i += 1) {
    result[i] = current[i - fromFresh] as T;
  }
  return result;
}

/**
 * A large list for a store: a shallow ref whose array is replaced whole on every change. Vue
 * tracks only the ref, so the items never become reactive proxies, and a change costs one array
 * copy plus one notification however many items there are.
 */
export interface BulkList<T> {
  readonly items: ShallowRef<readonly T[]>;
  /** Puts `fresh` (newest first) in front and drops the oldest items beyond the limit. */
  prepend(fresh: readonly T[]): void;
  /** Replaces every item at once, for a snapshot or a full load. */
  replace(all: Iterable<T>): void;
}

export function createBulkList<T>(limit: number): BulkList<T> {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(
      `bulk list limit must be a positive integer, got ${limit}`,
    );
  }
  const items = shallowRef<readonly T[]>([]);

  function prepend(fresh: readonly T[]): void {
    if (fresh.length > 0) {
      items.value = prependCapped(items.value, fresh, limit);
    }
  }

  function replace(all: Iterable<T>): void {
    const next: T[] = [];
    appendAll(next, all);
    if (next.length > limit) {
      next.length = limit;
    }
    items.value = next;
  }

  return { items, prepend, replace };
}
