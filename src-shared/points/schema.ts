// Points (积分) records: the published rule lists, the residents and organizations that hold a
// score, and the ledger entries that move it.
import { z } from 'zod';

export const POINTS_COLLECTIONS = {
  rule: 'points.rule',
  subject: 'points.subject',
  entry: 'points.entry',
} as const;

export const PointsList = z.enum(['positive', 'negative']);
export type PointsList = z.infer<typeof PointsList>;

/** Review that an entry of a rule needs before it counts: none, by the village or by the town. */
export const ReviewStep = z.enum(['none', 'village', 'town']);
export type ReviewStep = z.infer<typeof ReviewStep>;

export const PointsRule = z
  .object({
    id: z.string().min(1).max(200),
    list: PointsList,
    /** Short code from the published list, such as `P01`. */
    code: z.string().min(1).max(32),
    label: z.string().min(1).max(200),
    /** Signed change of the score: above zero on the positive list, below zero on the negative. */
    points: z.number().int(),
    reviewStep: ReviewStep,
  })
  .refine(
    (rule) => (rule.list === 'positive' ? rule.points > 0 : rule.points < 0),
    {
      message:
        'points must be above zero on the positive list and below zero on the negative list',
      path: ['points'],
    },
  );
export type PointsRule = z.infer<typeof PointsRule>;

export const SubjectKind = z.enum(['resident', 'organization']);
export type SubjectKind = z.infer<typeof SubjectKind>;

export const PointsSubject = z.object({
  id: z.string().min(1).max(200),
  kind: SubjectKind,
  /** Personal data of a resident, never shown on a wall unless masked. */
  name: z.string().min(1).max(200),
  townCode: z.string().regex(/^\d{9}$/, 'town codes are 9 digits'),
  townName: z.string().min(1).max(100),
  villageCode: z.string().regex(/^\d{12}$/, 'village codes are 12 digits'),
  villageName: z.string().min(1).max(100),
  /** Score the subject starts from before any entry. */
  baseScore: z.number().int(),
});
export type PointsSubject = z.infer<typeof PointsSubject>;

export const EntryStatus = z.enum(['pending_review', 'approved', 'rejected']);
export type EntryStatus = z.infer<typeof EntryStatus>;

export const PointsEntry = z.object({
  id: z.string().min(1).max(200),
  subjectId: z.string().min(1).max(200),
  ruleId: z.string().min(1).max(200),
  /** Signed change of the score, copied from the rule when the entry is made. */
  points: z.number().int(),
  /** Instant of the deed the entry records, ms since the Unix epoch. */
  at: z.number().int(),
  status: EntryStatus,
  /** Operator who approved or rejected the entry. Null while pending or when no review applies. */
  reviewedBy: z.string().max(200).nullable().default(null),
  reviewedAt: z.number().int().nullable().default(null),
});
export type PointsEntry = z.infer<typeof PointsEntry>;

/**
 * Score limits. At or above `reward` a subject qualifies for rewards, and below `restriction` for
 * restrictions.
 */
export const PointsThresholds = z
  .object({
    reward: z.number().int(),
    restriction: z.number().int(),
  })
  .refine((value) => value.restriction < value.reward, {
    message: 'the restriction threshold must be below the reward threshold',
    path: ['restriction'],
  });
export type PointsThresholds = z.infer<typeof PointsThresholds>;

export const DEFAULT_THRESHOLDS: PointsThresholds = {
  reward: 120,
  restriction: 80,
};

export const ReviewDecision = z.enum(['approve', 'reject']);
export type ReviewDecision = z.infer<typeof ReviewDecision>;

/** Payload of the `points.review` command. */
export const PointsReviewCommand = z.object({
  entryId: z.string().min(1).max(200),
  decision: ReviewDecision,
});
export type PointsReviewCommand = z.infer<typeof PointsReviewCommand>;

export const POINTS_REVIEW_COMMAND = 'points.review';
