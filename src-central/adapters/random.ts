/**
 * mulberry32: a 32-bit seeded generator, small and fast, with a period of 2^32. Good enough for
 * a reproducible demo stream; not for anything that needs unpredictability.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Picks an item with probability proportional to its weight. Weights must not all be zero. */
export function pickWeighted<T>(
  random: () => number,
  items: readonly T[],
  weight: (item: T) => number,
): T {
  let total = 0;
  for (const item of items) {
    total += weight(item);
  }
  if (items.length === 0 || total <= 0) {
    throw new Error(
      `pickWeighted needs items with a positive total weight, got ${items.length} items`,
    );
  }
  let target = random() * total;
  for (const item of items) {
    target -= weight(item);
    if (target < 0) {
      return item;
    }
  }
  // Rounding can leave target at a hair above zero after the last item.
  return items[items.length - 1] as T;
}
