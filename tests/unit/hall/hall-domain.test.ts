import { beforeEach, describe, expect, it } from 'vitest';
import { createHallDomain } from '../../../src-central/domains/hall/index.js';
import type {
  CommandActor,
  DomainOutcome,
} from '../../../src-central/domains/types.js';
import { DEFAULT_LAYOUT } from '../../../src-central/domains/hall/seed.js';
import { RECORD_STREAMS } from '../../../src-shared/contract/index.js';
import {
  HALL_COLLECTIONS,
  HALL_COMMANDS,
  PRESENTER_RECORD_ID,
  PresenterRecord,
  validateLayout,
  WallStateRecord,
  type PanelLayout,
  type Playlist,
} from '../../../src-shared/walls/index.js';
import {
  createMemoryContext,
  runCommand,
  type MemoryContext,
} from './memory-context.js';

const leader: CommandActor = { installId: 'install-a', operatorId: 'wang' };
const other: CommandActor = { installId: 'install-b', operatorId: 'li' };

const overview: PanelLayout = {
  id: 'overview',
  name: '全县总览',
  columns: 4,
  rows: 3,
  panels: [
    { panel: 'county-map', x: 0, y: 0, w: 2, h: 3 },
    { panel: 'alerts-by-level', x: 2, y: 0, w: 2, h: 1 },
    { panel: 'alerts-trend', x: 2, y: 1, w: 2, h: 2 },
  ],
};
const opinion: PanelLayout = {
  id: 'opinion',
  name: '舆情',
  columns: 2,
  rows: 2,
  panels: [{ panel: 'opinion-latest', x: 0, y: 0, w: 2, h: 2 }],
};

const incidentFocus = {
  kind: 'incident',
  id: 'inc-42',
  label: '城关镇积水',
} as const;

let context: MemoryContext;
const domain = createHallDomain();

function run(
  actor: CommandActor,
  name: string,
  payload: unknown,
): DomainOutcome {
  return runCommand(domain, context, actor, name, payload);
}

function presenter(): PresenterRecord {
  const stored = context.get(HALL_COLLECTIONS.presenter, PRESENTER_RECORD_ID);
  return PresenterRecord.parse(stored?.data);
}

function wallState(wall: string): WallStateRecord {
  return WallStateRecord.parse(
    context.get(HALL_COLLECTIONS.wallState, wall)?.data,
  );
}

function rejectionCode(outcome: DomainOutcome): string | null {
  return outcome.outcome === 'rejected' ? outcome.error.code : null;
}

function rejectionMessage(outcome: DomainOutcome): string {
  return outcome.outcome === 'rejected' ? outcome.error.message : '';
}

function playlistOf(...layoutIds: string[]): Playlist {
  return {
    id: 'day',
    name: '白天轮播',
    entries: layoutIds.map((layoutId) => ({
      layoutId,
      dwellSeconds: 60,
      windows: [],
    })),
    defaultLayoutId: null,
  };
}

beforeEach(() => {
  context = createMemoryContext();
});

describe('hall domain shape', () => {
  it('publishes on the hall stream', () => {
    expect(domain.stream).toBe(RECORD_STREAMS.hall);
  });

  it('handles every hall command', () => {
    expect(Object.keys(domain.commands).sort()).toEqual(
      Object.values(HALL_COMMANDS).sort(),
    );
  });
});

