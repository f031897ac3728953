import {
  RecordEventBody,
  type OptimisticRecord,
  type RecordChange,
  type StoredRecord,
} from '../../../src-shared/contract/index.js';
import type { SqlRow, SqlValue } from './sqlite.js';

/** The newest row of a record plus the newest optimistic value queued for it, in one read. */
export const SELECT_RECORD_SQL = `
  SELECT r.collection, r.id, r.version, r.updated_at, r.data,
         o.install_seq AS pending_seq, o.data AS pending_data
  FROM records AS r
  LEFT JOIN record_overlay AS o ON o.collection = r.collection AND o.id = r.id
    AND o.install_seq = (SELECT MAX(install_seq) FROM record_overlay
                         WHERE collection = r.collection AND id = r.id)
  WHERE r.collection = ? AND r.id = ?`;

/** Optimistic values of records the central has not published yet (created while offline). */
export const SELECT_OVERLAY_ONLY_SQL = `
  SELECT o.collection, o.id, o.install_seq AS pending_seq, o.data AS pending_data
  FROM record_overlay AS o
  WHERE o.collection = ?
    AND o.install_seq = (SELECT MAX(install_seq) FROM record_overlay
                         WHERE collection = o.collection AND id = o.id)
    AND NOT EXISTS (SELECT 1 FROM records AS r WHERE r.collection = o.collection AND r.id = o.id)`;

export const SELECT_COLLECTION_SQL = `
  SELECT r.collection, r.id, r.version, r.updated_at, r.data,
         o.install_seq AS pending_seq, o.data AS pending_data
  FROM records AS r
  LEFT JOIN record_overlay AS o ON o.collection = r.collection AND o.id = r.id
    AND o.install_seq = (SELECT MAX(install_seq) FROM record_overlay
                         WHERE collection = r.collection AND id = r.id)
  WHERE r.collection = ? AND r.updated_at >= ?
  ORDER BY r.id
  LIMIT ?`;

export const UPSERT_RECORD_SQL = `
  INSERT INTO records (collection, id, stream, version, updated_at, data)
  VALUES (?, ?, ?, ?, ?, CAST(? AS TEXT))
  ON CONFLICT (collection, id) DO UPDATE SET
    stream = excluded.stream, version = excluded.version,
    updated_at = excluded.updated_at, data = excluded.data
  WHERE excluded.version > records.version`;

function asInteger(value: SqlValue | undefined): number {
  if (typeof value === 'bigint') {
    return Number(value);
  }
  return typeof value === 'number' ? value : 0;
}

function parseData(value: SqlValue | undefined): Record<string, unknown> {
  if (typeof value !== 'string') {
    return {};
  }
  const parsed = JSON.parse(value) as unknown;
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {};
}

/**
 * Builds the record a renderer shows from a joined row: the optimistic value of the newest queued
 * command when there is one, else the central's value. A row without `version` is a record known
 * only from a queued command; it shows with version 0.
 */
export function recordFromRow(row: SqlRow): StoredRecord {
  const pendingSeq = row['pending_seq'];
  const pending = pendingSeq !== null && pendingSeq !== undefined;
  const record: StoredRecord = {
    collection: String(row['collection']),
    id: String(row['id']),
    version: asInteger(row['version']),
    updatedAt: asInteger(row['updated_at']),
    data: parseData(pending ? row['pending_data'] : row['data']),
  };
  if (pending) {
    record.pendingSeq = asInteger(pendingSeq);
  }
  return record;
}

/** Parses a record stream's event body; null when it does not match, so the caller logs and skips. */
export function parseRecordBody(body: unknown): RecordEventBody | null {
  const parsed = RecordEventBody.safeParse(body);
  return parsed.success ? parsed.data : null;
}

export function recordChange(
  stream: string,
  record: StoredRecord,
  removed: boolean,
): RecordChange {
  return { type: 'record', stream, record, removed };
}

export function overlayValues(
  installSeq: number,
  value: OptimisticRecord,
): SqlValue[] {
  return [
    installSeq,
    value.stream,
    value.collection,
    value.id,
    JSON.stringify(value.data),
  ];
}
