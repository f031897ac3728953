// Which layout a wall shows now. The playlist state machine in src-shared/walls/playlist.ts
// already freezes the rotation on an unacknowledged level 1 or 2 alert and honours an operator
// pause; this adds the presenter of a joint consultation on top of it.
//
// Precedence, highest first:
// 1. presenter: a focused layout replaces the wall's layout, and any focus shows the overlay.
//    The rotation is frozen underneath, so it resumes where it was when the consultation ends.
// 2. held: an unacknowledged level 1 or 2 alert keeps the layout on the wall.
// 3. paused: the operator paused the rotation.
// 4. rotation: the playlist rotates; without a playlist the wall keeps its fixed layout.
import {
  nextPlaylistState,
  type PlaylistState,
  type PresenterFocus,
} from '../../../../src-shared/walls/index.js';

export interface WallLayoutInput {
  /** Rotation state from the previous call or from `startPlaylist`; null without a playlist. */
  playlist: PlaylistState | null;
  now: number;
  /** Operator pause of this wall (`hall.wall-state` paused). */
  paused: boolean;
  /** Active presenter focus, or null. */
  presenter: PresenterFocus | null;
  /** Some level 1 or 2 alert is still unacknowledged. */
  unacknowledgedSevereAlert: boolean;
  /** Layout set on the wall (`hall.wall-state` layoutId), shown without a playlist. */
  fixedLayoutId?: string | null;
}

export type WallLayoutReason =
  | 'presenter'
  | 'held'
  | 'paused'
  | 'rotation'
  | 'fixed';

export interface WallLayout {
  /** Layout to show now, or null when none is known. */
  layoutId: string | null;
  reason: WallLayoutReason;
  /** Focus the presenter overlay shows, or null to show no overlay. */
  overlay: PresenterFocus | null;
  /** Rotation state to pass to the next call. */
  playlist: PlaylistState | null;
  /** Instant of the next call needed if nothing else changes; null when only an input change matters. */
  deadline: number | null;
}

export function resolveWallLayout(input: WallLayoutInput): WallLayout {
  const { presenter } = input;
  const rotation = advanceRotation(input);
  const rotatedLayout = rotation?.layoutId ?? input.fixedLayoutId ?? null;

  if (presenter !== null) {
    return {
      layoutId: presenter.kind === 'layout' ? presenter.id : rotatedLayout,
      reason: 'presenter',
      overlay: presenter,
      playlist: rotation?.state ?? null,
      deadline: null,
    };
  }

  const reason: WallLayoutReason =
    rotation === null
      ? 'fixed'
      : input.unacknowledgedSevereAlert
        ? 'held'
        : input.paused
          ? 'paused'
          : 'rotation';
  return {
    layoutId: rotatedLayout,
    reason,
    overlay: null,
    playlist: rotation?.state ?? null,
    deadline: rotation?.deadline ?? null,
  };
}

/**
 * Brings the playlist state in line with the inputs, then ticks. The hold is
 * applied before the tick, so a dwell that ends at the same instant an alert
 * arrives does not rotate away from it.
 */
function advanceRotation(input: WallLayoutInput): {
  state: PlaylistState;
  layoutId: string | null;
  deadline: number | null;
} | null {
  let state = input.playlist;
  if (state === null) {
    return null;
  }
  const { now } = input;

  if (input.unacknowledgedSevereAlert && !state.held) {
    state = nextPlaylistState(state, { type: 'hold-on' }, now).state;
  }
  const frozen = input.paused || input.presenter !== null;
  if (frozen && state.pause === null) {
    state = nextPlaylistState(state, { type: 'pause' }, now).state;
  }
  if (!frozen && state.pause !== null) {
    state = nextPlaylistState(state, { type: 'resume' }, now).state;
  }
  if (!input.unacknowledgedSevereAlert && state.held) {
    state = nextPlaylistState(state, { type: 'hold-off' }, now).state;
  }

  const step = nextPlaylistState(state, { type: 'tick' }, now);
  return {
    state: step.state,
    layoutId: step.layoutId,
    deadline: step.deadline,
  };
}
