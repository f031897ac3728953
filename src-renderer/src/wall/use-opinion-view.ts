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
    const result = await bridge.invoke('records:query', {
      collection: OPINION_COLLECTION,
      since,
    });
    if (mine !== generation) {
      return;
    }
    if (!result.ok) {
      error.value = result.error.message;
      return;
    }
    error.value = null;
    items.clear();
    for (const record of result.value) {
      const parsed = OpinionItem.safeParse(record.data);
      if (parsed.success) {
        items.set(parsed.data.id, parsed.data);
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

  const stopChanges = source.onChange((changes) => {
    for (const change of changes) {
      if (change.record.collection !== OPINION_COLLECTION) {
        continue;
      }
      if (change.removed) {
        items.delete(change.record.id);
        projection.remove(change.record.id);
        dirty = true;
        continue;
      }
      const parsed = OpinionItem.safeParse(change.record.data);
      if (parsed.success) {
        items.set(parsed.data.id, parsed.data);
        projection.put(parsed.data);
        dirty = true;
      }
    }
  });
  const stopReset = source.onReset(() => void load());
  const publishTimer = setInterval(publish, PUBLISH_MS);
  const advanceTimer = setInterval(() => {
    const cutoff = source.serverNow() - HOURS * HOUR_MS;
    for (const [id, item] of items) {
      if (item.publishedAt < cutoff) {
        items.delete(id);
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
