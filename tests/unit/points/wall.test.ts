import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  PointsProjection,
  PointsWallViewSchema,
  maskName,
  toPointsWallView,
  type MaskedName,
  type PointsSubject,
  type PointsWallView,
} from '../../../src-shared/points/index.js';
import { NOW, RULES, TOWN_A, entry, subject } from './fixtures.js';

const NAMES = [
  '王建国',
  '李秀兰',
  '欧阳明华',
  '张伟',
  '刘芳芳',
  '陈志强',
  '杨丽',
  '赵敏',
  '黄磊',
  '周杰',
];

function population(): PointsSubject[] {
  return NAMES.map((name, index) =>
    subject(`r${index}`, {
      name,
      // Scores 60, 68, ..., 132: low scorers at the start, reward-level ones at the end.
      baseScore: 60 + index * 8,
      villageCode: index < 7 ? `${TOWN_A.code}001` : `${TOWN_A.code}002`,
      villageName: index < 7 ? '一村' : '二村',
    }),
  );
}

function wallView(): PointsWallView {
  const projection = PointsProjection.fromRecords({
    rules: RULES,
    subjects: population(),
    entries: [
      entry('e1', 'r0', 'n1'),
      entry('e2', 'r9', 'p1'),
      entry('e3', 'r1', 'p1', { status: 'pending_review' }),
    ],
  });
  return toPointsWallView(projection, NOW, {
    honorRollSize: 5,
    minGroupSize: 5,
  });
}

describe('toPointsWallView', () => {
  it('passes its own strict schema', () => {
    expect(PointsWallViewSchema.safeParse(wallView()).success).toBe(true);
  });

  it('lists only masked reward-level names', () => {
    const view = wallView();
    expect(view.honorRoll).toEqual([
      { name: '周*', villageName: '二村', score: 137 },
      { name: '黄*', villageName: '二村', score: 124 },
    ]);
  });

  it('carries no full name and no id', () => {
    const text = JSON.stringify(wallView());
    for (const name of NAMES) {
      expect(text).not.toContain(name);
    }
    for (let index = 0; index < NAMES.length; index += 1) {
      expect(text).not.toContain(`"r${index}"`);
    }
    expect(text).not.toContain('subjectId');
  });

  it('never lists low scorers', () => {
    const view = wallView();
    const lowNames = population()
      .filter((value) => value.baseScore < 80)
      .map((value) => maskName(value.name));
    expect(lowNames.length).toBeGreaterThan(0);
    const text = JSON.stringify(view);
    for (const name of lowNames) {
      expect(text).not.toContain(name);
    }
    // Low scorers appear only as a count.
    expect(view.restrictionCount).toBe(3);
  });

  it('hides averages of small groups', () => {
    const view = wallView();
    expect(
      view.villages.find((village) => village.name === '一村')?.average,
    ).toBeCloseTo((55 + 68 + 76 + 84 + 92 + 100 + 108) / 7);
    expect(
      view.villages.find((village) => village.name === '二村')?.average,
    ).toBeNull();
  });

  it('shows counts of pending reviews', () => {
    expect(wallView().pending).toEqual({ total: 1, village: 1, town: 0 });
  });

  it('schema rejects extra fields', () => {
    const leaky = { ...wallView(), lowScorers: [{ name: '张*明', score: 40 }] };
    expect(PointsWallViewSchema.safeParse(leaky).success).toBe(false);
    const withId = {
      ...wallView(),
      honorRoll: [
        { name: '周*', villageName: '二村', score: 137, subjectId: 'r9' },
      ],
    };
    expect(PointsWallViewSchema.safeParse(withId).success).toBe(false);
  });

  it('schema rejects unmasked names', () => {
    const unmasked = {
      ...wallView(),
      honorRoll: [{ name: '周杰', villageName: '二村', score: 137 }],
    };
    expect(PointsWallViewSchema.safeParse(unmasked).success).toBe(false);
  });

  it('types allow only masked names', () => {
    expectTypeOf<
      PointsWallView['honorRoll'][number]['name']
    >().toEqualTypeOf<MaskedName>();
    expectTypeOf<keyof PointsWallView>().toEqualTypeOf<
      | 'scope'
      | 'kind'
      | 'weekLabel'
      | 'subjects'
      | 'tooFew'
      | 'averageScore'
      | 'distribution'
      | 'rewardCount'
      | 'restrictionCount'
      | 'towns'
      | 'villages'
      | 'weekRules'
      | 'pending'
      | 'honorRoll'
    >();
    expectTypeOf<keyof PointsWallView['honorRoll'][number]>().toEqualTypeOf<
      'name' | 'villageName' | 'score'
    >();

    const roll: PointsWallView['honorRoll'] = [];
    // @ts-expect-error a plain string is not a MaskedName; only maskName makes one.
    roll.push({ name: '周杰', villageName: '二村', score: 1 });
    roll.push({ name: maskName('周杰'), villageName: '二村', score: 1 });
    expect(roll).toHaveLength(2);
  });
});
