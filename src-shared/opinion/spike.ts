// Negative-opinion spike detection: counts negative items in fixed windows and raises one alert
// for a window whose count rises well above the mean of the windows before it.
import type { Alert, AlertLevel } from '../contract/index.js';
import type { OpinionItem } from './item.js';
import { COUNTY_SCOPE, inScope, scopeKey, type Scope } from './scope.js';

export const SPIKE_ALERT_ADAPTER = 'opinion-spike';
export const SPIKE_EVENT_LABEL = '网络舆情负面激增';

export interface SpikeOptions {
  scope: Scope;
  /** Window length in ms. Windows start at multiples of it since the Unix epoch. */
  windowMs: number;
  /** Number of windows before the current one whose mean is the baseline. */
  baselineWindows: number;
  /** Multiple of the baseline that the current window's count must exceed to be a spike. */
  factor: number;
  /** Minimum number of negative items in a spike window. */
  minCount: number;
  /** Multiple of the threshold from which a spike is level 3 (三级). Weaker spikes are level 4. */
  strongRatio: number;
  /** Platform named on the alert. */
  platform: string;
}

export const DEFAULT_SPIKE_OPTIONS: SpikeOptions = {
  scope: COUNTY_SCOPE,
  windowMs: 15 * 60_000,
  baselineWindows: 8,
  factor: 2,
  minCount: 8,
  strongRatio: 2,
  platform: 'opinion',
};

export interface SpikeMeasure {
  windowStart: number;
  count: number;
  /** Mean negative count of the baseline windows. */
  baseline: number;
  /** Count the window must exceed: max(minCount − 1, baseline × factor). */
  threshold: number;
  /**
   * False until items have been seen since the start of the first baseline window, and for a
   * window so old that its baseline was dropped. A detector that has just started has no
   * baseline yet, and a full window would otherwise read as a spike.
   */
  covered: boolean;
  spike: boolean;
}

interface WindowEntry {
  townCode: string;
  townName: string;
  topic: string;
}

/** Formats the hour and minute in Asia/Shanghai, which has kept UTC+8 without DST since 1991. */
function shanghaiClock(instant: number): string {
  const shifted = new Date(instant + 8 * 3_600_000);
  const hours = String(shifted.getUTCHours()).padStart(2, '0');
  const minutes = String(shifted.getUTCMinutes()).padStart(2, '0');
  return `${hours}:${minutes}`;
}

function checkSpikeOptions(options: SpikeOptions): void {
  const positive: (keyof SpikeOptions)[] = [
    'windowMs',
    'baselineWindows',
    'factor',
    'minCount',
    'strongRatio',
  ];
  for (const name of positive) {
    const value = options[name];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new Error(
        `spike option ${name} must be a positive number, got ${String(value)}`,
      );
    }
  }
  if (!Number.isInteger(options.baselineWindows)) {
    throw new Error(
      `spike option baselineWindows must be an integer, got ${options.baselineWindows}`,
    );
  }
}

/** Picks the key with the largest count. Ties go to the smaller key, so the choice is stable. */
function mostFrequent(counts: Map<string, number>): [string, number] | null {
  let best: [string, number] | null = null;
  for (const [key, count] of counts) {
    if (!best || count > best[1] || (count === best[1] && key < best[0])) {
      best = [key, count];
    }
  }
  return best;
}

/**
 * Incremental spike detector. It keeps only the windows it needs, so memory stays flat on a wall
 * or central that runs for weeks. An alert id is derived from the scope and the window start, so
 * a window raises at most one alert here, and a caller that restarts can skip ids already
 * published.
 */
export class NegativeSpikeDetector {
  readonly options: SpikeOptions;
  private readonly windows = new Map<number, Map<string, WindowEntry>>();
  private readonly windowOfItem = new Map<string, number>();
  private readonly raised = new Set<number>();
  private newestWindow: number | null = null;
  private earliestWindow: number | null = null;

  constructor(options: Partial<SpikeOptions> = {}) {
    this.options = { ...DEFAULT_SPIKE_OPTIONS, ...options };
    checkSpikeOptions(this.options);
  }

  windowStart(instant: number): number {
    return Math.floor(instant / this.options.windowMs) * this.options.windowMs;
  }

  /** Counts a negative item in its window. A non-negative value of a known id uncounts it. */
  observe(item: OpinionItem): void {
    this.forget(item.id);
    const place = item.place;
    if (!inScope(this.options.scope, place.townCode, place.divisionCode)) {
      return;
    }
    const start = this.windowStart(item.publishedAt);
    if (this.earliestWindow === null || start < this.earliestWindow) {
      this.earliestWindow = start;
    }
    if (item.sentiment !== 'negative') {
      return;
    }
    this.moveTo(start);
    if (start < this.oldestKeptWindow()) {
      return;
    }
    let window = this.windows.get(start);
    if (!window) {
      window = new Map();
      this.windows.set(start, window);
    }
    window.set(item.id, {
      townCode: place.townCode,
      townName: place.townName,
      topic: item.topic,
    });
    this.windowOfItem.set(item.id, start);
  }

  /** Drops every counted item and raised window, as before the first `observe`. */
  reset(): void {
    this.windows.clear();
    this.windowOfItem.clear();
    this.raised.clear();
    this.newestWindow = null;
    this.earliestWindow = null;
  }

