// File size of the cache over simulated days: `npm run bench:cache-size [-- --days 30 --rate 5]`.
// Ingests the benchmark's real event rows (bench/lib/rows.ts) at `rate` events per simulated
// second through CacheStore on one thread, with the clock set to the newest event, runs the
// maintenance pass (retention and compaction) every 10 simulated minutes, and prints one line per
// simulated day: the file size, the rows kept and the wall time. `--out FILE` also appends each
// line as JSON, so a run stopped early still leaves its days behind.
import { appendFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CacheStore } from '../src-main/services/cache/store.js';
import { describeMachine } from './lib/machine.js';
import { EventRows } from './lib/rows.js';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '30' },
    rate: { type: 'string', default: '5' },
    batch: { type: 'string', default: '2000' },
    'retention-days': { type: 'string', default: '30' },
    out: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const DAYS = Number(values.days);
const RATE = Number(values.rate);
const BATCH = Number(values.batch);
const RETENTION_DAYS = Number(values['retention-days']);
const DAY_MS = 86_400_000;
const MAINTENANCE_MS = 10 * 60_000;
const START = Date.UTC(2026, 10, 1);

interface DayLine {
  day: number;
  events: number;
  fileBytes: number;
  bytesPerKeptEvent: number;
  keptEvents: number;
  alertRows: number;
  freePages: number;
  prunedEvents: number;
  wallSeconds: number;
  eventsPerSecond: number;
  load: string;
}

const dir = mkdtempSync(join(tmpdir(), 'console-cache-size-'));
const path = join(dir, 'cache.sqlite3');
const clock = { now: START };
const store = CacheStore.open(
  {
    path,
    retention: {
      eventsMs: RETENTION_DAYS * DAY_MS,
      aggregatesMs: 400 * DAY_MS,
    },
  },
  () => clock.now,
);
const rows = new EventRows(START, RATE);
const started = performance.now();
const perDay = RATE * 86_400;
let ingested = 0;
let pruned = 0;
let nextMaintenance = START + MAINTENANCE_MS;

function maintain(): void {
  let report = store.maintain();
  pruned += report.prunedEvents;
  while (report.more) {
    report = store.maintain();
    pruned += report.prunedEvents;
  }
}

function count(sql: string): number {
  // CacheStore has no count of alert rows or of all events, so the benchmark reads its handle.
  const db = (store as unknown as { db: { get(sql: string): unknown } }).db;
  const row = db.get(sql) as Record<string, number> | null;
  return Number(row?.['n'] ?? 0);
}

function dayLine(day: number, dayStarted: number, dayEvents: number): DayLine {
  const stats = store.stats();
  const fileBytes = statSync(path).size;
  const keptEvents = count('SELECT COUNT(*) AS n FROM events');
  const wall = (performance.now() - started) / 1000;
  return {
    day,
    events: ingested,
    fileBytes,
    bytesPerKeptEvent: Math.round(fileBytes / Math.max(1, keptEvents)),
    keptEvents,
    alertRows: count('SELECT COUNT(*) AS n FROM alerts'),
    freePages: stats.freelistCount,
    prunedEvents: pruned,
    wallSeconds: Math.round(wall),
    eventsPerSecond: Math.round(
      (dayEvents * 1000) / (performance.now() - dayStarted),
    ),
    load: readLoad(),
  };
}

function readLoad(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

process.stdout.write(
  `Machine: ${describeMachine()}\n${DAYS} simulated days at ${RATE} events/s, batches of ${BATCH}, retention ${RETENTION_DAYS} days, file ${path}\n`,
);
try {
  for (let day = 1; day <= DAYS; day += 1) {
    const dayStarted = performance.now();
    for (let done = 0; done < perDay; done += BATCH) {
      const batch = rows.batch(Math.min(BATCH, perDay - done));
      clock.now = batch[batch.length - 1]?.at ?? clock.now;
      store.applyEvents('alerts', 'size', batch);
      ingested += batch.length;
      if (clock.now >= nextMaintenance) {
        maintain();
        nextMaintenance = clock.now + MAINTENANCE_MS;
      }
    }
    const line = dayLine(day, dayStarted, perDay);
    process.stdout.write(
      `day ${day}: ${(line.fileBytes / 1024 ** 2).toFixed(0)} MiB, ${line.keptEvents} events kept, ${line.bytesPerKeptEvent} bytes per kept event, ${line.freePages} free pages, ${line.eventsPerSecond} events/s, ${line.wallSeconds} s, load ${line.load}\n`,
    );
    if (values.out !== undefined) {
      appendFileSync(values.out, `${JSON.stringify(line)}\n`);
    }
  }
} finally {
  store.close();
  if (!values.keep) {
    rmSync(dir, { recursive: true, force: true });
  }
}
