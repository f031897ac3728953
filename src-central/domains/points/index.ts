// Central domain of points (积分): the rule lists, the residents and organizations, the ledger
// entries and their review. The county scenario seeds a synthetic population from the real
// village list and generates entries over time.
import { RECORD_STREAMS } from '../../../src-shared/contract/index.js';
import {
  POINTS_COLLECTIONS,
  POINTS_REVIEW_COMMAND,
  PointsEntry,
  PointsReviewCommand,
  PointsRule,
} from '../../../src-shared/points/index.js';
import { createLogger } from '../../../src-node/logging/index.js';
import { mulberry32 } from '../../adapters/random.js';
import type { DivisionTree } from '../../data/divisions.js';
import { IngestRejection } from '../../ingest.js';
import type {
  CentralDomain,
  CommandHandler,
  DomainContext,
  DomainOutcome,
  DomainStartOptions,
} from '../types.js';
import { EntryGenerator, entryId } from './generator.js';
import {
  planPopulation,
  residentId,
  townOrganizations,
  villageResidents,
  type PopulationPlan,
} from './population.js';
import { EXAMPLE_RULES } from './rules.js';

export { EXAMPLE_RULES, EXAMPLE_RULES_NOTE } from './rules.js';
export { EntryGenerator } from './generator.js';
export * from './population.js';

const log = createLogger('central-points');

/** Reviewer named on entries the scenario decides by itself. */
export const SCENARIO_REVIEWER = 'scenario-reviewer';

export interface PointsDomainOptions {
  divisions: DivisionTree;
  /** Seed of the population and the ledger. When absent, `start` uses the central's seed. */
  seed?: number;
  /** Residents in the synthetic population, spread over the villages. */
  residents?: number;
  organizationsPerTown?: number;
  /** Villages written per transaction while seeding. The event loop runs between batches. */
  villagesPerBatch?: number;
  /** Mean ledger entries per minute of scenario time. */
  ratePerMinute?: number;
  /** The scenario reviews the oldest pending entry whenever more than this many are pending. */
  targetPending?: number;
  /** Share of scenario reviews that approve. */
  approveShare?: number;
  /** Stop generating after this many entries in total, counting earlier runs. */
  limit?: number;
  /** Called once when every rule and subject is stored, with the number of subjects written. */
  onSeeded?: (written: number) => void;
}

export interface PointsDomain extends CentralDomain {
  /**
   * Writes ledger entries from a source adapter (the ingestion API) in one transaction. Throws
   * IngestRejection, writing nothing, for an entry whose subject or rule is unknown or whose id
   * names an entry already reviewed.
   */
  putEntries(context: DomainContext, entries: readonly PointsEntry[]): void;
}

function rejected(code: string, message: string) {
  return { outcome: 'rejected' as const, error: { code, message } };
}

/** Reads the entry that a review names. Returns it while pending, else the rejection to send. */
function pendingEntry(
  context: DomainContext,
  id: string,
): PointsEntry | DomainOutcome {
  const record = context.get(POINTS_COLLECTIONS.entry, id);
  if (!record) {
    return rejected(
      'not-found',
      `points entry ${id} not found; reload the pending list`,
    );
  }

  const entry = PointsEntry.safeParse(record.data);
  if (!entry.success) {
    return rejected(
      'invalid-record',
      `stored points entry ${id} fails its schema and cannot be reviewed`,
    );
  }

  if (entry.data.status !== 'pending_review') {
    return rejected(
      'already-decided',
      `points entry ${id} is already ${entry.data.status}; reload the pending list`,
    );
  }
  return entry.data;
}

/** Handles `points.review`: approves or rejects a pending entry, once. */
export const reviewEntry: CommandHandler = (context, actor, payload) => {
  const parsed = PointsReviewCommand.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'root';
    return rejected(
      'invalid-payload',
      `points.review payload is invalid at ${where}: ${issue?.message ?? 'schema mismatch'}. Send {entryId, decision: "approve" | "reject"}.`,
    );
  }

  const { entryId: id, decision } = parsed.data;
  const entry = pendingEntry(context, id);
  if ('outcome' in entry) {
    return entry;
  }

  const status = decision === 'approve' ? 'approved' : 'rejected';
  const updated: PointsEntry = {
    ...entry,
    status,
    reviewedBy: actor.operatorId,
    reviewedAt: context.now(),
  };
  const { version } = context.put(POINTS_COLLECTIONS.entry, id, updated);
  return { outcome: 'applied', result: { entryId: id, status, version } };
};

