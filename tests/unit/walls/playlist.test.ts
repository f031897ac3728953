import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alertsHoldRotation,
  nextPlaylistState,
  Playlist,
  shanghaiMinuteOfDay,
  startPlaylist,
  type PlaylistEvent,
  type PlaylistStep,
} from '../../../src-shared/walls/index.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** Instant of a Shanghai wall-clock time on 2026-12-04 (UTC+8). */
function shanghai(hours: number, minutes = 0, seconds = 0): number {
  return Date.UTC(2026, 11, 4, hours - 8, minutes, seconds);
}

function playlistOf(input: unknown): Playlist {
  return Playlist.parse(input);
}

const rotating = playlistOf({
  id: 'main',
  name: 'Main',
  entries: [
    { layoutId: 'a', dwellSeconds: 60 },
    { layoutId: 'b', dwellSeconds: 30 },
    { layoutId: 'c', dwellSeconds: 10 },
  ],
});

/** Feeds events in order, each at its own instant, and returns every step. */
function run(
  start: PlaylistStep,
  events: readonly [PlaylistEvent, number][],
): PlaylistStep[] {
  const steps: PlaylistStep[] = [];
  let current = start;
  for (const [event, at] of events) {
    current = nextPlaylistState(current.state, event, at);
    steps.push(current);
  }
  return steps;
}

const tick: PlaylistEvent = { type: 'tick' };
const savedTz = process.env.TZ;

beforeAll(() => {
  // The rules must follow Asia/Shanghai whatever zone the machine runs in.
  process.env.TZ = 'America/Los_Angeles';
});

afterAll(() => {
  process.env.TZ = savedTz;
});

describe('playlist rotation', () => {
  const t0 = shanghai(10);

  it('starts at the first entry with its dwell as deadline', () => {
    const step = startPlaylist(rotating, t0);
    expect(step.layoutId).toBe('a');
    expect(step.changed).toBe(true);
    expect(step.deadline).toBe(t0 + 60 * SECOND);
  });

  it('rotates at each deadline and wraps around', () => {
    const start = startPlaylist(rotating, t0);
    const steps = run(start, [
      [tick, t0 + 60 * SECOND],
      [tick, t0 + 90 * SECOND],
      [tick, t0 + 100 * SECOND],
    ]);

    expect(steps.map((step) => step.layoutId)).toEqual(['b', 'c', 'a']);
    expect(steps.map((step) => step.changed)).toEqual([true, true, true]);
    expect(steps.map((step) => step.deadline)).toEqual([
      t0 + 90 * SECOND,
      t0 + 100 * SECOND,
      t0 + 160 * SECOND,
    ]);
  });

  it('ignores a tick before the deadline', () => {
    const start = startPlaylist(rotating, t0);
    const early = nextPlaylistState(start.state, tick, t0 + 59 * SECOND);
    expect(early.layoutId).toBe('a');
    expect(early.changed).toBe(false);
    expect(early.deadline).toBe(t0 + 60 * SECOND);
  });

  it('keeps a single entry for another dwell', () => {
    const single = playlistOf({
      id: 'one',
      name: 'One',
      entries: [{ layoutId: 'only', dwellSeconds: 20 }],
    });
    const start = startPlaylist(single, t0);
    const next = nextPlaylistState(start.state, tick, t0 + 20 * SECOND);
    expect(next.layoutId).toBe('only');
    expect(next.changed).toBe(false);
    expect(next.deadline).toBe(t0 + 40 * SECOND);
  });

  it('rejects a dwell below the minimum', () => {
    const result = Playlist.safeParse({
      id: 'p',
      name: 'P',
      entries: [{ layoutId: 'a', dwellSeconds: 1 }],
    });
    expect(result.success).toBe(false);
  });
});

describe('playlist pause', () => {
  const t0 = shanghai(10);

  it('stays put until resumed, then restarts the dwell', () => {
    const start = startPlaylist(rotating, t0);
    const steps = run(start, [
      [{ type: 'pause' }, t0 + 10 * SECOND],
      [tick, t0 + 120 * SECOND],
      [{ type: 'resume' }, t0 + 200 * SECOND],
      [tick, t0 + 259 * SECOND],
      [tick, t0 + 260 * SECOND],
    ]);

    expect(steps.map((step) => step.layoutId)).toEqual([
      'a',
      'a',
      'a',
      'a',
      'b',
    ]);
    expect(steps[0]?.deadline).toBeNull();
    expect(steps[1]?.deadline).toBeNull();
    expect(steps[2]?.deadline).toBe(t0 + 260 * SECOND);
  });

  it('resumes by itself after the given time', () => {
    const start = startPlaylist(rotating, t0);
    const steps = run(start, [
      [{ type: 'pause', resumeAfterMs: 90 * SECOND }, t0 + 10 * SECOND],
      [tick, t0 + 99 * SECOND],
      [tick, t0 + 100 * SECOND],
    ]);

    expect(steps[0]?.deadline).toBe(t0 + 100 * SECOND);
    expect(steps[1]?.state.pause).not.toBeNull();
    expect(steps[2]?.state.pause).toBeNull();
    expect(steps[2]?.layoutId).toBe('a');
    expect(steps[2]?.deadline).toBe(t0 + 160 * SECOND);
  });

  it('ignores a resume when not paused', () => {
    const start = startPlaylist(rotating, t0);
    const step = nextPlaylistState(start.state, { type: 'resume' }, t0 + 5);
    expect(step.state).toBe(start.state);
  });

  it('rejects a non-positive auto-resume time', () => {
    const start = startPlaylist(rotating, t0);
    expect(() =>
      nextPlaylistState(start.state, { type: 'pause', resumeAfterMs: 0 }, t0),
    ).toThrow(RangeError);
  });
});

