// Text of the county map panel, in Simplified Chinese (the default) and English.
import { currentLocale } from './index.js';

export const zhCNMap = {
  'map.title': '全县态势图',
  'map.schematicNote': '示意图：乡镇、村区域为示意，不代表实际边界',
  'map.schematicTag': '示意',
  'map.breadcrumb': '地图层级',
  'map.up': '返回上级',
  'map.drillHint': '点击区域查看下一级',
  'map.noData': '尚无数据',
  'map.tooltipValue': '{name}\n{measure}：{value}',
  'map.total': '{measure}合计 {value}',
  'map.unplacedTown': '其中 {value} 未定位到乡镇',
  'map.unplacedVillage': '其中 {value} 未定位到村（社区）',
  'map.noVillageBreakdown': '此项只按乡镇统计，无村级分布',
  'map.outlineInvalid': '县界数据无效，无法绘制地图：{error}',
  'map.legendHigh': '高',
  'map.legendLow': '低',
} as const;

export type MapMessageKey = keyof typeof zhCNMap;

export const enMap: Record<MapMessageKey, string> = {
  'map.title': 'County map',
  'map.schematicNote':
    'Schematic: town and village areas are illustrative, not real boundaries',
  'map.schematicTag': 'Schematic',
  'map.breadcrumb': 'Map level',
  'map.up': 'Up one level',
  'map.drillHint': 'Click an area to open the next level',
  'map.noData': 'No data yet',
  'map.tooltipValue': '{name}\n{measure}: {value}',
  'map.total': '{measure} total {value}',
  'map.unplacedTown': '{value} of them not placed in a town',
  'map.unplacedVillage': '{value} of them not placed in a village',
  'map.noVillageBreakdown': 'counted per town only, no village breakdown',
  'map.outlineInvalid':
    'The county outline is invalid, so no map is drawn: {error}',
  'map.legendHigh': 'High',
  'map.legendLow': 'Low',
};

/** Translates a map key in the current locale; `{name}` placeholders are filled from `params`. */
export function tMap(
  key: MapMessageKey,
  params: Readonly<Record<string, string | number>> = {},
): string {
  const template = currentLocale.value === 'en' ? enMap[key] : zhCNMap[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
