// Playlist of a wall: layouts shown in turn, each for a dwell time, optionally only inside
// time-of-day windows in Asia/Shanghai. `nextPlaylistState` is a pure state machine driven by
// the caller's clock, so the wall, the console preview and the tests run the same rules.
//
// Pause and hold both freeze the rotation. When the freeze ends (resume, auto-resume or
// hold-off), the rotation clock restarts. The layout shown during the freeze then gets one full
// dwell before the next change, so leaders who just acknowledged a serious alert still see that
// layout when they look back at the wall.
import { z } from 'zod';
import type { Alert } from '../contract/index.js';
import {
  DAY_MS,
  MINUTE_MS,
  parseLocalTime,
  SHANGHAI_OFFSET_MS,
} from '../roster/time.js';

/** Minimum dwell in seconds. Below it, a panel's data barely loads before the layout changes. */
export const MIN_DWELL_SECONDS = 5;
export const MAX_DWELL_SECONDS = 24 * 60 * 60;

const LOCAL_TIME = z
  .string()
  .regex(
    /^([01]\d|2[0-3]):[0-5]\d$/,
    'Use a 24-hour time HH:mm, 00:00 to 23:59.',
  );

/**
 * Daily window in Asia/Shanghai time, from `from` (included) to `to` (excluded).
 * A window whose `to` is earlier than `from` crosses midnight, such as 22:00-06:00.
 */
export const TimeOfDayWindow = z
  .object({ from: LOCAL_TIME, to: LOCAL_TIME })
  .refine((window) => window.from !== window.to, {
    message:
      'from and to are equal; leave the windows out to show the entry all day.',
    path: ['to'],
  });
export type TimeOfDayWindow = z.infer<typeof TimeOfDayWindow>;

export const PlaylistEntry = z.object({
  layoutId: z.string().min(1),
  dwellSeconds: z.number().int().min(MIN_DWELL_SECONDS).max(MAX_DWELL_SECONDS),
  /** Daily windows of the entry. Empty means all day, otherwise the entry shows only inside one. */
  windows: z.array(TimeOfDayWindow).default([]),
});
export type PlaylistEntry = z.infer<typeof PlaylistEntry>;

export const Playlist = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(100),
  entries: z.array(PlaylistEntry).min(1),
  /**
   * Layout shown while no entry's window is open. When null, the layout shown
   * last stays on the wall.
   */
  defaultLayoutId: z.string().min(1).nullable().default(null),
});
export type Playlist = z.infer<typeof Playlist>;

export interface PlaylistState {
  playlist: Playlist;
  /**
   * Entry shown now. Null while no entry is eligible, and after a playlist change
   * that dropped the layout shown while the rotation was frozen.
   */
  entryIndex: number | null;
  /**
   * Layout on the wall. Null only for a playlist whose entries are all outside their windows at
   * start.
   */
  layoutId: string | null;
  /** Start of the current dwell, in ms since the Unix epoch. */
  dwellStartedAt: number;
  /** Operator pause. A null `resumeAt` means until an explicit resume. */
  pause: { resumeAt: number | null } | null;
  /** Whether an unacknowledged level 1 or 2 alert freezes the rotation. */
  held: boolean;
}

export type PlaylistEvent =
  | { type: 'tick' }
  | { type: 'pause'; resumeAfterMs?: number }
  | { type: 'resume' }
  | { type: 'hold-on' }
  | { type: 'hold-off' }
  | { type: 'playlist-changed'; playlist: Playlist };

export interface PlaylistStep {
  state: PlaylistState;
  /** Layout to show now. */
  layoutId: string | null;
  /** Whether the layout differs from the one before the event. */
  changed: boolean;
  /**
   * Instant at which the caller sends the next `tick`. Null when only an event
   * (resume, hold-off, playlist-changed) can change the layout.
   */
  deadline: number | null;
}

/** Alert levels that freeze a wall's rotation until acknowledged: 一级 and 二级. */
export const HOLDING_ALERT_LEVELS: readonly number[] = [1, 2];