  forget(id: string): void {
    const start = this.windowOfItem.get(id);
    if (start === undefined) {
      return;
    }
    this.windowOfItem.delete(id);
    this.windows.get(start)?.delete(id);
  }

  /** Measures the window that contains `now` against the windows before it. */
  measure(now: number): SpikeMeasure {
    const { windowMs, baselineWindows, factor, minCount } = this.options;
    const windowStart = this.windowStart(now);
    const count = this.windows.get(windowStart)?.size ?? 0;
    let sum = 0;
    for (let back = 1; back <= baselineWindows; back += 1) {
      sum += this.windows.get(windowStart - back * windowMs)?.size ?? 0;
    }
    const baseline = sum / baselineWindows;
    const threshold = Math.max(minCount - 1, baseline * factor);
    // A window whose baseline was already dropped has no baseline either.
    const firstBaseline = windowStart - baselineWindows * windowMs;
    const covered =
      this.earliestWindow !== null &&
      firstBaseline >= this.earliestWindow &&
      firstBaseline >= this.oldestKeptWindow();
    return {
      windowStart,
      count,
      baseline,
      threshold,
      covered,
      spike: covered && count >= minCount && count > baseline * factor,
    };
  }

  /**
   * Returns an alert when the window of `now` is a spike and has not raised one yet, otherwise
   * null. Call it after observing new items; calling it again for the same window returns null.
   */
  check(now: number): Alert | null {
    this.moveTo(this.windowStart(now));
    const measure = this.measure(now);
    if (!measure.spike || this.raised.has(measure.windowStart)) {
      return null;
    }
    this.raised.add(measure.windowStart);
    return this.buildAlert(measure, now);
  }

  /** Returns the id of the alert for a spike in the window that contains `instant`. */
  alertId(instant: number): string {
    return `opinion-spike:${scopeKey(this.options.scope)}:${this.windowStart(instant)}`;
  }

  private oldestKeptWindow(): number {
    const newest = this.newestWindow ?? 0;
    return newest - this.options.baselineWindows * this.options.windowMs;
  }

  private moveTo(start: number): void {
    if (this.newestWindow !== null && start <= this.newestWindow) {
      return;
    }
    this.newestWindow = start;
    const oldest = this.oldestKeptWindow();
    for (const [windowStart, window] of this.windows) {
      if (windowStart >= oldest) {
        continue;
      }
      for (const id of window.keys()) {
        this.windowOfItem.delete(id);
      }
      this.windows.delete(windowStart);
    }
    for (const windowStart of this.raised) {
      if (windowStart < oldest) {
        this.raised.delete(windowStart);
      }
    }
  }

  private buildAlert(measure: SpikeMeasure, now: number): Alert {
    const entries = [
      ...(this.windows.get(measure.windowStart)?.values() ?? []),
    ];
    const towns = new Map<string, number>();
    const townNames = new Map<string, string>();
    const topics = new Map<string, number>();
    for (const entry of entries) {
      towns.set(entry.townCode, (towns.get(entry.townCode) ?? 0) + 1);
      townNames.set(entry.townCode, entry.townName);
      topics.set(entry.topic, (topics.get(entry.topic) ?? 0) + 1);
    }
    const topTown = mostFrequent(towns);
    const topTopic = mostFrequent(topics);
    const scope = this.options.scope;

    // A county-wide spike names the town that produced most of it, when one produced the majority.
    const town =
      scope.kind !== 'county'
        ? topTown
        : topTown && topTown[1] * 2 > measure.count
          ? topTown
          : null;
    const townName = town ? (townNames.get(town[0]) ?? null) : null;
    const ratio = measure.count / Math.max(measure.threshold, 1);
    const level: AlertLevel = ratio >= this.options.strongRatio ? 3 : 4;
    const minutes = Math.round(this.options.windowMs / 60_000);
    const from = shanghaiClock(measure.windowStart);
    const where = townName ?? '全县';
    const key = scopeKey(scope);

    return {
      id: this.alertId(measure.windowStart),
      platform: this.options.platform,
      source: {
        adapter: SPIKE_ALERT_ADAPTER,
        externalId: `${key}:${measure.windowStart}`,
      },
      title: `${where}${SPIKE_EVENT_LABEL}`,
      description:
        `${from} 起 ${minutes} 分钟内负面舆情 ${measure.count} 条，` +
        `前 ${this.options.baselineWindows} 个时段平均 ${measure.baseline.toFixed(1)} 条` +
        (topTopic ? `；主要话题：${topTopic[0]}（${topTopic[1]} 条）` : '') +
        '。请研判并视情处置。',
      eventType: { code: null, label: SPIKE_EVENT_LABEL },
      emergencyClass: 'social_security',
      level,
      place: {
        divisionCode: scope.kind === 'village' ? scope.code : null,
        townCode: town ? town[0] : null,
        townName,
        villageName: null,
        address: null,
        lat: null,
        lon: null,
      },
      occurredAt: measure.windowStart,
      publishedAt: now,
      status: 'new',
      original: {
        scope: key,
        windowStart: measure.windowStart,
        windowMs: this.options.windowMs,
        negativeCount: measure.count,
        baseline: measure.baseline,
        threshold: measure.threshold,
        topTopic: topTopic ? topTopic[0] : null,
      },
    };
  }
}
