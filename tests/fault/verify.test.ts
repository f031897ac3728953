import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite from 'node-sqlite3-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CACHE_FILE_NAME,
  createConsoleCore,
} from '../../src-main/core/core.js';
import { DATABASE_FILE, startCentral } from '../../src-central/server.js';
import { createdBody } from '../integration/services/helpers/alerts.js';
import { FAULT_TIMING } from './campaign.js';
import { sleep } from './harness.js';
import { verifyStores } from './verify.js';

/**
 * The end-of-run check must catch what it is there to catch: a healthy pair of stores passes, and
 * each kind of damage done to a copy of them is reported.
 */

const folders: string[] = [];
let centralDir = '';
let consoleDir = '';
const confirmed: string[] = [];

function folder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  folders.push(dir);
  return dir;
}

beforeAll(async () => {
  centralDir = folder('verify-central-');
  consoleDir = folder('verify-console-');
  const central = await startCentral({
    dataDir: centralDir,
    scenario: 'none',
    heartbeatMs: 1000,
  });
  const core = createConsoleCore({
    centralUrl: central.url,
    dataDir: consoleDir,
    token: 'dev-console-token',
    clientVersion: '0.0.0-test',
    sessionTiming: FAULT_TIMING,
  });
  await core.start();
  central.publishMany(
    'alerts',
    Array.from({ length: 20 }, (_, index) => createdBody(index)),
  );
  central.publish('notes', { kind: 'notes.note', n: 1 });
  for (const index of [2, 5, 5]) {
    const queued = await core.submitCommand({
      name: 'alert.acknowledge',
      payload: { alertId: `alert-${String(index).padStart(6, '0')}` },
    });
    confirmed.push(queued.commandId);
  }

  const deadline = Date.now() + 20_000;
  for (;;) {
    const snapshot = core.state.snapshot();
    const level =
      snapshot.streams['alerts']?.seq === central.log.head('alerts').headSeq &&
      snapshot.streams['notes']?.seq === 1 &&
      core.sessionStatus().queuedCommands === 0;
    if (level) {
      break;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `the console did not catch up: ${JSON.stringify(core.sessionStatus())}`,
      );
    }
    await sleep(20);
  }
  await core.stop();
  await central.stop();
}, 60_000);

afterAll(() => {
  for (const dir of folders.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Copies both stores, runs `damage` on the copy and returns the verifier's problems. */
function problemsAfter(
  damage: (paths: { console: string; central: string }) => void,
): string[] {
  const consoleCopy = folder('verify-console-copy-');
  const centralCopy = folder('verify-central-copy-');
  cpSync(join(consoleDir, CACHE_FILE_NAME), join(consoleCopy, CACHE_FILE_NAME));
  cpSync(join(centralDir, DATABASE_FILE), join(centralCopy, DATABASE_FILE));
  damage({
    console: join(consoleCopy, CACHE_FILE_NAME),
    central: join(centralCopy, DATABASE_FILE),
  });
  return verifyStores({
    consoleDir: consoleCopy,
    centralDir: centralCopy,
    confirmedCommandIds: confirmed,
    pruned: false,
  }).problems;
}

function run(path: string, sql: string): void {
  const db = new sqlite.Database(path);
  try {
    db.run(sql);
  } finally {
    db.close();
  }
}

describe('verifyStores', () => {
  it('passes a console that caught up, and counts what it checked', () => {
    const report = verifyStores({
      consoleDir,
      centralDir,
      confirmedCommandIds: confirmed,
      pruned: false,
    });

    expect(report.problems).toEqual([]);
    expect(report.commands).toBe(3);
    expect(report.applied).toBe(3);
    expect(report.acknowledgedAlerts).toBe(2);
    // 20 alerts, 2 status events and one event of the second stream.
    expect(report.events).toBe(23);
  });

  it('reports a hole in the console copy of a stream', () => {
    const problems = problemsAfter(({ console }) =>
      run(console, "DELETE FROM events WHERE stream = 'alerts' AND seq = 7"),
    );

    expect(problems.join('\n')).toContain('jumps from seq 6 to 8');
  });

  it('reports an event whose content differs', () => {
    const problems = problemsAfter(({ console }) =>
      run(
        console,
        `UPDATE events SET body = '{"kind":"notes.note","n":2}' WHERE stream = 'notes'`,
      ),
    );

    expect(problems.join('\n')).toContain(
      "stream notes seq 1: the console's copy differs",
    );
  });

  it('reports an alert whose status differs', () => {
    const problems = problemsAfter(({ console }) =>
      run(
        console,
        "UPDATE alerts SET status = 'new' WHERE id = 'alert-000002'",
      ),
    );

    expect(problems.join('\n')).toContain(
      'alert alert-000002: status new on the console',
    );
  });

  it('reports a command still pending, and one the central never stored', () => {
    const problems = problemsAfter(({ console, central }) => {
      run(console, "UPDATE outbox SET state = 'pending' WHERE install_seq = 1");
      run(central, 'DELETE FROM commands WHERE install_seq = 3');
    });
    const text = problems.join('\n');

    expect(text).toContain('still pending in the outbox');
    expect(text).toContain('never reached the central');
    expect(text).toContain('the central stored 2 command results');
  });

  it('reports a second status event for one acknowledgement', () => {
    const problems = problemsAfter(({ central }) => {
      run(
        central,
        `INSERT INTO events (stream, seq, at, body) SELECT stream, seq + 100, at, body FROM events
         WHERE stream = 'alerts' AND body LIKE '%alert.status%' LIMIT 1`,
      );
    });

    expect(problems.join('\n')).toMatch(
      /2 status events in the log for 1 acknowledgements/,
    );
  });
});