describe('presenter mode', () => {
  it('starts with the actor as presenter', () => {
    const outcome = run(leader, 'hall.present-start', {
      focus: incidentFocus,
      presenterName: '王主任',
    });

    expect(outcome.outcome).toBe('applied');
    const record = presenter();
    expect(record.active).toBe(true);
    expect(record.focus).toEqual(incidentFocus);
    expect(record.presenterInstall).toBe('install-a');
    expect(record.presenterName).toBe('王主任');
    expect(record.startedAt).toBe(context.now());
  });

  it('names the operator when no name is sent', () => {
    run(leader, 'hall.present-start', { focus: incidentFocus });

    expect(presenter().presenterName).toBe('wang');
  });

  it('changes focus for the presenter', () => {
    run(leader, 'hall.present-start', { focus: incidentFocus });
    const townFocus = { kind: 'town', id: '510121100', label: '城厢镇' };

    const outcome = run(leader, 'hall.present-focus', { focus: townFocus });

    expect(outcome.outcome).toBe('applied');
    expect(presenter().focus).toEqual(townFocus);
  });

  it('rejects another install without takeOver', () => {
    run(leader, 'hall.present-start', {
      focus: incidentFocus,
      presenterName: '王主任',
    });

    const start = run(other, 'hall.present-start', { focus: incidentFocus });
    const focus = run(other, 'hall.present-focus', { focus: incidentFocus });
    const end = run(other, 'hall.present-end', {});

    expect(rejectionCode(start)).toBe('not-presenter');
    expect(rejectionMessage(start)).toContain('王主任');
    expect(rejectionMessage(start)).toContain('takeOver');
    expect(rejectionCode(focus)).toBe('not-presenter');
    expect(rejectionCode(end)).toBe('not-presenter');
    expect(presenter().presenterInstall).toBe('install-a');
  });

  it('lets another install take over', () => {
    context.setNow(1_000);
    run(leader, 'hall.present-start', { focus: incidentFocus });
    context.setNow(5_000);

    const outcome = run(other, 'hall.present-start', {
      focus: { kind: 'town', id: 't1', label: '城厢镇' },
      takeOver: true,
    });

    expect(outcome).toEqual({
      outcome: 'applied',
      result: { version: 2, tookOver: true },
    });
    expect(presenter().presenterInstall).toBe('install-b');
    expect(presenter().startedAt).toBe(1_000);
  });

  it('rejects focus and end while idle', () => {
    expect(
      rejectionCode(
        run(leader, 'hall.present-focus', { focus: incidentFocus }),
      ),
    ).toBe('not-presenting');
    expect(rejectionCode(run(leader, 'hall.present-end', {}))).toBe(
      'not-presenting',
    );
    expect(context.events).toHaveLength(0);
  });

  it('rejects a layout focus that is not saved', () => {
    const outcome = run(leader, 'hall.present-start', {
      focus: { kind: 'layout', id: 'missing', label: '未保存' },
    });

    expect(rejectionCode(outcome)).toBe('layout-not-found');
    expect(rejectionMessage(outcome)).toContain('"missing"');
  });

  it('accepts a saved layout as focus', () => {
    run(leader, 'hall.layout-save', { layout: overview });

    const outcome = run(leader, 'hall.present-start', {
      focus: { kind: 'layout', id: 'overview', label: overview.name },
    });

    expect(outcome.outcome).toBe('applied');
  });

  it('rejects a malformed focus', () => {
    const outcome = run(leader, 'hall.present-start', {
      focus: { kind: 'village', id: 'x', label: 'x' },
    });

    expect(rejectionCode(outcome)).toBe('invalid-payload');
    expect(rejectionMessage(outcome)).toContain('focus.kind');
  });

  it('ends and goes idle', () => {
    run(leader, 'hall.present-start', { focus: incidentFocus });

    const outcome = run(leader, 'hall.present-end', {});

    expect(outcome.outcome).toBe('applied');
    expect(presenter()).toEqual({
      active: false,
      focus: null,
      presenterInstall: null,
      presenterName: null,
      startedAt: null,
    });
  });

  it('restores wall layouts at the end', () => {
    run(leader, 'hall.layout-save', { layout: overview });
    run(leader, 'hall.layout-save', { layout: opinion });
    run(leader, 'hall.wall-show', { wall: 'wall-1', layoutId: 'overview' });
    run(leader, 'hall.wall-show', { wall: 'wall-2', layoutId: 'opinion' });
    run(leader, 'hall.present-start', { focus: incidentFocus });
    expect(presenter().previousLayouts).toEqual({
      'wall-1': 'overview',
      'wall-2': 'opinion',
    });
    run(leader, 'hall.wall-show', { wall: 'wall-1', layoutId: 'opinion' });

    const outcome = run(leader, 'hall.present-end', {});

    expect(outcome).toEqual({
      outcome: 'applied',
      result: { version: 2, restoredWalls: ['wall-1'] },
    });
    expect(wallState('wall-1').layoutId).toBe('overview');
    expect(wallState('wall-2').layoutId).toBe('opinion');
  });

  it('keeps previous layouts across take-over', () => {
    run(leader, 'hall.layout-save', { layout: overview });
    run(leader, 'hall.wall-show', { wall: 'wall-1', layoutId: 'overview' });
    run(leader, 'hall.present-start', { focus: incidentFocus });
    run(leader, 'hall.layout-save', { layout: opinion });
    run(leader, 'hall.wall-show', { wall: 'wall-1', layoutId: 'opinion' });

    run(other, 'hall.present-start', { focus: incidentFocus, takeOver: true });

    expect(presenter().previousLayouts).toEqual({ 'wall-1': 'overview' });
  });
});

