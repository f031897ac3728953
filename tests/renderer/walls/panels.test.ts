import { describe, expect, it } from 'vitest';
import type {
  PanelLayout,
  PresenterRecord,
} from '../../../src-shared/walls/index.js';
import {
  addEntry,
  draftFrom,
  moveEntry,
  removeEntry,
  toPlaylist,
  updateEntry,
} from '../../../src-renderer/src/console/walls/playlist-draft.js';
import {
  buildFocus,
  endCommand,
  focusChoices,
  focusCommand,
  presenterRole,
} from '../../../src-renderer/src/console/walls/presenter-view.js';
import {
  knownWalls,
  newLayoutId,
} from '../../../src-renderer/src/console/walls/walls-view.js';

const layouts: PanelLayout[] = [
  { id: 'overview', name: '总览', columns: 1, rows: 1, panels: [] },
  { id: 'opinion', name: '舆情', columns: 1, rows: 1, panels: [] },
];

describe('playlist draft', () => {
  it('builds a playlist in order', () => {
    let draft = addEntry(
      addEntry(draftFrom(null, 'wall-1'), 'overview'),
      'opinion',
    );
    draft = moveEntry(draft, 1, -1);
    draft = updateEntry(draft, 0, { dwellSeconds: 120 });

    const result = toPlaylist(draft, layouts);

    expect(result).toEqual({
      ok: true,
      playlist: {
        id: 'wall-1-rotation',
        name: 'wall-1',
        entries: [
          { layoutId: 'opinion', dwellSeconds: 120, windows: [] },
          { layoutId: 'overview', dwellSeconds: 60, windows: [] },
        ],
        defaultLayoutId: null,
      },
    });
  });

  it('ignores a move out of range', () => {
    const draft = addEntry(draftFrom(null, 'wall-1'), 'overview');

    expect(moveEntry(draft, 0, -1)).toBe(draft);
  });

  it('rejects a short dwell', () => {
    const draft = updateEntry(addEntry(draftFrom(null, 'w'), 'overview'), 0, {
      dwellSeconds: 2,
    });

    const result = toPlaylist(draft, layouts);

    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^entries\.0\.dwellSeconds: .*at least 5/);
  });

  it('rejects an empty playlist', () => {
    const result = toPlaylist(draftFrom(null, 'w'), layouts);

    expect(result.ok ? [] : result.problems).toEqual([
      expect.stringMatching(/^entries: .*add at least one layout/),
    ]);
  });

  it('rejects an unsaved layout', () => {
    const draft = removeEntry(
      addEntry(addEntry(draftFrom(null, 'w'), 'ghost'), 'x'),
      1,
    );

    const result = toPlaylist(draft, layouts);

    expect(result.ok ? [] : result.problems).toEqual([
      'entries.0.layoutId: Layout "ghost" is not saved; pick a saved layout.',
    ]);
  });
});

describe('presenter view', () => {
  const sources = {
    incidents: [{ id: 'inc-1', title: '城关镇积水' }],
    towns: [{ code: '510121100', name: '城厢镇' }],
    layouts,
  };
  const active: PresenterRecord = {
    active: true,
    focus: null,
    presenterInstall: 'install-a',
    presenterName: '王',
    startedAt: 1,
  };

  it('lists choices per kind', () => {
    expect(focusChoices('town', sources)).toEqual([
      { id: '510121100', label: '城厢镇' },
    ]);
    expect(focusChoices('layout', sources).map((choice) => choice.id)).toEqual([
      'overview',
      'opinion',
    ]);
  });

  it('builds a focus with its label', () => {
    expect(buildFocus('incident', 'inc-1', sources)).toEqual({
      kind: 'incident',
      id: 'inc-1',
      label: '城关镇积水',
    });
    expect(buildFocus('incident', 'nope', sources)).toBeNull();
  });

  it('tells who presents', () => {
    expect(presenterRole(null, 'install-a')).toBe('idle');
    expect(presenterRole(active, 'install-a')).toBe('mine');
    expect(presenterRole(active, 'install-b')).toBe('other');
    expect(presenterRole(active, null)).toBe('other');
  });

  it('picks the command per role', () => {
    const focus = { kind: 'town', id: 't', label: 'T' } as const;

    expect(focusCommand('idle', focus, ' 王 ')).toEqual({
      name: 'hall.present-start',
      payload: { focus, presenterName: '王' },
    });
    expect(focusCommand('mine', focus, '')).toEqual({
      name: 'hall.present-focus',
      payload: { focus },
    });
    expect(focusCommand('other', focus, '')).toEqual({
      name: 'hall.present-start',
      payload: { focus, takeOver: true },
    });
    expect(endCommand('mine')).toEqual({
      name: 'hall.present-end',
      payload: {},
    });
    expect(endCommand('other')).toEqual({
      name: 'hall.present-end',
      payload: { takeOver: true },
    });
  });
});

describe('walls view helpers', () => {
  it('lists configured walls first', () => {
    const state = (wall: string) => ({
      wall,
      layoutId: null,
      playlist: null,
      paused: false,
      updatedAt: 0,
    });

    expect(
      knownWalls(
        ['wall-2', 'wall-1'],
        [state('wall-9'), state('wall-1'), state('wall-3')],
      ),
    ).toEqual(['wall-2', 'wall-1', 'wall-3', 'wall-9']);
  });

  it('avoids a taken layout id', () => {
    const now = 1_000_000;
    const taken = [{ ...layouts[0]!, id: `layout-${now.toString(36)}` }];

    expect(newLayoutId(now, taken)).toBe(`layout-${now.toString(36)}-2`);
  });
});
