import type {
  RecordData,
  RecordEventBody,
  StoredRecord,
} from '../../src-shared/contract/index.js';
import type { EventLog } from './event-log.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS record_rows (
  collection TEXT NOT NULL,
  id TEXT NOT NULL,
  stream TEXT NOT NULL,
  version INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  json TEXT NOT NULL,
  PRIMARY KEY (collection, id)
);
CREATE INDEX IF NOT EXISTS record_rows_by_stream ON record_rows (stream, collection, id);
`;

function toNumber(value: unknown): number {
  return typeof value === 'bigint' ? Number(value) : Number(value ?? 0);
}

function rowToRecord(row: Record<string, unknown>): StoredRecord {
  return {
    collection: String(row['collection']),
    id: String(row['id']),
    version: toNumber(row['version']),
    updatedAt: toNumber(row['updated_at']),
    data: JSON.parse(String(row['json'])) as RecordData,
  };
}

/**
 * The current value of every record on the central, in the log's own database. Each write
 * appends the matching `record.put` or `record.remove` event to the record's stream in the same
 * transaction, so the rows and the log never disagree, and a snapshot of a stream is its rows.
 */
export class RecordStore {
  private readonly selectOne;
  private readonly selectCollection;
  private readonly selectStream;
  private readonly upsert;
  private readonly deleteOne;
  private readonly countStream;

  constructor(private readonly log: EventLog) {
    log.db.exec(SCHEMA);
    this.selectOne = log.prepare(
      'SELECT * FROM record_rows WHERE collection = ? AND id = ?',
    );
    this.selectCollection = log.prepare(
      'SELECT * FROM record_rows WHERE collection = ? ORDER BY id',
    );
    this.selectStream = log.prepare(
      'SELECT * FROM record_rows WHERE stream = ? ORDER BY collection, id',
    );
    this.upsert = log.prepare(
      `INSERT INTO record_rows (collection, id, stream, version, updated_at, json)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (collection, id) DO UPDATE SET
         stream = excluded.stream, version = excluded.version,
         updated_at = excluded.updated_at, json = excluded.json`,
    );
    this.deleteOne = log.prepare(
      'DELETE FROM record_rows WHERE collection = ? AND id = ?',
    );
    this.countStream = log.prepare(
      'SELECT COUNT(*) AS n FROM record_rows WHERE stream = ?',
    );
  }

  get(collection: string, id: string): StoredRecord | null {
    const row = this.selectOne.get([collection, id]);
    return row ? rowToRecord(row) : null;
  }

  list(collection: string): StoredRecord[] {
    return this.selectCollection.all(collection).map(rowToRecord);
  }

  /** Lists every record of a stream, for a snapshot. */
  listStream(stream: string): StoredRecord[] {
    return this.selectStream.all(stream).map(rowToRecord);
  }

  count(stream: string): number {
    return toNumber(this.countStream.get(stream)?.['n']);
  }

  /** Writes the full value of a record and appends its event. Returns the version and sequence. */
  put(
    stream: string,
    collection: string,
    id: string,
    data: RecordData,
  ): { version: number; seq: number } {
    return this.log.transaction(() => {
      const version = (this.get(collection, id)?.version ?? 0) + 1;
      const body: RecordEventBody = {
        kind: 'record.put',
        collection,
        id,
        version,
        data,
      };
      const [event] = this.log.append(stream, [body]);
      if (event === undefined) {
        throw new Error(
          `Internal error: EventLog.append returned no event for ${collection}/${id} ` +
            `on stream ${stream}.`,
        );
      }
      this.upsert.run([
        collection,
        id,
        stream,
        version,
        event.at,
        JSON.stringify(data),
      ]);
      return { version, seq: event.seq };
    });
  }

  /** Removes a record and appends its event. Returns null when there was no such record. */
  remove(
    stream: string,
    collection: string,
    id: string,
  ): { version: number; seq: number } | null {
    return this.log.transaction(() => {
      const current = this.get(collection, id);
      if (current === null) {
        return null;
      }
      const version = current.version + 1;
      const body: RecordEventBody = {
        kind: 'record.remove',
        collection,
        id,
        version,
      };
      const [event] = this.log.append(stream, [body]);
      if (event === undefined) {
        throw new Error(
          `Internal error: EventLog.append returned no event for ${collection}/${id} ` +
            `on stream ${stream}.`,
        );
      }
      this.deleteOne.run([collection, id]);
      return { version, seq: event.seq };
    });
  }
}
