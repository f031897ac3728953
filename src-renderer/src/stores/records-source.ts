import {
  firstRevision,
  type ChangeBatch,
  type OptimisticRecord,
  type PendingCommand,
  type RecordChange,
  type StoredRecord,
} from '../../../src-shared/contract/index.js';
import type { RendererBridge } from '../bridge/types.js';

/** A command the central rejected, as pushed to every window. */
export interface CommandRejection {
  installSeq: number;
  commandId: string;
  name: string;
  code: string;
  message: string;
}

/**
 * Services a domain view needs from main: the records of a collection, their changes, and the outbox.
 * Views take it as a prop, so tests and the e2e fixture can hand them their own.
 */
export interface RecordsSource {
  list(collection: string): Promise<StoredRecord[]>;
  /** Record changes in commit order; returns the function that unsubscribes. */
  onChange(listener: (changes: RecordChange[]) => void): () => void;
  /** Called when main's state was rebuilt; every list must be read again. */
  onReset(listener: () => void): () => void;
  onRejection(listener: (rejection: CommandRejection) => void): () => void;
  submit(
    name: string,
    payload: Record<string, unknown>,
    optimistic?: OptimisticRecord[],
  ): Promise<{ commandId: string; installSeq: number }>;
  pending(): Promise<PendingCommand[]>;
  /** The central's clock as estimated in this window, ms since the Unix epoch. */
  serverNow(): number;
}

/** Raised when main returns an error for a records call; `code` is the bridge's error code. */
export class RecordsSourceError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RecordsSourceError';
  }
}

/**
 * Builds a RecordsSource over this window's bridge. `clockOffsetMs` reads the latest offset of the
 * central's clock, which the live store keeps from the session status.
 */
export function createRecordsSource(
  bridge: RendererBridge,
  clockOffsetMs: () => number,
): RecordsSource {
  const changeListeners = new Set<(changes: RecordChange[]) => void>();
  const resetListeners = new Set<() => void>();
  const rejectionListeners = new Set<(rejection: CommandRejection) => void>();
  let unsubscribeBridge: (() => void) | null = null;
  let unsubscribeLink: (() => void) | null = null;
  let lastRevision: number | null = null;

  function resetAll(): void {
    for (const listener of resetListeners) {
      listener();
    }
  }

  function dispatch(batch: ChangeBatch): void {
    // A missing revision means record changes were lost on the way (a dropped bridge socket,
    // a batch main could not deliver), so every list is read again.
    const gap =
      lastRevision !== null && firstRevision(batch) !== lastRevision + 1;
    lastRevision = batch.revision;
    if (gap) {
      resetAll();
    }
    const records: RecordChange[] = [];
    for (const change of batch.changes) {
      if (change.type === 'record') {
        records.push(change);
      } else if (change.type === 'command.rejected') {
        const { type: _type, ...rejection } = change;
        for (const listener of rejectionListeners) {
          listener(rejection);
        }
      } else if (change.type === 'reset') {
        resetAll();
      }
    }
    if (records.length > 0) {
      for (const listener of changeListeners) {
        listener(records);
      }
    }
  }

  // One bridge subscription serves every listener, and ends when the last one leaves.
  function retain<T>(set: Set<T>, listener: T): () => void {
    set.add(listener);
    unsubscribeBridge ??= bridge.onChanges(dispatch);
    // Batches pushed while the link was down are gone, so a reconnect counts as a gap.
    unsubscribeLink ??=
      bridge.link?.subscribe((connected) => {
        if (connected) {
          lastRevision = null;
          resetAll();
        }
      }) ?? null;
    return () => {
      set.delete(listener);
      if (
        changeListeners.size + resetListeners.size + rejectionListeners.size ===
          0 &&
        unsubscribeBridge !== null
      ) {
        unsubscribeBridge();
        unsubscribeBridge = null;
        unsubscribeLink?.();
        unsubscribeLink = null;
        lastRevision = null;
      }
    };
  }

  return {
    async list(collection) {
      const result = await bridge.invoke('records:query', { collection });
      if (!result.ok) {
        throw new RecordsSourceError(result.error.code, result.error.message);
      }
      return result.value;
    },
    onChange: (listener) => retain(changeListeners, listener),
    onReset: (listener) => retain(resetListeners, listener),
    onRejection: (listener) => retain(rejectionListeners, listener),
    async submit(name, payload, optimistic) {
      const request =
        optimistic === undefined || optimistic.length === 0
          ? { name, payload }
          : { name, payload, optimistic };
      const result = await bridge.invoke('command:submit', request);
      if (!result.ok) {
        throw new RecordsSourceError(result.error.code, result.error.message);
      }
      return result.value;
    },
    async pending() {
      const result = await bridge.invoke('command:pending', {});
      if (!result.ok) {
        throw new RecordsSourceError(result.error.code, result.error.message);
      }
      return result.value;
    },
    serverNow: () => Date.now() + clockOffsetMs(),
  };
}
