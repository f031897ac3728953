import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger, LogFields } from '../../../src-node/logging/index.js';
import {
  createSavedWallsStore,
  DEFAULT_WALL_LAYOUT,
  loadWallConfig,
  parseWallConfig,
  WALL_STATE_FILE_NAME,
  writeFileAtomic,
} from '../../../src-main/walls/index.js';
import type { SavedWalls } from '../../../src-main/windows/index.js';

interface LogLine {
  level: string;
  message: string;
  fields?: LogFields;
}

function recordingLogger(lines: LogLine[]): Logger {
  const record =
    (level: string) =>
    (message: string, fields?: LogFields): void => {
      lines.push({ level, message, ...(fields ? { fields } : {}) });
    };
  return {
    trace: record('trace'),
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    fatal: record('fatal'),
  };
}

const state: SavedWalls = {
  'wall-1': {
    displayId: 2779098405,
    bounds: { x: 1920, y: 0, width: 1920, height: 1040 },
    fullscreen: true,
  },
  'wall-2': { displayId: null, bounds: null, fullscreen: false },
};

let folder = '';
let lines: LogLine[] = [];

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'wall-state-'));
  lines = [];
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('saved wall state store', () => {
  it('round-trips the state through the file', async () => {
    const path = join(folder, WALL_STATE_FILE_NAME);
    await createSavedWallsStore(path).save(state);

    const loaded = await createSavedWallsStore(path, {
      logger: recordingLogger(lines),
    }).load();

    expect(loaded).toEqual(state);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(state);
  });

  it('creates a missing folder and leaves no temporary file', async () => {
    const path = join(folder, 'nested', 'deeper', WALL_STATE_FILE_NAME);
    await createSavedWallsStore(path).save(state);

    expect(await readdir(join(folder, 'nested', 'deeper'))).toEqual([
      WALL_STATE_FILE_NAME,
    ]);
  });

  it('returns an empty state when the file is missing', async () => {
    const path = join(folder, WALL_STATE_FILE_NAME);
    const loaded = await createSavedWallsStore(path, {
      logger: recordingLogger(lines),
    }).load();

    expect(loaded).toEqual({});
    expect(lines.map((line) => line.level)).toEqual(['info']);
    expect(await readdir(folder)).toEqual([]);
  });

  it('sets a file with broken JSON aside', async () => {
    const path = join(folder, WALL_STATE_FILE_NAME);
    await writeFile(path, '{"wall-1": {"displayId": 1,');
    const at = Date.UTC(2026, 11, 4, 9, 30, 15, 250);

    const loaded = await createSavedWallsStore(path, {
      logger: recordingLogger(lines),
      now: () => at,
    }).load();

    expect(loaded).toEqual({});
    const aside = `${WALL_STATE_FILE_NAME}.corrupt-2026-12-04T09-30-15-250Z`;
    expect(await readdir(folder)).toEqual([aside]);
    expect(await readFile(join(folder, aside), 'utf8')).toBe(
      '{"wall-1": {"displayId": 1,',
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe('warn');
    expect(lines[0]?.fields?.movedTo).toBe(join(folder, aside));
    expect(String(lines[0]?.fields?.reason)).toContain('not valid JSON');
  });

  it('sets a file with invalid content aside and names the field', async () => {
    const path = join(folder, WALL_STATE_FILE_NAME);
    await writeFile(
      path,
      JSON.stringify({ 'wall-1': { displayId: 'left', bounds: null } }),
    );

    const loaded = await createSavedWallsStore(path, {
      logger: recordingLogger(lines),
      now: () => 0,
    }).load();

    expect(loaded).toEqual({});
    expect(await readdir(folder)).toEqual([
      `${WALL_STATE_FILE_NAME}.corrupt-1970-01-01T00-00-00-000Z`,
    ]);
    const reason = String(lines[0]?.fields?.reason);
    expect(reason).toContain('$["wall-1"].displayId');
    expect(reason).toContain('$["wall-1"].fullscreen');
  });

  it('saves again after a corrupt file was set aside', async () => {
    const path = join(folder, WALL_STATE_FILE_NAME);
    await writeFile(path, 'not json');
    const store = createSavedWallsStore(path, {
      logger: recordingLogger(lines),
    });

    await store.load();
    await store.save(state);

    expect(await createSavedWallsStore(path).load()).toEqual(state);
  });

  it('writes saves in call order and skips an unchanged state', async () => {
    const path = join(folder, WALL_STATE_FILE_NAME);
    const store = createSavedWallsStore(path);
    const moved: SavedWalls = {
      ...state,
      'wall-2': { displayId: 7, bounds: null, fullscreen: true },
    };

    await Promise.all([store.save(state), store.save(moved)]);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(moved);

    // An equal state is not written again, so a file changed by hand stays.
    await writeFile(path, '{}');
    await store.save(moved);
    expect(await readFile(path, 'utf8')).toBe('{}');
  });

  it('reports a failed save and still runs later ones', async () => {
    // A folder where the file should be makes the rename fail.
    const path = join(folder, 'occupied');
    await mkdir(join(path, 'inside'), { recursive: true });
    const store = createSavedWallsStore(path);

    await expect(store.save(state)).rejects.toThrow();
    expect(await readdir(folder)).toEqual(['occupied']);

    await rm(path, { recursive: true });
    await store.save(state);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(state);
  });
});

describe('writeFileAtomic', () => {
  it('replaces an existing file whole', async () => {
    const path = join(folder, 'file.json');
    await writeFile(path, 'old content that is longer than the new one');
    await writeFileAtomic(path, 'new');
    expect(await readFile(path, 'utf8')).toBe('new');
    expect(await readdir(folder)).toEqual(['file.json']);
  });
});

describe('wall config file', () => {
  it('reads a valid config with defaults filled', async () => {
    const path = join(folder, 'walls.json');
    await writeFile(
      path,
      JSON.stringify({
        walls: [
          { name: 'left', displayId: 1 },
          {
            name: 'right',
            displayId: 2,
            fallback: [{ by: 'position', position: 'rightmost' }],
            whenDisplayMissing: 'hide',
            mode: 'kiosk',
          },
        ],
      }),
    );

    const loaded = await loadWallConfig(path, recordingLogger(lines));

    expect(loaded.source).toBe('file');
    expect(loaded.layout.walls[0]).toEqual({
      name: 'left',
      displayId: 1,
      fallback: [],
      whenDisplayMissing: 'move',
      mode: 'fullscreen',
    });
    expect(loaded.layout.walls[1]?.mode).toBe('kiosk');
  });

  it('uses the default layout when the file is missing', async () => {
    const loaded = await loadWallConfig(
      join(folder, 'walls.json'),
      recordingLogger(lines),
    );
    expect(loaded.source).toBe('default-missing');
    expect(loaded.layout).toBe(DEFAULT_WALL_LAYOUT);
    expect(lines.map((line) => line.level)).toEqual(['info']);
  });

  it('logs every problem of an invalid file and keeps it', async () => {
    const path = join(folder, 'walls.json');
    const text = JSON.stringify({
      walls: [
        { name: 'a', displayId: 1.5 },
        { name: 'a', mode: 'window' },
      ],
    });
    await writeFile(path, text);

    const loaded = await loadWallConfig(path, recordingLogger(lines));

    expect(loaded.source).toBe('default-invalid');
    expect(loaded.layout).toBe(DEFAULT_WALL_LAYOUT);
    expect(loaded.problems.map((problem) => problem.split(':')[0])).toEqual([
      '$.walls[0].displayId',
      '$.walls[1].mode',
    ]);
    expect(lines.map((line) => line.level)).toEqual(['error']);
    expect(await readFile(path, 'utf8')).toBe(text);
  });

  it('names a repeated wall name', () => {
    const parsed = parseWallConfig(
      JSON.stringify({ walls: [{ name: 'a' }, { name: 'a' }] }),
    );
    expect(parsed.layout).toBeNull();
    expect(parsed.problems).toEqual([
      '$.walls[1].name: Wall name "a" is used twice; give each wall a unique name.',
    ]);
  });

  it('rejects text that is not JSON', () => {
    const parsed = parseWallConfig('walls: []');
    expect(parsed.layout).toBeNull();
    expect(parsed.problems[0]).toMatch(/^\$: not valid JSON/);
  });
});
