import { logSink, type LogRecord } from '../../../src-node/logging/index.js';
import type { Alert } from '../../../src-shared/contract/index.js';
import {
  INSERT_ALERT_SQL,
  INSERT_EVENT_SQL,
  alertRowValues,
} from '../../../src-main/services/cache/alert-rows.js';
import type { CacheEvent } from '../../../src-main/services/cache/index.js';
import {
  MIGRATIONS,
  migrate,
} from '../../../src-main/services/cache/schema.js';
import { Database } from '../../../src-main/services/cache/sqlite.js';
import { createdBody, statusBody } from '../services/helpers/alerts.js';

/** Alert-created events with sequences `from`..`to`; event times follow the alerts' own. */
export function createdEvents(from: number, to: number): CacheEvent[] {
  const events: CacheEvent[] = [];
  for (let seq = from; seq <= to; seq += 1) {
    events.push({ seq, at: 1_000 + seq, body: createdBody(seq) });
  }
  return events;
}

export { createdBody, statusBody };

/** Collects log records until the returned `stop` is called. */
export function captureLogs(): { records: LogRecord[]; stop(): void } {
  const records: LogRecord[] = [];
  const stop = logSink.onRecord((record) => records.push(record));
  return { records, stop };
}

export function messages(records: readonly LogRecord[]): string[] {
  return records.map((record) => record.message);
}

/**
 * Writes a cache file at schema `version` (6 or later) with `alerts` as created events 1..n of
 * the alerts stream. Raw SQL writes them as a console of that version did, so a test can open the
 * file with the current store and watch the later steps run.
 */
export function writeOlderCache(
  path: string,
  version: number,
  alerts: readonly Alert[],
): void {
  const db = new Database(path);
  try {
    migrate(db, MIGRATIONS.slice(0, version));
    db.exec('BEGIN IMMEDIATE');
    alerts.forEach((alert, index) => {
      const body = JSON.stringify({ kind: 'alert.created', alert });
      db.run(INSERT_EVENT_SQL, [
        'alerts',
        index + 1,
        'e1',
        alert.publishedAt,
        body,
      ]);
      db.run(INSERT_ALERT_SQL, alertRowValues(alert, 'alerts'));
    });
    db.run(
      `INSERT INTO stream_positions (stream, epoch, seq, last_event_at, confirmed_at)
       VALUES ('alerts', 'e1', ?, NULL, NULL)`,
      [alerts.length],
    );
    db.exec('COMMIT');
  } finally {
    db.close();
  }
}

/** Counts per town name and 12-digit village code, summed one alert at a time. */
export function countVillages(
  alerts: Iterable<Alert>,
): Record<string, Record<string, number>> {
  const byTown: Record<string, Record<string, number>> = {};
  for (const alert of alerts) {
    const code = alert.place.divisionCode;
    if (code === null || !/^\d{12}$/.test(code)) {
      continue;
    }
    const villages = (byTown[alert.place.townName ?? 'unknown'] ??= {});
    villages[code] = (villages[code] ?? 0) + 1;
  }
  return byTown;
}