/** Returns whether any alert is level 1 or 2 and still new, which freezes the rotation. */
export function alertsHoldRotation(
  alerts: readonly Pick<Alert, 'level' | 'status'>[],
): boolean {
  return alerts.some(
    (alert) =>
      alert.level !== null &&
      HOLDING_ALERT_LEVELS.includes(alert.level) &&
      alert.status === 'new',
  );
}

/** Starts a playlist at its first entry that is eligible at `now`. */
export function startPlaylist(playlist: Playlist, now: number): PlaylistStep {
  const initial: PlaylistState = {
    playlist,
    entryIndex: null,
    layoutId: null,
    dwellStartedAt: now,
    pause: null,
    held: false,
  };
  return toStep(null, rotate(initial, now, -1), now);
}

/**
 * Applies one event at `now` (ms since the Unix epoch). A `tick` before the
 * deadline changes nothing, so ticking early or twice is harmless. While held
 * the layout never changes, whatever the event, and the playlist's windows and
 * dwell times have no effect.
 */
export function nextPlaylistState(
  state: PlaylistState,
  event: PlaylistEvent,
  now: number,
): PlaylistStep {
  return toStep(state.layoutId, applyEvent(state, event, now), now);
}

function applyEvent(
  state: PlaylistState,
  event: PlaylistEvent,
  now: number,
): PlaylistState {
  switch (event.type) {
    case 'tick':
      return evaluate(autoResume(state, now), now);

    case 'pause':
      return { ...state, pause: { resumeAt: resumeInstant(event, now) } };

    case 'resume':
      if (state.pause === null) {
        return state;
      }
      return restart({ ...state, pause: null }, now);

    case 'hold-on':
      return { ...state, held: true };

    case 'hold-off':
      if (!state.held) {
        return state;
      }
      return restart({ ...state, held: false }, now);

    case 'playlist-changed':
      return evaluate(adoptPlaylist(state, event.playlist), now);
  }
}

function resumeInstant(
  event: { resumeAfterMs?: number },
  now: number,
): number | null {
  if (event.resumeAfterMs === undefined) {
    return null;
  }
  if (!Number.isFinite(event.resumeAfterMs) || event.resumeAfterMs <= 0) {
    throw new RangeError(
      `Pause resumeAfterMs must be a positive number of ms; got ${event.resumeAfterMs}. ` +
        'Leave it out to pause until an explicit resume.',
    );
  }
  return now + event.resumeAfterMs;
}

function autoResume(state: PlaylistState, now: number): PlaylistState {
  const resumeAt = state.pause?.resumeAt ?? null;
  if (resumeAt === null || now < resumeAt) {
    return state;
  }
  return restart({ ...state, pause: null }, now);
}

function isFrozen(state: PlaylistState): boolean {
  return state.held || state.pause !== null;
}

/** Gives the current entry a fresh dwell when it may still show, and otherwise rotates. */
function restart(state: PlaylistState, now: number): PlaylistState {
  if (isFrozen(state)) {
    return state;
  }
  const entry = currentEntry(state);
  if (entry !== null && isEligible(entry, now)) {
    return { ...state, dwellStartedAt: now };
  }
  return evaluate(state, now);
}

/** Rotates when the dwell is over or the current entry's window has closed. */
function evaluate(state: PlaylistState, now: number): PlaylistState {
  if (isFrozen(state)) {
    return state;
  }
  const entry = currentEntry(state);
  if (
    entry !== null &&
    isEligible(entry, now) &&
    now < dwellEnd(state, entry)
  ) {
    return state;
  }
  return rotate(state, now, state.entryIndex ?? -1);
}

/**
 * Moves to the next eligible entry after `from`, wrapping around. The current
 * entry comes last, so a playlist with one eligible entry keeps it for another
 * dwell. With none eligible, the default layout shows, or else the current one stays.
 */
