/**
 * Panels a wall layout may place. The list is closed, so a layout naming any
 * other id is rejected. A typo in a hand-edited file then shows up at import
 * instead of as an empty cell on the wall.
 */
export const PANELS = [
  {
    id: 'alerts-by-level',
    titleZh: '事件分级统计',
    titleEn: 'Alerts by level',
  },
  {
    id: 'alerts-by-class',
    titleZh: '事件分类统计',
    titleEn: 'Alerts by class',
  },
  { id: 'alerts-by-type', titleZh: '事件类型统计', titleEn: 'Alerts by type' },
  { id: 'alerts-by-town', titleZh: '乡镇事件分布', titleEn: 'Alerts by town' },
  { id: 'alerts-trend', titleZh: '事件趋势', titleEn: 'Alert trend' },
  {
    id: 'alerts-trend-days',
    titleZh: '事件日趋势',
    titleEn: 'Alerts per day',
  },
  { id: 'alerts-latest', titleZh: '最新事件', titleEn: 'Latest alerts' },
  { id: 'opinion-latest', titleZh: '最新舆情', titleEn: 'Latest opinion' },
  {
    id: 'opinion-sentiment',
    titleZh: '舆情情感分布',
    titleEn: 'Opinion sentiment',
  },
  { id: 'opinion-heat', titleZh: '舆情热度趋势', titleEn: 'Opinion heat' },
  { id: 'points-summary', titleZh: '积分概况', titleEn: 'Points summary' },
  { id: 'points-by-town', titleZh: '乡镇积分排名', titleEn: 'Points by town' },
  {
    id: 'points-rewards',
    titleZh: '积分奖惩',
    titleEn: 'Points rewards and restrictions',
  },
  { id: 'county-map', titleZh: '全县态势图', titleEn: 'County map' },
  { id: 'incident-focus', titleZh: '重点事件', titleEn: 'Incident focus' },
  { id: 'duty-today', titleZh: '今日值班', titleEn: 'Duty today' },
] as const;

export type PanelDefinition = (typeof PANELS)[number];
export type PanelId = PanelDefinition['id'];

export const PANEL_IDS: readonly PanelId[] = PANELS.map((panel) => panel.id);

export function isPanelId(value: string): value is PanelId {
  return (PANEL_IDS as readonly string[]).includes(value);
}

/** Returns the definition of a known panel id. */
export function panelDefinition(id: PanelId): PanelDefinition {
  const found = PANELS.find((panel) => panel.id === id);
  if (found === undefined) {
    // Unreachable while PanelId derives from PANELS. It stays so that a cast id fails loudly.
    throw new RangeError(
      `Unknown panel id "${id}"; use one of ${PANEL_IDS.join(', ')}.`,
    );
  }
  return found;
}