describe('layouts', () => {
  it('saves a valid layout', () => {
    const outcome = run(leader, 'hall.layout-save', { layout: overview });

    expect(outcome).toEqual({
      outcome: 'applied',
      result: { layoutId: 'overview', version: 1 },
    });
    expect(context.get(HALL_COLLECTIONS.layout, 'overview')?.data).toEqual(
      overview,
    );
  });

  it('bumps the version on each save', () => {
    run(leader, 'hall.layout-save', { layout: overview });
    run(leader, 'hall.layout-save', {
      layout: { ...overview, name: '总览二' },
    });

    const stored = context.get(HALL_COLLECTIONS.layout, 'overview');
    expect(stored?.version).toBe(2);
    expect(stored?.data.name).toBe('总览二');
    expect(context.events.map((event) => event.version)).toEqual([1, 2]);
  });

  it('lists every problem of an invalid layout', () => {
    const broken = {
      ...overview,
      panels: [
        ...overview.panels,
        { panel: 'weather', x: 0, y: 0, w: 1, h: 1 },
        { panel: 'alerts-latest', x: 3, y: 0, w: 2, h: 1 },
      ],
    };

    const outcome = run(leader, 'hall.layout-save', { layout: broken });

    expect(rejectionCode(outcome)).toBe('invalid-layout');
    const message = rejectionMessage(outcome);
    expect(message).toContain('panels.3.panel: Unknown panel id "weather"');
    expect(message).toContain('panels.4.x');
    expect(message).toContain('overlaps');
    expect(context.get(HALL_COLLECTIONS.layout, 'overview')).toBeNull();
  });

  it('rejects a layout of the wrong shape', () => {
    const outcome = run(leader, 'hall.layout-save', {
      layout: { id: 'x', name: 'x', columns: 0, rows: 2, panels: [] },
    });

    expect(rejectionCode(outcome)).toBe('invalid-layout');
    expect(rejectionMessage(outcome)).toContain('columns');
  });

  it('deletes an unused layout', () => {
    run(leader, 'hall.layout-save', { layout: overview });

    const outcome = run(leader, 'hall.layout-delete', { layoutId: 'overview' });

    expect(outcome.outcome).toBe('applied');
    expect(context.get(HALL_COLLECTIONS.layout, 'overview')).toBeNull();
    expect(context.events.at(-1)).toMatchObject({
      kind: 'record.remove',
      id: 'overview',
      version: 2,
    });
  });

  it('rejects deleting an unknown layout', () => {
    const outcome = run(leader, 'hall.layout-delete', { layoutId: 'nope' });

    expect(rejectionCode(outcome)).toBe('layout-not-found');
  });

  it('rejects deleting a layout a wall shows', () => {
    run(leader, 'hall.layout-save', { layout: overview });
    run(leader, 'hall.wall-show', { wall: 'wall-1', layoutId: 'overview' });

    const outcome = run(leader, 'hall.layout-delete', { layoutId: 'overview' });

    expect(rejectionCode(outcome)).toBe('layout-in-use');
    expect(rejectionMessage(outcome)).toContain('wall "wall-1" (shown now)');
  });

  it('rejects deleting a playlist layout', () => {
    run(leader, 'hall.layout-save', { layout: overview });
    run(leader, 'hall.layout-save', { layout: opinion });
    run(leader, 'hall.playlist-save', {
      wall: 'wall-2',
      playlist: playlistOf('overview', 'opinion'),
    });

    const outcome = run(leader, 'hall.layout-delete', { layoutId: 'opinion' });

    expect(rejectionCode(outcome)).toBe('layout-in-use');
    expect(rejectionMessage(outcome)).toContain('playlist "day"');
  });

  it('rejects deleting the presenter focus', () => {
    run(leader, 'hall.layout-save', { layout: overview });
    run(leader, 'hall.present-start', {
      focus: { kind: 'layout', id: 'overview', label: overview.name },
    });

    const outcome = run(leader, 'hall.layout-delete', { layoutId: 'overview' });

    expect(rejectionCode(outcome)).toBe('layout-in-use');
    expect(rejectionMessage(outcome)).toContain('presenter focus');
  });
});

