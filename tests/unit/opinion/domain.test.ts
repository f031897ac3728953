import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Alert } from '../../../src-shared/contract/index.js';
import {
  OPINION_COLLECTION,
  OpinionItem,
} from '../../../src-shared/opinion/index.js';
import { loadDivisions } from '../../../src-central/data/divisions.js';
import {
  DATA_FILES,
  DEFAULT_DATA_DIR,
} from '../../../src-central/data/paths.js';
import {
  OpinionGenerator,
  createOpinionDomain,
  type OpinionDomainOptions,
} from '../../../src-central/domains/opinion/index.js';
import { createMemoryContext, type MemoryContext } from './memory-context.js';
import { negative, T0 } from './fixtures.js';

const divisions = loadDivisions(join(DEFAULT_DATA_DIR, DATA_FILES.divisions));
const SPIKE = {
  windowMs: 60 * 60_000,
  baselineWindows: 4,
  factor: 2,
  minCount: 8,
};

/** Creates a context whose clock moves one minute on every read, so two runs see the same times. */
function steppingContext(): MemoryContext {
  const context = createMemoryContext(T0);
  const read = context.now;
  context.now = () => {
    context.clock.now += 60_000;
    return read();
  };
  return context;
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
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
  options: Partial<OpinionDomainOptions>,
  limit: number,
): Promise<void> {
  const domain = createOpinionDomain({
    divisions,
    seed: 5,
    spike: SPIKE,
    // The stepping clock moves in scenario minutes already, so windows must not shrink by speed.
    spikeWindowFollowsSpeed: false,
    // Bursts ten times as often as the default, so a short run has several.
    burstChance: 0.005,
    limit,
    ...options,
  });
  stops.push(
    domain.start!(context, { seed: 1, speed: 100_000, scenario: 'county' }),
  );
  await waitFor(
    () => context.list(OPINION_COLLECTION).length >= limit,
    `${limit} items`,
  );
}

describe('opinion domain', () => {
  it('generates a reproducible stream', async () => {
    const first = steppingContext();
    const second = steppingContext();
    await run(first, {}, 1200);
    await run(second, {}, 1200);

    expect(second.data(OPINION_COLLECTION)).toEqual(
      first.data(OPINION_COLLECTION),
    );
    expect(second.alerts).toEqual(first.alerts);
  });

  it('differs with another seed', async () => {
    const first = steppingContext();
    const second = steppingContext();
    await run(first, {}, 50);
    await run(second, { seed: 6 }, 50);
    expect(second.data(OPINION_COLLECTION)).not.toEqual(
      first.data(OPINION_COLLECTION),
    );
  });

  it('writes valid items in real towns', async () => {
    const context = steppingContext();
    await run(context, {}, 400);
    const townCodes = new Set(divisions.towns.map((town) => town.code));
    const villageCodes = new Set(
      divisions.villages.map((village) => village.code),
    );
    for (const data of context.data(OPINION_COLLECTION)) {
      const item = OpinionItem.parse(data);
      expect(townCodes.has(item.place.townCode)).toBe(true);
      expect(villageCodes.has(item.place.divisionCode ?? '')).toBe(true);
    }
  });

  it('raises spike alerts from bursts', async () => {
    const context = steppingContext();
    await run(context, {}, 1200);
    expect(context.alerts.length).toBeGreaterThan(0);
    const ids = context.alerts.map((alert) => alert.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const alert of context.alerts) {
      expect(Alert.safeParse(alert).success).toBe(true);
      expect(alert.emergencyClass).toBe('social_security');
    }
  });

  it('resumes after a restart', async () => {
    const context = steppingContext();
    await run(context, {}, 100);
    stops.splice(0).forEach((stop) => stop());
    await run(context, {}, 150);
    const ids = context.list(OPINION_COLLECTION).map((record) => record.id);
    expect(ids).toHaveLength(150);
    expect(ids).toContain('opinion:5:150');
    expect(
      context.list(OPINION_COLLECTION).every((record) => record.version === 1),
    ).toBe(true);
  });

  it('generator matches the stored stream', async () => {
    const context = steppingContext();
    await run(context, {}, 30);
    const generator = new OpinionGenerator({ divisions, seed: 5 });
    const stored = context.get(OPINION_COLLECTION, 'opinion:5:30')?.data;
    generator.skip(29);
    expect(generator.next(Number(stored?.publishedAt ?? 0)).title).toBe(
      stored?.title,
    );
  });

  it('seeds nothing outside the county scenario', () => {
    const context = createMemoryContext(T0);
    const domain = createOpinionDomain({ divisions, seed: 5 });
    stops.push(domain.start!(context, { seed: 1, speed: 1, scenario: 'none' }));
    expect(context.events).toHaveLength(0);
  });

  it('shortens spike windows by speed', () => {
    const context = createMemoryContext(T0);
    const domain = createOpinionDomain({ divisions, seed: 5, limit: 0 });
    expect(domain.detector.options.windowMs).toBe(15 * 60_000);
    stops.push(
      domain.start!(context, { seed: 1, speed: 60, scenario: 'county' }),
    );
    expect(domain.detector.options.windowMs).toBe(15_000);
  });

  it('ingested items raise a spike once', () => {
    const context = createMemoryContext(T0 + 10 * 3_600_000);
    const domain = createOpinionDomain({ divisions, spike: SPIKE });
    const now = context.clock.now;
    const baseline = [0, 1, 2, 3, 4].map((hour) =>
      negative(now - (5 - hour) * 3_600_000, { id: `base-${hour}` }),
    );
    domain.putItems(context, baseline);
    const burst = Array.from({ length: 10 }, (_, index) =>
      negative(now + index, { id: `burst-${index}` }),
    );
    domain.putItems(context, burst.slice(0, 5));
    expect(context.alerts).toHaveLength(0);

    domain.putItems(context, burst.slice(5));
    expect(context.alerts).toHaveLength(1);
    domain.putItems(context, [negative(now + 100, { id: 'late' })]);
    expect(context.alerts).toHaveLength(1);
    expect(context.list(OPINION_COLLECTION)).toHaveLength(16);
  });

  it('forgets items of a failed write', () => {
    const context = createMemoryContext(T0 + 10 * 3_600_000);
    const domain = createOpinionDomain({ divisions, spike: SPIKE });
    const now = context.clock.now;
    const baseline = [0, 1, 2, 3, 4].map((hour) =>
      negative(now - (5 - hour) * 3_600_000, { id: `base-${hour}` }),
    );
    domain.putItems(context, baseline);
    const burst = Array.from({ length: 10 }, (_, index) =>
      negative(now + index, { id: `burst-${index}` }),
    );
    const put = context.put;
    context.put = (collection, id, data) => {
      if (id === 'burst-9') {
        throw new Error('disk full');
      }
      return put(collection, id, data);
    };
    expect(() => domain.putItems(context, burst)).toThrow('disk full');
    context.put = put;
    expect(context.list(OPINION_COLLECTION)).toHaveLength(5);

    domain.putItems(context, burst.slice(0, 5));
    expect(context.alerts).toHaveLength(0);

    domain.putItems(context, burst.slice(5));
    expect(context.alerts).toHaveLength(1);
  });
});
