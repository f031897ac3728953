// Editing a wall's playlist before it is saved: an ordered list of layouts with dwell times.
// The draft may be invalid while the operator types; `toPlaylist` checks it with the shared schema.
import {
  MIN_DWELL_SECONDS,
  Playlist,
  type PanelLayout,
} from '../../../../src-shared/walls/index.js';

export interface PlaylistDraftEntry {
  layoutId: string;
  dwellSeconds: number;
}

export interface PlaylistDraft {
  id: string;
  name: string;
  entries: PlaylistDraftEntry[];
}

/** Default dwell of a new entry: long enough to read a panel, short enough to keep rotating. */
export const DEFAULT_DWELL_SECONDS = 60;

/** Returns the draft of a saved playlist, or an empty one named after the wall. */
export function draftFrom(
  playlist: Playlist | null,
  wall: string,
): PlaylistDraft {
  if (playlist === null) {
    return { id: `${wall}-rotation`, name: wall, entries: [] };
  }
  return {
    id: playlist.id,
    name: playlist.name,
    entries: playlist.entries.map((entry) => ({
      layoutId: entry.layoutId,
      dwellSeconds: entry.dwellSeconds,
    })),
  };
}

export function addEntry(
  draft: PlaylistDraft,
  layoutId: string,
): PlaylistDraft {
  return {
    ...draft,
    entries: [
      ...draft.entries,
      { layoutId, dwellSeconds: DEFAULT_DWELL_SECONDS },
    ],
  };
}

export function removeEntry(
  draft: PlaylistDraft,
  index: number,
): PlaylistDraft {
  return {
    ...draft,
    entries: draft.entries.filter((_, position) => position !== index),
  };
}

/**
 * Swaps an entry with its neighbour, where `offset` is -1 (up) or 1 (down). Out of range does
 * nothing.
 */
export function moveEntry(
  draft: PlaylistDraft,
  index: number,
  offset: -1 | 1,
): PlaylistDraft {
  const target = index + offset;
  const moving = draft.entries[index];
  const other = draft.entries[target];
  if (moving === undefined || other === undefined) {
    return draft;
  }
  const entries = [...draft.entries];
  entries[index] = other;
  entries[target] = moving;
  return { ...draft, entries };
}

export function updateEntry(
  draft: PlaylistDraft,
  index: number,
  change: Partial<PlaylistDraftEntry>,
): PlaylistDraft {
  return {
    ...draft,
    entries: draft.entries.map((entry, position) =>
      position === index ? { ...entry, ...change } : entry,
    ),
  };
}

/**
 * Checks the draft and returns the playlist to save, or the problems as
 * `path: message` lines. Every entry must name a saved layout.
 */
export function toPlaylist(
  draft: PlaylistDraft,
  layouts: readonly PanelLayout[],
): { ok: true; playlist: Playlist } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const known = new Set(layouts.map((layout) => layout.id));

  draft.entries.forEach((entry, index) => {
    if (!known.has(entry.layoutId)) {
      problems.push(
        `entries.${index}.layoutId: Layout "${entry.layoutId}" is not saved; pick a saved layout.`,
      );
    }
  });

  const parsed = Playlist.safeParse({ ...draft, defaultLayoutId: null });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(
        `${issue.path.join('.') || 'playlist'}: ${explain(issue.path, issue.message)}`,
      );
    }
  }

  if (problems.length > 0 || !parsed.success) {
    return { ok: false, problems };
  }
  return { ok: true, playlist: parsed.data };
}

function explain(path: readonly PropertyKey[], message: string): string {
  if (path.at(-1) === 'dwellSeconds') {
    return `${message} (a dwell is a whole number of seconds, at least ${MIN_DWELL_SECONDS}).`;
  }
  if (path.length === 1 && path[0] === 'entries') {
    return `${message} (add at least one layout).`;
  }
  return message;
}
