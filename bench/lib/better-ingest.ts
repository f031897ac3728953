import BetterSqlite3 from 'better-sqlite3';
import {
  ADD_HOURLY_SQL,
  ADD_TOTAL_SQL,
  ADD_VILLAGE_SQL,
  ALERT_JSON_INDEX,
  CountTally,
  INSERT_ALERT_SQL,
  INSERT_EVENT_SQL,
  alertFromRow,
  alertRowValues,
  boundAlertRow,
  eventBodyText,
  parseAlertBody,
  textBytes,
} from '../../src-main/services/cache/alert-rows.js';
import { PAGE_CACHE_PRAGMA } from '../../src-main/services/cache/store-open.js';
import { TEXT_TAIL_ROWS } from '../../src-main/services/cache/store.js';
import {
  DONE_SQL,
  INDEX_TAIL_SQL,
  TEXT_INDEX_DONE_KEY,
  TEXT_TAIL_LAST_SQL,
  TEXT_TAIL_SIZE_SQL,
  prepareConnection,
} from '../../src-main/services/cache/text-search.js';
import type { CacheEvent } from '../../src-main/services/cache/index.js';
import { MIGRATIONS } from '../../src-main/services/cache/schema.js';
import type { SqlRow } from '../../src-main/services/cache/sqlite.js';

/**
 * The cache's ingest path on better-sqlite3: the same schema, pragmas, statements and per-event
 * JavaScript work (body parsing, alert row, event body reference, hourly counts and totals summed
 * per batch, position, text index tail bounded before the commit) as CacheStore.applyEvents, with
 * the same SQL function and triggers, so the ratio measures the SQLite binding and build.
 */
export class BetterIngest {
  private readonly db: BetterSqlite3.Database;
  private readonly insertEvent: BetterSqlite3.Statement;
  private readonly selectAlert: BetterSqlite3.Statement;
  private readonly insertAlert: BetterSqlite3.Statement;
  private readonly countHourly: BetterSqlite3.Statement;
  private readonly countTotal: BetterSqlite3.Statement;
  private readonly countVillage: BetterSqlite3.Statement;
  private readonly writePosition: BetterSqlite3.Statement;
  private readonly readPosition: BetterSqlite3.Statement;

  constructor(path: string) {
    this.db = new BetterSqlite3(path);
    this.db.pragma('auto_vacuum = INCREMENTAL');
    this.db.pragma('journal_mode = DELETE');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('locking_mode = EXCLUSIVE');
    this.db.pragma(`cache_size = ${PAGE_CACHE_PRAGMA}`);
    prepareConnection({ exec: (sql) => this.db.exec(sql) }, (name, fn) =>
      this.db.function(name, { deterministic: true }, fn),
    );
    for (const step of MIGRATIONS) {
      this.db.exec(step.sql);
    }
    this.insertEvent = this.db.prepare(INSERT_EVENT_SQL);
    this.selectAlert = this.db.prepare(
      'SELECT id, json, packed FROM alerts WHERE id = ?',
    );
    this.insertAlert = this.db.prepare(INSERT_ALERT_SQL);
    this.countHourly = this.db.prepare(ADD_HOURLY_SQL);
    this.countTotal = this.db.prepare(ADD_TOTAL_SQL);
    this.countVillage = this.db.prepare(ADD_VILLAGE_SQL);
    this.writePosition = this.db.prepare(
      `INSERT INTO stream_positions (stream, epoch, seq, last_event_at, confirmed_at)
       VALUES (?, ?, ?, ?, NULL)
       ON CONFLICT (stream) DO UPDATE SET
         epoch = excluded.epoch, seq = excluded.seq, last_event_at = excluded.last_event_at`,
    );
    this.readPosition = this.db.prepare(
      'SELECT stream, epoch, seq, last_event_at, confirmed_at FROM stream_positions WHERE stream = ?',
    );
  }

  applyEvents(
    stream: string,
    epoch: string,
    events: readonly CacheEvent[],
  ): void {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const stored = this.readPosition.get(stream) as SqlRow | undefined;
      let seq = Number(stored?.['seq'] ?? 0);
      let lastAt = 0;
      const tally = new CountTally();
      for (const event of events) {
        let text = JSON.stringify(event.body);
        const body = parseAlertBody(event.body);
        if (body !== null && body.kind === 'alert.created') {
          const row = this.selectAlert.get(body.alert.id) as SqlRow | undefined;
          const before = row === undefined ? null : alertFromRow(row);
          const values = alertRowValues(body.alert, stream);
          const reference = eventBodyText(
            text,
            body.alert.id,
            values[ALERT_JSON_INDEX] as string,
          );
          if (reference.referenced) {
            values[ALERT_JSON_INDEX + 1] = event.seq;
            text = reference.text;
          }
          this.insertAlert.run(...boundAlertRow(values));
          if (before !== null) {
            tally.add(before, -1);
          }
          tally.add(body.alert, 1);
        }
        this.insertEvent.run(
          stream,
          event.seq,
          epoch,
          event.at,
          textBytes(text),
        );
        seq = event.seq;
        lastAt = event.at;
      }
      for (const row of tally.totalRows()) {
        this.countTotal.run(...row);
      }
      for (const row of tally.hourlyRows()) {
        this.countHourly.run(...row);
      }
      for (const row of tally.villageRows()) {
        this.countVillage.run(...row);
      }
      this.writePosition.run(stream, epoch, seq, lastAt);
      this.readPosition.get(stream);
      this.boundTextTail();
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /** Indexes the text tail above its bound, as the store's boundTextTail does, with its statements. */
  private boundTextTail(): void {
    const size = this.number(TEXT_TAIL_SIZE_SQL);
    const excess = size - TEXT_TAIL_ROWS;
    if (excess <= 0) {
      return;
    }
    const done = this.number(`SELECT ${DONE_SQL} AS n`);
    const last = this.number(TEXT_TAIL_LAST_SQL, done, excess);
    if (last > done) {
      this.db.prepare(INDEX_TAIL_SQL).run(done, last);
      this.db
        .prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)')
        .run(TEXT_INDEX_DONE_KEY, String(last));
    }
  }

  private number(sql: string, ...values: number[]): number {
    const row = this.db.prepare(sql).get(...values) as SqlRow | undefined;
    return Number(row?.['n'] ?? 0);
  }

  close(): void {
    this.db.close();
  }
}
