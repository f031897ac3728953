import { describe, expect, it } from 'vitest';
import {
  startPlaylist,
  type Playlist,
  type PlaylistState,
  type PresenterFocus,
} from '../../../src-shared/walls/index.js';
import {
  resolveWallLayout,
  type WallLayout,
  type WallLayoutInput,
} from '../../../src-renderer/src/wall/presenter/resolve-layout.js';

const T0 = Date.UTC(2026, 5, 1, 2, 0, 0);
const SECOND = 1_000;

const playlist: Playlist = {
  id: 'day',
  name: '白天',
  entries: [
    { layoutId: 'overview', dwellSeconds: 60, windows: [] },
    { layoutId: 'opinion', dwellSeconds: 60, windows: [] },
    { layoutId: 'points', dwellSeconds: 60, windows: [] },
  ],
  defaultLayoutId: null,
};

const incident: PresenterFocus = {
  kind: 'incident',
  id: 'inc-1',
  label: '城关镇积水',
};
const layoutFocus: PresenterFocus = {
  kind: 'layout',
  id: 'flood',
  label: '防汛',
};

function input(
  state: PlaylistState | null,
  now: number,
  overrides: Partial<WallLayoutInput> = {},
): WallLayoutInput {
  return {
    playlist: state,
    now,
    paused: false,
    presenter: null,
    unacknowledgedSevereAlert: false,
    ...overrides,
  };
}

/** Runs the wall through successive instants, feeding each result's state to the next call. */
function runAt(
  steps: { at: number; overrides?: Partial<WallLayoutInput> }[],
): WallLayout[] {
  let state: PlaylistState | null = startPlaylist(playlist, T0).state;
  const results: WallLayout[] = [];
  for (const step of steps) {
    const result = resolveWallLayout(input(state, step.at, step.overrides));
    state = result.playlist;
    results.push(result);
  }
  return results;
}

describe('resolveWallLayout rotation', () => {
  it('rotates after the dwell', () => {
    const [first, second] = runAt([{ at: T0 }, { at: T0 + 60 * SECOND }]);

    expect(first?.layoutId).toBe('overview');
    expect(first?.reason).toBe('rotation');
    expect(first?.deadline).toBe(T0 + 60 * SECOND);
    expect(second?.layoutId).toBe('opinion');
  });

  it('shows the fixed layout without a playlist', () => {
    const result = resolveWallLayout(
      input(null, T0, { fixedLayoutId: 'overview' }),
    );

    expect(result).toEqual({
      layoutId: 'overview',
      reason: 'fixed',
      overlay: null,
      playlist: null,
      deadline: null,
    });
  });
});

describe('resolveWallLayout hold', () => {
  it('never rotates away from a severe alert', () => {
    const results = runAt([
      { at: T0 + 30 * SECOND, overrides: { unacknowledgedSevereAlert: true } },
      { at: T0 + 60 * SECOND, overrides: { unacknowledgedSevereAlert: true } },
      {
        at: T0 + 3_600 * SECOND,
        overrides: { unacknowledgedSevereAlert: true },
      },
    ]);

    expect(results.map((result) => result.layoutId)).toEqual([
      'overview',
      'overview',
      'overview',
    ]);
    expect(results.map((result) => result.reason)).toEqual([
      'held',
      'held',
      'held',
    ]);
    expect(results[2]?.deadline).toBeNull();
  });

  it('holds when the alert arrives at the deadline', () => {
    const [result] = runAt([
      { at: T0 + 60 * SECOND, overrides: { unacknowledgedSevereAlert: true } },
    ]);

    expect(result?.layoutId).toBe('overview');
  });

  it('gives a full dwell after acknowledgement', () => {
    const [, released, early, next] = runAt([
      { at: T0 + 10 * SECOND, overrides: { unacknowledgedSevereAlert: true } },
      { at: T0 + 500 * SECOND },
      { at: T0 + 559 * SECOND },
      { at: T0 + 560 * SECOND },
    ]);

    expect(released?.layoutId).toBe('overview');
    expect(released?.reason).toBe('rotation');
    expect(early?.layoutId).toBe('overview');
    expect(next?.layoutId).toBe('opinion');
  });

  it('outranks the operator pause', () => {
    const [result] = runAt([
      { at: T0, overrides: { unacknowledgedSevereAlert: true, paused: true } },
    ]);

    expect(result?.reason).toBe('held');
  });
});

describe('resolveWallLayout pause', () => {
  it('stays while paused', () => {
    const [paused, later] = runAt([
      { at: T0 + 5 * SECOND, overrides: { paused: true } },
      { at: T0 + 600 * SECOND, overrides: { paused: true } },
    ]);

    expect(paused?.reason).toBe('paused');
    expect(later?.layoutId).toBe('overview');
    expect(later?.deadline).toBeNull();
  });
});

describe('resolveWallLayout presenter', () => {
  it('overlays an incident focus on the current layout', () => {
    const [result] = runAt([
      { at: T0 + 5 * SECOND, overrides: { presenter: incident } },
    ]);

    expect(result?.reason).toBe('presenter');
    expect(result?.overlay).toEqual(incident);
    expect(result?.layoutId).toBe('overview');
    expect(result?.deadline).toBeNull();
  });

  it('shows a focused layout', () => {
    const [result] = runAt([{ at: T0, overrides: { presenter: layoutFocus } }]);

    expect(result?.layoutId).toBe('flood');
    expect(result?.overlay).toEqual(layoutFocus);
  });

  it('outranks a held alert', () => {
    const [result] = runAt([
      {
        at: T0,
        overrides: { presenter: layoutFocus, unacknowledgedSevereAlert: true },
      },
    ]);

    expect(result?.reason).toBe('presenter');
    expect(result?.layoutId).toBe('flood');
    expect(result?.playlist?.held).toBe(true);
  });

  it('resumes the rotation where it was', () => {
    const results = runAt([
      { at: T0 + 60 * SECOND },
      { at: T0 + 90 * SECOND, overrides: { presenter: layoutFocus } },
      { at: T0 + 900 * SECOND, overrides: { presenter: layoutFocus } },
      { at: T0 + 1_000 * SECOND },
      { at: T0 + 1_059 * SECOND },
      { at: T0 + 1_060 * SECOND },
    ]);

    expect(results.map((result) => result.layoutId)).toEqual([
      'opinion',
      'flood',
      'flood',
      'opinion',
      'opinion',
      'points',
    ]);
    expect(results[3]?.overlay).toBeNull();
    expect(results[3]?.reason).toBe('rotation');
  });

  it('keeps the operator pause after presenting', () => {
    const results = runAt([
      { at: T0, overrides: { presenter: incident, paused: true } },
      { at: T0 + 600 * SECOND, overrides: { paused: true } },
    ]);

    expect(results[1]?.reason).toBe('paused');
    expect(results[1]?.layoutId).toBe('overview');
  });
});
