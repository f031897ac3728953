// Points projection: scores derived from the ledger, kept up to date one record at a time. It
// feeds the points panels (distribution, averages, rules of the week, pending reviews) and the
// console's ranked lists.
import type { z } from 'zod';
import { compareText } from '../opinion/projection.js';
import { COUNTY_SCOPE, inScope, type Scope } from '../opinion/scope.js';
import {
  DEFAULT_THRESHOLDS,
  PointsEntry,
  PointsRule,
  PointsSubject,
  POINTS_COLLECTIONS,
  type PointsList,
  type PointsThresholds,
  type SubjectKind,
} from './schema.js';
import { isoWeekLabel, isoWeekStart } from './week.js';

export interface ScoreBuckets {
  /** Lower edge of the first closed bucket. Lower scores fall in an open bucket below it. */
  min: number;
  /** Upper edge of the last closed bucket. This score and higher ones fall in an open bucket. */
  max: number;
  width: number;
}

export interface PointsProjectionOptions {
  scope: Scope;
  /** Kind of subject the distribution, averages and rankings count. Entries count for every kind. */
  kind: SubjectKind;
  thresholds: PointsThresholds;
  buckets: ScoreBuckets;
  /** Length of each of the two lists of rules that moved most this week. */
  topRules: number;
}

export const DEFAULT_POINTS_PROJECTION: PointsProjectionOptions = {
  scope: COUNTY_SCOPE,
  kind: 'resident',
  thresholds: DEFAULT_THRESHOLDS,
  buckets: { min: 60, max: 140, width: 10 },
  topRules: 5,
};

export interface ScoreBucket {
  /** Inclusive lower edge, or null for the open bucket below `min`. */
  from: number | null;
  /** Exclusive upper edge, or null for the open bucket from `max` up. */
  to: number | null;
  count: number;
}

export interface AreaAverage {
  code: string;
  name: string;
  subjects: number;
  average: number;
}

export interface VillageAverage extends AreaAverage {
  townCode: string;
}

export interface RuleMovement {
  ruleId: string;
  code: string;
  label: string;
  list: PointsList;
  /** Approved entries of the rule this week. */
  entries: number;
  /** Sum of their points (negative for the negative list). */
  points: number;
}

export interface PendingReviews {
  total: number;
  /** Pending entries by the rule's review step, or under `unknown` when the rule is not loaded. */
  byStep: { none: number; village: number; town: number; unknown: number };
}

/** Aggregates of a points projection, with no names and no subject ids. */
export interface PointsSummary {
  scope: Scope;
  kind: SubjectKind;
  weekStart: number;
  weekLabel: string;
  subjects: number;
  averageScore: number | null;
  distribution: ScoreBucket[];
  /** Subjects at or above the reward threshold. */
  rewardCount: number;
  /** Subjects below the restriction threshold. */
  restrictionCount: number;
  towns: AreaAverage[];
  villages: VillageAverage[];
  weekRules: { positive: RuleMovement[]; negative: RuleMovement[] };
  pending: PendingReviews;
}

export interface RankedSubject {
  subject: PointsSubject;
  score: number;
}

interface SubjectShare {
  score: number;
  townCode: string;
  villageCode: string;
}

interface EntryShare {
  weekStart: number;
  ruleId: string;
  points: number;
  status: PointsEntry['status'];
}

interface AreaSum {
  name: string;
  townCode: string;
  sum: number;
  count: number;
}

function checkBuckets(buckets: ScoreBuckets): void {
  const { min, max, width } = buckets;
  const valid =
    Number.isFinite(min) &&
    Number.isFinite(max) &&
    width > 0 &&
    max > min &&
    Number.isInteger((max - min) / width);
  if (!valid) {
    throw new Error(
      `score buckets need min < max and a positive width that divides max - min, got ${JSON.stringify(buckets)}`,
    );
  }
}

/**
 * Incremental points projection. Records can arrive in any order, such as an entry before its
 * subject or a subject before its rules. The summary depends only on the latest value of each
 * record, so feeding records one by one equals rebuilding from the lists.
 */
export class PointsProjection {
  readonly options: PointsProjectionOptions;
  private readonly rules = new Map<string, PointsRule>();
  private readonly subjects = new Map<string, PointsSubject>();
  private readonly entries = new Map<string, PointsEntry>();
  private readonly entriesOfSubject = new Map<string, Set<string>>();
  private readonly approvedSum = new Map<string, number>();
  private readonly subjectShares = new Map<string, SubjectShare>();
  private readonly entryShares = new Map<string, EntryShare>();

