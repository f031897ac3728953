// In-memory DomainContext for domain tests: records in maps, one event per put or remove, and a
// transaction that rolls every write back when its work throws.
import type {
  Alert,
  RecordData,
  RecordEventBody,
  StoredRecord,
} from '../../../src-shared/contract/index.js';
import type {
  CommandActor,
  CentralDomain,
  DomainContext,
  DomainOutcome,
} from '../../../src-central/domains/types.js';

export interface MemoryContext extends DomainContext {
  /** Events written so far, in order, with their sequence numbers. */
  readonly events: (RecordEventBody & { seq: number })[];
  setNow(instant: number): void;
}

export function createMemoryContext(
  startAt = 1_800_000_000_000,
): MemoryContext {
  let records = new Map<string, StoredRecord>();
  let now = startAt;
  const events: (RecordEventBody & { seq: number })[] = [];
  const alerts: Alert[] = [];
  const key = (collection: string, id: string): string =>
    `${collection}\u0000${id}`;

  const context: MemoryContext = {
    events,
    setNow(instant) {
      now = instant;
    },
    now: () => now,
    get(collection, id) {
      return records.get(key(collection, id)) ?? null;
    },
    list(collection) {
      return [...records.values()]
        .filter((record) => record.collection === collection)
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },
    put(collection, id, data: RecordData) {
      const version = (records.get(key(collection, id))?.version ?? 0) + 1;
      // A structured clone so a handler that mutates its input later cannot change the store.
      const copy = structuredClone(data);
      records.set(key(collection, id), {
        collection,
        id,
        version,
        updatedAt: now,
        data: copy,
      });
      const seq = events.length + 1;
      events.push({
        kind: 'record.put',
        collection,
        id,
        version,
        data: copy,
        seq,
      });
      return { version, seq };
    },
    remove(collection, id) {
      const existing = records.get(key(collection, id));
      if (existing === undefined) {
        return null;
      }
      records.delete(key(collection, id));
      const version = existing.version + 1;
      const seq = events.length + 1;
      events.push({ kind: 'record.remove', collection, id, version, seq });
      return { version, seq };
    },
    alert: (alertId) => alerts.find((alert) => alert.id === alertId) ?? null,
    publishAlerts(published) {
      alerts.push(...published);
    },
    transaction(work) {
      const saved = new Map(records);
      const eventCount = events.length;
      try {
        return work();
      } catch (error) {
        records = saved;
        events.length = eventCount;
        throw error;
      }
    },
  };
  return context;
}

/** Runs one command of a domain inside a transaction, as the central does. */
export function runCommand(
  domain: CentralDomain,
  context: DomainContext,
  actor: CommandActor,
  name: string,
  payload: unknown,
): DomainOutcome {
  const handler = domain.commands[name];
  if (handler === undefined) {
    throw new Error(`Domain ${domain.name} has no command "${name}".`);
  }
  return context.transaction(() => handler(context, actor, payload));
}
