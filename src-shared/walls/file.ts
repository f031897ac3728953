// Export and import of layouts and playlists as one versioned JSON file, so IT staff can move a
// hall's setup between machines. Import lists every problem with its JSON path, because a file
// edited by hand usually has more than one.
import { z } from 'zod';
import {
  MAX_GRID_SIDE,
  validateLayoutEntries,
  type LayoutEntry,
  type PanelLayout,
} from './layout.js';
import type { PanelId } from './panels.js';
import { Playlist } from './playlist.js';

/** Marks the JSON as a layout file of this console, so an unrelated file is rejected early. */
export const WALL_FILE_FORMAT = 'command-hall-wall-layouts';
export const WALL_FILE_VERSION = 1;

const CellPosition = z.number().int().min(0);
const CellSize = z.number().int().min(1);

const PanelPlacementSchema = z.object({
  // Checked by validateLayout, so an unknown id gets the message that lists the known ones.
  panel: z.string(),
  x: CellPosition,
  y: CellPosition,
  w: CellSize,
  h: CellSize,
});

/**
 * Shape of one layout. The rules between panels (known ids, inside the grid, no
 * overlap) are checked by `validateLayout`, which `importWallFile` runs as well.
 */
export const PanelLayoutSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(100),
  columns: z.number().int().min(1).max(MAX_GRID_SIDE),
  rows: z.number().int().min(1).max(MAX_GRID_SIDE),
  panels: z.array(PanelPlacementSchema),
});

/**
 * Shape of the whole file. Unique ids, layout references and the panel rules are
 * checked by `importWallFile` on the raw JSON, so that one malformed layout does
 * not hide the problems of the others.
 */
export const WallFileSchema = z.object({
  format: z.literal(WALL_FILE_FORMAT),
  version: z.literal(WALL_FILE_VERSION),
  layouts: z.array(PanelLayoutSchema),
  playlists: z.array(Playlist).default([]),
});

export interface WallFile {
  layouts: PanelLayout[];
  playlists: Playlist[];
}

/** Problem of an imported file, at a JSON path such as `$.layouts[0].panels[2].w`. */
export interface WallFileProblem {
  path: string;
  message: string;
}

export type WallFileImport =
  | { ok: true; file: WallFile }
  | { ok: false; problems: WallFileProblem[] };

