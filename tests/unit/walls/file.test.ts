import { describe, expect, it } from 'vitest';
import {
  exportWallFile,
  formatJsonPath,
  importWallFile,
  importWallFileOrThrow,
  WallFileError,
  WALL_FILE_FORMAT,
  type WallFile,
  type WallFileImport,
} from '../../../src-shared/walls/index.js';

function validFile(): WallFile {
  return {
    layouts: [
      {
        id: 'day',
        name: '日间总览',
        columns: 3,
        rows: 2,
        panels: [
          { panel: 'county-map', x: 0, y: 0, w: 2, h: 2 },
          { panel: 'alerts-latest', x: 2, y: 0, w: 1, h: 2 },
        ],
      },
      {
        id: 'night',
        name: '夜间值守',
        columns: 2,
        rows: 1,
        panels: [
          { panel: 'duty-today', x: 0, y: 0, w: 1, h: 1 },
          { panel: 'alerts-by-level', x: 1, y: 0, w: 1, h: 1 },
        ],
      },
    ],
    playlists: [
      {
        id: 'main',
        name: '主屏轮播',
        entries: [
          { layoutId: 'day', dwellSeconds: 60, windows: [] },
          {
            layoutId: 'night',
            dwellSeconds: 30,
            windows: [{ from: '22:00', to: '06:00' }],
          },
        ],
        defaultLayoutId: null,
      },
    ],
  };
}

function problemsOf(result: WallFileImport) {
  if (result.ok) {
    throw new Error('expected the import to fail');
  }
  return result.problems;
}

describe('wall file export and import', () => {
  it('round-trips layouts and playlists', () => {
    const file = validFile();
    const result = importWallFile(exportWallFile(file));
    expect(result).toEqual({ ok: true, file });
  });

  it('fills defaults for optional fields', () => {
    const text = JSON.stringify({
      format: WALL_FILE_FORMAT,
      version: 1,
      layouts: [{ id: 'a', name: 'A', columns: 1, rows: 1, panels: [] }],
    });
    expect(importWallFileOrThrow(text).playlists).toEqual([]);
  });

  it('lists every problem of a bad file with its JSON path', () => {
    const text = JSON.stringify({
      format: WALL_FILE_FORMAT,
      version: 1,
      layouts: [
        {
          id: 'day',
          name: 'Day',
          columns: 4,
          rows: 3,
          panels: [
            { panel: 'county-map', x: 0, y: 0, w: 2, h: 2 },
            { panel: 'alerts-trend', x: 1, y: 1, w: 2, h: 2 },
            { panel: 'weather', x: 3, y: 0, w: 1, h: 1 },
            { panel: 'duty-today', x: 3, y: 1, w: 2, h: 1 },
          ],
        },
        {
          id: 'day',
          name: '',
          columns: 30,
          rows: 2,
          panels: [{ panel: 'duty-today', x: 0, y: 0, w: 0, h: 'tall' }],
        },
      ],
      playlists: [
        {
          id: 'main',
          name: 'Main',
          entries: [
            { layoutId: 'day', dwellSeconds: 2 },
            {
              layoutId: 'evening',
              dwellSeconds: 30,
              windows: [{ from: '25:00', to: '06:00' }],
            },
          ],
          defaultLayoutId: 'missing',
        },
      ],
    });

    const problems = problemsOf(importWallFile(text));
    const paths = problems.map((problem) => problem.path).sort();

    expect(paths).toEqual(
      [
        '$.layouts[0].panels[1]',
        '$.layouts[0].panels[2].panel',
        '$.layouts[0].panels[3].x',
        '$.layouts[1].columns',
        '$.layouts[1].id',
        '$.layouts[1].name',
        '$.layouts[1].panels[0].h',
        '$.layouts[1].panels[0].w',
        '$.playlists[0].defaultLayoutId',
        '$.playlists[0].entries[0].dwellSeconds',
        '$.playlists[0].entries[1].layoutId',
        '$.playlists[0].entries[1].windows[0].from',
      ].sort(),
    );
    const overlap = problems.find(
      (problem) => problem.path === '$.layouts[0].panels[1]',
    );
    expect(overlap?.message).toContain('"alerts-trend"');
    expect(overlap?.message).toContain('"county-map"');
  });

  it('reports each value once', () => {
    const text = JSON.stringify({
      format: WALL_FILE_FORMAT,
      version: 1,
      layouts: [
        {
          id: 'a',
          name: 'A',
          columns: 2,
          rows: 2,
          panels: [{ panel: 'duty-today', x: 0, y: 0, w: 0, h: 1 }],
        },
      ],
    });
    const problems = problemsOf(importWallFile(text));
    expect(problems.map((problem) => problem.path)).toEqual([
      '$.layouts[0].panels[0].w',
    ]);
  });

  it('rejects text that is not JSON', () => {
    const problems = problemsOf(importWallFile('{"format": '));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('$');
    expect(problems[0]?.message).toContain('Not valid JSON');
  });

  it('rejects another format or version', () => {
    const other = problemsOf(
      importWallFile(JSON.stringify({ format: 'x', version: 1 })),
    );
    expect(other.map((problem) => problem.path)).toEqual(['$.format']);

    const future = problemsOf(
      importWallFile(
        JSON.stringify({ format: WALL_FILE_FORMAT, version: 2, layouts: [] }),
      ),
    );
    expect(future.map((problem) => problem.path)).toEqual(['$.version']);
    expect(future[0]?.message).toContain('version 1');

    const array = problemsOf(importWallFile('[]'));
    expect(array.map((problem) => problem.path)).toEqual(['$']);
  });

  it('throws an error listing every problem', () => {
    const text = JSON.stringify({
      format: WALL_FILE_FORMAT,
      version: 1,
      layouts: [{ id: '', name: '', columns: 1, rows: 1, panels: [] }],
    });

    let caught: unknown = null;
    try {
      importWallFileOrThrow(text);
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(WallFileError);
    const error = caught as WallFileError;
    expect(error.problems).toHaveLength(2);
    expect(error.message).toContain('$.layouts[0].id');
    expect(error.message).toContain('$.layouts[0].name');
  });

  it('formats unusual keys as quoted JSON path members', () => {
    expect(formatJsonPath(['layouts', 0, 'a b'])).toBe('$.layouts[0]["a b"]');
  });
});
