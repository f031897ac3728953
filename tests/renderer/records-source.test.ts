import { describe, expect, it } from 'vitest';
import {
  mergeChangeBatches,
  type ChangeBatch,
  type StoredRecord,
} from '../../src-shared/contract/index.js';
import type { RendererBridge } from '../../src-renderer/src/bridge/types.js';
import { createRecordsSource } from '../../src-renderer/src/stores/records-source.js';

function note(id: string): StoredRecord {
  return { collection: 'hall.note', id, version: 1, updatedAt: 0, data: {} };
}

function fakeBridge(): {
  bridge: RendererBridge;
  push(batch: ChangeBatch): void;
  setConnected(connected: boolean): void;
} {
  let listener: ((batch: ChangeBatch) => void) | null = null;
  let linkListener: ((connected: boolean) => void) | null = null;
  const bridge: RendererBridge = {
    invoke: () => Promise.reject(new Error('not used')),
    onChanges(next) {
      listener = next;
      return () => {
        listener = null;
      };
    },
    link: {
      connected: true,
      subscribe(next) {
        linkListener = next;
        return () => {
          linkListener = null;
        };
      },
    },
  };
  return {
    bridge,
    push: (batch) => listener?.(batch),
    setConnected: (connected) => linkListener?.(connected),
  };
}

function recordBatch(revision: number, id: string): ChangeBatch {
  return {
    revision,
    changes: [
      { type: 'record', stream: 'hall', record: note(id), removed: false },
    ],
  };
}

describe('records source', () => {
  it('passes record changes in order without resets', () => {
    const fake = fakeBridge();
    const source = createRecordsSource(fake.bridge, () => 0);
    const seen: string[] = [];
    let resets = 0;
    source.onChange((changes) => seen.push(...changes.map((c) => c.record.id)));
    source.onReset(() => {
      resets += 1;
    });
    fake.push(recordBatch(4, 'a'));
    fake.push(recordBatch(5, 'b'));
    expect(seen).toEqual(['a', 'b']);
    expect(resets).toBe(0);
  });

  it('asks every list to reload after a revision gap', () => {
    const fake = fakeBridge();
    const source = createRecordsSource(fake.bridge, () => 0);
    let resets = 0;
    source.onReset(() => {
      resets += 1;
    });
    fake.push(recordBatch(4, 'a'));
    fake.push(recordBatch(7, 'b'));
    expect(resets).toBe(1);
  });

  it('takes a merged batch that follows without a reset', () => {
    const fake = fakeBridge();
    const source = createRecordsSource(fake.bridge, () => 0);
    const seen: string[] = [];
    let resets = 0;
    source.onChange((changes) => seen.push(...changes.map((c) => c.record.id)));
    source.onReset(() => {
      resets += 1;
    });
    const [merged] = mergeChangeBatches([
      recordBatch(5, 'b'),
      recordBatch(6, 'c'),
      recordBatch(7, 'd'),
    ]);

    fake.push(recordBatch(4, 'a'));
    fake.push(merged as ChangeBatch);
    fake.push(recordBatch(8, 'e'));

    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(resets).toBe(0);
  });

  it('finds a gap before a merged batch', () => {
    const fake = fakeBridge();
    const source = createRecordsSource(fake.bridge, () => 0);
    let resets = 0;
    source.onReset(() => {
      resets += 1;
    });
    const [merged] = mergeChangeBatches([
      recordBatch(6, 'c'),
      recordBatch(7, 'd'),
    ]);

    fake.push(recordBatch(4, 'a'));
    fake.push(merged as ChangeBatch);

    expect(resets).toBe(1);
  });

  it('asks every list to reload when the bridge reconnects', () => {
    const fake = fakeBridge();
    const source = createRecordsSource(fake.bridge, () => 0);
    let resets = 0;
    source.onReset(() => {
      resets += 1;
    });
    fake.push(recordBatch(4, 'a'));
    fake.setConnected(false);
    expect(resets).toBe(0);
    fake.setConnected(true);
    expect(resets).toBe(1);
    // The first batch after a reconnect starts a new sequence.
    fake.push(recordBatch(9, 'c'));
    expect(resets).toBe(1);
  });
});
