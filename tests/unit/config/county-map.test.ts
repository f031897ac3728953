// The county map options: files named on the command line or in the environment are read and
// validated while the options are parsed, and a bad file stops the start with its name.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BUNDLED_DIVISIONS_FILE,
  BUNDLED_OUTLINE_FILE,
  ENV_NAMES,
  bundledCountyMapFiles,
  defaultBundledMapDir,
  optionsHelp,
  parseConsoleOptions,
  type ParseOptionsContext,
} from '../../../src-main/config/index.js';
import { countyMapFromText } from '../../../src-shared/map/index.js';

const bundledDir = resolve('resources', 'data');
let dir: string;
let context: ParseOptionsContext;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'county-map-options-'));
  context = { defaultDataDir: '.data', cwd: dir, bundledMapDir: bundledDir };
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function square(west: number, south: number, size: number): [number, number][] {
  return [
    [west, south],
    [west + size, south],
    [west + size, south + size],
    [west, south + size],
    [west, south],
  ];
}

/** A tiny county of two towns, 100 and 101, with one village each. */
const TINY_DIVISIONS = [
  'code,level,name,parent_code',
  '429999,county,样例县,429900',
  '429999100,town,东镇,429999',
  '429999101,town,西镇,429999',
  '429999100201,village,东村村民委员会,429999100',
  '429999101201,village,西村村民委员会,429999101',
].join('\n');

function collection(features: unknown[]): string {
  return JSON.stringify({ type: 'FeatureCollection', features });
}

function area(name: string, code: string, ring: [number, number][]): unknown {
  return {
    type: 'Feature',
    properties: { name, code },
    geometry: { type: 'Polygon', coordinates: [ring] },
  };
}

const TINY_OUTLINE = collection([area('样例县', '429999', square(115, 30, 1))]);
const TINY_TOWNS = collection([
  area('东镇', '429999100', square(115.5, 30, 0.5)),
  area('西镇', '429999101', square(115, 30, 0.5)),
]);

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function parse(argv: string[], env: Record<string, string> = {}) {
  return parseConsoleOptions(argv, env, context);
}

function errorOf(argv: string[], env: Record<string, string> = {}): string {
  const result = parse(argv, env);
  if (result.ok) {
    throw new Error(`expected ${argv.join(' ')} to be rejected`);
  }
  return result.error;
}

