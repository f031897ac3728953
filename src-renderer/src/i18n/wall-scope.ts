// Text the wall adds when its panels follow a town or village chosen on the map, in Simplified
// Chinese (the default) and English.
import { currentLocale } from './index.js';

export const zhCNWallScope = {
  'scope.latestNone': '最近 {count} 条预警中无本区域预警',
  'scope.villageAverages': '各村平均积分',
} as const;

export type WallScopeMessageKey = keyof typeof zhCNWallScope;

export const enWallScope: Record<WallScopeMessageKey, string> = {
  'scope.latestNone': 'None of the latest {count} alerts is in this area',
  'scope.villageAverages': 'Average points by village',
};

/** Translates a wall scope key in the current locale; `{name}` placeholders are filled from `params`. */
export function tWallScope(
  key: WallScopeMessageKey,
  params: Readonly<Record<string, string | number>> = {},
): string {
  const template =
    currentLocale.value === 'en' ? enWallScope[key] : zhCNWallScope[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
