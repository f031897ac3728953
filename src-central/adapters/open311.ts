import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Alert } from '../../src-shared/contract/index.js';
import { createLogger } from '../../src-node/logging/index.js';
import { parseUsDateTime } from '../data/zoned-time.js';
import {
  countReason,
  emptyStats,
  MAX_TIMER_MS,
  validateAlert,
  type AdapterContext,
  type AdapterStats,
  type SourceAdapter,
} from './types.js';

const log = createLogger('central-open311');

export const OPEN311_ADAPTER = 'open311-replay';
const TIME_ZONE = 'America/New_York';
const TITLE_MAX = 500;
const DESCRIPTION_MAX = 20_000;
/** Key added to `original` when the row's Created Date could not be parsed. */
export const INVALID_DATE_FLAG = 'central.invalidCreatedDate';

/** One CSV row with the fields the replay needs, before it becomes an alert. */
export interface Open311Record {
  /** 1-based row number in the file, header excluded. */
  row: number;
  key: string;
  /** Created Date as an instant, or null when it could not be parsed. */
  createdAt: number | null;
  columns: Record<string, string>;
}

export interface Open311Parse {
  rows: number;
  records: Open311Record[];
  skipped: Record<string, number>;
}

/** Parses the 311 export and sorts out rows that cannot become an alert, counting each reason. */
export function parseOpen311Csv(text: string): Open311Parse {
  const table = parse(text, {
    columns: true,
    skip_empty_lines: true,
    relax_column_count: true,
    bom: true,
  }) as Record<string, string | undefined>[];

  const skipped: Record<string, number> = {};
  const records: Open311Record[] = [];
  const seenKeys = new Set<string>();

  table.forEach((raw, index) => {
    const row = index + 1;
    const columns: Record<string, string> = {};
    for (const [name, value] of Object.entries(raw)) {
      if (typeof value === 'string' && value.trim() !== '') {
        columns[name] = value.trim();
      }
    }

    const key = columns['Unique Key'];
    if (key === undefined) {
      countReason(skipped, 'missing-unique-key');
      log.warn('parseOpen311Csv: row has no Unique Key, skipped', { row });
      return;
    }
    if (seenKeys.has(key)) {
      countReason(skipped, 'duplicate-unique-key');
      log.warn('parseOpen311Csv: Unique Key repeats an earlier row, skipped', {
        row,
        key,
      });
      return;
    }
    seenKeys.add(key);

    const created = columns['Created Date'];
    const createdAt =
      created === undefined ? null : parseUsDateTime(created, TIME_ZONE);
    records.push({ row, key, createdAt, columns });
  });

  return { rows: table.length, records, skipped };
}

function coordinate(text: string | undefined, limit: number): number | null {
  if (text === undefined) {
    return null;
  }
  const value = Number(text);
  return Number.isFinite(value) && Math.abs(value) <= limit ? value : null;
}

function borough(text: string | undefined): string | null {
  if (text === undefined || text.toLowerCase() === 'unspecified') {
    return null;
  }
  return text;
}

function address(columns: Record<string, string>): string | null {
  const incident = columns['Incident Address'];
  if (incident) {
    return incident;
  }
  const first = columns['Intersection Street 1'];
  const second = columns['Intersection Street 2'];
  if (first && second) {
    return `${first} & ${second}`;
  }
  return first ?? columns['Street Name'] ?? null;
}

/**
 * Builds the alert for one 311 row. A row without a valid Created Date gets `publishedAt` as its
 * occurrence time and the flag INVALID_DATE_FLAG in `original`.
 */
export function open311Alert(
  record: Open311Record,
  publishedAt: number,
): Alert {
  const { columns } = record;
  const complaint = columns['Complaint Type'] ?? '';
  const descriptor = columns['Descriptor'];
  const title = descriptor ? `${complaint} - ${descriptor}` : complaint;

  const original: Alert['original'] = { ...columns };
  if (record.createdAt === null) {
    original[INVALID_DATE_FLAG] = true;
  }

  return {
    id: `open311:${record.key}`,
    platform: 'open311',
    source: { adapter: OPEN311_ADAPTER, externalId: record.key },
    title: title.slice(0, TITLE_MAX),
    description: (columns['Resolution Description'] ?? '').slice(
      0,
      DESCRIPTION_MAX,
    ),
    eventType: { code: null, label: complaint },
    emergencyClass: null,
    level: null,
    place: {
      divisionCode: null,
      townCode: null,
      townName: borough(columns['Borough']),
      villageName: null,
      address: address(columns),
      lat: coordinate(columns['Latitude'], 90),
      lon: coordinate(columns['Longitude'], 180),
    },
    occurredAt: record.createdAt ?? publishedAt,
    publishedAt,
    status: 'new',
    original,
  };
}

export interface Open311Options {
  csvPath: string;
  /** Time compression: 60 replays an hour of 2011 in a minute. Infinity publishes everything at once. */
  speed: number;
  /** Publish every row at start, whatever the speed. */
  burst?: boolean;
}

