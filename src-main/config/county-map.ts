// The county map that walls draw: the bundled 罗田县 files, or files that IT staff name by config.
// Config files are read and validated once at start, so a bad file stops the app with a message
// naming the file and its first problems rather than leaving a blank map on the wall.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  countyMapFromText,
  formatGeoJsonIssues,
  parseGeoJsonText,
} from '../../src-shared/map/index.js';

/** Maximum number of problems listed in a start-up error. The rest are counted. */
const MAX_LISTED_PROBLEMS = 5;

export const BUNDLED_OUTLINE_FILE = 'luotian-421123-outline.geojson';
export const BUNDLED_DIVISIONS_FILE = 'luotian-421123-divisions.csv';

/** Map files as the `map:county` channel serves them to walls. */
export interface CountyMapFiles {
  outlineGeoJson: string;
  divisionsCsv: string;
  townBoundariesGeoJson: string | null;
  source: 'bundled' | 'config';
}

export interface CountyMapPaths {
  outlinePath: string;
  /** Division list CSV. Null uses the bundled 罗田县 list. */
  divisionsPath: string | null;
  /** Real town boundaries. Null draws town areas schematically. */
  townsPath: string | null;
  /** Folder of the bundled files. Null uses the repository's resources/data. */
  bundledDir: string | null;
}

export type CountyMapLoad =
  | { ok: true; files: CountyMapFiles }
  | { ok: false; error: string };

/** Folder of the bundled map files, found from this module in the sources and in the build. */
export function defaultBundledMapDir(): string {
  // src-main/config/ in development and out/main/ in the build are both two levels below the root.
  return resolve(
    dirname(fileURLToPath(import.meta.url)),
    '..',
    '..',
    'resources',
    'data',
  );
}

/** Reads the bundled 罗田县 outline and division list. */
export function bundledCountyMapFiles(
  bundledDir: string = defaultBundledMapDir(),
): CountyMapFiles {
  return {
    outlineGeoJson: readFileSync(
      join(bundledDir, BUNDLED_OUTLINE_FILE),
      'utf8',
    ),
    divisionsCsv: readFileSync(
      join(bundledDir, BUNDLED_DIVISIONS_FILE),
      'utf8',
    ),
    townBoundariesGeoJson: null,
    source: 'bundled',
  };
}

/** Reads the configured files and checks that they build a county map. */
export function loadCountyMapFiles(paths: CountyMapPaths): CountyMapLoad {
  const bundledDir = paths.bundledDir ?? defaultBundledMapDir();
  const outline = readText('--county-geojson', paths.outlinePath);
  if (!outline.ok) {
    return outline;
  }
  const divisionsPath =
    paths.divisionsPath ?? join(bundledDir, BUNDLED_DIVISIONS_FILE);
  const divisions = readText('--county-divisions', divisionsPath);
  if (!divisions.ok) {
    return divisions;
  }
  let towns: string | null = null;
  if (paths.townsPath !== null) {
    const read = readText('--county-towns', paths.townsPath);
    if (!read.ok) {
      return read;
    }
    towns = read.text;
  }

  const checked =
    checkGeoJson('--county-geojson', paths.outlinePath, outline.text) ??
    (paths.townsPath === null || towns === null
      ? null
      : checkGeoJson('--county-towns', paths.townsPath, towns));
  if (checked !== null) {
    return { ok: false, error: checked };
  }

  const built = countyMapFromText({
    outlineGeoJson: outline.text,
    divisionsCsv: divisions.text,
    ...(towns === null ? {} : { townBoundariesGeoJson: towns }),
  });
  if (!built.ok) {
    // The GeoJSON files passed on their own, so what is left concerns the division list.
    return {
      ok: false,
      error: `--county-divisions "${divisionsPath}" is invalid for this county map: ${firstProblems(built.error.split('\n'))}`,
    };
  }
  if (paths.townsPath !== null && built.map.problems.length > 0) {
    return {
      ok: false,
      error: `--county-towns "${paths.townsPath}" is missing towns of the division list: ${firstProblems(built.map.problems)}`,
    };
  }
  return {
    ok: true,
    files: {
      outlineGeoJson: outline.text,
      divisionsCsv: divisions.text,
      townBoundariesGeoJson: towns,
      source: 'config',
    },
  };
}

function readText(
  flag: string,
  path: string,
): { ok: true; text: string } | { ok: false; error: string } {
  try {
    return { ok: true, text: readFileSync(path, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return {
      ok: false,
      error: `${flag} "${path}" could not be read (${code}): check the path and that the console may read the file.`,
    };
  }
}

function checkGeoJson(flag: string, path: string, text: string): string | null {
  const parsed = parseGeoJsonText(text);
  if (parsed.ok) {
    return null;
  }
  const lines = formatGeoJsonIssues(parsed.issues).split('\n');
  return `${flag} "${path}" is invalid GeoJSON: ${firstProblems(lines)}`;
}

function firstProblems(lines: readonly string[]): string {
  const shown = lines.slice(0, MAX_LISTED_PROBLEMS).join('; ');
  const more = lines.length - MAX_LISTED_PROBLEMS;
  return more > 0 ? `${shown}; and ${more} more` : shown;
}
