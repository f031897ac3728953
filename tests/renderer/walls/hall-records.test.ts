import { effectScope } from 'vue';
import { describe, expect, it } from 'vitest';
import {
  HALL_COLLECTIONS,
  type PresenterRecord,
} from '../../../src-shared/walls/index.js';
import {
  applyRecordChanges,
  followCollection,
} from '../../../src-renderer/src/wall/presenter/hall-records.js';
import {
  activeFocus,
  presenterFrom,
  usePresenter,
} from '../../../src-renderer/src/wall/presenter/use-presenter.js';
import {
  createMemorySource,
  put,
  removal,
  settle,
  stored,
} from './memory-source.js';

const LAYOUT = HALL_COLLECTIONS.layout;
const PRESENTER = HALL_COLLECTIONS.presenter;

const presenting: PresenterRecord = {
  active: true,
  focus: { kind: 'town', id: 't1', label: '城厢镇' },
  presenterInstall: 'install-a',
  presenterName: '王主任',
  startedAt: 1,
};
const idle: PresenterRecord = {
  active: false,
  focus: null,
  presenterInstall: null,
  presenterName: null,
  startedAt: null,
};

describe('applyRecordChanges', () => {
  const start = new Map([['a', stored(LAYOUT, 'a', 3, { name: 'A' })]]);

  it('takes a newer version', () => {
    const next = applyRecordChanges(start, LAYOUT, [
      put(stored(LAYOUT, 'a', 4, { name: 'A2' })),
    ]);

    expect(next?.get('a')?.data).toEqual({ name: 'A2' });
  });

  it('skips an older version', () => {
    const next = applyRecordChanges(start, LAYOUT, [
      put(stored(LAYOUT, 'a', 2, { name: 'old' })),
    ]);

    expect(next).toBeNull();
  });

  it('takes an optimistic value', () => {
    const next = applyRecordChanges(start, LAYOUT, [
      put(stored(LAYOUT, 'a', 3, { name: 'mine' }, 12)),
    ]);

    expect(next?.get('a')?.pendingSeq).toBe(12);
  });

  it('ignores other collections', () => {
    expect(
      applyRecordChanges(start, LAYOUT, [put(stored(PRESENTER, 'a', 9, {}))]),
    ).toBeNull();
  });

  it('removes a record', () => {
    const next = applyRecordChanges(start, LAYOUT, [
      removal(stored(LAYOUT, 'a', 4, {})),
    ]);

    expect(next?.has('a')).toBe(false);
    expect(start.has('a')).toBe(true);
  });
});

describe('followCollection', () => {
  it('lists and then follows changes', async () => {
    const source = createMemorySource();
    source.records.set(LAYOUT, [
      stored(LAYOUT, 'b', 1, {}),
      stored(LAYOUT, 'a', 1, {}),
    ]);
    const scope = effectScope();
    const followed = scope.run(() => followCollection(source, LAYOUT))!;

    expect(followed.ready.value).toBe(false);
    await settle();
    expect(followed.ready.value).toBe(true);
    expect(followed.records.value.map((record) => record.id)).toEqual([
      'a',
      'b',
    ]);

    source.push([put(stored(LAYOUT, 'c', 1, {}))]);
    expect(followed.records.value.map((record) => record.id)).toEqual([
      'a',
      'b',
      'c',
    ]);
    scope.stop();
  });

  it('applies changes pushed during the list', async () => {
    const source = createMemorySource();
    source.records.set(LAYOUT, [stored(LAYOUT, 'a', 1, { name: 'listed' })]);
    source.holdLists();
    const scope = effectScope();
    const followed = scope.run(() => followCollection(source, LAYOUT))!;

    source.push([put(stored(LAYOUT, 'a', 2, { name: 'pushed' }))]);
    source.release();
    await settle();

    expect(followed.records.value[0]?.data).toEqual({ name: 'pushed' });
    scope.stop();
  });

  it('lists again after a reset', async () => {
    const source = createMemorySource();
    const scope = effectScope();
    const followed = scope.run(() => followCollection(source, LAYOUT))!;
    await settle();
    source.records.set(LAYOUT, [stored(LAYOUT, 'z', 5, {})]);

    source.reset();
    await settle();

    expect(followed.records.value.map((record) => record.id)).toEqual(['z']);
    scope.stop();
  });

  it('reports a failed list', async () => {
    const source = createMemorySource();
    source.failNextList('records:query timed out');
    const scope = effectScope();
    const followed = scope.run(() => followCollection(source, LAYOUT))!;
    await settle();

    expect(followed.error.value).toBe('records:query timed out');
    expect(followed.ready.value).toBe(false);
    scope.stop();
  });

  it('stops following with its scope', async () => {
    const source = createMemorySource();
    const scope = effectScope();
    const followed = scope.run(() => followCollection(source, LAYOUT))!;
    await settle();
    scope.stop();

    source.push([put(stored(LAYOUT, 'late', 1, {}))]);

    expect(followed.records.value).toEqual([]);
  });
});

describe('usePresenter', () => {
  it('follows the focus on and off', async () => {
    const source = createMemorySource();
    const scope = effectScope();
    const view = scope.run(() => usePresenter(source))!;
    await settle();
    expect(view.focus.value).toBeNull();

    source.push([put(stored(PRESENTER, 'current', 1, { ...presenting }))]);
    expect(view.focus.value).toEqual(presenting.focus);

    source.push([put(stored(PRESENTER, 'current', 2, { ...idle }))]);
    expect(view.focus.value).toBeNull();
    expect(view.presenter.value?.active).toBe(false);
    scope.stop();
  });

  it('reads an invalid record as unknown', () => {
    expect(
      presenterFrom([stored(PRESENTER, 'current', 1, { active: 'yes' })]),
    ).toBeNull();
  });

  it('shows no focus while inactive', () => {
    expect(activeFocus({ ...presenting, active: false })).toBeNull();
    expect(activeFocus(presenting)).toEqual(presenting.focus);
  });
});