describe('county map options', () => {
  it('defaults to the bundled map', () => {
    const result = parse([]);

    expect(result.ok && result.options.countyMap).toBeNull();
  });

  it('loads outline, divisions and towns', () => {
    write('outline.geojson', TINY_OUTLINE);
    write('divisions.csv', TINY_DIVISIONS);
    write('towns.geojson', TINY_TOWNS);

    const result = parse([
      '--county-geojson',
      'outline.geojson',
      '--county-divisions=divisions.csv',
      '--county-towns',
      'towns.geojson',
    ]);

    if (!result.ok) {
      throw new Error(result.error);
    }
    expect(result.options.countyMap).toEqual({
      outlineGeoJson: TINY_OUTLINE,
      divisionsCsv: TINY_DIVISIONS,
      townBoundariesGeoJson: TINY_TOWNS,
      source: 'config',
    });
    const built = countyMapFromText({
      outlineGeoJson: TINY_OUTLINE,
      divisionsCsv: TINY_DIVISIONS,
      townBoundariesGeoJson: TINY_TOWNS,
    });
    expect(built.ok && built.map.towns.map((town) => town.schematic)).toEqual([
      false,
      false,
    ]);
  });

  it('reads paths from the environment', () => {
    const fromEnv = write('env.geojson', '{"broken": ');
    write('outline.geojson', TINY_OUTLINE);
    write('divisions.csv', TINY_DIVISIONS);
    const env = {
      [ENV_NAMES.countyGeojson]: fromEnv,
      [ENV_NAMES.countyDivisions]: join(dir, 'divisions.csv'),
    };

    expect(errorOf([], env)).toContain(`--county-geojson "${fromEnv}"`);
    const result = parse(['--county-geojson', 'outline.geojson'], env);
    expect(result.ok && result.options.countyMap?.divisionsCsv).toBe(
      TINY_DIVISIONS,
    );
  });

  it('defaults divisions to the bundled list', () => {
    const outline = readFileSync(
      join(bundledDir, BUNDLED_OUTLINE_FILE),
      'utf8',
    );
    write('luotian.geojson', outline);

    const result = parse(['--county-geojson', 'luotian.geojson']);

    expect(result.ok && result.options.countyMap).toEqual({
      outlineGeoJson: outline,
      divisionsCsv: readFileSync(
        join(bundledDir, BUNDLED_DIVISIONS_FILE),
        'utf8',
      ),
      townBoundariesGeoJson: null,
      source: 'config',
    });
  });

  it('reports a missing file', () => {
    const error = errorOf(['--county-geojson', 'nowhere.geojson']);

    expect(error).toBe(
      `--county-geojson "${join(dir, 'nowhere.geojson')}" could not be read (ENOENT): check the path and that the console may read the file.`,
    );
  });

  it('reports invalid GeoJSON with its file', () => {
    const open = square(115, 30, 1).slice(0, 4);
    const path = write(
      'bad.geojson',
      collection([
        area('样例县', '429999', open),
        { type: 'Feature', properties: {}, geometry: null },
      ]),
    );

    const error = errorOf(['--county-geojson', path]);

    expect(error).toMatch(
      new RegExp(
        `^--county-geojson "${path.replace(/[.]/g, '\\.')}" is invalid GeoJSON: `,
      ),
    );
    expect(error).toContain('feature 0, geometry.coordinates[0]');
    expect(error).toContain('the ring is not closed');
    expect(error).toContain('feature 1');
  });

  it('reports a file that is not JSON', () => {
    const path = write('truncated.geojson', TINY_OUTLINE.slice(0, 40));

    expect(errorOf([`--county-geojson=${path}`])).toContain(
      'is not valid JSON',
    );
  });

  it('caps the listed problems', () => {
    const features = Array.from({ length: 8 }, (_, index) =>
      area(`镇${index}`, `42999910${index}`, square(115, 30, 1).slice(0, 4)),
    );
    const path = write('many.geojson', collection(features));

    const error = errorOf(['--county-geojson', path]);

    expect(error).toContain('feature 4,');
    expect(error).not.toContain('feature 5,');
    expect(error).toMatch(/; and 3 more$/);
  });

  it('rejects an invalid division list', () => {
    write('outline.geojson', TINY_OUTLINE);
    const path = write('divisions.csv', 'code,name\n429999,样例县\n');

    const error = errorOf([
      '--county-geojson',
      'outline.geojson',
      '--county-divisions',
      'divisions.csv',
    ]);

    expect(error).toMatch(
      new RegExp(
        `^--county-divisions "${path.replace(/[.]/g, '\\.')}" is invalid for this county map: `,
      ),
    );
  });

  it('rejects town boundaries missing a town', () => {
    write('outline.geojson', TINY_OUTLINE);
    write('divisions.csv', TINY_DIVISIONS);
    write(
      'towns.geojson',
      collection([area('东镇', '429999100', square(115.5, 30, 0.5))]),
    );

    const error = errorOf([
      '--county-geojson',
      'outline.geojson',
      '--county-divisions',
      'divisions.csv',
      '--county-towns',
      'towns.geojson',
    ]);

    expect(error).toContain('is missing towns of the division list');
    expect(error).toContain('town 429999101 西镇 has no boundary');
  });

  it('rejects companions without an outline', () => {
    expect(errorOf(['--county-divisions', 'divisions.csv'])).toBe(
      '--county-divisions and --county-towns need --county-geojson: give the county outline too.',
    );
  });

  it('rejects an empty or missing path', () => {
    expect(errorOf(['--county-geojson='])).toBe(
      '--county-geojson is empty: give the path of the file to load.',
    );
    expect(errorOf(['--county-geojson'])).toBe(
      'Option --county-geojson needs a value. Run with --help to see its format.',
    );
  });

  it('lists the flags in the help text', () => {
    const help = optionsHelp('console');

    expect(help).toContain('--county-geojson FILE');
    expect(help).toContain('[CONSOLE_COUNTY_GEOJSON]');
    expect(help).toContain('--county-divisions FILE');
  });

  it('finds the bundled files from the module', () => {
    expect(defaultBundledMapDir()).toBe(bundledDir);
    const files = bundledCountyMapFiles();
    expect(files.source).toBe('bundled');
    expect(
      countyMapFromText(
        files.townBoundariesGeoJson === null
          ? {
              outlineGeoJson: files.outlineGeoJson,
              divisionsCsv: files.divisionsCsv,
            }
          : { ...files, townBoundariesGeoJson: files.townBoundariesGeoJson },
      ).ok,
    ).toBe(true);
  });
});
