import type { AlertStatus } from '../../src-shared/contract/index.js';
import type { EventLog } from './event-log.js';

type Statement = ReturnType<EventLog['prepare']>;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS commands (
  install_id TEXT NOT NULL,
  command_id TEXT NOT NULL,
  install_seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  outcome TEXT NOT NULL,
  result TEXT,
  error TEXT,
  applied_at INTEGER NOT NULL,
  PRIMARY KEY (install_id, command_id)
);
CREATE UNIQUE INDEX IF NOT EXISTS commands_install_seq ON commands (install_id, install_seq);
CREATE TABLE IF NOT EXISTS acks (
  install_id TEXT NOT NULL,
  stream TEXT NOT NULL,
  epoch TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (install_id, stream)
);
CREATE TABLE IF NOT EXISTS alerts (
  id TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  created_seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS cursors (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

/** Result of one command as stored, returned again for a repeat. */
export interface StoredCommand {
  commandId: string;
  installSeq: number;
  name: string;
  outcome: 'applied' | 'rejected';
  result?: unknown;
  error?: { code: string; message: string };
}

export interface AckRecord {
  epoch: string;
  seq: number;
  at: number;
}

function toNumber(value: unknown): number {
  return typeof value === 'bigint' ? Number(value) : Number(value);
}

/**
 * Tables that sit beside the event log in the same SQLite file, so that a command, its stored
 * result and the event it appends commit in one transaction: applied commands, acknowledgements
 * per install, the status of every alert ever published, and adapter cursors.
 */
export class StateStore {
  private readonly log: EventLog;
  private readonly findCommand: Statement;
  private readonly findCommandBySeq: Statement;
  private readonly insertCommand: Statement;
  private readonly maxInstallSeq: Statement;
  private readonly upsertAck: Statement;
  private readonly selectAcks: Statement;
  private readonly selectAlert: Statement;
  private readonly insertAlert: Statement;
  private readonly updateAlert: Statement;
  private readonly selectCursor: Statement;
  private readonly upsertCursor: Statement;

  constructor(log: EventLog) {
    this.log = log;
    log.db.exec(SCHEMA);
    this.findCommand = log.prepare(
      'SELECT * FROM commands WHERE install_id = ? AND command_id = ?',
    );
    this.findCommandBySeq = log.prepare(
      'SELECT * FROM commands WHERE install_id = ? AND install_seq = ?',
    );
    this.insertCommand = log.prepare(
      'INSERT INTO commands (install_id, command_id, install_seq, name, outcome, result, error, applied_at) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.maxInstallSeq = log.prepare(
      'SELECT coalesce(max(install_seq), 0) AS seq FROM commands WHERE install_id = ?',
    );
    this.upsertAck = log.prepare(
      'INSERT INTO acks (install_id, stream, epoch, seq, at) VALUES (?, ?, ?, ?, ?) ' +
        // Within one epoch an acknowledgement only moves forward; a new epoch starts over.
        'ON CONFLICT (install_id, stream) DO UPDATE SET ' +
        'seq = CASE WHEN acks.epoch = excluded.epoch THEN max(acks.seq, excluded.seq) ELSE excluded.seq END, ' +
        'epoch = excluded.epoch, at = excluded.at',
    );
    this.selectAcks = log.prepare('SELECT * FROM acks WHERE install_id = ?');
    this.selectAlert = log.prepare('SELECT status FROM alerts WHERE id = ?');
    this.insertAlert = log.prepare(
      'INSERT OR IGNORE INTO alerts (id, status, created_seq) VALUES (?, ?, ?)',
    );
    this.updateAlert = log.prepare('UPDATE alerts SET status = ? WHERE id = ?');
    this.selectCursor = log.prepare('SELECT value FROM cursors WHERE name = ?');
    this.upsertCursor = log.prepare(
      'INSERT INTO cursors (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
    );
  }

  // ---- commands ----

  /** Finds a command of `installId` by its id, or else by its install sequence. */
  findStoredCommand(
    installId: string,
    commandId: string,
    installSeq: number,
  ): StoredCommand | null {
    const row =
      this.findCommand.get([installId, commandId]) ??
      this.findCommandBySeq.get([installId, installSeq]);
    if (!row) {
      return null;
    }
    const stored: StoredCommand = {
      commandId: String(row.command_id),
      installSeq: toNumber(row.install_seq),
      name: String(row.name),
      outcome: row.outcome === 'applied' ? 'applied' : 'rejected',
    };
    if (row.result !== null) {
      stored.result = JSON.parse(String(row.result)) as unknown;
    }
    if (row.error !== null) {
      stored.error = JSON.parse(String(row.error)) as StoredCommand['error'];
    }
    return stored;
  }

  storeCommand(installId: string, command: StoredCommand, at: number): void {
    this.insertCommand.run([
      installId,
      command.commandId,
      command.installSeq,
      command.name,
      command.outcome,
      command.result === undefined ? null : JSON.stringify(command.result),
      command.error === undefined ? null : JSON.stringify(command.error),
      at,
    ]);
  }

  /** Highest install sequence of `installId` that has a stored result, 0 when none. */
  commandWatermark(installId: string): number {
    const row = this.maxInstallSeq.get(installId);
    return row ? toNumber(row.seq) : 0;
  }

  // ---- acknowledgements ----

  recordAck(installId: string, stream: string, ack: AckRecord): void {
    this.upsertAck.run([installId, stream, ack.epoch, ack.seq, ack.at]);
  }

  acks(installId: string): Record<string, AckRecord> {
    const out: Record<string, AckRecord> = {};
    for (const row of this.selectAcks.all(installId)) {
      out[String(row.stream)] = {
        epoch: String(row.epoch),
        seq: toNumber(row.seq),
        at: toNumber(row.at),
      };
    }
    return out;
  }

  // ---- alerts ----

  alertStatus(alertId: string): AlertStatus | null {
    const row = this.selectAlert.get(alertId);
    if (!row) {
      return null;
    }
    const status = String(row.status);
    return status === 'acknowledged' || status === 'closed' ? status : 'new';
  }

  hasAlert(alertId: string): boolean {
    return this.selectAlert.get(alertId) !== null;
  }

  recordAlert(alertId: string, status: AlertStatus, createdSeq: number): void {
    this.insertAlert.run([alertId, status, createdSeq]);
  }

  setAlertStatus(alertId: string, status: AlertStatus): void {
    this.updateAlert.run([status, alertId]);
  }

  // ---- adapter cursors ----

  cursor(name: string): string | null {
    const row = this.selectCursor.get(name);
    return row ? String(row.value) : null;
  }

  setCursor(name: string, value: string): void {
    this.log.transaction(() => this.upsertCursor.run([name, value]));
  }
}
