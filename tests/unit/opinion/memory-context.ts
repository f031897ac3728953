// In-memory DomainContext for domain tests: records, versions, a list of events and the alerts
// published, with a clock the test moves. A transaction that throws undoes its writes.
import type {
  Alert,
  RecordData,
  StoredRecord,
} from '../../../src-shared/contract/index.js';
import type { DomainContext } from '../../../src-central/domains/types.js';
import { compareText } from '../../../src-shared/opinion/index.js';

export interface MemoryEvent {
  kind: 'record.put' | 'record.remove';
  collection: string;
  id: string;
  version: number;
  seq: number;
}

export interface MemoryContext extends DomainContext {
  clock: { now: number };
  events: MemoryEvent[];
  alerts: Alert[];
  transactions: number;
  /** Current data of every record of a collection, ordered by id. */
  data(collection: string): RecordData[];
}

export function createMemoryContext(start = 1_765_000_000_000): MemoryContext {
  const collections = new Map<string, Map<string, StoredRecord>>();
  const versions = new Map<string, number>();
  const events: MemoryEvent[] = [];
  const alerts: Alert[] = [];
  const clock = { now: start };
  let undo: (() => void)[] | null = null;

  function table(collection: string): Map<string, StoredRecord> {
    let records = collections.get(collection);
    if (!records) {
      records = new Map();
      collections.set(collection, records);
    }
    return records;
  }

  function nextVersion(collection: string, id: string): number {
    const key = `${collection}\u0000${id}`;
    const version = (versions.get(key) ?? 0) + 1;
    versions.set(key, version);
    return version;
  }

  function remember(collection: string, id: string): void {
    const before = table(collection).get(id);
    const key = `${collection}\u0000${id}`;
    const version = versions.get(key);
    const eventCount = events.length;
    undo?.push(() => {
      if (before) {
        table(collection).set(id, before);
      } else {
        table(collection).delete(id);
      }
      if (version === undefined) {
        versions.delete(key);
      } else {
        versions.set(key, version);
      }
      events.length = eventCount;
    });
  }

  const context: MemoryContext = {
    clock,
    events,
    alerts,
    transactions: 0,
    now: () => clock.now,
    get: (collection, id) => table(collection).get(id) ?? null,
    list: (collection) =>
      [...table(collection).values()].sort((a, b) => compareText(a.id, b.id)),
    put(collection, id, data) {
      remember(collection, id);
      const version = nextVersion(collection, id);
      table(collection).set(id, {
        collection,
        id,
        version,
        updatedAt: clock.now,
        data: structuredClone(data),
      });
      events.push({
        kind: 'record.put',
        collection,
        id,
        version,
        seq: events.length + 1,
      });
      return { version, seq: events.length };
    },
    remove(collection, id) {
      if (!table(collection).has(id)) {
        return null;
      }
      remember(collection, id);
      table(collection).delete(id);
      const version = nextVersion(collection, id);
      events.push({
        kind: 'record.remove',
        collection,
        id,
        version,
        seq: events.length + 1,
      });
      return { version, seq: events.length };
    },
    alert: (alertId) => alerts.find((alert) => alert.id === alertId) ?? null,
    publishAlerts(published) {
      const count = alerts.length;
      undo?.push(() => {
        alerts.length = count;
      });
      alerts.push(...published);
    },
    transaction<T>(work: () => T): T {
      if (undo !== null) {
        return work();
      }
      undo = [];
      context.transactions += 1;
      try {
        const result = work();
        undo = null;
        return result;
      } catch (error) {
        const steps = undo ?? [];
        undo = null;
        for (const step of steps.reverse()) {
          step();
        }
        throw error;
      }
    },
    data: (collection) => context.list(collection).map((record) => record.data),
  };
  return context;
}
