import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatUnicodeRange,
  parseUnicodeRange,
  subtractRanges,
  trimFaceRanges,
} from '../../src-renderer/font-ranges.js';
import { UI_FONT_CLAIMS } from '../../src-renderer/src/shared/fonts/ui-claims.js';

/** Lists every file under `root` whose name ends with one of `extensions`. */
function filesUnder(root: string, extensions: readonly string[]): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    if (statSync(path).isDirectory()) {
      return filesUnder(path, extensions);
    }
    return extensions.some((extension) => name.endsWith(extension))
      ? [path]
      : [];
  });
}

function covers(ranges: [number, number][], code: number): boolean {
  return ranges.some(([start, end]) => code >= start && code <= end);
}

describe('unicode ranges', () => {
  it('reads, subtracts and writes ranges', () => {
    const ranges = parseUnicodeRange('U+4e00-4e05, U+20-7e,U+FF0C');
    expect(ranges).toEqual([
      [0x20, 0x7e],
      [0x4e00, 0x4e05],
      [0xff0c, 0xff0c],
    ]);
    const left = subtractRanges(ranges, [
      [0x20, 0x7e],
      [0x4e01, 0x4e01],
      [0x4e05, 0x4e09],
    ]);
    expect(formatUnicodeRange(left)).toBe('U+4e00,U+4e02-4e04,U+ff0c');
  });

  it('rejects a wildcard range', () => {
    expect(() => parseUnicodeRange('U+4??')).toThrow(/U\+X or U\+X-Y/);
  });

  it('trims faces by weight', () => {
    const css = [
      "@font-face { font-family: 'A'; font-weight: 400; unicode-range: U+20-7e, U+4e00-4e02; }",
      "@font-face { font-family: 'A'; font-weight: 400; unicode-range: U+41; }",
      "@font-face { font-family: 'A'; font-weight: 700; unicode-range: U+41-42; }",
    ].join('\n');
    const trimmed = trimFaceRanges(css, { 400: 'U+20-7E, U+4E01' });
    expect(trimmed).toContain('unicode-range: U+4e00,U+4e02;');
    expect(trimmed).not.toContain('unicode-range: U+41;');
    expect(trimmed).toContain('unicode-range: U+41-42;');
  });
});

describe('UI font files', () => {
  // The same sources scripts/fonts/subset-ui-font.py reads.
  const sources = [
    ...filesUnder('src-renderer/src', ['.ts', '.vue', '.css']),
    ...filesUnder('src-shared', ['.ts']),
    'resources/data/luotian-421123-divisions.csv',
    'resources/data/gbt31000-codes.csv',
  ];
  const used = new Set<number>();
  for (const path of sources) {
    for (const character of readFileSync(path, 'utf8')) {
      const code = character.codePointAt(0) ?? 0;
      if (code > 0x7e) {
        used.add(code);
      }
    }
  }

  it.each([400, 700])(
    'weight %i holds every character of the UI text and reference data',
    (weight) => {
      const claimed = parseUnicodeRange(UI_FONT_CLAIMS[weight] ?? '');
      const missing = [...used]
        .filter((code) => !covers(claimed, code))
        .map((code) => String.fromCodePoint(code));
      expect(
        missing,
        'characters added after the UI font files were made: run scripts/fonts/subset-ui-font.py (see README.md, Test)',
      ).toEqual([]);
      expect(used.size).toBeGreaterThan(800);
    },
  );

  it('UI faces of one weight are disjoint', () => {
    // document.fonts.load waits for every face whose range contains a character of the text, so a
    // chart would wait for the large UI file if it shared a character with the charts' file.
    const faces = readFileSync(
      'src-renderer/src/shared/fonts/ui-faces.css',
      'utf8',
    );
    const byWeight = new Map<number, [number, number][][]>();
    for (const rule of faces.match(/@font-face\s*\{[^}]*\}/g) ?? []) {
      const weight = Number(/font-weight:\s*(\d+)/.exec(rule)?.[1]);
      const range = parseUnicodeRange(
        /unicode-range:\s*([^;]+)/.exec(rule)?.[1] ?? '',
      );
      byWeight.set(weight, [...(byWeight.get(weight) ?? []), range]);
    }
    expect(byWeight.get(400)).toHaveLength(2);
    for (const ranges of byWeight.values()) {
      for (let a = 0; a < ranges.length; a += 1) {
        for (let b = a + 1; b < ranges.length; b += 1) {
          const first = ranges[a] ?? [];
          const second = ranges[b] ?? [];
          expect(subtractRanges(first, second)).toEqual(first);
        }
      }
    }
  });

  it('UI faces come after bundled ones', () => {
    const fonts = readFileSync('src-renderer/src/shared/fonts.ts', 'utf8');
    const order = [
      "'@fontsource/noto-sans-sc/400.css'",
      "'@fontsource/noto-sans-sc/700.css'",
      "'./fonts/ui-faces.css'",
    ].map((line) => fonts.indexOf(line));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const faces = readFileSync(
      'src-renderer/src/shared/fonts/ui-faces.css',
      'utf8',
    );
    const files = [...faces.matchAll(/url\('\.\/([\w-]+)\.woff2'\)/g)].map(
      (match) => match[1],
    );
    expect(files).toEqual(['ui-400', 'ui-700', 'chart-400']);
  });
});
