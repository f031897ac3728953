// Follows the hall collections through a RecordsSource: one initial list per collection, then the
// pushed changes. Shared by the wall's presenter overlay and the console's walls view.
import {
  onScopeDispose,
  ref,
  shallowRef,
  type Ref,
  type ShallowRef,
} from 'vue';
import type {
  RecordChange,
  StoredRecord,
} from '../../../../src-shared/contract/index.js';
import type { RecordsSource } from '../../stores/records-source.js';

/**
 * Applies pushed changes of one collection to its records by id. A change
 * older than the record held is skipped, because a replayed event must not
 * undo a newer one; an optimistic value (with `pendingSeq`) and the confirmed
 * value that replaces it are always taken. Returns null when nothing changed.
 */
export function applyRecordChanges(
  records: ReadonlyMap<string, StoredRecord>,
  collection: string,
  changes: readonly RecordChange[],
): Map<string, StoredRecord> | null {
  let next: Map<string, StoredRecord> | null = null;

  for (const change of changes) {
    const { record } = change;
    if (record.collection !== collection) {
      continue;
    }
    const held = (next ?? records).get(record.id);
    if (isOutdated(held, record)) {
      continue;
    }
    next ??= new Map(records);
    if (change.removed) {
      next.delete(record.id);
    } else {
      next.set(record.id, record);
    }
  }
  return next;
}

function isOutdated(
  held: StoredRecord | undefined,
  incoming: StoredRecord,
): boolean {
  if (held === undefined) {
    return false;
  }
  if (incoming.pendingSeq !== undefined || held.pendingSeq !== undefined) {
    return false;
  }
  return incoming.version < held.version;
}

export interface FollowedCollection {
  /** Current records, ordered by id. */
  records: Readonly<ShallowRef<readonly StoredRecord[]>>;
  /** The first list has arrived; before that, an empty list means "not known yet". */
  ready: Readonly<Ref<boolean>>;
  /** Message of the last failed list, or null. */
  error: Readonly<Ref<string | null>>;
}

/**
 * Lists a collection and keeps it current until the calling scope ends.
 * Changes pushed while a list is in flight are kept and applied after it, and
 * a reset of main's state lists the collection again.
 */
export function followCollection(
  source: RecordsSource,
  collection: string,
): FollowedCollection {
  const records = shallowRef<readonly StoredRecord[]>([]);
  const ready = ref(false);
  const error = ref<string | null>(null);
  let byId = new Map<string, StoredRecord>();
  let buffered: RecordChange[] | null = [];
  let generation = 0;

  function publish(next: Map<string, StoredRecord>): void {
    byId = next;
    records.value = [...next.values()].sort((a, b) =>
      a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
    );
  }

  async function load(): Promise<void> {
    generation += 1;
    const mine = generation;
    buffered = [];
    try {
      const listed = await source.list(collection);
      if (mine !== generation) {
        return;
      }
      const start = new Map(
        listed.map((record) => [record.id, record] as const),
      );
      publish(applyRecordChanges(start, collection, buffered) ?? start);
      buffered = null;
      ready.value = true;
      error.value = null;
    } catch (failure) {
      if (mine === generation) {
        buffered = null;
        error.value =
          failure instanceof Error ? failure.message : String(failure);
      }
    }
  }

  const stopChanges = source.onChange((changes) => {
    if (buffered !== null) {
      for (const change of changes) {
        if (change.record.collection === collection) {
          buffered.push(change);
        }
      }
      return;
    }
    const next = applyRecordChanges(byId, collection, changes);
    if (next !== null) {
      publish(next);
    }
  });
  const stopReset = source.onReset(() => {
    void load();
  });
  onScopeDispose(() => {
    stopChanges();
    stopReset();
    generation += 1;
  });

  void load();
  return { records, ready, error };
}
