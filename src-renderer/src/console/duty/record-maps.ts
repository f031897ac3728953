// Pure bookkeeping of the duty records a window holds: one Map per collection, changed in place by
// a batch of record changes. The store wraps each Map in a shallow ref and triggers it once per
// batch, so a month roster or a long duty log never turns into deep reactive proxies.
import type {
  RecordChange,
  StoredRecord,
} from '../../../../src-shared/contract/records.js';
import type { z } from 'zod';

export type RecordMaps = Map<string, Map<string, StoredRecord>>;

/** Empty maps for the given collections; changes to other collections are ignored. */
export function createRecordMaps(collections: readonly string[]): RecordMaps {
  return new Map(
    collections.map((name) => [name, new Map<string, StoredRecord>()]),
  );
}

/**
 * Decides whether `incoming` replaces `current`. An optimistic value (with `pendingSeq`) always
 * shows. A confirmed value replaces an optimistic one, because the command's result has arrived.
 * Otherwise the higher version wins, so a replayed event changes nothing.
 */
export function shouldReplace(
  current: StoredRecord | undefined,
  incoming: StoredRecord,
): boolean {
  if (
    !current ||
    incoming.pendingSeq !== undefined ||
    current.pendingSeq !== undefined
  ) {
    return true;
  }
  return incoming.version >= current.version;
}

/** Applies a batch in order and returns the collections that changed. */
export function applyRecordChanges(
  maps: RecordMaps,
  changes: readonly RecordChange[],
): Set<string> {
  const changed = new Set<string>();
  for (const change of changes) {
    const map = maps.get(change.record.collection);
    if (!map) {
      continue;
    }
    const current = map.get(change.record.id);
    if (change.removed) {
      if (current && change.record.version >= current.version) {
        map.delete(change.record.id);
        changed.add(change.record.collection);
      }
      continue;
    }
    if (shouldReplace(current, change.record)) {
      map.set(change.record.id, change.record);
      changed.add(change.record.collection);
    }
  }
  return changed;
}

/** Builds a collection's map from a full list, as read at load or after a reset. */
export function mapOfRecords(
  records: readonly StoredRecord[],
): Map<string, StoredRecord> {
  const map = new Map<string, StoredRecord>();
  for (const record of records) {
    map.set(record.id, record);
  }
  return map;
}

export interface Parsed<T> {
  items: T[];
  /** Ids whose data failed the schema; shown as a count so a bad record is noticed, not hidden. */
  invalid: string[];
}

/** Parses every record of a map with the collection's schema, in id order. */
export function parseRecords<T>(
  map: ReadonlyMap<string, StoredRecord> | undefined,
  schema: z.ZodType<T>,
): Parsed<T> {
  const items: T[] = [];
  const invalid: string[] = [];
  const records = [...(map?.values() ?? [])].sort((a, b) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  for (const record of records) {
    const result = schema.safeParse(record.data);
    if (result.success) {
      items.push(result.data);
    } else {
      invalid.push(record.id);
    }
  }
  return { items, invalid };
}
