import { logSink, type LogRecord } from '../../../src-node/logging/index.js';
import type { CacheEvent } from '../../../src-main/services/cache/index.js';
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
