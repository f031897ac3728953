// Only the two weights the views use, so the build bundles two sets of woff2 subsets. The UI's
// own characters come from larger files declared after them (fonts/ui-faces.css), and the build
// takes those characters out of the bundled faces (font-ranges.ts). Each window's entry imports
// this module first, so the faces are known before any text is laid out.
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import './fonts/ui-faces.css';

/** Family of the bundled CJK font; every font stack and chart text starts with it. */
export const CJK_FONT_FAMILY = 'Noto Sans SC';
export const FONT_STACK = `'${CJK_FONT_FAMILY}', 'Microsoft YaHei', 'PingFang SC', sans-serif`;

/**
 * Resolves once the CJK font's subsets for common chart text are loaded, or after `timeoutMs`
 * when they cannot be, so a chart is never held back for good. Canvas text drawn before the font
 * loads stays in the fallback font until the next redraw.
 */
export async function waitForCjkFont(timeoutMs = 3000): Promise<void> {
  const sample = '警情数据更新于一二三四级乡镇0123456789';
  const loads = Promise.all([
    document.fonts.load(`400 16px '${CJK_FONT_FAMILY}'`, sample),
    document.fonts.load(`700 16px '${CJK_FONT_FAMILY}'`, sample),
  ]).then(() => undefined);
  const timeout = new Promise<void>((resolve) =>
    setTimeout(resolve, timeoutMs),
  );
  await Promise.race([loads.catch(() => undefined), timeout]);
}
