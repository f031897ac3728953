/**
 * The end-of-run check of a fault campaign: opens the console's cache file and the central's log
 * file (both processes stopped) and compares them row by row.
 */
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import sqlite from 'node-sqlite3-wasm';
import { CACHE_FILE_NAME } from '../../src-main/core/core.js';
import { prepareCacheConnection } from '../../src-main/services/cache/schema.js';
import { DATABASE_FILE } from '../../src-central/server.js';

type Row = Record<string, unknown>;

/** Events copied from the central's log before a prune dropped them: stream, then seq. */
export type PrunedEvents = Map<
  string,
  Map<number, { at: number; body: unknown }>
>;

export interface VerifyInput {
  consoleDir: string;
  centralDir: string;
  /** Command ids the console confirmed as queued (the outbox row committed). */
  confirmedCommandIds: readonly string[];
  /** True when the run pruned the central's log, so the console may hold a later start. */
  pruned: boolean;
  /** Copies of the pruned events, so that the console's older events are checked too. */
  prunedEvents?: PrunedEvents;
}

export interface VerifyReport {
  problems: string[];
  events: number;
  commands: number;
  applied: number;
  rejected: number;
  acknowledgedAlerts: number;
  /** Alerts whose creation was pruned before the console saw it, absent after a resync. */
  alertsLostToRetention: number;
}

/** At most this many problems of one kind are listed, to keep a failure message readable. */
const MAX_LISTED = 5;

function readAll(path: string, sql: string): Row[] {
  const db = new sqlite.Database(path, { readOnly: true });
  try {
    // The console's event_bodies view unpacks packed alert rows with a function of the cache.
    prepareCacheConnection(db);
    return db.all(sql) as Row[];
  } finally {
    db.close();
  }
}

function num(value: unknown): number {
  return typeof value === 'bigint' ? Number(value) : Number(value);
}

function parse(value: unknown): unknown {
  return typeof value === 'string' ? (JSON.parse(value) as unknown) : null;
}

class Problems {
  readonly list: string[] = [];
  private readonly counts = new Map<string, number>();

  add(kind: string, message: string): void {
    const seen = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, seen);
    if (seen <= MAX_LISTED) {
      this.list.push(message);
    } else if (seen === MAX_LISTED + 1) {
      this.list.push(`(more ${kind} problems not listed)`);
    }
  }
}

function checkStreams(
  consolePath: string,
  centralPath: string,
  input: VerifyInput,
  problems: Problems,
): number {
  const heads = readAll(centralPath, 'SELECT * FROM streams');
  const positions = new Map(
    readAll(consolePath, 'SELECT * FROM stream_positions').map((row) => [
      String(row['stream']),
      row,
    ]),
  );
  let checked = 0;

  for (const head of heads) {
    const stream = String(head['name']);
    const epoch = String(head['epoch']);
    const firstSeq = num(head['first_seq']);
    const headSeq = num(head['head_seq']);
    const position = positions.get(stream);
    if (headSeq === 0) {
      continue;
    }
    if (position === undefined) {
      problems.add('stream', `stream ${stream}: the console has no position`);
      continue;
    }
    if (
      String(position['epoch']) !== epoch ||
      num(position['seq']) !== headSeq
    ) {
      problems.add(
        'stream',
        `stream ${stream}: console at ${String(position['epoch'])}/${num(position['seq'])}, central head ${epoch}/${headSeq}`,
      );
    }

    const central = new Map(
      readAll(
        centralPath,
        `SELECT seq, at, body FROM events WHERE stream = '${stream}' ORDER BY seq`,
      ).map((row) => [num(row['seq']), row]),
    );
    const local = readAll(
      consolePath,
      `SELECT seq, epoch, at, body FROM event_bodies WHERE stream = '${stream}' ORDER BY seq`,
    );
    const minSeq = local.length > 0 ? num(local[0]?.['seq']) : headSeq + 1;
    if (!input.pruned && minSeq !== 1) {
      problems.add(
        'stream',
        `stream ${stream}: the console starts at seq ${minSeq} although nothing was pruned`,
      );
    }
    let expected = minSeq;
    for (const row of local) {
      const seq = num(row['seq']);
      if (seq !== expected) {
        problems.add(
          'gap',
          `stream ${stream}: the console jumps from seq ${expected - 1} to ${seq}`,
        );
      }
      expected = seq + 1;
      if (String(row['epoch']) !== epoch) {
        problems.add(
          'epoch',
          `stream ${stream} seq ${seq}: console epoch ${String(row['epoch'])}, central ${epoch}`,
        );
      }
      const twin = central.get(seq);
      const copy = input.prunedEvents?.get(stream)?.get(seq);
      const original =
        twin !== undefined
          ? { at: num(twin['at']), body: parse(twin['body']) }
          : copy;
      if (original === undefined) {
        problems.add(
          'extra',
          seq >= firstSeq
            ? `stream ${stream} seq ${seq}: the console has an event the central never logged`
            : `stream ${stream} seq ${seq}: pruned on the central with no copy to compare`,
        );
        continue;
      }
      checked += 1;
      if (
        original.at !== num(row['at']) ||
        !isDeepStrictEqual(original.body, parse(row['body']))
      ) {
        problems.add(
          'content',
          `stream ${stream} seq ${seq}: the console's copy differs from the central's`,
        );
      }
    }
    const from = Math.max(minSeq, firstSeq);
    if (local.length > 0 && expected - 1 < headSeq && from <= headSeq) {
      problems.add(
        'missing',
        `stream ${stream}: the console ends at seq ${expected - 1}, the central at ${headSeq}`,
      );
    }
  }
  return checked;
}

