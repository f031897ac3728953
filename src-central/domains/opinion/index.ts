// Central domain of public opinion: stores items in `opinion.item`, generates the county's
// opinion stream and raises an alert when negative items spike.
import {
  DEFAULT_SPIKE_OPTIONS,
  NegativeSpikeDetector,
  OPINION_COLLECTION,
  OpinionItem,
  type SpikeOptions,
} from '../../../src-shared/opinion/index.js';
import { RECORD_STREAMS } from '../../../src-shared/contract/index.js';
import { createLogger } from '../../../src-node/logging/index.js';
import { mulberry32 } from '../../adapters/random.js';
import type { DivisionTree } from '../../data/divisions.js';
import type {
  CentralDomain,
  DomainContext,
  DomainStartOptions,
} from '../types.js';
import { OpinionGenerator } from './generator.js';

export { OpinionGenerator } from './generator.js';
export type { OpinionGeneratorOptions, OpinionBurst } from './generator.js';

const log = createLogger('central-opinion');

const DAY_MS = 86_400_000;
/** Generated items between two passes that remove items older than the retention. */
const PRUNE_EVERY = 500;

export interface OpinionDomainOptions {
  divisions: DivisionTree;
  /** Seed of the generated stream. When absent, `start` uses the central's seed. */
  seed?: number;
  /** Mean items per minute of scenario time outside bursts. */
  ratePerMinute?: number;
  /**
   * Chance that an item outside a burst starts a negative burst. The default 0.0005 gives about
   * four bursts a day at the default rate of 6 items per minute.
   */
  burstChance?: number;
  /** Rate multiplier while a negative burst runs. */
  burstRateFactor?: number;
  /** Spike detection settings. The scope is always the whole county. */
  spike?: Partial<SpikeOptions>;
  /**
   * Whether the spike window is divided by the scenario speed, so that a window covers the same
   * scenario time at any speed (default true). Ingested items then share the shortened windows.
   */
  spikeWindowFollowsSpeed?: boolean;
  /** Retention in ms, 7 days when absent. The wall shows only the last day. */
  retainMs?: number;
  /** Stop generating after this many items in total, counting earlier runs. */
  limit?: number;
}

export interface OpinionDomain extends CentralDomain {
  /** Spike detector shared by generated and ingested items. `start` may replace it. */
  readonly detector: NegativeSpikeDetector;
  /**
   * Writes items from a source adapter (the ingestion API) in one transaction and publishes a
   * spike alert if they complete one. Items must already be validated with `OpinionItem`.
   */
  putItems(context: DomainContext, items: readonly OpinionItem[]): void;
}

/** Publishes the spike alert for the window of `now`, unless it is not a spike or was published. */
function raiseSpike(
  context: DomainContext,
  detector: NegativeSpikeDetector,
): void {
  const now = context.now();
  if (context.alert(detector.alertId(now)) !== null) {
    return;
  }
  const alert = detector.check(now);
  if (alert) {
    context.publishAlerts([alert]);
    log.info('raiseSpike: negative opinion spike', {
      alertId: alert.id,
      count: alert.original.negativeCount ?? null,
    });
  }
}

/** Returns the highest sequence number among stored items of this seed's stream. */
function storedSequence(context: DomainContext, seed: number): number {
  const prefix = `opinion:${seed}:`;
  let highest = 0;
  for (const record of context.list(OPINION_COLLECTION)) {
    if (record.id.startsWith(prefix)) {
      highest = Math.max(highest, Number(record.id.slice(prefix.length)) || 0);
    }
  }
  return highest;
}

/** Feeds the detector with stored items so that a restarted central keeps its baseline. */
function restoreDetector(
  context: DomainContext,
  detector: NegativeSpikeDetector,
): void {
  const since =
    context.now() -
    (detector.options.baselineWindows + 1) * detector.options.windowMs;
  for (const record of context.list(OPINION_COLLECTION)) {
    const parsed = OpinionItem.safeParse(record.data);
    if (parsed.success && parsed.data.publishedAt >= since) {
      detector.observe(parsed.data);
    }
  }
}

/**
 * Runs `work` in a transaction that also counts items in the detector. When the transaction rolls
 * back, the detector is rebuilt from the stored items, so items that were never stored raise no
 * spike.
 */
