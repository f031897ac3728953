import { describe, expect, it } from 'vitest';
import {
  PointsProjection,
  toPointsWallView,
  type PointsSubject,
  type Scope,
} from '../../../src-shared/points/index.js';
import { NOW, RULES, TOWN_A, entry, subject } from './fixtures.js';

const SMALL_VILLAGE = `${TOWN_A.code}001`;
const LARGE_VILLAGE = `${TOWN_A.code}002`;

/** Three residents in one village and six in the other, all in town A. */
function population(): PointsSubject[] {
  return Array.from({ length: 9 }, (_, index) =>
    subject(`r${index}`, {
      baseScore: 90 + index,
      villageCode: index < 3 ? SMALL_VILLAGE : LARGE_VILLAGE,
      villageName: index < 3 ? '一村' : '二村',
    }),
  );
}

function viewOf(scope: Scope) {
  const projection = PointsProjection.fromRecords(
    {
      rules: RULES,
      subjects: population(),
      entries: [entry('e1', 'r0', 'p1'), entry('e2', 'r4', 'n1')],
    },
    { scope },
  );
  return toPointsWallView(projection, NOW, { minGroupSize: 5 });
}

describe('toPointsWallView of a scope', () => {
  it('hides a small village average', () => {
    const view = viewOf({ kind: 'village', code: SMALL_VILLAGE });

    expect(view.subjects).toBe(3);
    expect(view.tooFew).toBe(true);
    expect(view.averageScore).toBeNull();
    // The counts, the distribution and the rule movements of three residents tell who is low.
    expect(view.rewardCount).toBeNull();
    expect(view.restrictionCount).toBeNull();
    expect(view.distribution).toEqual([]);
    expect(view.weekRules).toEqual({ positive: [], negative: [] });
    // An empty honour roll would tell that no resident reached the reward line.
    expect(view.honorRoll).toEqual([]);
    expect(view.pending).toBeNull();
    // The villages list hides the same average, so both panels of a wall agree.
    expect(view.villages.map((village) => village.average)).toEqual([null]);
  });

  it('shows a large village average', () => {
    const view = viewOf({ kind: 'village', code: LARGE_VILLAGE });

    expect(view.subjects).toBe(6);
    expect(view.tooFew).toBe(false);
    expect(view.restrictionCount).not.toBeNull();
    expect(view.weekRules.negative).toHaveLength(1);
    // Base scores 93..98, and r4 lost 5 points.
    expect(view.averageScore).toBeCloseTo(
      (93 + 94 + 95 + 96 + 97 + 98 - 5) / 6,
    );
  });

  it('shows the town average', () => {
    const view = viewOf({ kind: 'town', code: TOWN_A.code });

    expect(view.subjects).toBe(9);
    expect(view.averageScore).toBeCloseTo((9 * 90 + 36 + 5 - 5) / 9);
  });
});
