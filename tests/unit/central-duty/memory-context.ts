// An in-memory DomainContext for the duty tests: records with versions, an event list, a clock the
// test sets, and transactions that roll back every write when the work throws.
import { expect } from 'vitest';
import type {
  Alert,
  RecordData,
  StoredRecord,
} from '../../../src-shared/contract/index.js';
import type {
  CentralDomain,
  DomainContext,
  DomainOutcome,
} from '../../../src-central/domains/types.js';

export interface RecordedEvent {
  kind: 'record.put' | 'record.remove';
  collection: string;
  id: string;
  version: number;
}

export class MemoryContext implements DomainContext {
  private records = new Map<string, StoredRecord>();
  readonly events: RecordedEvent[] = [];
  readonly alerts: Alert[] = [];
  private depth = 0;

  constructor(public clock: number) {}

  now(): number {
    return this.clock;
  }

  get(collection: string, id: string): StoredRecord | null {
    return this.records.get(`${collection}\u0000${id}`) ?? null;
  }

  list(collection: string): StoredRecord[] {
    return [...this.records.values()]
      .filter((record) => record.collection === collection)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  put(
    collection: string,
    id: string,
    data: RecordData,
  ): { version: number; seq: number } {
    const version = (this.get(collection, id)?.version ?? 0) + 1;
    // A JSON round trip mimics the log: what is stored is plain data, never a shared object.
    const copy = JSON.parse(JSON.stringify(data)) as RecordData;
    this.records.set(`${collection}\u0000${id}`, {
      collection,
      id,
      version,
      updatedAt: this.clock,
      data: copy,
    });
    this.events.push({ kind: 'record.put', collection, id, version });
    return { version, seq: this.events.length };
  }

  remove(
    collection: string,
    id: string,
  ): { version: number; seq: number } | null {
    const existing = this.get(collection, id);
    if (!existing) {
      return null;
    }
    this.records.delete(`${collection}\u0000${id}`);
    this.events.push({
      kind: 'record.remove',
      collection,
      id,
      version: existing.version + 1,
    });
    return { version: existing.version + 1, seq: this.events.length };
  }

  alert(alertId: string): Alert | null {
    return this.alerts.find((a) => a.id === alertId) ?? null;
  }

  publishAlerts(alerts: readonly Alert[]): void {
    this.alerts.push(...alerts);
  }

  transaction<T>(work: () => T): T {
    if (this.depth > 0) {
      this.depth += 1;
      try {
        return work();
      } finally {
        this.depth -= 1;
      }
    }
    const saved = new Map(this.records);
    const savedEvents = this.events.length;
    this.depth = 1;
    try {
      return work();
    } catch (error) {
      this.records = saved;
      this.events.length = savedEvents;
      throw error;
    } finally {
      this.depth = 0;
    }
  }

  /** Returns the data of one record, and fails the test when the record is missing. */
  data(collection: string, id: string): Record<string, unknown> {
    const record = this.get(collection, id);
    expect(record, `${collection}/${id}`).not.toBeNull();
    return record?.data ?? {};
  }
}

/** Runs a command as operator `operatorId` on install `test-install`. */
export function run(
  domain: CentralDomain,
  context: MemoryContext,
  name: string,
  payload: unknown,
  operatorId = 'operator',
): DomainOutcome {
  const command = domain.commands[name];
  if (!command) {
    throw new Error(`No command ${name} in domain ${domain.name}`);
  }
  return command(context, { installId: 'test-install', operatorId }, payload);
}

/** Runs a command that must apply and returns its result. */
export function applied(
  domain: CentralDomain,
  context: MemoryContext,
  name: string,
  payload: unknown,
  operatorId?: string,
): Record<string, unknown> {
  const outcome = run(domain, context, name, payload, operatorId);
  if (outcome.outcome !== 'applied') {
    expect.fail(
      `${name} was rejected: ${outcome.error.code} ${outcome.error.message}`,
    );
  }
  return outcome.result;
}

/** Runs a command that must be rejected with `code` and returns the message. */
export function rejected(
  domain: CentralDomain,
  context: MemoryContext,
  name: string,
  payload: unknown,
  code: string,
  operatorId?: string,
): string {
  const before = context.events.length;
  const outcome = run(domain, context, name, payload, operatorId);
  if (outcome.outcome !== 'rejected') {
    expect.fail(
      `${name} applied but ${code} was expected: ${JSON.stringify(outcome.result)}`,
    );
  }
  expect(outcome.error.code).toBe(code);
  // A rejection writes nothing.
  expect(context.events.length).toBe(before);
  return outcome.error.message;
}
