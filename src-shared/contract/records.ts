import { z } from 'zod';

/**
 * Records: the state of every domain other than alerts (incidents, resources, the roster, the duty
 * log, public opinion, points, the hall's presenter state). A record stream carries whole records,
 * never deltas. Each event puts the full current value of one record or removes it, with a version
 * that grows by one per change. A record put again after a remove starts again at version 1. A
 * console ignores an event at or below the version it stores, so a repeated event changes nothing.
 */
export const RECORD_STREAMS = {
  /** Incidents, resources, field responses, the audit trail. */
  dispatch: 'dispatch',
  /** Posts, people, shifts, the roster, the duty log, handovers, reporting deadlines. */
  duty: 'duty',
  /** Public opinion items. */
  opinion: 'opinion',
  /** Points: rules, residents and organizations, ledger entries. */
  points: 'points',
  /** Hall-wide state shared by every PC: presenter focus, wall layouts in use. */
  hall: 'hall',
} as const;
export type RecordStream = (typeof RECORD_STREAMS)[keyof typeof RECORD_STREAMS];

/** Collection name: dotted lower-case words, such as `incident` or `duty.log-entry`. */
export const CollectionName = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,31}(\.[a-z][a-z0-9-]{0,31}){0,2}$/,
    'collection names are dotted lower-case words, such as "incident" or "duty.log-entry"',
  );

export const RecordId = z.string().min(1).max(200);

export const RecordData = z.record(z.string(), z.unknown());
export type RecordData = z.infer<typeof RecordData>;

export const RecordEventBody = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('record.put'),
    collection: CollectionName,
    id: RecordId,
    version: z.number().int().min(1),
    data: RecordData,
  }),
  z.object({
    kind: z.literal('record.remove'),
    collection: CollectionName,
    id: RecordId,
    version: z.number().int().min(1),
  }),
]);
export type RecordEventBody = z.infer<typeof RecordEventBody>;

/** One record as the console caches it. The domain that reads `data` validates it. */
export const StoredRecord = z.object({
  collection: CollectionName,
  id: RecordId,
  version: z.number().int().min(0),
  /** Instant of the event that last changed the record on the central, ms since the Unix epoch. */
  updatedAt: z.number().int(),
  data: RecordData,
  /** Install sequence of the queued command behind this optimistic value. Absent once confirmed. */
  pendingSeq: z.number().int().optional(),
});
export type StoredRecord = z.infer<typeof StoredRecord>;

/** Query for records: one collection, optionally only those changed at or after `since`. */
export const RecordQuery = z.object({
  collection: CollectionName,
  since: z.number().int().optional(),
  limit: z.number().int().min(1).max(100_000).default(100_000),
});
export type RecordQuery = z.input<typeof RecordQuery>;

/** Change pushed to renderers when a record is put, removed, or given an optimistic value. */
export const RecordChange = z.object({
  type: z.literal('record'),
  stream: z.string(),
  record: StoredRecord,
  removed: z.boolean(),
});
export type RecordChange = z.infer<typeof RecordChange>;

/**
 * A value the console shows before the central confirms the command that causes it. It is written
 * with the queued command in one transaction and dropped when the command's result arrives.
 */
export const OptimisticRecord = z.object({
  stream: z.string(),
  collection: CollectionName,
  id: RecordId,
  data: RecordData,
});
export type OptimisticRecord = z.infer<typeof OptimisticRecord>;
