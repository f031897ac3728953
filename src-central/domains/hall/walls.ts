// Layout and wall commands: saving and deleting shared layouts, a wall's layout and playlist, and
// the operator's pause of a wall's rotation.
import {
  HALL_COLLECTIONS,
  LayoutDeletePayload,
  LayoutSavePayload,
  parseHallLayout,
  PlaylistPausePayload,
  PlaylistSavePayload,
  WallShowPayload,
  type Playlist,
} from '../../../src-shared/walls/index.js';
import type { CommandHandler, DomainContext, DomainOutcome } from '../types.js';
import { applied, parsePayload, rejected } from './outcomes.js';
import {
  blankWallState,
  readPresenter,
  readWallState,
  readWallStates,
  writeWallState,
} from './state.js';

export const layoutSave: CommandHandler = (context, _actor, payload) => {
  const input = parsePayload(LayoutSavePayload, 'hall.layout-save', payload);
  if (!input.ok) {
    return input.outcome;
  }

  const parsed = parseHallLayout(input.value.layout);
  if (!parsed.ok) {
    return rejected(
      'invalid-layout',
      `Layout not saved, ${parsed.problems.length} problem(s): ${parsed.problems.join(' | ')}`,
    );
  }

  const { layout } = parsed;
  const { version } = context.put(HALL_COLLECTIONS.layout, layout.id, {
    ...layout,
  });
  return applied({ layoutId: layout.id, version });
};

export const layoutDelete: CommandHandler = (context, _actor, payload) => {
  const input = parsePayload(
    LayoutDeletePayload,
    'hall.layout-delete',
    payload,
  );
  if (!input.ok) {
    return input.outcome;
  }
  const { layoutId } = input.value;

  if (context.get(HALL_COLLECTIONS.layout, layoutId) === null) {
    return layoutNotFound(layoutId);
  }
  const users = findLayoutUsers(context, layoutId);
  if (users.length > 0) {
    return rejected(
      'layout-in-use',
      `Layout "${layoutId}" is in use by ${users.join(', ')}; ` +
        'switch those to another layout before deleting it.',
    );
  }

  context.remove(HALL_COLLECTIONS.layout, layoutId);
  return applied({ layoutId });
};

export const playlistPause: CommandHandler = (context, _actor, payload) => {
  const input = parsePayload(
    PlaylistPausePayload,
    'hall.playlist-pause',
    payload,
  );
  if (!input.ok) {
    return input.outcome;
  }
  const { wall, paused } = input.value;

  const now = context.now();
  const state = readWallState(context, wall) ?? blankWallState(wall, now);
  const { version } = writeWallState(context, {
    ...state,
    paused,
    updatedAt: now,
  });
  return applied({ wall, paused, version });
};

export const playlistSave: CommandHandler = (context, _actor, payload) => {
  const input = parsePayload(
    PlaylistSavePayload,
    'hall.playlist-save',
    payload,
  );
  if (!input.ok) {
    return input.outcome;
  }
  const { wall, playlist } = input.value;

  const missing = playlist === null ? [] : missingLayouts(context, playlist);
  if (missing.length > 0) {
    return rejected(
      'layout-not-found',
      `Playlist "${playlist?.id ?? ''}" names layouts that are not saved: ` +
        `${missing.join(', ')}; save them first or remove them from the playlist.`,
    );
  }

  const now = context.now();
  const state = readWallState(context, wall) ?? blankWallState(wall, now);
  const { version } = writeWallState(context, {
    ...state,
    playlist,
    layoutId: state.layoutId ?? playlist?.entries[0]?.layoutId ?? null,
    updatedAt: now,
  });
  return applied({ wall, version });
};

export const wallShow: CommandHandler = (context, _actor, payload) => {
  const input = parsePayload(WallShowPayload, 'hall.wall-show', payload);
  if (!input.ok) {
    return input.outcome;
  }
  const { wall, layoutId } = input.value;

  if (context.get(HALL_COLLECTIONS.layout, layoutId) === null) {
    return layoutNotFound(layoutId);
  }
  const now = context.now();
  const state = readWallState(context, wall) ?? blankWallState(wall, now);
  const { version } = writeWallState(context, {
    ...state,
    layoutId,
    updatedAt: now,
  });
  return applied({ wall, layoutId, version });
};

/** Lists what refers to a layout: the presenter's focus and each wall's layout or playlist. */
function findLayoutUsers(context: DomainContext, layoutId: string): string[] {
  const users: string[] = [];

  const presenter = readPresenter(context);
  if (
    presenter.active &&
    presenter.focus?.kind === 'layout' &&
    presenter.focus.id === layoutId
  ) {
    users.push('the presenter focus');
  }

  for (const state of readWallStates(context)) {
    if (state.layoutId === layoutId) {
      users.push(`wall "${state.wall}" (shown now)`);
    } else if (
      state.playlist !== null &&
      playlistUses(state.playlist, layoutId)
    ) {
      users.push(`wall "${state.wall}" (playlist "${state.playlist.id}")`);
    }
  }
  return users;
}

function playlistUses(playlist: Playlist, layoutId: string): boolean {
  return (
    playlist.defaultLayoutId === layoutId ||
    playlist.entries.some((entry) => entry.layoutId === layoutId)
  );
}

function missingLayouts(context: DomainContext, playlist: Playlist): string[] {
  const ids = new Set(playlist.entries.map((entry) => entry.layoutId));
  if (playlist.defaultLayoutId !== null) {
    ids.add(playlist.defaultLayoutId);
  }
  return [...ids].filter(
    (id) => context.get(HALL_COLLECTIONS.layout, id) === null,
  );
}

function layoutNotFound(layoutId: string): DomainOutcome {
  return rejected(
    'layout-not-found',
    `Layout "${layoutId}" not found; reload the layout list and pick a saved layout.`,
  );
}
