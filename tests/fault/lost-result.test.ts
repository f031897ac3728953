import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite from 'node-sqlite3-wasm';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CACHE_FILE_NAME,
  createConsoleCore,
} from '../../src-main/core/core.js';
import { startCentral } from '../../src-central/server.js';
import {
  createdBody,
  statusBody,
} from '../integration/services/helpers/alerts.js';
import { FAULT_TIMING } from './campaign.js';
import { sleep } from './harness.js';
import { FaultProxy } from './proxy.js';
import { verifyStores } from './verify.js';

/**
 * A command the central rejects, whose result is lost with the link. The console once settled
 * such a command as applied by the welcome's watermark and kept its optimistic status.
 */

const folders: string[] = [];

afterEach(() => {
  for (const dir of folders.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
});

function folder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  folders.push(dir);
  return dir;
}

function readRows(path: string, sql: string): Record<string, unknown>[] {
  const db = new sqlite.Database(path, { readOnly: true });
  try {
    return db.all(sql) as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

describe('lost command result', () => {
  it('fetches the stored rejection again and reverts the optimistic status', async () => {
    const centralDir = folder('lost-result-central-');
    const consoleDir = folder('lost-result-console-');
    const central = await startCentral({
      dataDir: centralDir,
      scenario: 'none',
      heartbeatMs: 1000,
    });
    const proxy = await FaultProxy.start(central.port);
    const core = createConsoleCore({
      centralUrl: proxy.url(),
      dataDir: consoleDir,
      token: 'dev-console-token',
      clientVersion: '0.0.0-test',
      sessionTiming: FAULT_TIMING,
    });
    await core.start();
    central.publish('alerts', createdBody(1));
    central.publish('alerts', statusBody('alert-000001', 'closed'));
    const deadline = Date.now() + 10_000;
    while ((core.state.snapshot().streams['alerts']?.seq ?? 0) < 2) {
      if (Date.now() > deadline) {
        throw new Error('the console did not receive the two events');
      }
      await sleep(10);
    }

    // With 300 ms each way, the command reaches the central at about 300 ms and its result would
    // reach the console at about 600 ms. The reset at 450 ms falls between the two.
    proxy.delay(300);
    const queued = await core.submitCommand({
      name: 'alert.acknowledge',
      payload: { alertId: 'alert-000001' },
    });
    await sleep(450);
    proxy.drop();
    const decided = central.log
      .prepare('SELECT outcome FROM commands WHERE command_id = ?')
      .all([queued.commandId]);
    const pendingAtDrop = core.sessionStatus().queuedCommands;
    proxy.restore();

    const settled = Date.now() + 15_000;
    while (
      core.sessionStatus().queuedCommands > 0 ||
      core.sessionStatus().phase !== 'online'
    ) {
      if (Date.now() > settled) {
        throw new Error(
          `the command did not settle: ${JSON.stringify(core.sessionStatus())}`,
        );
      }
      await sleep(20);
    }
    await core.stop();
    await proxy.close();
    await central.stop();

    const consolePath = join(consoleDir, CACHE_FILE_NAME);
    const outbox = readRows(
      consolePath,
      'SELECT command_id, state FROM outbox',
    );
    const alert = readRows(
      consolePath,
      "SELECT status FROM alerts WHERE id = 'alert-000001'",
    );
    const report = verifyStores({
      consoleDir,
      centralDir,
      confirmedCommandIds: [queued.commandId],
      pruned: false,
    });
    // The scenario happened as planned: decided on the central, still pending on the console.
    expect(decided).toEqual([{ outcome: 'rejected' }]);
    expect(pendingAtDrop).toBe(1);
    expect(outbox).toEqual([
      { command_id: queued.commandId, state: 'rejected' },
    ]);
    expect(alert).toEqual([{ status: 'closed' }]);
    expect(report.problems).toEqual([]);
    expect(report.rejected).toBe(1);
  }, 60_000);
});
