import type { Plugin } from 'vite';
import { UI_FONT_CLAIMS } from './src/shared/fonts/ui-claims.js';

/** Inclusive code point intervals, sorted and apart. */
export type CodeRanges = [number, number][];

/** Reads a CSS unicode-range value such as `U+20-7E, U+4E00` (no wildcards). */
export function parseUnicodeRange(value: string): CodeRanges {
  const ranges: CodeRanges = [];
  for (const item of value.split(',')) {
    const match = /^\s*U\+([0-9a-f]+)(?:-([0-9a-f]+))?\s*$/i.exec(item);
    if (match === null) {
      throw new Error(
        `unicode-range item "${item.trim()}" is not U+X or U+X-Y`,
      );
    }
    const start = Number.parseInt(match[1] ?? '', 16);
    const end = match[2] === undefined ? start : Number.parseInt(match[2], 16);
    ranges.push([start, end]);
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

export function formatUnicodeRange(ranges: CodeRanges): string {
  return ranges
    .map(([start, end]) =>
      start === end
        ? `U+${start.toString(16)}`
        : `U+${start.toString(16)}-${end.toString(16)}`,
    )
    .join(',');
}

/** Removes every code point of `claimed` from `ranges`. */
export function subtractRanges(
  ranges: CodeRanges,
  claimed: CodeRanges,
): CodeRanges {
  const out: CodeRanges = [];
  for (const [start, end] of ranges) {
    let from = start;
    for (const [claimStart, claimEnd] of claimed) {
      if (claimEnd < from || claimStart > end) {
        continue;
      }
      if (claimStart > from) {
        out.push([from, claimStart - 1]);
      }
      from = Math.max(from, claimEnd + 1);
      if (from > end) {
        break;
      }
    }
    if (from <= end) {
      out.push([from, end]);
    }
  }
  return out;
}

/**
 * Takes the characters of `claims` (by font weight) out of the unicode-range of each @font-face
 * rule of that weight in `css`, and drops a rule left with none. A rule without a weight or a
 * range is kept as it is.
 */
export function trimFaceRanges(
  css: string,
  claims: Readonly<Record<number, string>>,
): string {
  const claimed = new Map(
    Object.entries(claims).map(([weight, value]) => [
      Number(weight),
      parseUnicodeRange(value),
    ]),
  );
  return css.replace(/@font-face\s*\{[^}]*\}\s*/g, (rule) => {
    const weight = /font-weight:\s*(\d+)/.exec(rule)?.[1];
    const range = /unicode-range:\s*([^;}]+)/.exec(rule);
    const claimedHere =
      weight === undefined ? undefined : claimed.get(Number(weight));
    if (claimedHere === undefined || range === null) {
      return rule;
    }
    const left = subtractRanges(parseUnicodeRange(range[1] ?? ''), claimedHere);
    if (left.length === 0) {
      return '';
    }
    return rule.replace(range[0], `unicode-range: ${formatUnicodeRange(left)}`);
  });
}

/**
 * Makes the bundled Noto Sans SC faces give up the characters that the UI font files serve
 * (shared/fonts/ui-faces.css). `document.fonts.load` and `check` consider every face whose range
 * contains a character of the text, so with both claiming a character a chart would wait for the
 * bundled file as well as the UI one.
 */
export function trimFontRanges(
  pattern: RegExp = /@fontsource\/noto-sans-sc\/\d+\.css$/,
): Plugin {
  return {
    name: 'console:trim-font-ranges',
    enforce: 'pre',
    transform(code, id) {
      if (!pattern.test(id.split('?')[0] ?? '')) {
        return null;
      }
      return { code: trimFaceRanges(code, UI_FONT_CLAIMS), map: null };
    },
  };
}
