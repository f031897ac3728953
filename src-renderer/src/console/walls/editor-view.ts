// Small view helpers of the layout editor: CSS grid placement, panel titles and error text.
import {
  panelDefinition,
  type CellRect,
  type PanelId,
} from '../../../../src-shared/walls/index.js';
import { currentLocale, type Locale } from '../../i18n/index.js';
import { tWalls } from '../../i18n/walls.js';
import type { EditorState } from './editor-state.js';

/**
 * CSS grid placement of a cell rectangle, as a style object. Vue applies it
 * through the CSSOM, which the renderer's Content-Security-Policy allows,
 * unlike a style attribute written as text.
 */
export function cellStyle(rect: CellRect): {
  gridColumn: string;
  gridRow: string;
} {
  return {
    gridColumn: `${rect.x + 1} / span ${rect.w}`,
    gridRow: `${rect.y + 1} / span ${rect.h}`,
  };
}

export function panelTitle(panel: PanelId, locale: Locale): string {
  const definition = panelDefinition(panel);
  return locale === 'en' ? definition.titleEn : definition.titleZh;
}

export function describeEditError(
  error: NonNullable<EditorState['lastError']>,
): string {
  if (error.code === 'no-room') {
    return tWalls('editor.noRoom', {
      panel: panelTitle(error.panel, currentLocale.value),
    });
  }
  return tWalls('editor.editRejected', { message: error.message });
}

/** Deep-copies a value without Vue proxies, so the bridge's structured clone accepts it. */
export function plainCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
