// Building the wall file the editor exports and reading the one it imports. The browser parts
// (Blob download, FileReader) stay in LayoutEditor.vue; these functions take and return text.
import {
  exportWallFile,
  importWallFile,
  type PanelLayout,
  type Playlist,
  type WallFile,
  type WallFileProblem,
  type WallStateRecord,
} from '../../../../src-shared/walls/index.js';

/**
 * Maximum file size in bytes that the import reads. A hall's layouts take a few kB, so a larger
 * file is almost certainly the wrong one.
 */
export const MAX_IMPORT_BYTES = 1_000_000;

/**
 * Builds the file for the saved layouts with the editor's draft in place of
 * its saved version, plus the playlists of the walls. A playlist that names a
 * layout missing from the file is left out, so that the file always imports.
 */
export function buildExport(
  draft: PanelLayout | null,
  saved: readonly PanelLayout[],
  wallStates: readonly WallStateRecord[],
): WallFile {
  const layouts = saved.filter((layout) => layout.id !== draft?.id);
  if (draft !== null) {
    layouts.push(draft);
  }
  layouts.sort((a, b) => a.id.localeCompare(b.id));

  const ids = new Set(layouts.map((layout) => layout.id));
  const playlists = new Map<string, Playlist>();
  for (const state of wallStates) {
    const { playlist } = state;
    if (
      playlist !== null &&
      !playlists.has(playlist.id) &&
      playlistFits(playlist, ids)
    ) {
      playlists.set(playlist.id, playlist);
    }
  }
  return { layouts, playlists: [...playlists.values()] };
}

export function exportText(file: WallFile): string {
  return exportWallFile(file);
}

/** Returns the file name for an export, stamped with the Beijing date so exports sort by day. */
export function exportFileName(now: number): string {
  const beijing = new Date(now + 8 * 3_600_000);
  const day = beijing.toISOString().slice(0, 10);
  return `wall-layouts-${day}.json`;
}

export type ImportOutcome =
  | { ok: true; fileName: string; file: WallFile }
  | { ok: false; fileName: string; lines: string[] };

/** Validates imported text. On failure, each line reads `<JSON path>: <problem>`. */
export function readImport(fileName: string, text: string): ImportOutcome {
  const result = importWallFile(text);
  if (!result.ok) {
    return { ok: false, fileName, lines: result.problems.map(formatProblem) };
  }
  return { ok: true, fileName, file: result.file };
}

export function formatProblem(problem: WallFileProblem): string {
  return `${problem.path}: ${problem.message}`;
}

function playlistFits(playlist: Playlist, ids: ReadonlySet<string>): boolean {
  const named = playlist.entries.map((entry) => entry.layoutId);
  if (playlist.defaultLayoutId !== null) {
    named.push(playlist.defaultLayoutId);
  }
  return named.every((id) => ids.has(id));
}