/** Error thrown by `importWallFileOrThrow`. The message lists every problem, one per line. */
export class WallFileError extends Error {
  constructor(readonly problems: WallFileProblem[]) {
    super(
      `Invalid wall layout file (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems
          .map((problem) => `  ${problem.path}: ${problem.message}`)
          .join('\n'),
    );
    this.name = 'WallFileError';
  }
}

/** Serializes layouts and playlists to the versioned file text, two-space indented. */
export function exportWallFile(file: WallFile): string {
  const body = {
    format: WALL_FILE_FORMAT,
    version: WALL_FILE_VERSION,
    layouts: file.layouts,
    playlists: file.playlists,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** Parses and validates file text, and lists every schema and layout problem. */
export function importWallFile(text: string): WallFileImport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      problems: [
        {
          path: '$',
          message: `Not valid JSON (${reason}); fix the syntax and import again.`,
        },
      ],
    };
  }

  const versionProblem = checkVersion(json);
  if (versionProblem !== null) {
    return { ok: false, problems: [versionProblem] };
  }

  const parsed = WallFileSchema.safeParse(json);
  const problems: WallFileProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({
        path: formatJsonPath(issue.path),
        message: issue.message,
      }));
  // A value the schema already rejected gets no second message from the rules.
  const reported = new Set(problems.map((problem) => problem.path));
  for (const problem of findRuleProblems(json as Record<string, unknown>)) {
    if (!reported.has(problem.path)) {
      problems.push(problem);
    }
  }

  if (!parsed.success || problems.length > 0) {
    return { ok: false, problems };
  }

  return {
    ok: true,
    file: {
      // The panel rules accepted every panel id, so the narrowing holds.
      layouts: parsed.data.layouts.map((layout) => ({
        ...layout,
        panels: layout.panels.map((placement) => ({
          ...placement,
          panel: placement.panel as PanelId,
        })),
      })),
      playlists: parsed.data.playlists,
    },
  };
}

export function importWallFileOrThrow(text: string): WallFile {
  const result = importWallFile(text);
  if (!result.ok) {
    throw new WallFileError(result.problems);
  }
  return result.file;
}

/**
 * Rejects another format or version before the schema runs, because the schema's
 * issues for a future version's fields would only bury the real cause.
 */
function checkVersion(json: unknown): WallFileProblem | null {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return {
      path: '$',
      message:
        'Expected a JSON object with format, version, layouts and playlists.',
    };
  }
  const { format, version } = json as Record<string, unknown>;
  if (format !== WALL_FILE_FORMAT) {
    return {
      path: '$.format',
      message: `Expected format "${WALL_FILE_FORMAT}", got ${JSON.stringify(format) ?? 'nothing'}; this is not a wall layout file.`,
    };
  }
  if (version !== WALL_FILE_VERSION) {
    return {
      path: '$.version',
      message:
        `Version ${JSON.stringify(version) ?? 'missing'} is not supported; this console reads ` +
        `version ${WALL_FILE_VERSION}. Export the file again from a console of the same release.`,
    };
  }
  return null;
}

type JsonPath = (string | number)[];

/**
 * Runs the rules the schema cannot express on whatever parts of the raw JSON
 * have a usable shape. The schema issues already cover the rest.
 */
function findRuleProblems(json: Record<string, unknown>): WallFileProblem[] {
  const layouts = arrayOf(json.layouts);
  const playlists = arrayOf(json.playlists);
  const problems: WallFileProblem[] = [];
  const add = (path: JsonPath, message: string): void => {
    problems.push({ path: formatJsonPath(path), message });
  };

  layouts.forEach((layout, index) => {
    for (const problem of layoutRuleProblems(layout)) {
      add(['layouts', index, ...problem.path], problem.message);
    }
  });

  const layoutIds = layouts.map((layout) => stringField(layout, 'id'));
  findDuplicates(layoutIds, 'layouts', 'Layout', add);
  findDuplicates(
    playlists.map((playlist) => stringField(playlist, 'id')),
    'playlists',
    'Playlist',
    add,
  );
  findMissingLayouts(playlists, new Set(layoutIds), add);

  return problems;
}

function layoutRuleProblems(
  layout: unknown,
): { path: JsonPath; message: string }[] {
  const record = layout as Record<string, unknown> | null;
  const columns = record?.columns;
  const rows = record?.rows;
  if (typeof columns !== 'number' || typeof rows !== 'number') {
    return [];
  }

  const entries: LayoutEntry[] = [];
  arrayOf(record?.panels).forEach((placement, index) => {
    if (isWellFormedPanel(placement)) {
      entries.push({ index, placement });
    }
  });

  // The schema already reports a grid side out of range.
  return validateLayoutEntries({ columns, rows }, entries).filter(
    (problem) => problem.code !== 'invalid-grid',
  );
}

function isWellFormedPanel(value: unknown): value is LayoutEntry['placement'] {
  const record = value as Record<string, unknown> | null;
  return (
    typeof record?.panel === 'string' &&
    [record.x, record.y, record.w, record.h].every(Number.isInteger)
  );
}

function findDuplicates(
  ids: readonly (string | null)[],
  key: 'layouts' | 'playlists',
  label: string,
  add: (path: JsonPath, message: string) => void,
): void {
  const firstIndex = new Map<string, number>();

  ids.forEach((id, index) => {
    if (id === null) {
      return;
    }
    const earlier = firstIndex.get(id);
    if (earlier === undefined) {
      firstIndex.set(id, index);
      return;
    }
    add(
      [key, index, 'id'],
      `${label} id "${id}" is also used by ${key}[${earlier}]; give each a unique id.`,
    );
  });
}

function findMissingLayouts(
  playlists: readonly unknown[],
  known: ReadonlySet<string | null>,
  add: (path: JsonPath, message: string) => void,
): void {
  const check = (path: JsonPath, id: string | null): void => {
    if (id !== null && !known.has(id)) {
      add(
        path,
        `Layout "${id}" is not in this file's layouts; add it or name an existing layout.`,
      );
    }
  };

  playlists.forEach((playlist, playlistIndex) => {
    const path: JsonPath = ['playlists', playlistIndex];
    arrayOf((playlist as Record<string, unknown> | null)?.entries).forEach(
      (entry, entryIndex) => {
        check(
          [...path, 'entries', entryIndex, 'layoutId'],
          stringField(entry, 'layoutId'),
        );
      },
    );
    check(
      [...path, 'defaultLayoutId'],
      stringField(playlist, 'defaultLayoutId'),
    );
  });
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function stringField(value: unknown, key: string): string | null {
  const field = (value as Record<string, unknown> | null)?.[key];
  return typeof field === 'string' ? field : null;
}

/** Formats a zod issue path as a JSON path: `$.layouts[0].panels[2].w`. */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let text = '$';
  for (const key of path) {
    if (typeof key === 'number') {
      text += `[${key}]`;
    } else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) {
      text += `.${key}`;
    } else {
      text += `[${JSON.stringify(String(key))}]`;
    }
  }
  return text;
}
