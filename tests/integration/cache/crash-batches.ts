// Shape of the batches the crash child writes, shared with the checks that read them back.
import type { CacheEvent } from '../../../src-main/services/cache/index.js';
import { createdBody } from '../services/helpers/alerts.js';

export const EVENTS_PER_BATCH = 20;
export const COMMANDS_PER_BATCH = 2;
export const CRASH_EPOCH = 'crash-epoch';
export function batchEvents(batch: number): CacheEvent[] {
  const events: CacheEvent[] = [];
  const first = (batch - 1) * EVENTS_PER_BATCH + 1;
  for (let seq = first; seq < first + EVENTS_PER_BATCH; seq += 1) {
    events.push({ seq, at: 1_000 + seq, body: createdBody(seq) });
  }
  return events;
}