function rotate(
  state: PlaylistState,
  now: number,
  from: number,
): PlaylistState {
  const { entries } = state.playlist;

  for (let step = 1; step <= entries.length; step += 1) {
    const index = (from + step) % entries.length;
    const entry = entries[index];
    if (entry !== undefined && isEligible(entry, now)) {
      return {
        ...state,
        entryIndex: index,
        layoutId: entry.layoutId,
        dwellStartedAt: now,
      };
    }
  }

  return {
    ...state,
    entryIndex: null,
    layoutId: state.playlist.defaultLayoutId ?? state.layoutId,
    dwellStartedAt: now,
  };
}

/**
 * Switches to a new playlist. The layout on the wall keeps its entry when the new playlist still
 * has it, and the time it has already shown counts toward its dwell.
 */
function adoptPlaylist(
  state: PlaylistState,
  playlist: Playlist,
): PlaylistState {
  const sameIndex =
    state.entryIndex !== null &&
    playlist.entries[state.entryIndex]?.layoutId === state.layoutId;
  const index = sameIndex
    ? state.entryIndex
    : playlist.entries.findIndex((entry) => entry.layoutId === state.layoutId);

  return {
    ...state,
    playlist,
    entryIndex: index === null || index < 0 ? null : index,
  };
}

function currentEntry(state: PlaylistState): PlaylistEntry | null {
  if (state.entryIndex === null) {
    return null;
  }
  return state.playlist.entries[state.entryIndex] ?? null;
}

function dwellEnd(state: PlaylistState, entry: PlaylistEntry): number {
  return state.dwellStartedAt + entry.dwellSeconds * 1000;
}

function toStep(
  previousLayoutId: string | null,
  state: PlaylistState,
  now: number,
): PlaylistStep {
  return {
    state,
    layoutId: state.layoutId,
    changed: state.layoutId !== previousLayoutId,
    deadline: nextDeadline(state, now),
  };
}

function nextDeadline(state: PlaylistState, now: number): number | null {
  if (state.pause !== null) {
    return state.pause.resumeAt;
  }
  if (state.held) {
    return null;
  }

  const entry = currentEntry(state);
  if (entry !== null) {
    const boundary = nextWindowBoundary(entry.windows, now);
    const end = dwellEnd(state, entry);
    return boundary === null ? end : Math.min(end, boundary);
  }

  // Nothing is eligible, so the next change can only come when some window opens.
  const boundaries = state.playlist.entries
    .map((candidate) => nextWindowBoundary(candidate.windows, now))
    .filter((instant): instant is number => instant !== null);
  return boundaries.length === 0 ? null : Math.min(...boundaries);
}

/** Returns minutes since Shanghai midnight, using a fixed UTC+8 offset so that TZ plays no part. */
export function shanghaiMinuteOfDay(now: number): number {
  const local = (((now + SHANGHAI_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
  return Math.floor(local / MINUTE_MS);
}

/** Returns whether an entry may show at `now`: it has no windows, or one of them contains `now`. */
export function isEligible(entry: PlaylistEntry, now: number): boolean {
  if (entry.windows.length === 0) {
    return true;
  }
  const minute = shanghaiMinuteOfDay(now);

  return entry.windows.some((window) => {
    const from = parseLocalTime(window.from);
    const to = parseLocalTime(window.to);
    return from < to
      ? minute >= from && minute < to
      : minute >= from || minute < to;
  });
}

/** Returns the first instant after `now` at which any of the windows opens or closes. */
function nextWindowBoundary(
  windows: readonly TimeOfDayWindow[],
  now: number,
): number | null {
  const local = (((now + SHANGHAI_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
  const midnight = now - local;
  let earliest: number | null = null;

  for (const window of windows) {
    for (const time of [window.from, window.to]) {
      let instant = midnight + parseLocalTime(time) * MINUTE_MS;
      if (instant <= now) {
        instant += DAY_MS;
      }
      earliest = earliest === null ? instant : Math.min(earliest, instant);
    }
  }
  return earliest;
}
