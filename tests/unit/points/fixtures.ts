import type {
  PointsEntry,
  PointsRule,
  PointsSubject,
} from '../../../src-shared/points/index.js';

/** Wednesday 2026-12-09 12:00 in Asia/Shanghai; its ISO week starts Monday 2026-12-07. */
export const NOW = Date.UTC(2026, 11, 9, 4);
export const WEEK_START = Date.UTC(2026, 11, 6, 16);
export const DAY = 86_400_000;

export const TOWN_A = { code: '421123100', name: '凤山镇' };
export const TOWN_B = { code: '421123101', name: '骆驼坳镇' };

export const RULES: PointsRule[] = [
  {
    id: 'p1',
    list: 'positive',
    code: 'P01',
    label: '参与志愿服务',
    points: 5,
    reviewStep: 'village',
  },
  {
    id: 'p2',
    list: 'positive',
    code: 'P02',
    label: '垃圾分类投放',
    points: 2,
    reviewStep: 'none',
  },
  {
    id: 'n1',
    list: 'negative',
    code: 'N01',
    label: '乱倒垃圾',
    points: -5,
    reviewStep: 'village',
  },
  {
    id: 'n2',
    list: 'negative',
    code: 'N02',
    label: '私搭乱建',
    points: -10,
    reviewStep: 'town',
  },
];

export function subject(
  id: string,
  overrides: Partial<PointsSubject> = {},
): PointsSubject {
  return {
    id,
    kind: 'resident',
    name: '张三明',
    townCode: TOWN_A.code,
    townName: TOWN_A.name,
    villageCode: `${TOWN_A.code}001`,
    villageName: '一村',
    baseScore: 100,
    ...overrides,
  };
}

export function entry(
  id: string,
  subjectId: string,
  ruleId: string,
  overrides: Partial<PointsEntry> = {},
): PointsEntry {
  const rule = RULES.find((candidate) => candidate.id === ruleId);
  return {
    id,
    subjectId,
    ruleId,
    points: rule?.points ?? 1,
    at: NOW - 60_000,
    status: 'approved',
    reviewedBy: null,
    reviewedAt: null,
    ...overrides,
  };
}