  private readonly bucketCounts: number[];
  private scoreSum = 0;
  private rewardCount = 0;
  private restrictionCount = 0;
  private readonly towns = new Map<string, AreaSum>();
  private readonly villages = new Map<string, AreaSum>();
  private readonly weeks = new Map<
    number,
    Map<string, { entries: number; points: number }>
  >();
  private readonly pendingByRule = new Map<string, number>();

  constructor(options: Partial<PointsProjectionOptions> = {}) {
    this.options = { ...DEFAULT_POINTS_PROJECTION, ...options };
    checkBuckets(this.options.buckets);
    const { min, max, width } = this.options.buckets;
    this.bucketCounts = new Array<number>((max - min) / width + 2).fill(0);
  }

  static fromRecords(
    records: {
      rules: Iterable<PointsRule>;
      subjects: Iterable<PointsSubject>;
      entries: Iterable<PointsEntry>;
    },
    options: Partial<PointsProjectionOptions> = {},
  ): PointsProjection {
    const projection = new PointsProjection(options);
    for (const rule of records.rules) {
      projection.putRule(rule);
    }
    for (const subject of records.subjects) {
      projection.putSubject(subject);
    }
    for (const entry of records.entries) {
      projection.putEntry(entry);
    }
    return projection;
  }

  /**
   * Applies one record change of a points collection, where null `data` removes the record.
   * Returns an error message for an unknown collection or data that fails its schema, else null.
   */
  applyRecord(collection: string, id: string, data: unknown): string | null {
    const remove = data === null;
    switch (collection) {
      case POINTS_COLLECTIONS.rule:
        return remove
          ? this.removeRule(id)
          : this.parsed(PointsRule, data, (rule) => this.putRule(rule));
      case POINTS_COLLECTIONS.subject:
        return remove
          ? this.removeSubject(id)
          : this.parsed(PointsSubject, data, (subject) =>
              this.putSubject(subject),
            );
      case POINTS_COLLECTIONS.entry:
        return remove
          ? this.removeEntry(id)
          : this.parsed(PointsEntry, data, (entry) => this.putEntry(entry));
      default:
        return `collection ${collection} is not a points collection`;
    }
  }

  putRule(rule: PointsRule): void {
    this.rules.set(rule.id, rule);
  }

  removeRule(id: string): null {
    this.rules.delete(id);
    return null;
  }

  putSubject(subject: PointsSubject): void {
    this.detachEntries(subject.id);
    this.subjects.set(subject.id, subject);
    this.attachEntries(subject.id);
    this.refreshSubject(subject.id);
  }

  removeSubject(id: string): null {
    this.detachEntries(id);
    this.subjects.delete(id);
    this.refreshSubject(id);
    return null;
  }

  putEntry(entry: PointsEntry): void {
    this.removeEntry(entry.id);
    this.entries.set(entry.id, entry);

    let ids = this.entriesOfSubject.get(entry.subjectId);
    if (!ids) {
      ids = new Set();
      this.entriesOfSubject.set(entry.subjectId, ids);
    }
    ids.add(entry.id);

    if (entry.status === 'approved') {
      this.addApproved(entry.subjectId, entry.points);
    }
    this.attachEntry(entry);
    this.refreshSubject(entry.subjectId);
  }

  removeEntry(id: string): null {
    const entry = this.entries.get(id);
    if (!entry) {
      return null;
    }
    this.detachEntry(id);
    this.entries.delete(id);
    const ids = this.entriesOfSubject.get(entry.subjectId);
    ids?.delete(id);
    if (ids?.size === 0) {
      this.entriesOfSubject.delete(entry.subjectId);
    }
    if (entry.status === 'approved') {
      this.addApproved(entry.subjectId, -entry.points);
    }
    this.refreshSubject(entry.subjectId);
    return null;
  }

  /**
   * Returns the current score of a subject, which is its base score plus its approved entries, or
   * null for an unknown subject.
   */
  score(subjectId: string): number | null {
    const subject = this.subjects.get(subjectId);
    if (!subject) {
      return null;
    }
    return subject.baseScore + (this.approvedSum.get(subjectId) ?? 0);
  }