describe('wall state', () => {
  it('pauses a wall never seen before', () => {
    context.setNow(7_000);

    const outcome = run(leader, 'hall.playlist-pause', {
      wall: 'wall-3',
      paused: true,
    });

    expect(outcome.outcome).toBe('applied');
    expect(wallState('wall-3')).toEqual({
      wall: 'wall-3',
      layoutId: null,
      playlist: null,
      paused: true,
      updatedAt: 7_000,
    });
  });

  it('resumes a paused wall', () => {
    run(leader, 'hall.playlist-pause', { wall: 'wall-1', paused: true });

    run(other, 'hall.playlist-pause', { wall: 'wall-1', paused: false });

    expect(wallState('wall-1').paused).toBe(false);
    expect(context.get(HALL_COLLECTIONS.wallState, 'wall-1')?.version).toBe(2);
  });

  it('rejects a blank wall name', () => {
    const outcome = run(leader, 'hall.playlist-pause', {
      wall: '  ',
      paused: true,
    });

    expect(rejectionCode(outcome)).toBe('invalid-payload');
  });

  it('saves a playlist of saved layouts', () => {
    run(leader, 'hall.layout-save', { layout: overview });
    run(leader, 'hall.layout-save', { layout: opinion });

    const outcome = run(leader, 'hall.playlist-save', {
      wall: 'wall-1',
      playlist: playlistOf('opinion', 'overview'),
    });

    expect(outcome.outcome).toBe('applied');
    expect(wallState('wall-1').playlist?.entries).toHaveLength(2);
    expect(wallState('wall-1').layoutId).toBe('opinion');
  });

  it('rejects a playlist naming unsaved layouts', () => {
    run(leader, 'hall.layout-save', { layout: overview });

    const outcome = run(leader, 'hall.playlist-save', {
      wall: 'wall-1',
      playlist: playlistOf('overview', 'ghost'),
    });

    expect(rejectionCode(outcome)).toBe('layout-not-found');
    expect(rejectionMessage(outcome)).toContain('ghost');
  });

  it('rejects a playlist with a short dwell', () => {
    run(leader, 'hall.layout-save', { layout: overview });
    const playlist = playlistOf('overview');
    const tooShort = {
      ...playlist,
      entries: [{ layoutId: 'overview', dwellSeconds: 1 }],
    };

    const outcome = run(leader, 'hall.playlist-save', {
      wall: 'wall-1',
      playlist: tooShort,
    });

    expect(rejectionCode(outcome)).toBe('invalid-payload');
    expect(rejectionMessage(outcome)).toContain('dwellSeconds');
  });

  it('rejects showing an unsaved layout', () => {
    const outcome = run(leader, 'hall.wall-show', {
      wall: 'wall-1',
      layoutId: 'ghost',
    });

    expect(rejectionCode(outcome)).toBe('layout-not-found');
    expect(context.get(HALL_COLLECTIONS.wallState, 'wall-1')).toBeNull();
  });
});

describe('hall start', () => {
  const options = { seed: 1, speed: 1, scenario: 'none' };

  it('seeds a valid default layout', () => {
    const stop = domain.start?.(context, options);

    const stored = context.get(HALL_COLLECTIONS.layout, DEFAULT_LAYOUT.id);
    expect(stored?.data).toEqual(DEFAULT_LAYOUT);
    expect(validateLayout(DEFAULT_LAYOUT)).toEqual([]);
    stop?.();
  });

  it('keeps layouts already saved', () => {
    run(leader, 'hall.layout-save', { layout: overview });

    domain.start?.(context, options)();

    expect(
      context.list(HALL_COLLECTIONS.layout).map((record) => record.id),
    ).toEqual(['overview']);
  });
});