function writeCounted(
  context: DomainContext,
  detector: NegativeSpikeDetector,
  work: () => void,
): void {
  try {
    context.transaction(work);
  } catch (error) {
    detector.reset();
    restoreDetector(context, detector);
    throw error;
  }
}

function pruneOld(context: DomainContext, retainMs: number): number {
  const before = context.now() - retainMs;
  let removed = 0;
  for (const record of context.list(OPINION_COLLECTION)) {
    const publishedAt = record.data.publishedAt;
    if (typeof publishedAt === 'number' && publishedAt < before) {
      context.remove(OPINION_COLLECTION, record.id);
      removed += 1;
    }
  }
  return removed;
}

function checkRates(rate: number, factor: number, speed: number): void {
  // An infinite product would generate without pause until the disk is full.
  if (
    !(rate > 0) ||
    !(factor > 0) ||
    !(speed > 0) ||
    !Number.isFinite(rate * factor * speed)
  ) {
    throw new Error(
      `opinion scenario needs a positive, finite rate, burst factor and speed, got rate ${rate}, factor ${factor}, speed ${speed}`,
    );
  }
}

/** Creates the opinion domain: stream `opinion`, collection `opinion.item`, no commands. */
export function createOpinionDomain(
  options: OpinionDomainOptions,
): OpinionDomain {
  const makeDetector = (speed: number): NegativeSpikeDetector => {
    const settings = { ...DEFAULT_SPIKE_OPTIONS, ...options.spike };
    const followSpeed = options.spikeWindowFollowsSpeed ?? true;
    return new NegativeSpikeDetector({
      ...settings,
      windowMs: followSpeed
        ? Math.max(1000, Math.round(settings.windowMs / speed))
        : settings.windowMs,
      scope: { kind: 'county' },
    });
  };
  let detector = makeDetector(1);
  const ratePerMinute = options.ratePerMinute ?? 6;
  const burstRateFactor = options.burstRateFactor ?? 4;
  const retainMs = options.retainMs ?? 7 * DAY_MS;

  function start(
    context: DomainContext,
    startOptions: DomainStartOptions,
  ): () => void {
    if (startOptions.scenario !== 'county') {
      restoreDetector(context, detector);
      return () => undefined;
    }
    checkRates(ratePerMinute, burstRateFactor, startOptions.speed);
    detector = makeDetector(startOptions.speed);
    restoreDetector(context, detector);

    const seed = options.seed ?? startOptions.seed;
    const generator = new OpinionGenerator({
      divisions: options.divisions,
      seed,
      burstChance: options.burstChance,
    });
    // A separate generator for timing keeps the items independent of the speed.
    const timing = mulberry32(seed ^ 0x7f4a_7c15);
    const done = storedSequence(context, seed);
    generator.skip(done);
    log.info('start: opinion scenario', {
      seed,
      ratePerMinute,
      resumedAfter: done,
    });

    let timer: NodeJS.Timeout | null = null;
    let stopped = false;

    const emit = (): void => {
      timer = null;
      const item = generator.next(context.now());
      try {
        writeCounted(context, detector, () => {
          context.put(OPINION_COLLECTION, item.id, item);
          detector.observe(item);
          raiseSpike(context, detector);
          if (generator.count % PRUNE_EVERY === 0) {
            pruneOld(context, retainMs);
          }
        });
      } catch (error) {
        log.error('emit: writing an opinion item failed', {
          id: item.id,
          error: (error as Error).message,
        });
      }
      schedule();
    };

    const schedule = (): void => {
      if (
        stopped ||
        (options.limit !== undefined && generator.count >= options.limit)
      ) {
        return;
      }
      const rate = ratePerMinute * (generator.burst ? burstRateFactor : 1);
      const meanMs = 60_000 / (rate * startOptions.speed);
      const waitMs = Math.min(-Math.log(1 - timing()) * meanMs, meanMs * 10);
      timer = setTimeout(emit, waitMs);
    };

    schedule();
    return () => {
      stopped = true;
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
    };
  }

  return {
    name: 'opinion',
    stream: RECORD_STREAMS.opinion,
    commands: {},
    get detector() {
      return detector;
    },
    start,
    putItems(context, items) {
      writeCounted(context, detector, () => {
        for (const item of items) {
          context.put(OPINION_COLLECTION, item.id, item);
          detector.observe(item);
        }
        raiseSpike(context, detector);
      });
    },
  };
}