describe('playlist hold by a serious alert', () => {
  const t0 = shanghai(10);

  it('never rotates away while held, whatever the events', () => {
    const windowed = playlistOf({
      id: 'w',
      name: 'Windowed',
      entries: [
        {
          layoutId: 'a',
          dwellSeconds: 60,
          windows: [{ from: '09:00', to: '11:00' }],
        },
        { layoutId: 'b', dwellSeconds: 60 },
      ],
    });
    const held = nextPlaylistState(
      startPlaylist(windowed, t0).state,
      { type: 'hold-on' },
      t0 + SECOND,
    );
    expect(held.deadline).toBeNull();

    const events: [PlaylistEvent, number][] = [];
    // Ticks every 10 minutes for three hours, past the end of a's window at 11:00.
    for (let index = 1; index <= 18; index += 1) {
      events.push([tick, t0 + index * 10 * MINUTE]);
    }
    events.push([{ type: 'pause' }, t0 + 181 * MINUTE]);
    events.push([{ type: 'resume' }, t0 + 182 * MINUTE]);
    events.push([
      {
        type: 'playlist-changed',
        playlist: playlistOf({
          id: 'w',
          name: 'Without a',
          entries: [{ layoutId: 'b', dwellSeconds: 60 }],
        }),
      },
      t0 + 183 * MINUTE,
    ]);
    events.push([tick, t0 + 184 * MINUTE]);

    const steps = run(held, events);

    for (const step of steps) {
      expect(step.layoutId).toBe('a');
      expect(step.changed).toBe(false);
      expect(step.deadline).toBeNull();
    }
  });

  it('restarts the dwell on hold-off', () => {
    const start = startPlaylist(rotating, t0);
    const steps = run(start, [
      [{ type: 'hold-on' }, t0 + 50 * SECOND],
      [tick, t0 + 300 * SECOND],
      [{ type: 'hold-off' }, t0 + 400 * SECOND],
      [tick, t0 + 459 * SECOND],
      [tick, t0 + 460 * SECOND],
    ]);

    expect(steps.map((step) => step.layoutId)).toEqual([
      'a',
      'a',
      'a',
      'a',
      'b',
    ]);
    expect(steps[2]?.deadline).toBe(t0 + 460 * SECOND);
  });

  it('moves on at hold-off when the held layout left the playlist', () => {
    const start = startPlaylist(rotating, t0);
    const steps = run(start, [
      [{ type: 'hold-on' }, t0 + SECOND],
      [
        {
          type: 'playlist-changed',
          playlist: playlistOf({
            id: 'main',
            name: 'Main',
            entries: [
              { layoutId: 'c', dwellSeconds: 10 },
              { layoutId: 'b', dwellSeconds: 30 },
            ],
          }),
        },
        t0 + 2 * SECOND,
      ],
      [{ type: 'hold-off' }, t0 + 3 * SECOND],
    ]);

    expect(steps[1]?.layoutId).toBe('a');
    expect(steps[1]?.state.entryIndex).toBeNull();
    expect(steps[2]?.layoutId).toBe('c');
    expect(steps[2]?.changed).toBe(true);
  });

  it('stays held through an auto-resume', () => {
    const start = startPlaylist(rotating, t0);
    const steps = run(start, [
      [{ type: 'pause', resumeAfterMs: 10 * SECOND }, t0 + SECOND],
      [{ type: 'hold-on' }, t0 + 2 * SECOND],
      [tick, t0 + 11 * SECOND],
      [tick, t0 + 500 * SECOND],
    ]);

    expect(steps[1]?.deadline).toBe(t0 + 11 * SECOND);
    expect(steps[2]?.state.pause).toBeNull();
    expect(steps[2]?.deadline).toBeNull();
    expect(steps[3]?.layoutId).toBe('a');
  });

  it('holds for unacknowledged level 1 and 2 alerts only', () => {
    expect(alertsHoldRotation([{ level: 1, status: 'new' }])).toBe(true);
    expect(alertsHoldRotation([{ level: 2, status: 'new' }])).toBe(true);
    expect(alertsHoldRotation([{ level: 2, status: 'acknowledged' }])).toBe(
      false,
    );
    expect(alertsHoldRotation([{ level: 1, status: 'closed' }])).toBe(false);
    expect(alertsHoldRotation([{ level: 3, status: 'new' }])).toBe(false);
    expect(alertsHoldRotation([{ level: null, status: 'new' }])).toBe(false);
    expect(alertsHoldRotation([])).toBe(false);
  });
});