function seedRules(context: DomainContext): void {
  context.transaction(() => {
    for (const rule of EXAMPLE_RULES) {
      if (!context.get(POINTS_COLLECTIONS.rule, rule.id)) {
        context.put(POINTS_COLLECTIONS.rule, rule.id, rule);
      }
    }
  });
}

/**
 * Writes the residents of one batch of villages, and the towns' organizations after the last
 * batch. Returns the number of subjects written.
 */
function seedBatch(
  context: DomainContext,
  plan: PopulationPlan,
  seed: number,
  from: number,
  to: number,
): number {
  let written = 0;
  context.transaction(() => {
    for (const villagePlan of plan.villages.slice(from, to)) {
      // The first resident marks a village as seeded by an earlier run.
      if (
        context.get(
          POINTS_COLLECTIONS.subject,
          residentId(villagePlan.village.code, 1),
        )
      ) {
        continue;
      }
      for (const subject of villageResidents(villagePlan, seed)) {
        context.put(POINTS_COLLECTIONS.subject, subject.id, subject);
        written += 1;
      }
    }
    if (to >= plan.villages.length) {
      written += seedOrganizations(context, plan, seed);
    }
  });
  return written;
}

function seedOrganizations(
  context: DomainContext,
  plan: PopulationPlan,
  seed: number,
): number {
  let written = 0;
  for (const [townCode, villages] of plan.organizations) {
    const town = villages[0]?.town;
    if (!town || town.code !== townCode) {
      continue;
    }
    for (const subject of townOrganizations(town, villages, seed)) {
      if (!context.get(POINTS_COLLECTIONS.subject, subject.id)) {
        context.put(POINTS_COLLECTIONS.subject, subject.id, subject);
        written += 1;
      }
    }
  }
  return written;
}

/**
 * Returns the sequence of the newest stored entry of this seed, and the ids of this seed's entries
 * that are still pending, oldest first.
 */
function storedEntries(
  context: DomainContext,
  seed: number,
): { sequence: number; pending: string[] } {
  const prefix = entryId(seed, 0).slice(0, -1);
  let sequence = 0;
  const pending: { id: string; sequence: number }[] = [];
  for (const record of context.list(POINTS_COLLECTIONS.entry)) {
    if (!record.id.startsWith(prefix)) {
      continue;
    }
    const number = Number(record.id.slice(prefix.length)) || 0;
    sequence = Math.max(sequence, number);
    if (record.data.status === 'pending_review') {
      pending.push({ id: record.id, sequence: number });
    }
  }
  pending.sort((a, b) => a.sequence - b.sequence);
  return { sequence, pending: pending.map((entry) => entry.id) };
}

function checkRates(rate: number, speed: number): void {
  // An infinite product would generate without pause until the disk is full.
  if (!(rate > 0) || !(speed > 0) || !Number.isFinite(rate * speed)) {
    throw new Error(
      `points scenario needs a positive, finite rate and speed, got rate ${rate} and speed ${speed}`,
    );
  }
}

interface Scenario {
  context: DomainContext;
  options: PointsDomainOptions;
  speed: number;
  seed: number;
}

