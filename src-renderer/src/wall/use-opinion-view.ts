import {
  onScopeDispose,
  shallowRef,
  watch,
  type Ref,
  type ShallowRef,
} from 'vue';
import {
  OPINION_COLLECTION,
  OpinionItem,
  OpinionProjection,
  type OpinionWallView,
  type Scope,
} from '../../../src-shared/opinion/index.js';
import type { RendererBridge } from '../bridge/types.js';
import type { RecordChange } from '../../../src-shared/contract/index.js';
import type { RecordsSource } from '../stores/records-source.js';

const HOUR_MS = 3_600_000;
/** Hours of items the wall reads and keeps; the projection's ring covers the same span. */
const HOURS = 24;
/** Changes are folded at once, and the view handed to the panels at most this often. */
const PUBLISH_MS = 1_000;
/** The ring moves forward on this period even when no item arrives. */
const ADVANCE_MS = 60_000;

/**
 * Follows the public opinion items of the last day and keeps the wall's opinion view for the
 * scope chosen on the map. Items are kept by id, so a scope change rebuilds without a new read.
 */
export function useOpinionView(
  bridge: RendererBridge,
  source: RecordsSource,
  scope: Ref<Scope>,
): { view: ShallowRef<OpinionWallView | null>; error: Ref<string | null> } {
  const view = shallowRef<OpinionWallView | null>(null);
  const error = shallowRef<string | null>(null);
  const items = new Map<string, OpinionItem>();
  /** Version of each kept item, so that a change older than what a read returned is skipped. */
  const versions = new Map<string, number>();
  /**
   * Changes that arrive while a read is in flight. The read may answer from a state before them,
   * so they are applied again on top of its result instead of being lost with the old items.
   */
  let arrivedDuringRead: RecordChange[] | null = null;
  let projection = new OpinionProjection({ scope: scope.value, hours: HOURS });
  let dirty = false;
  let generation = 0;

  function rebuild(): void {
    projection = OpinionProjection.fromItems(
      items.values(),
      { scope: scope.value, hours: HOURS },
      source.serverNow(),
    );
    dirty = true;
  }

  async function load(): Promise<void> {
    generation += 1;
    const mine = generation;
    const since = source.serverNow() - HOURS * HOUR_MS;
    arrivedDuringRead = [];
    const result = await bridge.invoke('records:query', {
      collection: OPINION_COLLECTION,
      since,
    });
    if (mine !== generation) {
      return;
    }
    const arrived = arrivedDuringRead;
    arrivedDuringRead = null;
    if (!result.ok) {
      error.value = result.error.message;
      return;
    }
    error.value = null;
    items.clear();
    versions.clear();
    for (const record of result.value) {
      keep(record.id, record.version, record.data);
    }
    for (const change of arrived) {
      if (change.record.version >= (versions.get(change.record.id) ?? 0)) {
        applyChange(change);
      }
    }
    rebuild();
    publish();
  }

  function publish(): void {
    if (!dirty) {
      return;
    }
    dirty = false;
    view.value = projection.view();
  }

  /** Keeps a valid item under its record id; returns it, or null for data that does not parse. */
  function keep(
    id: string,
    version: number,
    data: unknown,
  ): OpinionItem | null {
    const parsed = OpinionItem.safeParse(data);
    if (!parsed.success) {
      return null;
    }
    items.set(id, parsed.data);
    versions.set(id, version);
    return parsed.data;
  }

  function applyChange(change: RecordChange): void {
    const { id, version, data } = change.record;
    if (change.removed) {
      items.delete(id);
      versions.delete(id);
      projection.remove(id);
      dirty = true;
      return;
    }
    const item = keep(id, version, data);
    if (item !== null) {
      projection.put(item);
      dirty = true;
    }
  }

  const stopChanges = source.onChange((changes) => {
    for (const change of changes) {
      if (change.record.collection !== OPINION_COLLECTION) {
        continue;
      }
      arrivedDuringRead?.push(change);
      applyChange(change);
    }
  });
  const stopReset = source.onReset(() => void load());
  const publishTimer = setInterval(publish, PUBLISH_MS);
  const advanceTimer = setInterval(() => {
    const cutoff = source.serverNow() - HOURS * HOUR_MS;
    for (const [id, item] of items) {
      if (item.publishedAt < cutoff) {
        items.delete(id);
        versions.delete(id);
      }
    }
    projection.advanceTo(source.serverNow());
    dirty = true;
  }, ADVANCE_MS);

  watch(scope, rebuild);
  void load();

  onScopeDispose(() => {
    stopChanges();
    stopReset();
    clearInterval(publishTimer);
    clearInterval(advanceTimer);
  });
  return { view, error };
}