interface ScheduledRecord {
  record: Open311Record;
  /** Delay after start, in ms of replay time. */
  offsetMs: number;
}

/**
 * Replays a 311 export as alerts, time-compressed by `speed`: a row is published
 * (Created Date - first Created Date) / speed after start. Rows whose alert the log already contains
 * (from an earlier run on the same data folder) are not published again, so over any number of
 * restarts the log receives each valid row exactly once.
 */
export class Open311Replay implements SourceAdapter {
  readonly name = OPEN311_ADAPTER;
  private readonly options: Open311Options;
  private readonly counters: AdapterStats = emptyStats(OPEN311_ADAPTER);
  private queue: ScheduledRecord[] = [];
  private context: AdapterContext | null = null;
  private startedAt = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(options: Open311Options) {
    if (!(options.speed > 0)) {
      throw new Error(
        `Open311 replay speed must be a positive number, got ${options.speed}`,
      );
    }
    this.options = options;
  }

  start(context: AdapterContext): void {
    this.context = context;
    const parsed = parseOpen311Csv(readFileSync(this.options.csvPath, 'utf8'));
    this.counters.rows = parsed.rows;
    Object.assign(this.counters.skipped, parsed.skipped);

    this.queue = this.schedule(parsed.records);
    this.counters.pending = this.queue.length;
    this.startedAt = context.now();
    log.info('start: replaying 311 rows', {
      file: this.options.csvPath,
      rows: parsed.rows,
      queued: this.queue.length,
      alreadyPublished: this.counters.alreadyPublished,
      speed: this.options.speed,
    });
    this.tick();
  }

  stop(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.context = null;
  }

  stats(): AdapterStats {
    return structuredClone(this.counters);
  }

  private schedule(records: Open311Record[]): ScheduledRecord[] {
    const dated = records.filter((record) => record.createdAt !== null);
    const firstCreated = Math.min(
      ...dated.map((record) => record.createdAt as number),
    );
    const instant =
      this.options.burst === true || this.options.speed === Infinity;

    const queue: ScheduledRecord[] = [];
    for (const record of records) {
      if (this.context?.hasAlert(`open311:${record.key}`)) {
        this.counters.alreadyPublished += 1;
        continue;
      }
      // Rows without a usable date go first: there is no better place for them in the timeline.
      const offsetMs =
        instant || record.createdAt === null
          ? 0
          : (record.createdAt - firstCreated) / this.options.speed;
      queue.push({ record, offsetMs });
    }
    // Date order also within a burst; undated rows first, then file order for equal dates.
    const when = (item: ScheduledRecord): number =>
      item.record.createdAt ?? -Infinity;
    queue.sort(
      (a, b) =>
        a.offsetMs - b.offsetMs ||
        when(a) - when(b) ||
        a.record.row - b.record.row,
    );
    return queue;
  }

  private tick(): void {
    this.timer = null;
    const context = this.context;
    if (!context) {
      return;
    }
    const now = context.now();
    const elapsed = now - this.startedAt;

    let due = 0;
    while (
      due < this.queue.length &&
      (this.queue[due] as ScheduledRecord).offsetMs <= elapsed
    ) {
      due += 1;
    }
    const batch = this.queue.splice(0, due);
    if (batch.length > 0) {
      this.publish(context, batch, now);
    }
    this.counters.pending = this.queue.length;

    const next = this.queue[0];
    if (next) {
      const wait = Math.min(Math.max(next.offsetMs - elapsed, 0), MAX_TIMER_MS);
      this.timer = setTimeout(() => this.tick(), wait);
    } else {
      log.info('tick: replay finished', { ...this.counters });
    }
  }

  private publish(
    context: AdapterContext,
    batch: ScheduledRecord[],
    now: number,
  ): void {
    const alerts: Alert[] = [];
    for (const { record } of batch) {
      const checked = validateAlert(open311Alert(record, now));
      if (!checked.ok) {
        countReason(this.counters.skipped, 'invalid-alert');
        log.warn('publish: row does not make a valid alert, skipped', {
          row: record.row,
          key: record.key,
          error: checked.error,
        });
        continue;
      }
      if (record.createdAt === null) {
        countReason(this.counters.repaired, 'invalid-created-date');
        log.warn(
          'publish: Created Date missing or invalid, using the publish time',
          {
            row: record.row,
            key: record.key,
            createdDate: record.columns['Created Date'] ?? null,
          },
        );
      }
      alerts.push(checked.alert);
    }
    try {
      context.publishAlerts(alerts);
      this.counters.published += alerts.length;
    } catch (error) {
      // The log is unusable (disk full, closed during stop); the rows stay unpublished and a
      // restart picks them up, because they are not in the log.
      countReason(this.counters.skipped, 'publish-failed', alerts.length);
      log.error('publish: appending to the log failed', {
        alerts: alerts.length,
        error: (error as Error).message,
      });
    }
  }
}
