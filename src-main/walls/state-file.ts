// Saved state of the wall windows (display and bounds per wall), kept in a JSON file so a wall
// returns to its display after a restart. A corrupt file is set aside, never deleted, so IT staff
// can look at it; the walls then start from their configured assignment.
import { rename } from 'node:fs/promises';
import { createLogger, type Logger } from '../../src-node/logging/index.js';
import { formatJsonPath } from '../../src-shared/walls/file.js';
import { SavedWalls } from '../windows/index.js';
import { readTextFile, writeFileAtomic } from './json-file.js';

export const WALL_STATE_FILE_NAME = 'wall-state.json';

export interface SavedWallsStoreOptions {
  /** Clock for the name of a set-aside file, in ms since the Unix epoch. */
  now?: () => number;
  logger?: Logger;
}

export interface SavedWallsStore {
  readonly path: string;
  /** Reads the file; returns an empty state when it is missing, unreadable or invalid. */
  load(): Promise<SavedWalls>;
  /**
   * Writes the state atomically. Saves run one at a time in call order, and a
   * state equal to the last one written is skipped.
   */
  save(state: SavedWalls): Promise<void>;
}

export function createSavedWallsStore(
  path: string,
  options: SavedWallsStoreOptions = {},
): SavedWallsStore {
  const log = options.logger ?? createLogger('wall-state');
  const now = options.now ?? Date.now;
  let lastWritten: string | null = null;
  let queue: Promise<void> = Promise.resolve();

  const load = async (): Promise<SavedWalls> => {
    const read = await readTextFile(path);
    if (read.kind === 'missing') {
      log.info('load: no saved wall state yet; walls start from the config', {
        path,
      });
      return {};
    }
    if (read.kind === 'failed') {
      log.error(
        'load: reading the saved wall state failed; walls start from the config',
        {
          path,
          error: read.error.message,
        },
      );
      return {};
    }

    const problem = parseProblem(read.text);
    if (problem.state !== null) {
      lastWritten = serialize(problem.state);
      return problem.state;
    }
    await setAside(path, problem.reason, now(), log);
    return {};
  };

  const write = async (state: SavedWalls): Promise<void> => {
    const text = serialize(state);
    if (text === lastWritten) {
      return;
    }
    await writeFileAtomic(path, text);
    lastWritten = text;
  };

  return {
    path,
    load,
    save(state) {
      const next = queue.then(() => write(state));
      // A failed save must not block the ones after it; the caller still sees the failure.
      queue = next.catch(() => undefined);
      return next;
    },
  };
}

function serialize(state: SavedWalls): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

function parseProblem(
  text: string,
): { state: SavedWalls; reason: null } | { state: null; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      state: null,
      reason: `not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    };
  }

  const parsed = SavedWalls.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((issue) => `${formatJsonPath(issue.path)}: ${issue.message}`)
      .join('; ');
    return { state: null, reason: `invalid content (${issues})` };
  }
  return { state: parsed.data, reason: null };
}

/** Renames a corrupt file to `<name>.corrupt-<UTC time>` beside it. */
async function setAside(
  path: string,
  reason: string,
  at: number,
  log: Logger,
): Promise<void> {
  const stamp = new Date(at).toISOString().replace(/[:.]/g, '-');
  const target = `${path}.corrupt-${stamp}`;

  try {
    await rename(path, target);
    log.warn(
      'load: saved wall state is corrupt; set it aside and started from the config',
      {
        path,
        movedTo: target,
        reason,
      },
    );
  } catch (error) {
    log.error('load: saved wall state is corrupt and could not be set aside', {
      path,
      reason,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
