import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  POINTS_COLLECTIONS,
  PointsEntry,
  PointsSubject,
} from '../../../src-shared/points/index.js';
import { loadDivisions } from '../../../src-central/data/divisions.js';
import {
  DATA_FILES,
  DEFAULT_DATA_DIR,
} from '../../../src-central/data/paths.js';
import {
  EXAMPLE_RULES,
  createPointsDomain,
  type PointsDomain,
  type PointsDomainOptions,
} from '../../../src-central/domains/points/index.js';
import { IngestRejection } from '../../../src-central/ingest.js';
import type { DomainOutcome } from '../../../src-central/domains/types.js';
import {
  createMemoryContext,
  type MemoryContext,
} from '../opinion/memory-context.js';
import { NOW } from './fixtures.js';

const divisions = loadDivisions(join(DEFAULT_DATA_DIR, DATA_FILES.divisions));
const ACTOR = { installId: 'install-1', operatorId: 'officer-1' };

function rejectionCode(outcome: DomainOutcome): string | null {
  return outcome.outcome === 'rejected' ? outcome.error.code : null;
}

function steppingContext(): MemoryContext {
  const context = createMemoryContext(NOW);
  const read = context.now;
  context.now = () => {
    context.clock.now += 60_000;
    return read();
  };
  return context;
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 1000; attempt += 1) {
    if (condition()) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const stops: (() => void)[] = [];

afterEach(() => {
  for (const stop of stops.splice(0)) {
    stop();
  }
});

async function run(
  context: MemoryContext,
  options: Partial<PointsDomainOptions>,
  entries: number,
): Promise<PointsDomain> {
  const domain = createPointsDomain({
    divisions,
    seed: 3,
    residents: 4000,
    villagesPerBatch: 50,
    limit: entries,
    targetPending: 10,
    ...options,
  });
  stops.push(
    domain.start!(context, { seed: 1, speed: 100_000, scenario: 'county' }),
  );
  await waitFor(
    () => context.list(POINTS_COLLECTIONS.entry).length >= entries,
    `${entries} entries`,
  );
  // The last entry may still trigger a review in the same tick; give the timer queue one turn.
  await new Promise((resolve) => setTimeout(resolve, 20));
  return domain;
}

function subjects(context: MemoryContext): PointsSubject[] {
  return context
    .data(POINTS_COLLECTIONS.subject)
    .map((data) => PointsSubject.parse(data));
}

describe('points domain', () => {
  it('seeds rules and people of real villages', async () => {
    const context = steppingContext();
    await run(context, {}, 1);
    const people = subjects(context);
    const residents = people.filter((value) => value.kind === 'resident');
    const villageCodes = new Set(
      divisions.villages.map((village) => village.code),
    );

    expect(context.list(POINTS_COLLECTIONS.rule)).toHaveLength(
      EXAMPLE_RULES.length,
    );
    expect(residents.length).toBeGreaterThan(3800);
    expect(residents.length).toBeLessThan(4200);
    expect(
      residents.every((value) => villageCodes.has(value.villageCode)),
    ).toBe(true);
    expect(new Set(residents.map((value) => value.villageCode)).size).toBe(
      divisions.villages.length,
    );
    expect(
      people.filter((value) => value.kind === 'organization'),
    ).toHaveLength(divisions.towns.length * 4);
    // Seeding goes in batches, one transaction each, not one per subject.
    expect(context.transactions).toBeLessThan(40);
  });

  it('seeds sixty thousand residents by default', async () => {
    const context = createMemoryContext(NOW);
    let written = 0;
    const domain = createPointsDomain({
      divisions,
      seed: 3,
      villagesPerBatch: 100,
      onSeeded: (count) => (written = count),
    });
    stops.push(
      domain.start!(context, { seed: 1, speed: 1, scenario: 'county' }),
    );
    await waitFor(() => written > 0, 'the population');
    expect(written).toBeGreaterThan(59_000);
    expect(written).toBeLessThan(61_000);
  });

  it('generates a reproducible ledger', async () => {
    const first = steppingContext();
    const second = steppingContext();
    await run(first, {}, 300);
    await run(second, {}, 300);

    expect(second.data(POINTS_COLLECTIONS.subject)).toEqual(
      first.data(POINTS_COLLECTIONS.subject),
    );
    expect(second.data(POINTS_COLLECTIONS.entry)).toEqual(
      first.data(POINTS_COLLECTIONS.entry),
    );
    const entries = first
      .data(POINTS_COLLECTIONS.entry)
      .map((data) => PointsEntry.parse(data));
    const statuses = new Set(entries.map((value) => value.status));
    expect(statuses).toEqual(
      new Set(['approved', 'rejected', 'pending_review']),
    );
    const ids = new Set(
      first.list(POINTS_COLLECTIONS.subject).map((record) => record.id),
    );
    expect(entries.every((value) => ids.has(value.subjectId))).toBe(true);
  });

  it('differs with another seed', async () => {
    const first = steppingContext();
    const second = steppingContext();
    await run(first, {}, 20);
    await run(second, { seed: 4 }, 20);
    expect(second.data(POINTS_COLLECTIONS.subject)).not.toEqual(
      first.data(POINTS_COLLECTIONS.subject),
    );
  });

  it('resumes without seeding again', async () => {
    const context = steppingContext();
    await run(context, {}, 50);
    stops.splice(0).forEach((stop) => stop());
    const subjectEvents = context.events.filter(
      (event) => event.collection === POINTS_COLLECTIONS.subject,
    ).length;
    await run(context, {}, 80);
    expect(
      context.events.filter(
        (event) => event.collection === POINTS_COLLECTIONS.subject,
      ),
    ).toHaveLength(subjectEvents);
    expect(
      context.get(POINTS_COLLECTIONS.entry, 'points:e:3:80'),
    ).not.toBeNull();
    expect(context.get(POINTS_COLLECTIONS.entry, 'points:e:3:81')).toBeNull();
  });

  describe('points.review', () => {
    function setup() {
      const context = createMemoryContext(NOW);
      const domain = createPointsDomain({ divisions, seed: 3 });
      const review = domain.commands['points.review']!;
      const pending: PointsEntry = {
        id: 'entry-1',
        subjectId: 's1',
        ruleId: 'rule:example:p01',
        points: 5,
        at: NOW - 1000,
        status: 'pending_review',
        reviewedBy: null,
        reviewedAt: null,
      };
      context.put(POINTS_COLLECTIONS.entry, pending.id, pending);
      return { context, review };
    }

    it('approves a pending entry', () => {
      const { context, review } = setup();
      const outcome = review(context, ACTOR, {
        entryId: 'entry-1',
        decision: 'approve',
      });
      expect(outcome).toEqual({
        outcome: 'applied',
        result: { entryId: 'entry-1', status: 'approved', version: 2 },
      });
      const stored = PointsEntry.parse(
        context.get(POINTS_COLLECTIONS.entry, 'entry-1')?.data,
      );
      expect(stored.reviewedBy).toBe('officer-1');
      expect(stored.reviewedAt).toBe(NOW);
    });

    it('rejects an unknown entry', () => {
      const { context, review } = setup();
      const outcome = review(context, ACTOR, {
        entryId: 'nope',
        decision: 'reject',
      });
      expect(outcome.outcome).toBe('rejected');
      expect(rejectionCode(outcome)).toBe('not-found');
    });

    it('rejects a decided entry', () => {
      const { context, review } = setup();
      review(context, ACTOR, { entryId: 'entry-1', decision: 'reject' });
      const outcome = review(context, ACTOR, {
        entryId: 'entry-1',
        decision: 'approve',
      });
      expect(outcome.outcome).toBe('rejected');
      expect(rejectionCode(outcome)).toBe('already-decided');
      expect(
        context.get(POINTS_COLLECTIONS.entry, 'entry-1')?.data.status,
      ).toBe('rejected');
    });

    it('rejects an invalid payload', () => {
      const { context, review } = setup();
      const outcome = review(context, ACTOR, {
        entryId: 'entry-1',
        decision: 'maybe',
      });
      expect(outcome.outcome).toBe('rejected');
      expect(rejectionCode(outcome)).toBe('invalid-payload');
    });
  });

  describe('putEntries', () => {
    function setup() {
      const context = createMemoryContext(NOW);
      const domain = createPointsDomain({ divisions, seed: 3 });
      domain.start!(context, { seed: 1, speed: 1, scenario: 'none' })();
      const person: PointsSubject = {
        id: 's1',
        kind: 'resident',
        name: '王建国',
        townCode: '421123100',
        townName: '凤山镇',
        villageCode: '421123100001',
        villageName: '一村',
        baseScore: 100,
      };
      context.put(POINTS_COLLECTIONS.subject, person.id, person);
      return { context, domain };
    }

    const valid = (id: string): PointsEntry => ({
      id,
      subjectId: 's1',
      ruleId: 'rule:example:n01',
      points: -5,
      at: NOW,
      status: 'pending_review',
      reviewedBy: null,
      reviewedAt: null,
    });

    it('writes valid entries', () => {
      const { context, domain } = setup();
      domain.putEntries(context, [valid('a'), valid('b')]);
      expect(context.list(POINTS_COLLECTIONS.entry)).toHaveLength(2);
    });

    it('rejects an unknown subject whole', () => {
      const { context, domain } = setup();
      let error: unknown = null;
      try {
        domain.putEntries(context, [
          valid('a'),
          { ...valid('b'), subjectId: 'ghost' },
        ]);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(IngestRejection);
      expect((error as IngestRejection).index).toBe(1);
      expect((error as IngestRejection).field).toBe('subjectId');
      expect(context.list(POINTS_COLLECTIONS.entry)).toHaveLength(0);
    });

    it('rejects points of the wrong sign', () => {
      const { context, domain } = setup();
      expect(() =>
        domain.putEntries(context, [{ ...valid('a'), points: 5 }]),
      ).toThrow(/wrong sign/);
    });
  });
});
