// An in-memory DomainContext for the dispatch domain tests: records in maps, versions that grow
// by one per change, a gapless event sequence, and a transaction that undoes its writes on a throw.
import type {
  Alert,
  RecordData,
  StoredRecord,
} from '../../../src-shared/contract/index.js';
import type { DomainContext } from '../../../src-central/domains/types.js';

export interface RecordedEvent {
  seq: number;
  kind: 'put' | 'remove';
  collection: string;
  id: string;
  version: number;
}

export class MemoryContext implements DomainContext {
  readonly events: RecordedEvent[] = [];
  readonly published: Alert[] = [];
  private records = new Map<string, Map<string, StoredRecord>>();
  /** Last version of every id ever written, so a put after a remove continues the count. */
  private versions = new Map<string, number>();
  private readonly alerts = new Map<string, Alert>();
  private seq = 0;

  constructor(public clock: number) {}

  now(): number {
    return this.clock;
  }

  addAlert(alert: Alert): void {
    this.alerts.set(alert.id, alert);
  }

  get(collection: string, id: string): StoredRecord | null {
    return this.records.get(collection)?.get(id) ?? null;
  }

  list(collection: string): StoredRecord[] {
    const records = [...(this.records.get(collection)?.values() ?? [])];
    // Plain code-unit order, as the central's list is ordered by id.
    return records.sort((a, b) => {
      if (a.id === b.id) {
        return 0;
      }
      return a.id < b.id ? -1 : 1;
    });
  }

  /** Data of a record, failing the test when it is missing. */
  data(collection: string, id: string): RecordData {
    const record = this.get(collection, id);
    if (record === null) {
      throw new Error(`test expected record ${collection}/${id}, found none`);
    }
    return record.data;
  }

  put(
    collection: string,
    id: string,
    data: RecordData,
  ): { version: number; seq: number } {
    const key = `${collection}/${id}`;
    const version = (this.versions.get(key) ?? 0) + 1;
    this.versions.set(key, version);
    this.seq += 1;
    // A structured copy, so a handler that mutated its value later could not change the store.
    const record: StoredRecord = {
      collection,
      id,
      version,
      updatedAt: this.clock,
      data: structuredClone(data),
    };
    const byId =
      this.records.get(collection) ?? new Map<string, StoredRecord>();
    byId.set(id, record);
    this.records.set(collection, byId);
    this.events.push({ seq: this.seq, kind: 'put', collection, id, version });
    return { version, seq: this.seq };
  }

  remove(
    collection: string,
    id: string,
  ): { version: number; seq: number } | null {
    const byId = this.records.get(collection);
    if (byId?.get(id) === undefined) {
      return null;
    }
    byId.delete(id);
    const key = `${collection}/${id}`;
    const version = (this.versions.get(key) ?? 0) + 1;
    this.versions.set(key, version);
    this.seq += 1;
    this.events.push({
      seq: this.seq,
      kind: 'remove',
      collection,
      id,
      version,
    });
    return { version, seq: this.seq };
  }

  alert(alertId: string): Alert | null {
    return this.alerts.get(alertId) ?? null;
  }

  publishAlerts(alerts: readonly Alert[]): void {
    this.published.push(...alerts);
  }

  transaction<T>(work: () => T): T {
    const records = new Map(
      [...this.records].map(([collection, byId]) => [
        collection,
        new Map(byId),
      ]),
    );
    const versions = new Map(this.versions);
    const seq = this.seq;
    const eventCount = this.events.length;
    try {
      return work();
    } catch (error) {
      this.records = records;
      this.versions = versions;
      this.seq = seq;
      this.events.length = eventCount;
      throw error;
    }
  }
}