describe('playlist time windows in Asia/Shanghai', () => {
  const dayNight = playlistOf({
    id: 'dn',
    name: 'Day and night',
    entries: [
      {
        layoutId: 'day',
        dwellSeconds: 60,
        windows: [{ from: '08:00', to: '20:00' }],
      },
      {
        layoutId: 'night',
        dwellSeconds: 60,
        windows: [{ from: '20:00', to: '08:00' }],
      },
    ],
  });

  it('reads the time of day in Shanghai whatever TZ says', () => {
    const formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    for (const instant of [
      shanghai(0, 5),
      shanghai(13, 37),
      shanghai(23, 59),
    ]) {
      const [hours, minutes] = formatter.format(instant).split(':').map(Number);
      expect(shanghaiMinuteOfDay(instant)).toBe(
        (hours ?? 0) * 60 + (minutes ?? 0),
      );
    }
  });

  it('picks the entry whose window is open', () => {
    expect(startPlaylist(dayNight, shanghai(9)).layoutId).toBe('day');
    expect(startPlaylist(dayNight, shanghai(21)).layoutId).toBe('night');
    expect(startPlaylist(dayNight, shanghai(3)).layoutId).toBe('night');
  });

  it('changes at the window boundary before the dwell ends', () => {
    const start = startPlaylist(dayNight, shanghai(19, 59, 30));
    expect(start.layoutId).toBe('day');
    expect(start.deadline).toBe(shanghai(20));

    const next = nextPlaylistState(start.state, tick, shanghai(20));
    expect(next.layoutId).toBe('night');
    expect(next.deadline).toBe(shanghai(20, 1));
  });

  it('shows the default layout while no window is open', () => {
    const briefing = playlistOf({
      id: 'b',
      name: 'Briefing',
      entries: [
        {
          layoutId: 'briefing',
          dwellSeconds: 60,
          windows: [{ from: '09:00', to: '10:00' }],
        },
      ],
      defaultLayoutId: 'idle',
    });

    const start = startPlaylist(briefing, shanghai(8));
    expect(start.layoutId).toBe('idle');
    expect(start.state.entryIndex).toBeNull();
    expect(start.deadline).toBe(shanghai(9));

    const steps = run(start, [
      [tick, shanghai(9)],
      [tick, shanghai(9, 1)],
      [tick, shanghai(10)],
    ]);
    expect(steps.map((step) => step.layoutId)).toEqual([
      'briefing',
      'briefing',
      'idle',
    ]);
    expect(steps[2]?.deadline).toBe(shanghai(9) + 24 * 60 * MINUTE);
  });

  it('keeps last layout without default', () => {
    const briefing = playlistOf({
      id: 'b',
      name: 'Briefing',
      entries: [
        {
          layoutId: 'briefing',
          dwellSeconds: 60,
          windows: [{ from: '09:00', to: '10:00' }],
        },
      ],
    });
    const start = startPlaylist(briefing, shanghai(9, 30));
    const after = nextPlaylistState(start.state, tick, shanghai(10));
    expect(after.layoutId).toBe('briefing');
    expect(after.state.entryIndex).toBeNull();
    expect(after.changed).toBe(false);
  });

  it('rejects a window whose ends are equal', () => {
    const result = Playlist.safeParse({
      id: 'p',
      name: 'P',
      entries: [
        {
          layoutId: 'a',
          dwellSeconds: 10,
          windows: [{ from: '09:00', to: '09:00' }],
        },
      ],
    });
    expect(result.success).toBe(false);
  });
});

describe('playlist change', () => {
  const t0 = shanghai(10);

  it('keeps the current layout and the dwell already spent', () => {
    const start = startPlaylist(rotating, t0);
    const changed = nextPlaylistState(
      start.state,
      {
        type: 'playlist-changed',
        playlist: playlistOf({
          id: 'main',
          name: 'Main',
          entries: [
            { layoutId: 'b', dwellSeconds: 30 },
            { layoutId: 'a', dwellSeconds: 120 },
          ],
        }),
      },
      t0 + 30 * SECOND,
    );

    expect(changed.layoutId).toBe('a');
    expect(changed.changed).toBe(false);
    expect(changed.state.entryIndex).toBe(1);
    expect(changed.deadline).toBe(t0 + 120 * SECOND);
  });

  it('rotates at once when the current layout is gone', () => {
    const start = startPlaylist(rotating, t0);
    const changed = nextPlaylistState(
      start.state,
      {
        type: 'playlist-changed',
        playlist: playlistOf({
          id: 'main',
          name: 'Main',
          entries: [{ layoutId: 'z', dwellSeconds: 30 }],
        }),
      },
      t0 + 30 * SECOND,
    );

    expect(changed.layoutId).toBe('z');
    expect(changed.changed).toBe(true);
    expect(changed.deadline).toBe(t0 + 60 * SECOND);
  });
});