function checkAlerts(
  consolePath: string,
  centralPath: string,
  problems: Problems,
): { lost: number; acknowledged: number } {
  const firstAlertSeq = num(
    readAll(
      centralPath,
      "SELECT first_seq FROM streams WHERE name = 'alerts'",
    )[0]?.['first_seq'] ?? 1,
  );
  const local = new Map(
    readAll(consolePath, 'SELECT id, status FROM alerts').map((row) => [
      String(row['id']),
      String(row['status']),
    ]),
  );
  let lost = 0;
  let acknowledged = 0;
  for (const row of readAll(centralPath, 'SELECT * FROM alerts')) {
    const id = String(row['id']);
    const status = String(row['status']);
    if (status === 'acknowledged') {
      acknowledged += 1;
    }
    const mine = local.get(id);
    local.delete(id);
    if (mine === undefined) {
      if (num(row['created_seq']) < firstAlertSeq) {
        lost += 1;
      } else {
        problems.add('alert', `alert ${id}: missing from the console's cache`);
      }
      continue;
    }
    if (mine !== status) {
      problems.add(
        'alert',
        `alert ${id}: status ${mine} on the console, ${status} on the central`,
      );
    }
  }
  for (const id of local.keys()) {
    problems.add(
      'alert',
      `alert ${id}: on the console but unknown to the central`,
    );
  }
  return { lost, acknowledged };
}

interface CommandCounts {
  commands: number;
  applied: number;
  rejected: number;
}

function checkCommands(
  consolePath: string,
  centralPath: string,
  input: VerifyInput,
  problems: Problems,
): CommandCounts {
  const outbox = readAll(
    consolePath,
    'SELECT install_seq, command_id, state FROM outbox ORDER BY install_seq',
  );
  const installId = String(
    readAll(
      consolePath,
      "SELECT value FROM meta WHERE key = 'install_id'",
    )[0]?.['value'],
  );
  const stored = readAll(
    centralPath,
    'SELECT install_id, command_id, install_seq, outcome, result FROM commands ORDER BY install_seq',
  );
  const byId = new Map<string, Row>();
  for (const row of stored) {
    if (String(row['install_id']) !== installId) {
      problems.add(
        'command',
        `command ${String(row['command_id'])}: stored under install ${String(row['install_id'])}, the console is ${installId}`,
      );
    }
    byId.set(String(row['command_id']), row);
  }

  stored.forEach((row, index) => {
    if (num(row['install_seq']) !== index + 1) {
      problems.add(
        'command',
        `central command results are not gapless: position ${index + 1} holds installSeq ${num(row['install_seq'])}`,
      );
    }
  });
  if (stored.length !== outbox.length) {
    problems.add(
      'command',
      `the central stored ${stored.length} command results, the console's outbox holds ${outbox.length}`,
    );
  }

  const queued = new Set<string>();
  for (const row of outbox) {
    const commandId = String(row['command_id']);
    queued.add(commandId);
    const state = String(row['state']);
    const twin = byId.get(commandId);
    if (state === 'pending') {
      problems.add(
        'command',
        `command ${commandId}: still pending in the outbox`,
      );
    }
    if (twin === undefined) {
      problems.add(
        'command',
        `command ${commandId}: never reached the central`,
      );
      continue;
    }
    if (num(twin['install_seq']) !== num(row['install_seq'])) {
      problems.add(
        'command',
        `command ${commandId}: installSeq ${num(row['install_seq'])} on the console, ${num(twin['install_seq'])} on the central`,
      );
    }
    if (state !== 'pending' && state !== String(twin['outcome'])) {
      problems.add(
        'command',
        `command ${commandId}: ${state} on the console, ${String(twin['outcome'])} on the central`,
      );
    }
  }
  for (const commandId of input.confirmedCommandIds) {
    if (!queued.has(commandId)) {
      problems.add(
        'command',
        `command ${commandId}: confirmed as queued but missing from the outbox`,
      );
    }
  }

  checkEffects(centralPath, stored, problems);
  const applied = stored.filter((row) => row['outcome'] === 'applied').length;
  return {
    commands: stored.length,
    applied,
    rejected: stored.length - applied,
  };
}

