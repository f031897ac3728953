// An in-memory RecordsSource for the duty store tests: lists served from a map, changes and
// rejections pushed by the test, and submitted commands recorded.
import type {
  RecordChange,
  StoredRecord,
} from '../../../src-shared/contract/records.js';
import type {
  CommandRejection,
  RecordsSource,
} from '../../../src-renderer/src/stores/records-source.js';

export class MemorySource implements RecordsSource {
  readonly lists = new Map<string, StoredRecord[]>();
  readonly submitted: { name: string; payload: Record<string, unknown> }[] = [];
  private changeListeners = new Set<(changes: RecordChange[]) => void>();
  private resetListeners = new Set<() => void>();
  private rejectionListeners = new Set<(rejection: CommandRejection) => void>();
  listCalls = 0;

  constructor(public clock: number) {}

  list(collection: string): Promise<StoredRecord[]> {
    this.listCalls += 1;
    return Promise.resolve(this.lists.get(collection) ?? []);
  }

  onChange(listener: (changes: RecordChange[]) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onReset(listener: () => void): () => void {
    this.resetListeners.add(listener);
    return () => this.resetListeners.delete(listener);
  }

  onRejection(listener: (rejection: CommandRejection) => void): () => void {
    this.rejectionListeners.add(listener);
    return () => this.rejectionListeners.delete(listener);
  }

  submit(
    name: string,
    payload: Record<string, unknown>,
  ): Promise<{ commandId: string; installSeq: number }> {
    this.submitted.push({ name, payload });
    return Promise.resolve({
      commandId: `c${this.submitted.length}`,
      installSeq: this.submitted.length,
    });
  }

  pending(): Promise<never[]> {
    return Promise.resolve([]);
  }

  serverNow(): number {
    return this.clock;
  }

  push(changes: RecordChange[]): void {
    for (const listener of this.changeListeners) {
      listener(changes);
    }
  }

  reject(rejection: CommandRejection): void {
    for (const listener of this.rejectionListeners) {
      listener(rejection);
    }
  }

  reset(): void {
    for (const listener of this.resetListeners) {
      listener();
    }
  }

  listenerCount(): number {
    return (
      this.changeListeners.size +
      this.resetListeners.size +
      this.rejectionListeners.size
    );
  }
}

export function stored(
  collection: string,
  id: string,
  version: number,
  data: Record<string, unknown>,
  pendingSeq?: number,
): StoredRecord {
  return {
    collection,
    id,
    version,
    updatedAt: 0,
    data,
    ...(pendingSeq === undefined ? {} : { pendingSeq }),
  };
}

export function change(record: StoredRecord, removed = false): RecordChange {
  return { type: 'record', stream: 'duty', record, removed };
}
