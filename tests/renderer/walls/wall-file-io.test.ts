import { describe, expect, it } from 'vitest';
import type {
  PanelLayout,
  Playlist,
  WallStateRecord,
} from '../../../src-shared/walls/index.js';
import {
  buildExport,
  exportFileName,
  exportText,
  readImport,
} from '../../../src-renderer/src/console/walls/wall-file-io.js';

const saved: PanelLayout[] = [
  {
    id: 'b-opinion',
    name: '舆情',
    columns: 2,
    rows: 2,
    panels: [{ panel: 'opinion-latest', x: 0, y: 0, w: 2, h: 2 }],
  },
  {
    id: 'a-overview',
    name: '总览',
    columns: 4,
    rows: 3,
    panels: [{ panel: 'county-map', x: 0, y: 0, w: 2, h: 3 }],
  },
];

function wallWith(wall: string, playlist: Playlist | null): WallStateRecord {
  return { wall, layoutId: null, playlist, paused: false, updatedAt: 0 };
}

const rotation: Playlist = {
  id: 'day',
  name: '白天',
  entries: [
    { layoutId: 'a-overview', dwellSeconds: 30, windows: [] },
    { layoutId: 'b-opinion', dwellSeconds: 30, windows: [] },
  ],
  defaultLayoutId: null,
};

describe('buildExport', () => {
  it('replaces the saved copy with the draft', () => {
    const draft = { ...saved[1]!, name: '总览（草稿）' };

    const file = buildExport(draft, saved, []);

    expect(file.layouts.map((layout) => layout.id)).toEqual([
      'a-overview',
      'b-opinion',
    ]);
    expect(file.layouts[0]?.name).toBe('总览（草稿）');
  });

  it('adds a new draft', () => {
    const draft: PanelLayout = {
      id: 'c-new',
      name: '新',
      columns: 1,
      rows: 1,
      panels: [],
    };

    expect(buildExport(draft, saved, []).layouts).toHaveLength(3);
  });

  it('keeps each playlist once', () => {
    const file = buildExport(null, saved, [
      wallWith('wall-1', rotation),
      wallWith('wall-2', rotation),
    ]);

    expect(file.playlists).toEqual([rotation]);
  });

  it('leaves out a playlist with a missing layout', () => {
    const broken = {
      ...rotation,
      id: 'night',
      entries: [{ layoutId: 'gone', dwellSeconds: 30, windows: [] }],
    };

    const file = buildExport(null, saved, [wallWith('wall-1', broken)]);

    expect(file.playlists).toEqual([]);
  });

  it('round-trips through import', () => {
    const file = buildExport(null, saved, [wallWith('wall-1', rotation)]);

    const outcome = readImport('hall.json', exportText(file));

    expect(outcome).toEqual({ ok: true, fileName: 'hall.json', file });
  });
});

describe('readImport', () => {
  it('reports invalid JSON at the root', () => {
    const outcome = readImport('broken.json', '{"format": ');

    expect(outcome.ok).toBe(false);
    const lines = outcome.ok ? [] : outcome.lines;
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\$: Not valid JSON/);
  });

  it('reports another file format', () => {
    const outcome = readImport(
      'other.json',
      JSON.stringify({ format: 'x', version: 1 }),
    );

    expect(outcome.ok ? [] : outcome.lines).toEqual([
      '$.format: Expected format "command-hall-wall-layouts", got "x"; this is not a wall layout file.',
    ]);
  });

  it('lists every problem with its path', () => {
    const text = JSON.stringify({
      format: 'command-hall-wall-layouts',
      version: 1,
      layouts: [
        {
          id: 'a',
          name: 'A',
          columns: 2,
          rows: 2,
          panels: [
            { panel: 'weather', x: 0, y: 0, w: 1, h: 1 },
            { panel: 'county-map', x: 1, y: 0, w: 0, h: 1 },
            { panel: 'alerts-trend', x: 1, y: 1, w: 2, h: 1 },
          ],
        },
      ],
      playlists: [
        {
          id: 'p',
          name: 'P',
          entries: [{ layoutId: 'missing', dwellSeconds: 30 }],
        },
      ],
    });

    const outcome = readImport('hand-edited.json', text);

    expect(outcome.ok).toBe(false);
    const lines = outcome.ok ? [] : outcome.lines;
    expect(
      lines.some((line) =>
        line.startsWith(
          '$.layouts[0].panels[0].panel: Unknown panel id "weather"',
        ),
      ),
    ).toBe(true);
    expect(
      lines.some((line) => line.startsWith('$.layouts[0].panels[1].w:')),
    ).toBe(true);
    expect(
      lines.some((line) => line.startsWith('$.layouts[0].panels[2].x:')),
    ).toBe(true);
    expect(
      lines.some((line) =>
        line.startsWith(
          '$.playlists[0].entries[0].layoutId: Layout "missing" is not in this file',
        ),
      ),
    ).toBe(true);
    expect(outcome.fileName).toBe('hand-edited.json');
  });
});

describe('exportFileName', () => {
  it('uses the Beijing date', () => {
    // 2026-03-01 17:30 UTC is already 2 March in Beijing.
    expect(exportFileName(Date.UTC(2026, 2, 1, 17, 30))).toBe(
      'wall-layouts-2026-03-02.json',
    );
  });
});