/** Checks that each acknowledgement that changed an alert left one status event, and nothing else did. */
function checkEffects(
  centralPath: string,
  stored: Row[],
  problems: Problems,
): void {
  const changedBy = new Map<string, number[]>();
  for (const row of stored) {
    const result = parse(row['result']) as {
      alertId?: string;
      changed?: boolean;
      seq?: number | null;
    } | null;
    if (result?.changed === true && typeof result.alertId === 'string') {
      const seqs = changedBy.get(result.alertId) ?? [];
      seqs.push(num(result.seq));
      changedBy.set(result.alertId, seqs);
    }
  }
  const statusEvents = new Map<string, number[]>();
  for (const row of readAll(
    centralPath,
    "SELECT seq, body FROM events WHERE stream = 'alerts'",
  )) {
    const body = parse(row['body']) as {
      kind?: string;
      alertId?: string;
      status?: string;
    };
    // Closes come from the central's own publisher; only acknowledgements come from commands.
    if (
      body.kind === 'alert.status' &&
      body.status === 'acknowledged' &&
      typeof body.alertId === 'string'
    ) {
      const seqs = statusEvents.get(body.alertId) ?? [];
      seqs.push(num(row['seq']));
      statusEvents.set(body.alertId, seqs);
    }
  }
  const firstSeq = num(
    readAll(
      centralPath,
      "SELECT first_seq FROM streams WHERE name = 'alerts'",
    )[0]?.['first_seq'] ?? 1,
  );

  for (const [alertId, seqs] of changedBy) {
    if (seqs.length > 1) {
      problems.add(
        'effect',
        `alert ${alertId}: acknowledged by ${seqs.length} commands, expected one`,
      );
    }
    const retained = seqs.filter((seq) => seq >= firstSeq);
    const events = statusEvents.get(alertId) ?? [];
    if (retained.length !== events.length) {
      problems.add(
        'effect',
        `alert ${alertId}: ${events.length} status events in the log for ${retained.length} acknowledgements`,
      );
    }
  }
  for (const [alertId, events] of statusEvents) {
    if (!changedBy.has(alertId)) {
      problems.add(
        'effect',
        `alert ${alertId}: status events at ${events.join(', ')} without a command`,
      );
    }
  }
}

/** Compares the two stopped stores; an empty `problems` list means the run kept its promise. */
export function verifyStores(input: VerifyInput): VerifyReport {
  const consolePath = join(input.consoleDir, CACHE_FILE_NAME);
  const centralPath = join(input.centralDir, DATABASE_FILE);
  const problems = new Problems();
  const events = checkStreams(consolePath, centralPath, input, problems);
  const alerts = checkAlerts(consolePath, centralPath, problems);
  const commands = checkCommands(consolePath, centralPath, input, problems);
  return {
    problems: problems.list,
    events,
    ...commands,
    acknowledgedAlerts: alerts.acknowledged,
    alertsLostToRetention: alerts.lost,
  };
}
