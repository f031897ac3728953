import { ref, type Ref } from 'vue';
import { en, zhCN, type MessageKey, type MessageTable } from './messages.js';

export type Locale = 'zh-CN' | 'en';
export type { MessageKey } from './messages.js';

const tables: Record<Locale, MessageTable> = { 'zh-CN': zhCN, en };

/** Maps a BCP 47 tag such as `en-US` or `zh-Hans-CN` to a supported locale; Chinese otherwise. */
export function resolveLocale(tag: string | null | undefined): Locale {
  if (tag !== null && tag !== undefined && tag.toLowerCase().startsWith('en')) {
    return 'en';
  }
  return 'zh-CN';
}

/** Fills `{name}` placeholders; an unknown placeholder stays visible so the gap is noticed. */
export function translate(
  locale: Locale,
  key: MessageKey,
  params: Readonly<Record<string, string | number>> = {},
): string {
  const template = tables[locale][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** Current UI locale, shared by both windows' components. */
export const currentLocale: Ref<Locale> = ref('zh-CN');

/** Translates in the current locale; reactive because it reads `currentLocale`. */
export function t(
  key: MessageKey,
  params?: Readonly<Record<string, string | number>>,
): string {
  return translate(currentLocale.value, key, params);
}

/** Picks the locale: `?lang=` in the page URL wins over the app's locale. */
export function chooseLocale(search: string, appLocale: string | null): Locale {
  const requested = new URLSearchParams(search).get('lang');
  return resolveLocale(requested ?? appLocale);
}
