// In-memory RecordsSource for the walls tests: lists come from a map, `push` delivers changes, and
// `release` lets a held list return, so tests can push changes while a list is in flight.
import type {
  OptimisticRecord,
  RecordChange,
  StoredRecord,
} from '../../../src-shared/contract/index.js';
import type {
  CommandRejection,
  RecordsSource,
} from '../../../src-renderer/src/stores/records-source.js';

export interface MemorySource extends RecordsSource {
  records: Map<string, StoredRecord[]>;
  submitted: {
    name: string;
    payload: Record<string, unknown>;
    optimistic?: OptimisticRecord[];
  }[];
  push(changes: RecordChange[]): void;
  reset(): void;
  reject(rejection: CommandRejection): void;
  /** Holds every list until `release` is called. */
  holdLists(): void;
  release(): void;
  failNextList(message: string): void;
}

export function createMemorySource(now = 1_800_000_000_000): MemorySource {
  const changeListeners = new Set<(changes: RecordChange[]) => void>();
  const resetListeners = new Set<() => void>();
  const rejectionListeners = new Set<(rejection: CommandRejection) => void>();
  const waiting: (() => void)[] = [];
  let holding = false;
  let failure: string | null = null;

  const source: MemorySource = {
    records: new Map(),
    submitted: [],
    push(changes) {
      for (const listener of changeListeners) {
        listener(changes);
      }
    },
    reset() {
      for (const listener of resetListeners) {
        listener();
      }
    },
    reject(rejection) {
      for (const listener of rejectionListeners) {
        listener(rejection);
      }
    },
    holdLists() {
      holding = true;
    },
    release() {
      holding = false;
      for (const resume of waiting.splice(0)) {
        resume();
      }
    },
    failNextList(message) {
      failure = message;
    },
    async list(collection) {
      if (holding) {
        await new Promise<void>((resolve) => waiting.push(resolve));
      }
      if (failure !== null) {
        const message = failure;
        failure = null;
        throw new Error(message);
      }
      return [...(source.records.get(collection) ?? [])];
    },
    onChange(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    onReset(listener) {
      resetListeners.add(listener);
      return () => resetListeners.delete(listener);
    },
    onRejection(listener) {
      rejectionListeners.add(listener);
      return () => rejectionListeners.delete(listener);
    },
    async submit(name, payload, optimistic) {
      source.submitted.push(
        optimistic === undefined
          ? { name, payload }
          : { name, payload, optimistic },
      );
      return {
        commandId: `cmd-${source.submitted.length}`,
        installSeq: source.submitted.length,
      };
    },
    async pending() {
      return [];
    },
    serverNow: () => now,
  };
  return source;
}

export function stored(
  collection: string,
  id: string,
  version: number,
  data: Record<string, unknown>,
  pendingSeq?: number,
): StoredRecord {
  const record: StoredRecord = { collection, id, version, updatedAt: 0, data };
  if (pendingSeq !== undefined) {
    record.pendingSeq = pendingSeq;
  }
  return record;
}

export function put(record: StoredRecord): RecordChange {
  return { type: 'record', stream: 'hall', record, removed: false };
}

export function removal(record: StoredRecord): RecordChange {
  return { type: 'record', stream: 'hall', record, removed: true };
}

/** Lets pending promise callbacks run. A few turns are enough for one list and its handlers. */
export async function settle(): Promise<void> {
  for (let turn = 0; turn < 5; turn += 1) {
    await Promise.resolve();
  }
}
