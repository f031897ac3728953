// UI text of the wall panels for the latest alerts, the severe-alert banner, public opinion and
// points. The Chinese table defines the keys; the English table must give every one of them.
import { currentLocale } from './index.js';

export const zhCNWallPanels = {
  'alerts.latest': '最新预警',
  'alerts.none': '当前无预警',
  'alerts.unknownTown': '未知乡镇',
  'banner.label.1': '特别重大预警 · 待确认',
  'banner.label.2': '重大预警 · 待确认',
  'banner.more': '另有{count}条待确认',

  'opinion.sentiment': '舆情情感走势（近 {hours} 小时）',
  'opinion.heat': '话题热度排行',
  'opinion.sources': '来源',
  'opinion.negative': '最新负面舆情',
  'opinion.noNegative': '暂无负面舆情',
  'opinion.noTopics': '暂无话题',
  'opinion.total': '共 {count} 条',
  'opinion.items': '{count} 条',
  'sentiment.positive': '正面',
  'sentiment.neutral': '中性',
  'sentiment.negative': '负面',
  'source.microblog': '微博',
  'source.messaging': '公众号',
  'source.forum': '论坛',
  'source.news': '新闻网站',
  'source.short_video': '短视频',

  'points.summary': '积分概况（{week}）',
  'points.subjects': '参评人数',
  'points.subjectsOrganization': '参评组织',
  'points.average': '平均分',
  'points.reward': '达到奖励线',
  'points.restriction': '低于限制线',
  'points.pending': '待审核',
  'points.pendingSteps': '村级 {village} · 乡镇 {town}',
  'points.distribution': '分数分布',
  'points.below': '<{to}',
  'points.atLeast': '≥{from}',
  'points.range': '{from}–{to}',
  'points.towns': '各乡镇平均积分',
  'points.insufficient': '样本不足',
  'points.subjectCount': '{count} 人',
  'points.organizationCount': '{count} 家',
  'points.rules': '本周变动最多的积分规则',
  'points.positiveRules': '加分项',
  'points.negativeRules': '扣分项',
  'points.ruleEntries': '{count} 次',
  'points.noRules': '本周暂无记录',
  'points.honorRoll': '光荣榜',
  'points.noHonor': '暂无达到奖励线的居民',
} as const;

export type WallPanelsMessageKey = keyof typeof zhCNWallPanels;

export const enWallPanels: Record<WallPanelsMessageKey, string> = {
  'alerts.latest': 'Latest alerts',
  'alerts.none': 'No alerts',
  'alerts.unknownTown': 'Unknown town',
  'banner.label.1': 'Extremely severe alert · not yet acknowledged',
  'banner.label.2': 'Severe alert · not yet acknowledged',
  'banner.more': '{count} more waiting',

  'opinion.sentiment': 'Opinion sentiment (last {hours} h)',
  'opinion.heat': 'Topic heat ranking',
  'opinion.sources': 'Sources',
  'opinion.negative': 'Latest negative opinion',
  'opinion.noNegative': 'No negative items',
  'opinion.noTopics': 'No topics yet',
  'opinion.total': '{count} items',
  'opinion.items': '{count} items',
  'sentiment.positive': 'Positive',
  'sentiment.neutral': 'Neutral',
  'sentiment.negative': 'Negative',
  'source.microblog': 'Microblog',
  'source.messaging': 'Official account',
  'source.forum': 'Forum',
  'source.news': 'News site',
  'source.short_video': 'Short video',

  'points.summary': 'Points overview ({week})',
  'points.subjects': 'Residents',
  'points.subjectsOrganization': 'Organizations',
  'points.average': 'Average',
  'points.reward': 'At reward level',
  'points.restriction': 'Below restriction level',
  'points.pending': 'Pending review',
  'points.pendingSteps': 'Village {village} · Town {town}',
  'points.distribution': 'Score distribution',
  'points.below': '<{to}',
  'points.atLeast': '≥{from}',
  'points.range': '{from}–{to}',
  'points.towns': 'Average points by town',
  'points.insufficient': 'Too few residents',
  'points.subjectCount': '{count}',
  'points.organizationCount': '{count}',
  'points.rules': 'Rules that moved most this week',
  'points.positiveRules': 'Awards',
  'points.negativeRules': 'Deductions',
  'points.ruleEntries': '{count}×',
  'points.noRules': 'No entries this week',
  'points.honorRoll': 'Honor roll',
  'points.noHonor': 'No resident at the reward level yet',
};

/** Translates a wall-panels key in the current locale, filling `{name}` placeholders. */
export function tWallPanels(
  key: WallPanelsMessageKey,
  params: Readonly<Record<string, string | number>> = {},
): string {
  const table = currentLocale.value === 'en' ? enWallPanels : zhCNWallPanels;
  return table[key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
