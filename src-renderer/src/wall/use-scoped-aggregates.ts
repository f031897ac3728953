// Alert counts of the wall's scope. The county's counts come with every state change. Main keeps a
// town's counts, with its counts per village, in memory. The wall reads them over the bridge when
// the scope changes, then again after county changes at most once per interval, so a scoped wall
// costs one small read a second however many alerts arrive.
import {
  computed,
  onScopeDispose,
  shallowRef,
  watch,
  type Ref,
  type ShallowRef,
} from 'vue';
import type {
  AlertAggregates,
  TownAlertAggregates,
} from '../../../src-shared/contract/index.js';
import type { RendererBridge } from '../bridge/types.js';
import type { ScopeTarget } from './scope-view.js';

/** Minimum time between two reads of an area's value while the county's value keeps changing. */
export const MIN_READ_INTERVAL_MS = 1_000;

export interface ScopedReadOptions<T> {
  /** Reads the value of area `key`; resolves null when the read failed. */
  read(key: string): Promise<T | null>;
  /** Receives the value of the followed area, or null while none is known for it. */
  publish(value: T | null): void;
  minIntervalMs?: number;
  now?: () => number;
}

/**
 * Follows a value of one area, such as a town's alert counts: reads it at once when the area
 * changes, and after a change of the county's value at most once per `minIntervalMs`, with one
 * read in flight at a time. A read that returns for an area no longer followed is dropped.
 */
export class ScopedReadFollower<T> {
  private key: string | null = null;
  private generation = 0;
  private inFlight = false;
  /** A change arrived during a read or inside the interval, so one more read is due. */
  private due = false;
  private lastReadAt = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly minIntervalMs: number;
  private readonly now: () => number;

  constructor(private readonly options: ScopedReadOptions<T>) {
    this.minIntervalMs = options.minIntervalMs ?? MIN_READ_INTERVAL_MS;
    this.now = options.now ?? Date.now;
  }

  /** Follows area `key` (a key the read understands), or stops following with null. */
  follow(key: string | null): void {
    if (key === this.key) {
      return;
    }
    this.key = key;
    this.generation += 1;
    this.clearTimer();
    this.due = false;
    this.inFlight = false;
    this.options.publish(null);
    if (key !== null) {
      void this.read();
    }
  }

  /** The county's value moved; the area's may have too. */
  countyChanged(): void {
    if (this.key === null) {
      return;
    }
    if (this.inFlight || this.timer !== null) {
      this.due = true;
      return;
    }
    const wait = this.lastReadAt + this.minIntervalMs - this.now();
    if (wait <= 0) {
      void this.read();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.read();
    }, wait);
  }

  stop(): void {
    this.follow(null);
  }

  private async read(): Promise<void> {
    const key = this.key;
    if (key === null) {
      return;
    }
    const mine = this.generation;
    this.inFlight = true;
    this.due = false;
    this.lastReadAt = this.now();
    const value = await this.options.read(key);
    if (mine !== this.generation) {
      return;
    }
    this.inFlight = false;
    // A failed read keeps the value shown; the next change of the county tries again.
    if (value !== null) {
      this.options.publish(value);
    }
    if (this.due) {
      this.countyChanged();
    }
  }

  private clearTimer(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }
}

export interface ScopedAggregates {
  /**
   * Counts the wall's count panels show for the target: the county's counts, a town's counts
   * read from main, or null while none are valid (no current data, an unknown scope).
   */
  counts: Readonly<Ref<AlertAggregates | null>>;
  /**
   * Counts of the followed town with its counts per village, for the map. Null at county level
   * and until the first read of the town returns.
   */
  town: Readonly<Ref<TownAlertAggregates | null>>;
}

/** Follows the alert counts of `target`'s town, next to the county's counts. */
export function useScopedAggregates(
  bridge: RendererBridge,
  target: Ref<ScopeTarget>,
  county: Ref<AlertAggregates | null>,
): ScopedAggregates {
  const town: ShallowRef<TownAlertAggregates | null> = shallowRef(null);
  const follower = new ScopedReadFollower<TownAlertAggregates>({
    read: async (name) => {
      const result = await bridge.invoke('alerts:town-aggregates', {
        town: name,
      });
      return result.ok ? result.value : null;
    },
    publish: (counts) => {
      town.value = counts;
    },
  });

  watch(
    () => target.value.countsTown,
    (name) => follower.follow(name),
    { immediate: true },
  );
  watch(county, () => follower.countyChanged());
  onScopeDispose(() => follower.stop());

  const counts = computed(() => {
    if (county.value === null || target.value.unresolved) {
      return null;
    }
    return target.value.countsTown === null ? county.value : town.value;
  });
  return { counts, town };
}
