// Machine config of the wall windows: which walls exist and which display each belongs on. IT
// staff edit it by hand, so every problem is logged with its JSON path and the file is never
// changed by the console.
import { createLogger, type Logger } from '../../src-node/logging/index.js';
import { formatJsonPath } from '../../src-shared/walls/file.js';
import { WallLayout } from '../windows/index.js';
import { readTextFile } from './json-file.js';

export const WALL_CONFIG_FILE_NAME = 'walls.json';

/**
 * Layout used when the config file is missing or invalid: one wall, `wall-1`,
 * fullscreen on the display with the most native pixels.
 */
export const DEFAULT_WALL_LAYOUT: WallLayout = {
  walls: [
    {
      name: 'wall-1',
      fallback: [{ by: 'position', position: 'largest' }],
      whenDisplayMissing: 'move',
      mode: 'fullscreen',
    },
  ],
};

export type WallConfigSource = 'file' | 'default-missing' | 'default-invalid';

export interface LoadedWallConfig {
  layout: WallLayout;
  source: WallConfigSource;
  /** One line per problem, `$.walls[0].displayId: message`; empty unless `default-invalid`. */
  problems: string[];
}

/** Reads the wall config; a missing, unreadable or invalid file yields the default layout. */
export async function loadWallConfig(
  path: string,
  logger: Logger = createLogger('wall-config'),
): Promise<LoadedWallConfig> {
  const read = await readTextFile(path);
  if (read.kind === 'missing') {
    logger.info(
      'load: no wall config file; using one wall on the largest display',
      { path },
    );
    return {
      layout: DEFAULT_WALL_LAYOUT,
      source: 'default-missing',
      problems: [],
    };
  }
  if (read.kind === 'failed') {
    return invalid(path, [`$: reading failed (${read.error.message})`], logger);
  }

  const parsed = parseWallConfig(read.text);
  if (parsed.layout !== null) {
    logger.info('load: wall config read', {
      path,
      walls: parsed.layout.walls.length,
    });
    return { layout: parsed.layout, source: 'file', problems: [] };
  }
  return invalid(path, parsed.problems, logger);
}

/** Parses config text; returns the layout, or every problem as `path: message`. */
export function parseWallConfig(
  text: string,
): { layout: WallLayout; problems: [] } | { layout: null; problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { layout: null, problems: [`$: not valid JSON (${reason})`] };
  }

  const parsed = WallLayout.safeParse(json);
  if (!parsed.success) {
    return {
      layout: null,
      problems: parsed.error.issues.map(
        (issue) => `${formatJsonPath(issue.path)}: ${issue.message}`,
      ),
    };
  }
  return { layout: parsed.data, problems: [] };
}

function invalid(
  path: string,
  problems: string[],
  logger: Logger,
): LoadedWallConfig {
  logger.error(
    'load: wall config is invalid; using one wall on the largest display until it is fixed',
    {
      path,
      problems,
    },
  );
  return { layout: DEFAULT_WALL_LAYOUT, source: 'default-invalid', problems };
}