/** Seeds the population in batches, then generates entries. Returns a function that stops both. */
function runScenario({ context, options, speed, seed }: Scenario): () => void {
  const plan = planPopulation(
    options.divisions,
    seed,
    options.residents ?? 60_000,
    options.organizationsPerTown ?? 4,
  );
  const batchSize = Math.max(1, options.villagesPerBatch ?? 10);
  const ratePerMinute = options.ratePerMinute ?? 6;
  const targetPending = options.targetPending ?? 40;
  const approveShare = options.approveShare ?? 0.85;
  checkRates(ratePerMinute, speed);

  const generator = new EntryGenerator({ plan, rules: EXAMPLE_RULES, seed });
  const timing = mulberry32(seed ^ 0x1b87_3593);
  const stored = storedEntries(context, seed);
  generator.skip(stored.sequence);
  const pending = stored.pending;

  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let nextVillage = 0;
  let written = 0;

  const reviewOldest = (): void => {
    const id = pending.shift();
    if (id === undefined) {
      return;
    }
    const decision = generator.draw() < approveShare ? 'approve' : 'reject';
    const outcome = reviewEntry(
      context,
      { installId: SCENARIO_REVIEWER, operatorId: SCENARIO_REVIEWER },
      { entryId: id, decision },
    );
    if (
      outcome.outcome === 'rejected' &&
      outcome.error.code !== 'already-decided'
    ) {
      log.warn('reviewOldest: scenario review rejected', {
        id,
        error: outcome.error.message,
      });
    }
  };

  const emit = (): void => {
    timer = null;
    const entry = generator.next(context.now());
    try {
      context.transaction(() => {
        context.put(POINTS_COLLECTIONS.entry, entry.id, entry);
        if (entry.status === 'pending_review') {
          pending.push(entry.id);
        }
        while (pending.length > targetPending) {
          reviewOldest();
        }
      });
    } catch (error) {
      log.error('emit: writing a points entry failed', {
        id: entry.id,
        error: (error as Error).message,
      });
    }
    scheduleEntry();
  };

  const scheduleEntry = (): void => {
    if (
      stopped ||
      (options.limit !== undefined && generator.count >= options.limit)
    ) {
      return;
    }
    const meanMs = 60_000 / (ratePerMinute * speed);
    const waitMs = Math.min(-Math.log(1 - timing()) * meanMs, meanMs * 10);
    timer = setTimeout(emit, waitMs);
  };

  const seedNext = (): void => {
    timer = null;
    if (stopped) {
      return;
    }
    const to = Math.min(plan.villages.length, nextVillage + batchSize);
    written += seedBatch(context, plan, seed, nextVillage, to);
    nextVillage = to;
    if (nextVillage < plan.villages.length) {
      timer = setTimeout(seedNext, 0);
      return;
    }
    log.info('seedNext: points population ready', {
      residents: plan.totalResidents,
      written,
      resumedAfter: stored.sequence,
    });
    options.onSeeded?.(written);
    scheduleEntry();
  };

  timer = setTimeout(seedNext, 0);
  return () => {
    stopped = true;
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
  };
}

/**
 * Checks ingested entries against stored subjects, rules and reviews, and throws IngestRejection
 * for the first bad one.
 */
function checkIngested(
  context: DomainContext,
  entries: readonly PointsEntry[],
): void {
  entries.forEach((entry, index) => {
    if (!context.get(POINTS_COLLECTIONS.subject, entry.subjectId)) {
      throw new IngestRejection(
        index,
        'subjectId',
        `subject ${entry.subjectId} not found; send its points.subject record first`,
      );
    }
    const rule = context.get(POINTS_COLLECTIONS.rule, entry.ruleId);
    const parsedRule = rule ? PointsRule.safeParse(rule.data) : null;
    if (!parsedRule?.success) {
      throw new IngestRejection(
        index,
        'ruleId',
        `rule ${entry.ruleId} not found; use a rule id of the published list`,
      );
    }
    if (Math.sign(entry.points) !== Math.sign(parsedRule.data.points)) {
      throw new IngestRejection(
        index,
        'points',
        `points ${entry.points} has the wrong sign for rule ${entry.ruleId} on the ${parsedRule.data.list} list`,
      );
    }
    const existing = context.get(POINTS_COLLECTIONS.entry, entry.id);
    if (existing && existing.data.status !== 'pending_review') {
      throw new IngestRejection(
        index,
        'id',
        `entry ${entry.id} is already reviewed and cannot be replaced`,
      );
    }
  });
}

/** Creates the points domain: stream `points`, collections `points.rule`, `points.subject`, `points.entry`. */
export function createPointsDomain(options: PointsDomainOptions): PointsDomain {
  return {
    name: 'points',
    stream: RECORD_STREAMS.points,
    commands: { [POINTS_REVIEW_COMMAND]: reviewEntry },
    start(
      context: DomainContext,
      startOptions: DomainStartOptions,
    ): () => void {
      seedRules(context);
      if (startOptions.scenario !== 'county') {
        return () => undefined;
      }
      return runScenario({
        context,
        options,
        speed: startOptions.speed,
        seed: options.seed ?? startOptions.seed,
      });
    },
    putEntries(context, entries) {
      context.transaction(() => {
        checkIngested(context, entries);
        for (const entry of entries) {
          context.put(POINTS_COLLECTIONS.entry, entry.id, entry);
        }
      });
    },
  };
}
