import type {
  OpinionItem,
  Sentiment,
} from '../../../src-shared/opinion/index.js';

/** 2026-12-01 00:00 UTC, 08:00 in Asia/Shanghai; a whole hour, so hour buckets start here. */
export const T0 = Date.UTC(2026, 11, 1);
export const HOUR = 3_600_000;

export const TOWN_A = { code: '421123100', name: '凤山镇' };
export const TOWN_B = { code: '421123101', name: '骆驼坳镇' };
export const VILLAGE_A1 = '421123100001';
export const VILLAGE_A2 = '421123100002';

let counter = 0;

/** Builds a valid item; every field can be overridden. */
export function item(overrides: Partial<OpinionItem> = {}): OpinionItem {
  counter += 1;
  return {
    id: `item-${counter}`,
    source: 'microblog',
    title: '测试帖子',
    text: '',
    publishedAt: T0,
    sentiment: 'neutral',
    emotion: 'neutral',
    heat: 10,
    place: {
      townCode: TOWN_A.code,
      townName: TOWN_A.name,
      villageName: '一村',
      divisionCode: VILLAGE_A1,
    },
    topic: '道路',
    ...overrides,
  };
}

export function negative(
  publishedAt: number,
  overrides: Partial<OpinionItem> = {},
): OpinionItem {
  return item({
    publishedAt,
    sentiment: 'negative' as Sentiment,
    emotion: 'anger',
    ...overrides,
  });
}
