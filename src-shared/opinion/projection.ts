// Wall projection of public opinion: a ring of hourly buckets, fed one item at a time, from which
// the panels read sentiment over time, topic heat, sources and the latest negative items.
import { Emotion, OpinionSource, Sentiment, type OpinionItem } from './item.js';
import { COUNTY_SCOPE, inScope, type Scope } from './scope.js';

export const HOUR_MS = 3_600_000;

/**
 * Heat is summed in integer thousandths because floating-point sums drift with the order of
 * additions. Integer sums make removing an item give back exactly what a rebuild computes.
 */
const HEAT_UNITS = 1000;

export interface OpinionProjectionOptions {
  /** Part of the county the projection counts. Items elsewhere are ignored. */
  scope: Scope;
  /** Hours kept in the ring. Items older than the oldest hour are dropped. */
  hours: number;
  /** Maximum length of the topic heat ranking. */
  topTopics: number;
  /** Maximum length of the list of latest negative items. */
  latestNegatives: number;
}

export const DEFAULT_OPINION_PROJECTION: OpinionProjectionOptions = {
  scope: COUNTY_SCOPE,
  hours: 24,
  topTopics: 10,
  latestNegatives: 20,
};

export interface OpinionHourCounts {
  /**
   * Start of the hour, ms since the Unix epoch. China keeps UTC+8 all year, so it is also the
   * start of a local hour.
   */
  start: number;
  sentiment: Record<Sentiment, number>;
  emotion: Record<Emotion, number>;
}

export interface TopicHeat {
  topic: string;
  heat: number;
  count: number;
}

export interface OpinionWallView {
  scope: Scope;
  /** Start of the newest hour of the ring, or null before the first item or `advanceTo`. */
  endHour: number | null;
  /** One entry per hour of the ring, oldest first. Empty while `endHour` is null. */
  hours: OpinionHourCounts[];
  sentimentTotals: Record<Sentiment, number>;
  sources: Record<OpinionSource, number>;
  /** Topics by summed heat, hottest first, and by topic name on ties. */
  topics: TopicHeat[];
  /** Negative items, newest first, and by id on ties. */
  latestNegative: OpinionItem[];
  total: number;
}

interface HourBucket {
  start: number;
  sentiment: Record<Sentiment, number>;
  emotion: Record<Emotion, number>;
  source: Record<OpinionSource, number>;
  topics: Map<string, { heatUnits: number; count: number }>;
  ids: Set<string>;
  negatives: Set<string>;
}

function zeroCounts<K extends string>(keys: readonly K[]): Record<K, number> {
  const counts = {} as Record<K, number>;
  for (const key of keys) {
    counts[key] = 0;
  }
  return counts;
}

function emptyBucket(start: number): HourBucket {
  return {
    start,
    sentiment: zeroCounts(Sentiment.options),
    emotion: zeroCounts(Emotion.options),
    source: zeroCounts(OpinionSource.options),
    topics: new Map(),
    ids: new Set(),
    negatives: new Set(),
  };
}

export function hourStart(instant: number): number {
  return Math.floor(instant / HOUR_MS) * HOUR_MS;
}

/** Orders items newest first, then by id, so equal timestamps list the same way everywhere. */
export function newestFirst(a: OpinionItem, b: OpinionItem): number {
  if (a.publishedAt !== b.publishedAt) {
    return b.publishedAt - a.publishedAt;
  }
  return compareText(a.id, b.id);
}

export function compareText(a: string, b: string): number {
  if (a < b) {
    return -1;
  }
  return a > b ? 1 : 0;
}

function checkOptions(options: OpinionProjectionOptions): void {
  for (const name of ['hours', 'topTopics', 'latestNegatives'] as const) {
    const value = options[name];
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(
        `opinion projection option ${name} must be a positive integer, got ${value}`,
      );
    }
  }
}

/**
 * Incremental opinion projection. The view depends only on the latest value of each item id and
 * on the newest hour reached, not on the order of calls. A projection fed record by record
 * therefore equals one rebuilt from the list with `fromItems`.
 */
export class OpinionProjection {
  readonly options: OpinionProjectionOptions;
  private readonly items = new Map<string, OpinionItem>();
  private readonly buckets = new Map<number, HourBucket>();
  private endHour: number | null = null;

  constructor(options: Partial<OpinionProjectionOptions> = {}) {
    this.options = { ...DEFAULT_OPINION_PROJECTION, ...options };
    checkOptions(this.options);
  }

  static fromItems(
    items: Iterable<OpinionItem>,
    options: Partial<OpinionProjectionOptions> = {},
    now?: number,
  ): OpinionProjection {
    const projection = new OpinionProjection(options);
    for (const item of items) {
      projection.put(item);
    }
    if (now !== undefined) {
      projection.advanceTo(now);
    }
    return projection;
  }

  /** Number of items in the ring now. */
  get size(): number {
    return this.items.size;
  }

