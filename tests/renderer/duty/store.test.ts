import { describe, expect, it } from 'vitest';
import {
  applyRecordChanges,
  createRecordMaps,
  parseRecords,
} from '../../../src-renderer/src/console/duty/record-maps.js';
import { createDutyStore } from '../../../src-renderer/src/console/duty/store.js';
import {
  DUTY_COLLECTIONS as C,
  DutyPostSchema,
} from '../../../src-shared/roster/records.js';
import { change, MemorySource, stored } from './memory-source.js';

const POST = {
  id: 'leader',
  name: '带班领导',
  nameEn: 'Leader on duty',
  order: 1,
  minHeadcount: 1,
  maxHeadcount: 2,
};

describe('applyRecordChanges', () => {
  it('keeps highest version, reports collections', () => {
    const maps = createRecordMaps([C.post, C.person]);
    const changed = applyRecordChanges(maps, [
      change(stored(C.post, 'leader', 2, { ...POST, name: 'v2' })),
      change(stored(C.post, 'leader', 1, { ...POST, name: 'v1' })),
      change(stored('incident', 'x', 1, {})),
    ]);
    expect([...changed]).toEqual([C.post]);
    expect(maps.get(C.post)?.get('leader')?.data['name']).toBe('v2');
    expect(maps.has('incident')).toBe(false);
  });

  it('replaces optimistic value when confirmed', () => {
    const maps = createRecordMaps([C.post]);
    applyRecordChanges(maps, [change(stored(C.post, 'leader', 3, POST))]);
    applyRecordChanges(maps, [
      change(stored(C.post, 'leader', 3, { ...POST, name: 'guess' }, 7)),
    ]);
    expect(maps.get(C.post)?.get('leader')?.pendingSeq).toBe(7);
    applyRecordChanges(maps, [change(stored(C.post, 'leader', 3, POST))]);
    expect(maps.get(C.post)?.get('leader')?.pendingSeq).toBeUndefined();
  });

  it('ignores a removal older than stored', () => {
    const maps = createRecordMaps([C.post]);
    applyRecordChanges(maps, [change(stored(C.post, 'leader', 4, POST))]);
    expect(
      applyRecordChanges(maps, [
        change(stored(C.post, 'leader', 3, POST), true),
      ]).size,
    ).toBe(0);
    applyRecordChanges(maps, [change(stored(C.post, 'leader', 5, POST), true)]);
    expect(maps.get(C.post)?.size).toBe(0);
  });

  it('lists records that fail schema', () => {
    const maps = createRecordMaps([C.post]);
    applyRecordChanges(maps, [
      change(stored(C.post, 'b', 1, POST)),
      change(stored(C.post, 'a', 1, { name: 'broken' })),
    ]);
    const parsed = parseRecords(maps.get(C.post), DutyPostSchema);
    expect(parsed.items.map((p) => p.id)).toEqual(['leader']);
    expect(parsed.invalid).toEqual(['a']);
  });
});

describe('createDutyStore', () => {
  it('loads every duty collection, then follows changes', async () => {
    const source = new MemorySource(1000);
    source.lists.set(C.post, [stored(C.post, 'leader', 1, POST)]);
    const store = createDutyStore(source);
    await store.start();

    expect(store.loaded.value).toBe(true);
    expect(source.listCalls).toBe(Object.keys(C).length);
    expect(store.posts.value.items.map((p) => p.name)).toEqual(['带班领导']);

    source.push([
      change(
        stored(C.post, 'leader', 2, { ...POST, name: '带班领导（节日）' }),
      ),
    ]);
    expect(store.posts.value.items.map((p) => p.name)).toEqual([
      '带班领导（节日）',
    ]);
    store.stop();
    expect(source.listenerCount()).toBe(0);
  });

  it('keeps duty rejections and sent commands', async () => {
    const source = new MemorySource(1000);
    const store = createDutyStore(source);
    await store.start();
    source.reject({
      installSeq: 1,
      commandId: 'c1',
      name: 'duty.check-in',
      code: 'not-on-duty',
      message: 'no duty now',
    });
    source.reject({
      installSeq: 2,
      commandId: 'c2',
      name: 'incident.accept',
      code: 'x',
      message: 'other area',
    });
    expect(store.rejections.value.map((r) => r.code)).toEqual(['not-on-duty']);
    store.dismissRejection('c1');
    expect(store.rejections.value).toEqual([]);

    await store.submit('duty.check-in', { personId: 'of1' });
    expect(source.submitted).toEqual([
      { name: 'duty.check-in', payload: { personId: 'of1' } },
    ]);
    expect(store.sent.value[0]).toMatchObject({
      name: 'duty.check-in',
      commandId: 'c1',
      at: 1000,
    });
    store.stop();
  });

  it('reads every list again after a reset', async () => {
    const source = new MemorySource(1000);
    const store = createDutyStore(source);
    await store.start();
    source.lists.set(C.post, [stored(C.post, 'leader', 9, POST)]);
    source.reset();
    await store.load();
    expect(store.posts.value.items).toHaveLength(1);
    expect(source.listCalls).toBe(Object.keys(C).length * 3);
    store.stop();
  });
});
