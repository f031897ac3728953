import { CJK_FONT_FAMILY } from '../shared/fonts.js';

/** Weights the chart options use; the bundled font ships one file set per weight. */
export const CHART_FONT_WEIGHTS: readonly number[] = [400, 700];

/** Weight of text ECharts draws without a `fontWeight`. */
const NORMAL_WEIGHT = [400] as const;

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

function isBold(weight: unknown): boolean {
  if (typeof weight === 'number') {
    return weight >= 600;
  }
  return weight === 'bold' || weight === 'bolder';
}

function needsBold(value: unknown, depth: number): boolean {
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) {
    return false;
  }
  if (Array.isArray(value)) {
    return value.some((item) => needsBold(item, depth + 1));
  }
  for (const [key, item] of Object.entries(value)) {
    // ECharts draws a title in 'bolder' unless its text style names a weight.
    if (key === 'title' || (key === 'fontWeight' && isBold(item))) {
      return true;
    }
    if (needsBold(item, depth + 1)) {
      return true;
    }
  }
  return false;
}

/**
 * Returns the weights of the bundled font that `option` draws with: the normal weight, and the
 * bold one only when some text is bold. A chart that waits for a weight it never draws would
 * wait for a second set of font files for nothing.
 */
export function chartFontWeights(option: unknown): readonly number[] {
  return needsBold(option, 0) ? CHART_FONT_WEIGHTS : NORMAL_WEIGHT;
}

function fontSpec(weight: number): string {
  return `${weight} 16px '${CJK_FONT_FAMILY}'`;
}

/** True when each of `weights` of the bundled font is loaded for the characters of `text`. */
export function isChartFontReady(
  text: string,
  weights: readonly number[] = CHART_FONT_WEIGHTS,
): boolean {
  if (text === '') {
    return true;
  }
  return weights.every((weight) =>
    document.fonts.check(fontSpec(weight), text),
  );
}

/**
 * Loads the bundled font files of `weights` that cover `text`. Resolves true once they are loaded, or false
 * after `timeoutMs` or a failed load, so a chart is never held back for good. Canvas text drawn
 * before its font loads keeps the fallback glyphs and widths until the chart is redrawn.
 */
export async function loadChartFont(
  text: string,
  timeoutMs = 3000,
  weights: readonly number[] = CHART_FONT_WEIGHTS,
): Promise<boolean> {
  if (isChartFontReady(text, weights)) {
    return true;
  }
  const loads = Promise.all(
    weights.map((weight) => document.fonts.load(fontSpec(weight), text)),
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
