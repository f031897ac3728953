// Reproducible ledger entries for the points scenario: deeds of residents and organizations
// under the example rules, with the review each rule requires.
import type {
  PointsEntry,
  PointsRule,
} from '../../../src-shared/points/index.js';
import { mulberry32, pickWeighted } from '../../adapters/random.js';
import {
  organizationId,
  residentId,
  type PopulationPlan,
} from './population.js';
import { RULE_FREQUENCY } from './rules.js';

/** Share of entries about organizations. The rest are about residents. */
const ORGANIZATION_SHARE = 0.05;

export interface EntryGeneratorOptions {
  plan: PopulationPlan;
  rules: readonly PointsRule[];
  seed: number;
}

export function entryId(seed: number, sequence: number): string {
  return `points:e:${seed}:${sequence}`;
}

/**
 * Generates ledger entries. The same seed, plan and `now` values give the same entries. Subject
 * ids come from the plan, so entries can be generated without reading the stored subjects.
 */
export class EntryGenerator {
  readonly seed: number;
  private readonly random: () => number;
  private readonly options: EntryGeneratorOptions;
  private readonly towns: [string, number][];
  private sequence = 0;

  constructor(options: EntryGeneratorOptions) {
    if (options.plan.villages.length === 0 || options.rules.length === 0) {
      throw new Error(
        `the points entry generator needs villages and rules, got ${options.plan.villages.length} villages and ${options.rules.length} rules`,
      );
    }
    this.options = options;
    this.seed = options.seed;
    this.random = mulberry32(options.seed ^ 0x2545_f491);
    this.towns = [...options.plan.organizations].map(([code, villages]) => [
      code,
      villages.length,
    ]);
  }

  get count(): number {
    return this.sequence;
  }

  skip(count: number): void {
    for (let index = 0; index < count; index += 1) {
      this.next(0);
    }
  }

  next(now: number): PointsEntry {
    const random = this.random;
    this.sequence += 1;
    const subjectId = this.pickSubject();
    const rule = pickWeighted(
      random,
      this.options.rules,
      (candidate) => RULE_FREQUENCY[candidate.id] ?? 1,
    );
    // Deeds are recorded some time after they happen, within the same day.
    const minutesAgo = Math.floor(random() * 180);
    const needsReview = rule.reviewStep !== 'none';
    return {
      id: entryId(this.seed, this.sequence),
      subjectId,
      ruleId: rule.id,
      points: rule.points,
      at: now - minutesAgo * 60_000,
      status: needsReview ? 'pending_review' : 'approved',
      reviewedBy: null,
      reviewedAt: null,
    };
  }

  /** Draws a value in [0, 1) from the entry sequence, for review decisions. */
  draw(): number {
    return this.random();
  }

  private pickSubject(): string {
    const random = this.random;
    if (this.towns.length > 0 && random() < ORGANIZATION_SHARE) {
      const [townCode, count] =
        this.towns[Math.floor(random() * this.towns.length)] ?? this.towns[0]!;
      return organizationId(townCode, 1 + Math.floor(random() * count));
    }
    const plan = pickWeighted(
      random,
      this.options.plan.villages,
      (entry) => entry.residents,
    );
    return residentId(
      plan.village.code,
      1 + Math.floor(random() * plan.residents),
    );
  }
}
