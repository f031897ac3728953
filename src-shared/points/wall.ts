// The only points data a wall receives: aggregates, and masked names of residents on the honor
// roll. Lists of low scorers and subject ids have no field here, so they cannot reach a wall
// through this type or its schema.
import { z } from 'zod';
import { Scope } from '../opinion/scope.js';
import { maskName, type MaskedName } from './mask.js';
import { PointsList, SubjectKind } from './schema.js';
import type { PointsProjection } from './projection.js';

export interface WallAreaAverage {
  code: string;
  name: string;
  subjects: number;
  /**
   * Average score, or null when fewer subjects than `minGroupSize` live there, so that no one's
   * score can be read back.
   */
  average: number | null;
}

export interface HonorRollEntry {
  name: MaskedName;
  villageName: string;
  score: number;
}

export interface PointsWallView {
  scope: Scope;
  kind: SubjectKind;
  weekLabel: string;
  subjects: number;
  /**
   * True when the scope has fewer subjects than `minGroupSize`. Its average, distribution, reward
   * and restriction counts, rule movements, pending reviews and honour roll are then left out
   * (null or empty), because in a group that small they tell who scored low or broke a rule. Even
   * an empty honour roll would tell that no resident reached the reward line.
   */
  tooFew: boolean;
  averageScore: number | null;
  distribution: { from: number | null; to: number | null; count: number }[];
  rewardCount: number | null;
  restrictionCount: number | null;
  towns: WallAreaAverage[];
  villages: (WallAreaAverage & { townCode: string })[];
  weekRules: {
    positive: WallRuleMovement[];
    negative: WallRuleMovement[];
  };
  pending: { total: number; village: number; town: number } | null;
  /** Masked residents at or above the reward threshold, best first. Empty for organizations. */
  honorRoll: HonorRollEntry[];
}

export interface WallRuleMovement {
  code: string;
  label: string;
  list: PointsList;
  entries: number;
  points: number;
}

export interface WallViewOptions {
  /** Maximum length of the honor roll. 0 leaves it out. */
  honorRollSize: number;
  /** Minimum number of counted subjects for an area to show its average. */
  minGroupSize: number;
}

export const DEFAULT_WALL_VIEW_OPTIONS: WallViewOptions = {
  honorRollSize: 10,
  minGroupSize: 5,
};

/** A masked name: one character, or a surname, stars and at most one last character. */
const MaskedNameText = z
  .string()
  .refine((name) => Array.from(name).length <= 1 || name.includes('*'), {
    message: 'wall names must be masked, such as 张*明',
  });

const AreaAverageSchema = z.strictObject({
  code: z.string(),
  name: z.string(),
  subjects: z.number().int().min(0),
  average: z.number().nullable(),
});

const RuleMovementSchema = z.strictObject({
  code: z.string(),
  label: z.string(),
  list: PointsList,
  entries: z.number().int(),
  points: z.number().int(),
});

/**
 * Schema of the wall view, strict at every level: a payload with any extra field (a subject id, a
 * list of low scorers) or an unmasked honor-roll name fails it.
 */
export const PointsWallViewSchema = z.strictObject({
  scope: Scope,
  kind: SubjectKind,
  weekLabel: z.string(),
  subjects: z.number().int().min(0),
  tooFew: z.boolean(),
  averageScore: z.number().nullable(),
  distribution: z.array(
    z.strictObject({
      from: z.number().nullable(),
      to: z.number().nullable(),
      count: z.number().int().min(0),
    }),
  ),
  rewardCount: z.number().int().min(0).nullable(),
  restrictionCount: z.number().int().min(0).nullable(),
  towns: z.array(AreaAverageSchema),
  villages: z.array(AreaAverageSchema.extend({ townCode: z.string() })),
  weekRules: z.strictObject({
    positive: z.array(RuleMovementSchema),
    negative: z.array(RuleMovementSchema),
  }),
  pending: z
    .strictObject({
      total: z.number().int().min(0),
      village: z.number().int().min(0),
      town: z.number().int().min(0),
    })
    .nullable(),
  honorRoll: z.array(
    z.strictObject({
      name: MaskedNameText,
      villageName: z.string(),
      score: z.number(),
    }),
  ),
});

/**
 * Copies the fields a wall may show one by one, so a field added to the summary stays off walls
 * until it is added here.
 */
function wallArea(
  area: { code: string; name: string; subjects: number; average: number },
  minGroupSize: number,
): WallAreaAverage {
  return {
    code: area.code,
    name: area.name,
    subjects: area.subjects,
    average: area.subjects < minGroupSize ? null : area.average,
  };
}

function wallRule(rule: WallRuleMovement): WallRuleMovement {
  return {
    code: rule.code,
    label: rule.label,
    list: rule.list,
    entries: rule.entries,
    points: rule.points,
  };
}

/**
 * Builds the wall view of a projection at `now`. Names appear only on the honor roll, masked, and
 * only for residents at or above the reward threshold.
 */
export function toPointsWallView(
  projection: PointsProjection,
  now: number,
  options: Partial<WallViewOptions> = {},
): PointsWallView {
  const { honorRollSize, minGroupSize } = {
    ...DEFAULT_WALL_VIEW_OPTIONS,
    ...options,
  };
  const summary = projection.summary(now);
  const rewardAt = projection.options.thresholds.reward;

  const honorRoll: HonorRollEntry[] = [];
  if (summary.kind === 'resident' && honorRollSize > 0) {
    // NOTE: the roll assumes residents agreed to appear under a masked name, but the ledger records
    // no consent yet.
    for (const { subject, score } of projection.rankSubjects(
      'highest',
      honorRollSize,
    )) {
      if (score < rewardAt) {
        break;
      }
      honorRoll.push({
        name: maskName(subject.name),
        villageName: subject.villageName,
        score,
      });
    }
  }

  const tooFew = summary.subjects < minGroupSize;
  return {
    scope: summary.scope,
    kind: summary.kind,
    weekLabel: summary.weekLabel,
    subjects: summary.subjects,
    // A village scope can hold only a few residents, whose average the villages list hides too.
    tooFew,
    averageScore: tooFew ? null : summary.averageScore,
    distribution: tooFew ? [] : summary.distribution,
    rewardCount: tooFew ? null : summary.rewardCount,
    restrictionCount: tooFew ? null : summary.restrictionCount,
    towns: summary.towns.map((town) => wallArea(town, minGroupSize)),
    villages: summary.villages.map((village) => ({
      ...wallArea(village, minGroupSize),
      townCode: village.townCode,
    })),
    weekRules: {
      positive: tooFew ? [] : summary.weekRules.positive.map(wallRule),
      negative: tooFew ? [] : summary.weekRules.negative.map(wallRule),
    },
    pending: tooFew
      ? null
      : {
          total: summary.pending.total,
          village: summary.pending.byStep.village,
          town: summary.pending.byStep.town,
        },
    honorRoll: tooFew ? [] : honorRoll,
  };
}
