// The duty domain inside a real central (loopback WebSocket, SQLite log) with a real console core:
// commands go through the console's outbox, records come back into its cache, and a rejection
// comes back as a typed code.
import { afterEach, describe, expect, it } from 'vitest';
import type {
  ChangeBatch,
  StateChange,
} from '../../../src-shared/contract/index.js';
import { DEV_TOKEN, startCentral } from '../../../src-central/server.js';
import { createDutyDomain } from '../../../src-central/domains/duty/index.js';
import { createConsoleCore } from '../../../src-main/core/core.js';
import { seededRandom } from '../../../src-main/services/session/index.js';
import {
  DUTY_COLLECTIONS as C,
  DUTY_COMMANDS as CMD,
  DutyRosterSchema,
} from '../../../src-shared/roster/records.js';
import { parseLocalDateTime } from '../../../src-shared/roster/time.js';
import { createTempDirs } from '../../integration/services/helpers/temp.js';
import { waitFor } from '../../integration/services/helpers/wait.js';

const temp = createTempDirs();
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup();
  }
  temp.removeAll();
});

// A fixed central clock inside the holiday table, so the test does not depend on today's date.
const NOW = parseLocalDateTime('2026-09-20 10:00');

async function startHall() {
  const central = await startCentral({
    port: 0,
    dataDir: temp.make(),
    scenario: 'none',
    heartbeatMs: 1000,
    clock: () => NOW,
    domains: [createDutyDomain({ seed: 3, checkIntervalMs: 3_600_000 })],
  });
  cleanups.push(() => central.stop());

  const core = createConsoleCore({
    centralUrl: central.url,
    dataDir: temp.make(),
    token: DEV_TOKEN,
    clientVersion: '0.0.0',
    random: seededRandom(5),
    sessionTiming: {
      backoffBaseMs: 20,
      backoffCapMs: 200,
      pingIntervalMs: 200,
    },
  });
  const changes: StateChange[] = [];
  core.state.subscribe((batch: ChangeBatch) => changes.push(...batch.changes));
  cleanups.push(() => core.stop());
  await core.start();
  await waitFor(
    'the console online',
    () => core.sessionStatus().phase === 'online',
  );
  return { central, core, changes };
}

describe('duty domain in a running central', () => {
  it('publishes via outbox, reports rejection', async () => {
    const { central, core, changes } = await startHall();
    expect(central.listRecords(C.person)).toHaveLength(30);
    expect(
      DutyRosterSchema.parse(central.listRecords(C.roster)[0]?.data),
    ).toMatchObject({
      month: '2026-09',
      status: 'published',
    });

    const steps: [string, Record<string, unknown>][] = [
      [CMD.rosterGenerate, { month: '2026-10', by: 'sl1' }],
      [CMD.rosterSubmit, { rosterId: 'roster-2026-10', by: 'sl1' }],
      [CMD.rosterApprove, { rosterId: 'roster-2026-10', approverId: 'ld1' }],
      [CMD.rosterPublish, { rosterId: 'roster-2026-10', by: 'sl1' }],
    ];
    for (const [name, payload] of steps) {
      await core.submitCommand({ name, payload });
    }
    const october = async () =>
      (await core.state.queryRecords({ collection: C.roster })).find(
        (r) => r.id === 'roster-2026-10',
      );
    await waitFor('the October roster published in the cache', async () => {
      const record = await october();
      return record?.data['status'] === 'published';
    });
    const local = await october();
    const remote = central
      .listRecords(C.roster)
      .find((r) => r.id === 'roster-2026-10');
    expect(local?.version).toBe(remote?.version);
    expect(local?.data).toEqual(remote?.data);

    const queued = await core.submitCommand({
      name: CMD.rosterGenerate,
      payload: { month: '2027-01' },
    });
    await waitFor('the rejection', () =>
      changes.some((change) => change.type === 'command.rejected'),
    );
    expect(
      changes.find((change) => change.type === 'command.rejected'),
    ).toMatchObject({
      installSeq: queued.installSeq,
      name: CMD.rosterGenerate,
      code: 'calendar-year-missing',
    });
    expect(central.listRecords(C.roster).map((r) => r.id)).toEqual([
      'roster-2026-09',
      'roster-2026-10',
    ]);
  });
});
