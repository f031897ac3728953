import { describe, expect, it } from 'vitest';
import {
  PointsProjection,
  PointsRule,
  type PointsEntry,
  type PointsSubject,
} from '../../../src-shared/points/index.js';
import { mulberry32 } from '../../../src-central/adapters/random.js';
import { DAY, NOW, RULES, TOWN_A, TOWN_B, entry, subject } from './fixtures.js';

function population(): PointsSubject[] {
  return [
    subject('a1', { baseScore: 55 }),
    subject('a2', { baseScore: 100 }),
    subject('a3', {
      baseScore: 125,
      villageCode: `${TOWN_A.code}002`,
      villageName: '二村',
    }),
    subject('b1', {
      baseScore: 140,
      townCode: TOWN_B.code,
      townName: TOWN_B.name,
      villageCode: `${TOWN_B.code}001`,
      villageName: '三村',
    }),
    subject('o1', { kind: 'organization', baseScore: 90 }),
  ];
}

describe('PointsProjection', () => {
  it('scores base plus approved entries', () => {
    const projection = PointsProjection.fromRecords({
      rules: RULES,
      subjects: population(),
      entries: [
        entry('e1', 'a2', 'p1'),
        entry('e2', 'a2', 'n1', { status: 'pending_review' }),
        entry('e3', 'a2', 'n2', { status: 'rejected' }),
      ],
    });
    expect(projection.score('a2')).toBe(105);
    expect(projection.score('missing')).toBeNull();
  });

  it('builds the score distribution', () => {
    const projection = PointsProjection.fromRecords({
      rules: RULES,
      subjects: population(),
      entries: [],
    });
    const summary = projection.summary(NOW);

    // Residents only: 55 (below 60), 100, 125, 140 (the open top bucket).
    expect(summary.subjects).toBe(4);
    expect(summary.distribution[0]).toEqual({ from: null, to: 60, count: 1 });
    expect(
      summary.distribution.find((bucket) => bucket.from === 100)?.count,
    ).toBe(1);
    expect(
      summary.distribution.find((bucket) => bucket.from === 120)?.count,
    ).toBe(1);
    expect(summary.distribution.at(-1)).toEqual({
      from: 140,
      to: null,
      count: 1,
    });
    expect(
      summary.distribution.reduce((sum, bucket) => sum + bucket.count, 0),
    ).toBe(4);
    expect(summary.rewardCount).toBe(2);
    expect(summary.restrictionCount).toBe(1);
    expect(summary.averageScore).toBe(105);
  });

  it('averages by town and village', () => {
    const projection = PointsProjection.fromRecords({
      rules: RULES,
      subjects: population(),
      entries: [],
    });
    const summary = projection.summary(NOW);
    expect(summary.towns).toEqual([
      { code: TOWN_A.code, name: TOWN_A.name, subjects: 3, average: 280 / 3 },
      { code: TOWN_B.code, name: TOWN_B.name, subjects: 1, average: 140 },
    ]);
    expect(
      summary.villages.map((village) => [
        village.code,
        village.subjects,
        village.average,
      ]),
    ).toEqual([
      [`${TOWN_A.code}001`, 2, 77.5],
      [`${TOWN_A.code}002`, 1, 125],
      [`${TOWN_B.code}001`, 1, 140],
    ]);
  });

  it('ranks rules moved this week', () => {
    const projection = PointsProjection.fromRecords({
      rules: RULES,
      subjects: population(),
      entries: [
        entry('e1', 'a1', 'p1'),
        entry('e2', 'a2', 'p2'),
        entry('e3', 'a3', 'p2'),
        entry('e4', 'a3', 'p2'),
        entry('e5', 'b1', 'n2'),
        entry('e6', 'a1', 'n1'),
        entry('e7', 'a1', 'n1', { at: NOW - 7 * DAY }),
        entry('e8', 'a1', 'p1', { status: 'pending_review' }),
      ],
    });
    const { weekRules, weekLabel } = projection.summary(NOW);
    expect(weekLabel).toBe('2026-W50');
    expect(
      weekRules.positive.map((rule) => [rule.code, rule.entries, rule.points]),
    ).toEqual([
      ['P02', 3, 6],
      ['P01', 1, 5],
    ]);
    expect(
      weekRules.negative.map((rule) => [rule.code, rule.entries, rule.points]),
    ).toEqual([
      ['N02', 1, -10],
      ['N01', 1, -5],
    ]);
  });

  it('counts pending reviews by step', () => {
    const projection = PointsProjection.fromRecords({
      rules: RULES,
      subjects: population(),
      entries: [
        entry('e1', 'a1', 'p1', { status: 'pending_review' }),
        entry('e2', 'a2', 'n2', { status: 'pending_review' }),
        entry('e3', 'a2', 'n2', { status: 'pending_review' }),
        entry('e4', 'a2', 'gone', { status: 'pending_review' }),
        entry('e5', 'a2', 'p1'),
      ],
    });
    expect(projection.summary(NOW).pending).toEqual({
      total: 4,
      byStep: { none: 0, village: 1, town: 2, unknown: 1 },
    });
  });

  it('updates when an entry is reviewed', () => {
    const projection = PointsProjection.fromRecords({
      rules: RULES,
      subjects: population(),
      entries: [entry('e1', 'a2', 'p1', { status: 'pending_review' })],
    });
    expect(projection.score('a2')).toBe(100);
    projection.putEntry(entry('e1', 'a2', 'p1', { status: 'approved' }));
    expect(projection.score('a2')).toBe(105);
    expect(projection.summary(NOW).pending.total).toBe(0);
    projection.removeEntry('e1');
    expect(projection.score('a2')).toBe(100);
  });

  it('filters by scope', () => {
    const subjects = population();
    const town = PointsProjection.fromRecords(
      {
        rules: RULES,
        subjects,
        entries: [entry('e1', 'b1', 'p1'), entry('e2', 'a1', 'p1')],
      },
      { scope: { kind: 'town', code: TOWN_B.code } },
    ).summary(NOW);
    expect(town.subjects).toBe(1);
    expect(town.weekRules.positive[0]?.entries).toBe(1);

    const village = PointsProjection.fromRecords(
      { rules: RULES, subjects, entries: [] },
      { scope: { kind: 'village', code: `${TOWN_A.code}001` } },
    ).summary(NOW);
    expect(village.subjects).toBe(2);
  });

  it('counts organizations when asked', () => {
    const summary = PointsProjection.fromRecords(
      { rules: RULES, subjects: population(), entries: [] },
      { kind: 'organization' },
    ).summary(NOW);
    expect(summary.subjects).toBe(1);
    expect(summary.averageScore).toBe(90);
  });

  it('ranks subjects both ways', () => {
    const projection = PointsProjection.fromRecords({
      rules: RULES,
      subjects: population(),
      entries: [],
    });
    expect(
      projection.rankSubjects('highest', 2).map((ranked) => ranked.subject.id),
    ).toEqual(['b1', 'a3']);
    expect(
      projection.rankSubjects('lowest', 1).map((ranked) => ranked.score),
    ).toEqual([55]);
  });

  it('reports invalid records', () => {
    const projection = new PointsProjection();
    expect(
      projection.applyRecord('points.rule', 'x', { ...RULES[0], points: -5 }),
    ).toMatch(/points/);
    expect(projection.applyRecord('points.other', 'x', {})).toMatch(
      /not a points collection/,
    );
    expect(projection.applyRecord('points.rule', 'p1', RULES[0])).toBeNull();
    expect(PointsRule.safeParse({ ...RULES[2], points: 5 }).success).toBe(
      false,
    );
  });

  it('rebuild equals incremental in any order', () => {
    const random = mulberry32(21);
    const subjects: PointsSubject[] = [];
    for (let index = 0; index < 300; index += 1) {
      const town = random() < 0.5 ? TOWN_A : TOWN_B;
      subjects.push(
        subject(`s${index}`, {
          kind: random() < 0.1 ? 'organization' : 'resident',
          townCode: town.code,
          townName: town.name,
          villageCode: `${town.code}00${1 + Math.floor(random() * 3)}`,
          baseScore: 70 + Math.floor(random() * 60),
        }),
      );
    }
    const changes: PointsEntry[] = [];
    const statuses = ['pending_review', 'approved', 'rejected'] as const;
    for (let index = 0; index < 3000; index += 1) {
      const rule = RULES[Math.floor(random() * RULES.length)] ?? RULES[0]!;
      changes.push(
        entry(`e${index % 2000}`, `s${Math.floor(random() * 320)}`, rule.id, {
          status: statuses[Math.floor(random() * 3)] ?? 'approved',
          at: NOW - Math.floor(random() * 14 * DAY),
        }),
      );
    }

    // Incremental: entries first (many before their subject), subjects moved once, one removed.
    const incremental = new PointsProjection({
      scope: { kind: 'town', code: TOWN_A.code },
    });
    changes.forEach((change) => incremental.putEntry(change));
    subjects.forEach((value) =>
      incremental.putSubject({ ...value, townCode: TOWN_B.code }),
    );
    subjects.forEach((value) => incremental.putSubject(value));
    RULES.forEach((rule) => incremental.putRule(rule));
    incremental.removeSubject('s7');
    incremental.removeEntry('e3');

    const latest = new Map(changes.map((change) => [change.id, change]));
    latest.delete('e3');
    const rebuilt = PointsProjection.fromRecords(
      {
        rules: RULES,
        subjects: subjects.filter((value) => value.id !== 's7'),
        entries: [...latest.values()].reverse(),
      },
      { scope: { kind: 'town', code: TOWN_A.code } },
    );

    expect(rebuilt.summary(NOW)).toEqual(incremental.summary(NOW));
    expect(incremental.summary(NOW).subjects).toBeGreaterThan(50);
    expect(incremental.rankSubjects('lowest', 10)).toEqual(
      rebuilt.rankSubjects('lowest', 10),
    );

    // The bounded ranking must agree with a full sort of every counted subject.
    const everyone = rebuilt.rankSubjects('highest', 10_000);
    const sorted = [...everyone].sort(
      (x, y) => y.score - x.score || (x.subject.id < y.subject.id ? -1 : 1),
    );
    expect(everyone).toEqual(sorted);
    expect(rebuilt.rankSubjects('highest', 7)).toEqual(sorted.slice(0, 7));
    expect(rebuilt.rankSubjects('lowest', 7)).toEqual(
      [...sorted]
        .reverse()
        .sort(
          (x, y) => x.score - y.score || (x.subject.id < y.subject.id ? -1 : 1),
        )
        .slice(0, 7),
    );
  });
});
