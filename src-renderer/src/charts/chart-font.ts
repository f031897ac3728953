import { CJK_FONT_FAMILY } from '../shared/fonts.js';

/** Weights the chart options use; the bundled font ships one file set per weight. */
const CHART_FONT_WEIGHTS = [400, 700] as const;

/** Bounds on the walk over an option, so a huge data array costs a bounded scan. */
const MAX_DEPTH = 12;
const MAX_CHARACTERS = 2048;

function collectText(value: unknown, depth: number, found: Set<string>): void {
  if (found.size >= MAX_CHARACTERS || depth > MAX_DEPTH) {
    return;
  }
  if (typeof value === 'string') {
    for (const character of value) {
      found.add(character);
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      collectText(item, depth + 1, found);
    }
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) {
      collectText(item, depth + 1, found);
    }
  }
}

/**
 * Returns every distinct character that appears in a string of `option` (titles, axis categories,
 * labels, series names). The bundled font is split into many unicode-range files, and the
 * browser loads only the files whose characters a page asks for, so a chart has to ask for its
 * own text.
 */
export function chartText(option: unknown): string {
  const found = new Set<string>();
  collectText(option, 0, found);
  return Array.from(found).join('');
}

function fontSpec(weight: number): string {
  return `${weight} 16px '${CJK_FONT_FAMILY}'`;
}

/** True when every weight of the bundled font is loaded for the characters of `text`. */
export function isChartFontReady(text: string): boolean {
  if (text === '') {
    return true;
  }
  return CHART_FONT_WEIGHTS.every((weight) =>
    document.fonts.check(fontSpec(weight), text),
  );
}

/**
 * Loads the bundled font files that cover `text`. Resolves true once they are loaded, or false
 * after `timeoutMs` or a failed load, so a chart is never held back for good. Canvas text drawn
 * before its font loads keeps the fallback glyphs and widths until the chart is redrawn.
 */
export async function loadChartFont(
  text: string,
  timeoutMs = 3000,
): Promise<boolean> {
  if (isChartFontReady(text)) {
    return true;
  }
  const loads = Promise.all(
    CHART_FONT_WEIGHTS.map((weight) =>
      document.fonts.load(fontSpec(weight), text),
    ),
  ).then(
    () => true,
    () => false,
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const loaded = await Promise.race([loads, timeout]);
  clearTimeout(timer);
  return loaded;
}