  /**
   * Adds an item or replaces the earlier value with the same id. An item dated after the newest
   * hour moves the ring forward.
   * NOTE: an item from a source with a clock far ahead moves the ring past the current hour and
   * drops the real hours, because nothing checks `publishedAt` against the server clock yet.
   */
  put(item: OpinionItem): void {
    this.remove(item.id);
    const place = item.place;
    if (!inScope(this.options.scope, place.townCode, place.divisionCode)) {
      return;
    }
    const hour = hourStart(item.publishedAt);
    if (this.endHour === null || hour > this.endHour) {
      this.advanceHour(hour);
    }
    if (hour <= this.oldestDroppedHour()) {
      return;
    }
    let bucket = this.buckets.get(hour);
    if (!bucket) {
      bucket = emptyBucket(hour);
      this.buckets.set(hour, bucket);
    }
    this.items.set(item.id, item);
    this.count(bucket, item, 1);
  }

  remove(id: string): void {
    const previous = this.items.get(id);
    if (!previous) {
      return;
    }
    this.items.delete(id);
    const bucket = this.buckets.get(hourStart(previous.publishedAt));
    if (bucket) {
      this.count(bucket, previous, -1);
    }
  }

  /** Moves the ring forward to the hour of `now`, dropping hours that fall out of it. */
  advanceTo(now: number): void {
    const hour = hourStart(now);
    if (this.endHour === null || hour > this.endHour) {
      this.advanceHour(hour);
    }
  }

  view(): OpinionWallView {
    const sentimentTotals = zeroCounts(Sentiment.options);
    const sources = zeroCounts(OpinionSource.options);
    const topicTotals = new Map<string, { heatUnits: number; count: number }>();
    const hours: OpinionHourCounts[] = [];

    for (const start of this.hourStarts()) {
      const bucket = this.buckets.get(start) ?? emptyBucket(start);
      hours.push({
        start,
        sentiment: { ...bucket.sentiment },
        emotion: { ...bucket.emotion },
      });
      addCounts(sentimentTotals, bucket.sentiment);
      addCounts(sources, bucket.source);
      for (const [topic, heat] of bucket.topics) {
        const total = topicTotals.get(topic) ?? { heatUnits: 0, count: 0 };
        total.heatUnits += heat.heatUnits;
        total.count += heat.count;
        topicTotals.set(topic, total);
      }
    }

    return {
      scope: this.options.scope,
      endHour: this.endHour,
      hours,
      sentimentTotals,
      sources,
      topics: rankTopics(topicTotals, this.options.topTopics),
      latestNegative: this.latestNegative(),
      total: this.items.size,
    };
  }

  private hourStarts(): number[] {
    if (this.endHour === null) {
      return [];
    }
    const starts: number[] = [];
    for (let index = this.options.hours - 1; index >= 0; index -= 1) {
      starts.push(this.endHour - index * HOUR_MS);
    }
    return starts;
  }

  /** Collects the newest negative items, bucket by bucket from the newest hour, up to the limit. */
  private latestNegative(): OpinionItem[] {
    const limit = this.options.latestNegatives;
    const result: OpinionItem[] = [];
    const starts = this.hourStarts().reverse();
    for (const start of starts) {
      const bucket = this.buckets.get(start);
      if (!bucket || bucket.negatives.size === 0) {
        continue;
      }
      const negatives: OpinionItem[] = [];
      for (const id of bucket.negatives) {
        const item = this.items.get(id);
        if (item) {
          negatives.push(item);
        }
      }
      negatives.sort(newestFirst);
      for (const item of negatives) {
        if (result.length >= limit) {
          return result;
        }
        result.push(item);
      }
    }
    return result;
  }

  private oldestDroppedHour(): number {
    return (this.endHour ?? 0) - this.options.hours * HOUR_MS;
  }

  private advanceHour(hour: number): void {
    this.endHour = hour;
    const dropAtOrBefore = this.oldestDroppedHour();
    for (const [start, bucket] of this.buckets) {
      if (start > dropAtOrBefore) {
        continue;
      }
      for (const id of bucket.ids) {
        this.items.delete(id);
      }
      this.buckets.delete(start);
    }
  }

  private count(bucket: HourBucket, item: OpinionItem, delta: 1 | -1): void {
    bucket.sentiment[item.sentiment] += delta;
    bucket.emotion[item.emotion] += delta;
    bucket.source[item.source] += delta;

    const heat = bucket.topics.get(item.topic) ?? { heatUnits: 0, count: 0 };
    heat.heatUnits += delta * Math.round(item.heat * HEAT_UNITS);
    heat.count += delta;
    if (heat.count === 0) {
      bucket.topics.delete(item.topic);
    } else {
      bucket.topics.set(item.topic, heat);
    }

    if (delta === 1) {
      bucket.ids.add(item.id);
      if (item.sentiment === 'negative') {
        bucket.negatives.add(item.id);
      }
    } else {
      bucket.ids.delete(item.id);
      bucket.negatives.delete(item.id);
    }
  }
}

function addCounts<K extends string>(
  target: Record<K, number>,
  source: Record<K, number>,
): void {
  for (const key of Object.keys(source) as K[]) {
    target[key] += source[key];
  }
}

function rankTopics(
  totals: Map<string, { heatUnits: number; count: number }>,
  limit: number,
): TopicHeat[] {
  const ranked = [...totals].map(([topic, total]) => ({
    topic,
    heatUnits: total.heatUnits,
    count: total.count,
  }));
  ranked.sort(
    (a, b) => b.heatUnits - a.heatUnits || compareText(a.topic, b.topic),
  );
  return ranked.slice(0, limit).map((entry) => ({
    topic: entry.topic,
    heat: entry.heatUnits / HEAT_UNITS,
    count: entry.count,
  }));
}
