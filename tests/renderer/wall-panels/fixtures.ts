// Views and items the wall-panel tests share: an opinion view built by the real projection from
// generated items, and a points wall view written out by hand.
import {
  HOUR_MS,
  OpinionItem,
  OpinionProjection,
  OpinionSource,
  Sentiment,
  type OpinionWallView,
} from '../../../src-shared/opinion/index.js';
import {
  maskName,
  type PointsWallView,
} from '../../../src-shared/points/index.js';

// 2026-12-04 10:00 Beijing time (02:00 UTC), the newest hour of the ring.
export const END_HOUR = Date.UTC(2026, 11, 4, 2, 0, 0);

export const LABELS = {
  positive: '正面',
  neutral: '中性',
  negative: '负面',
} as const;

export function opinionItem(index: number): OpinionItem {
  return OpinionItem.parse({
    id: `op-${index}`,
    source: OpinionSource.options[index % 5],
    title: `帖子 ${index}`,
    text: '',
    // Spread over the last 30 hours, so some items fall out of the 24-hour ring.
    publishedAt: END_HOUR - (index % 30) * HOUR_MS + (index % 7) * 60_000,
    sentiment: Sentiment.options[index % 3],
    emotion: 'neutral',
    heat: 1 + (index % 11) * 2.5,
    place: {
      townCode: '421123100',
      townName: '凤山镇',
      villageName: null,
      divisionCode: null,
    },
    topic: `话题${index % 13}`,
  });
}

export function opinionView(count: number): OpinionWallView {
  const items = Array.from({ length: count }, (_, index) => opinionItem(index));
  return OpinionProjection.fromItems(items, {}, END_HOUR).view();
}

function rule(code: string, list: 'positive' | 'negative', points: number) {
  return {
    code,
    label: `规则 ${code}`,
    list,
    entries: Math.abs(points) / 5,
    points,
  };
}

/** A county view of 1,200 residents with two towns too small to show an average. */
export function sampleView(): PointsWallView {
  return {
    scope: { kind: 'county' },
    kind: 'resident',
    weekLabel: '2026-W49',
    subjects: 1200,
    tooFew: false,
    averageScore: 103.456,
    distribution: [
      { from: null, to: 60, count: 12 },
      { from: 60, to: 80, count: 90 },
      { from: 80, to: 100, count: 400 },
      { from: 100, to: 120, count: 600 },
      { from: 120, to: null, count: 98 },
    ],
    rewardCount: 98,
    restrictionCount: 12,
    towns: [
      { code: '421123100', name: '凤山镇', subjects: 300, average: 101.25 },
      { code: '421123101', name: '骆驼坳镇', subjects: 3, average: null },
      { code: '421123102', name: '大河岸镇', subjects: 250, average: 108.5 },
      { code: '421123103', name: '九资河镇', subjects: 200, average: 95 },
      { code: '421123104', name: '白庙河镇', subjects: 2, average: null },
    ],
    villages: [],
    weekRules: {
      positive: [
        rule('P1', 'positive', 60),
        rule('P2', 'positive', 40),
        rule('P3', 'positive', 30),
        rule('P4', 'positive', 20),
        rule('P5', 'positive', 10),
        rule('P6', 'positive', 5),
      ],
      negative: [rule('N1', 'negative', -50), rule('N2', 'negative', -10)],
    },
    pending: { total: 7, village: 4, town: 3 },
    honorRoll: [
      { name: maskName('张三明'), villageName: '城东村', score: 130 },
    ],
  };
}