  /**
   * Ranks subjects of the projection's kind and scope by score, with real names, for consoles only.
   * `toPointsWallView` never calls it with `lowest` and masks every name it takes from the result.
   */
  rankSubjects(order: 'highest' | 'lowest', limit: number): RankedSubject[] {
    const size = Math.max(0, Math.floor(limit));
    const sign = order === 'highest' ? -1 : 1;
    const compare = (a: RankedSubject, b: RankedSubject): number =>
      sign * (a.score - b.score) || compareText(a.subject.id, b.subject.id);

    // A bounded insertion keeps a wall refresh at O(n × limit) over tens of thousands of subjects.
    const ranked: RankedSubject[] = [];
    for (const [id, share] of this.subjectShares) {
      const subject = this.subjects.get(id);
      if (!subject || size === 0) {
        continue;
      }
      const candidate = { subject, score: share.score };
      const last = ranked[ranked.length - 1];
      if (ranked.length === size && last && compare(candidate, last) >= 0) {
        continue;
      }
      let index = ranked.length;
      while (index > 0 && compare(candidate, ranked[index - 1]!) < 0) {
        index -= 1;
      }
      ranked.splice(index, 0, candidate);
      if (ranked.length > size) {
        ranked.pop();
      }
    }
    return ranked;
  }

  summary(now: number): PointsSummary {
    const weekStart = isoWeekStart(now);
    const count = this.subjectShares.size;
    return {
      scope: this.options.scope,
      kind: this.options.kind,
      weekStart,
      weekLabel: isoWeekLabel(now),
      subjects: count,
      averageScore: count === 0 ? null : this.scoreSum / count,
      distribution: this.distribution(),
      rewardCount: this.rewardCount,
      restrictionCount: this.restrictionCount,
      towns: this.areaAverages(this.towns).map(
        ({ townCode: _town, ...town }) => town,
      ),
      villages: this.areaAverages(this.villages),
      weekRules: this.weekRules(weekStart),
      pending: this.pending(),
    };
  }

  private parsed<T>(
    schema: z.ZodType<T>,
    data: unknown,
    apply: (value: T) => void,
  ): string | null {
    const result = schema.safeParse(data);
    if (!result.success) {
      const issue = result.error.issues[0];
      return `invalid points record at ${issue?.path.join('.') || 'root'}: ${issue?.message ?? 'schema mismatch'}`;
    }
    apply(result.data);
    return null;
  }

  private addApproved(subjectId: string, points: number): void {
    const sum = (this.approvedSum.get(subjectId) ?? 0) + points;
    if (sum === 0) {
      this.approvedSum.delete(subjectId);
    } else {
      this.approvedSum.set(subjectId, sum);
    }
  }

  private subjectInScope(
    subject: PointsSubject | undefined,
  ): subject is PointsSubject {
    return (
      subject !== undefined &&
      inScope(this.options.scope, subject.townCode, subject.villageCode)
    );
  }

  private attachEntries(subjectId: string): void {
    for (const id of this.entriesOfSubject.get(subjectId) ?? []) {
      const entry = this.entries.get(id);
      if (entry) {
        this.attachEntry(entry);
      }
    }
  }

  private detachEntries(subjectId: string): void {
    for (const id of this.entriesOfSubject.get(subjectId) ?? []) {
      this.detachEntry(id);
    }
  }

  private attachEntry(entry: PointsEntry): void {
    if (!this.subjectInScope(this.subjects.get(entry.subjectId))) {
      return;
    }
    const share: EntryShare = {
      weekStart: isoWeekStart(entry.at),
      ruleId: entry.ruleId,
      points: entry.points,
      status: entry.status,
    };
    this.entryShares.set(entry.id, share);
    this.countEntry(share, 1);
  }

  private detachEntry(id: string): void {
    const share = this.entryShares.get(id);
    if (share) {
      this.entryShares.delete(id);
      this.countEntry(share, -1);
    }
  }

  private countEntry(share: EntryShare, delta: 1 | -1): void {
    if (share.status === 'pending_review') {
      const pending = (this.pendingByRule.get(share.ruleId) ?? 0) + delta;
      if (pending === 0) {
        this.pendingByRule.delete(share.ruleId);
      } else {
        this.pendingByRule.set(share.ruleId, pending);
      }
      return;
    }
    if (share.status !== 'approved') {
      return;
    }
    let week = this.weeks.get(share.weekStart);
    if (!week) {
      week = new Map();
      this.weeks.set(share.weekStart, week);
    }
    const rule = week.get(share.ruleId) ?? { entries: 0, points: 0 };
    rule.entries += delta;
    rule.points += delta * share.points;
    if (rule.entries === 0) {
      week.delete(share.ruleId);
    } else {
      week.set(share.ruleId, rule);
    }
  }

  /** Recounts one subject's score in the aggregates after its subject record or entries changed. */
  private refreshSubject(subjectId: string): void {
    const previous = this.subjectShares.get(subjectId);
    if (previous) {
      this.subjectShares.delete(subjectId);
      this.countSubject(previous, -1);
    }
    const subject = this.subjects.get(subjectId);
    if (!this.subjectInScope(subject) || subject.kind !== this.options.kind) {
      return;
    }
    const share: SubjectShare = {
      score: subject.baseScore + (this.approvedSum.get(subjectId) ?? 0),
      townCode: subject.townCode,
      villageCode: subject.villageCode,
    };
    this.subjectShares.set(subjectId, share);
    this.countSubject(share, 1, subject);
  }

  private countSubject(
    share: SubjectShare,
    delta: 1 | -1,
    subject?: PointsSubject,
  ): void {
    const { thresholds } = this.options;
    const bucket = this.bucketIndex(share.score);
    this.bucketCounts[bucket] = (this.bucketCounts[bucket] ?? 0) + delta;
    this.scoreSum += delta * share.score;
    if (share.score >= thresholds.reward) {
      this.rewardCount += delta;
    }
    if (share.score < thresholds.restriction) {
      this.restrictionCount += delta;
    }
    countArea(
      this.towns,
      share.townCode,
      share.townCode,
      subject?.townName,
      share.score,
      delta,
    );
    countArea(
      this.villages,
      share.villageCode,
      share.townCode,
      subject?.villageName,
      share.score,
      delta,
    );
  }

  private bucketIndex(score: number): number {
    const { min, max, width } = this.options.buckets;
    if (score < min) {
      return 0;
    }
    if (score >= max) {
      return this.bucketCounts.length - 1;
    }
    return 1 + Math.floor((score - min) / width);
  }

  private distribution(): ScoreBucket[] {
    const { min, width } = this.options.buckets;
    const last = this.bucketCounts.length - 1;
    return this.bucketCounts.map((count, index) => ({
      from: index === 0 ? null : min + (index - 1) * width,
      to: index === last ? null : min + index * width,
      count,
    }));
  }

  private areaAverages(areas: Map<string, AreaSum>): VillageAverage[] {
    const result: VillageAverage[] = [];
    for (const [code, area] of areas) {
      result.push({
        code,
        name: area.name,
        townCode: area.townCode,
        subjects: area.count,
        average: area.sum / area.count,
      });
    }
    return result.sort((a, b) => compareText(a.code, b.code));
  }

  private weekRules(weekStart: number): PointsSummary['weekRules'] {
    const moved: RuleMovement[] = [];
    for (const [ruleId, total] of this.weeks.get(weekStart) ?? []) {
      const rule = this.rules.get(ruleId);
      moved.push({
        ruleId,
        code: rule?.code ?? ruleId,
        label: rule?.label ?? ruleId,
        list: rule?.list ?? (total.points >= 0 ? 'positive' : 'negative'),
        entries: total.entries,
        points: total.points,
      });
    }
    moved.sort(
      (a, b) =>
        Math.abs(b.points) - Math.abs(a.points) ||
        b.entries - a.entries ||
        compareText(a.ruleId, b.ruleId),
    );
    const limit = this.options.topRules;
    return {
      positive: moved
        .filter((rule) => rule.list === 'positive')
        .slice(0, limit),
      negative: moved
        .filter((rule) => rule.list === 'negative')
        .slice(0, limit),
    };
  }

  private pending(): PendingReviews {
    const byStep = { none: 0, village: 0, town: 0, unknown: 0 };
    let total = 0;
    for (const [ruleId, count] of this.pendingByRule) {
      const step = this.rules.get(ruleId)?.reviewStep ?? 'unknown';
      byStep[step] += count;
      total += count;
    }
    return { total, byStep };
  }
}

/**
 * Adds or removes one score in an area's sum. The area name comes from the subject when it is
 * counted in.
 */
function countArea(
  areas: Map<string, AreaSum>,
  code: string,
  townCode: string,
  name: string | undefined,
  score: number,
  delta: 1 | -1,
): void {
  const area = areas.get(code) ?? {
    name: name ?? code,
    townCode,
    sum: 0,
    count: 0,
  };
  if (name !== undefined) {
    area.name = name;
  }
  area.sum += delta * score;
  area.count += delta;
  if (area.count === 0) {
    areas.delete(code);
  } else {
    areas.set(code, area);
  }
}
