import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  TownAlertAggregates,
  type Alert,
  type ChangeBatch,
  type StateSnapshot,
} from '../../../src-shared/contract/index.js';
import {
  createConsoleCore,
  CACHE_FILE_NAME,
} from '../../../src-main/core/core.js';
import type { ConsoleCore } from '../../../src-main/core/api.js';
import { Cache } from '../../../src-main/services/cache/index.js';
import { seededRandom } from '../../../src-main/services/session/index.js';
import { mergeOpenSevere } from '../../../src-shared/alerts/severe.js';
import { createdBody, makeAlert, statusBody } from './helpers/alerts.js';
import { createTempDirs } from './helpers/temp.js';
import { TestCentral } from './helpers/test-central.js';
import { waitFor } from './helpers/wait.js';

const temp = createTempDirs();
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup();
  }
  temp.removeAll();
});

function newestFirst(left: Alert, right: Alert): number {
  if (left.publishedAt !== right.publishedAt) {
    return right.publishedAt - left.publishedAt;
  }
  if (left.id === right.id) {
    return 0;
  }
  return left.id < right.id ? 1 : -1;
}

/** Applies a change batch to a snapshot copy, the way a renderer store does. */
function applyBatch(
  copy: StateSnapshot,
  batch: ChangeBatch,
  takeSnapshot: () => StateSnapshot,
): StateSnapshot {
  expect(batch.revision).toBe(copy.revision + 1);
  let next = structuredClone(copy);
  for (const change of batch.changes) {
    switch (change.type) {
      case 'alert.upsert': {
        const others = next.latestAlerts.filter(
          (alert) => alert.id !== change.alert.id,
        );
        next.latestAlerts = [...others, change.alert]
          .sort(newestFirst)
          .slice(0, 200);
        next.severeAlerts = mergeOpenSevere(
          next.severeAlerts,
          [change.alert],
          50,
        ).alerts;
        break;
      }
      case 'severe':
        next.severeAlerts = change.alerts;
        break;
      case 'aggregates':
        next.aggregates = change.aggregates;
        break;
      case 'session':
        next.session = change.session;
        break;
      case 'stream':
        next.streams[change.stream] = change.freshness;
        break;
      case 'reset':
        next = takeSnapshot();
        break;
    }
  }
  next.revision = batch.revision;
  return next;
}

async function startCore(
  central: TestCentral,
): Promise<{ core: ConsoleCore; dataDir: string }> {
  const dataDir = temp.make();
  const core = createConsoleCore({
    centralUrl: central.url,
    dataDir,
    token: 'token-1',
    clientVersion: '0.0.0',
    random: seededRandom(3),
    sessionTiming: {
      backoffBaseMs: 20,
      backoffCapMs: 200,
      pingIntervalMs: 200,
    },
  });
  cleanups.push(async () => {
    await core.stop();
    await central.stop();
  });
  return { core, dataDir };
}

/** Follows the change batches of `core` from the snapshot taken now. */
function follow(core: ConsoleCore): {
  current(): StateSnapshot;
  batches: ChangeBatch[];
} {
  let copy = core.state.snapshot();
  const batches: ChangeBatch[] = [];
  core.state.subscribe((batch) => {
    batches.push(batch);
    copy = applyBatch(copy, batch, () => core.state.snapshot());
  });
  return { current: () => copy, batches };
}

describe('state service', () => {
  it('batches applied to a snapshot match a new snapshot', async () => {
    const central = await TestCentral.start();
    for (let index = 1; index <= 300; index += 1) {
      central.append('alerts', createdBody(index));
    }
    const { core, dataDir } = await startCore(central);
    const follower = follow(core);

    await core.start();
    await waitFor('online', () => core.sessionStatus().phase === 'online');
    for (let index = 301; index <= 500; index += 1) {
      central.append('alerts', createdBody(index));
    }
    for (let index = 1; index <= 40; index += 1) {
      central.append('alerts', statusBody(makeAlert(index * 5).id, 'closed'));
    }
    const queued = await core.submitCommand({
      name: 'alert.acknowledge',
      payload: { alertId: makeAlert(499).id },
    });
    await waitFor(
      'command settled',
      () => core.sessionStatus().queuedCommands === 0,
    );
    await waitFor(
      'all events',
      () => core.state.snapshot().streams['alerts']?.seq === 541,
    );

    expect(queued.installSeq).toBe(1);
    expect(follower.current()).toEqual(core.state.snapshot());
    const snapshot = core.state.snapshot();
    expect(snapshot.latestAlerts).toHaveLength(200);
    expect(
      snapshot.latestAlerts.find((alert) => alert.id === makeAlert(499).id)
        ?.status,
    ).toBe('acknowledged');
    expect(snapshot.aggregates.total).toBe(500);
    const eventBatches = follower.batches.filter((batch) =>
      batch.changes.some((change) => change.type === 'stream'),
    );
    for (const batch of eventBatches) {
      expect(
        batch.changes.filter((change) => change.type === 'aggregates').length,
      ).toBeLessThanOrEqual(1);
    }

    await core.stop();
    const cache = await Cache.open({ path: join(dataDir, CACHE_FILE_NAME) });
    try {
      expect(await cache.aggregates()).toEqual(snapshot.aggregates);
      expect(await cache.latestAlerts(200)).toEqual(snapshot.latestAlerts);
    } finally {
      await cache.close();
    }
  });

  it('keeps open severe alerts that newer alerts push out', async () => {
    const central = await TestCentral.start();
    // Alerts 1-60 are level 1 and unacknowledged; 61-360 are level 3 and come after them.
    for (let index = 1; index <= 360; index += 1) {
      central.append(
        'alerts',
        createdBody(index, { level: index <= 60 ? 1 : 3 }),
      );
    }
    const { core, dataDir } = await startCore(central);
    const follower = follow(core);
    await core.start();
    await waitFor(
      '360 events',
      () => core.state.snapshot().streams['alerts']?.seq === 360,
    );
    const ids = (alerts: readonly Alert[]): string[] =>
      alerts.map((alert) => alert.id);
    const range = (from: number, to: number): string[] => {
      const result: string[] = [];
      for (let index = to; index >= from; index -= 1) {
        result.push(makeAlert(index).id);
      }
      return result;
    };

    let snapshot = core.state.snapshot();
    expect(snapshot.latestAlerts.some((alert) => alert.level === 1)).toBe(
      false,
    );
    expect(ids(snapshot.severeAlerts)).toEqual(range(11, 60));

    // Acknowledging ten listed alerts leaves 40 in the list, so the state reads the cache again
    // and the alerts the list had cut off (1-10) come back.
    for (let index = 51; index <= 60; index += 1) {
      central.append('alerts', statusBody(makeAlert(index).id, 'acknowledged'));
    }
    await waitFor(
      '370 events',
      () => core.state.snapshot().streams['alerts']?.seq === 370,
    );
    snapshot = core.state.snapshot();
    expect(ids(snapshot.severeAlerts)).toEqual(range(1, 50));
    expect(
      follower.batches.some((batch) =>
        batch.changes.some((change) => change.type === 'severe'),
      ),
    ).toBe(true);
    expect(follower.current()).toEqual(snapshot);

    await core.stop();
    const cache = await Cache.open({ path: join(dataDir, CACHE_FILE_NAME) });
    try {
      expect(ids(await cache.openSevereAlerts(100))).toEqual(range(1, 50));
    } finally {
      await cache.close();
    }
  });

  it('keeps an old level-1 alert before newer level-2 ones', async () => {
    const central = await TestCentral.start();
    // Alert 1 is level 1; alerts 2-61 are level 2 and newer, more than the list holds.
    for (let index = 1; index <= 61; index += 1) {
      central.append(
        'alerts',
        createdBody(index, { level: index === 1 ? 1 : 2 }),
      );
    }
    const { core } = await startCore(central);
    await core.start();
    await waitFor(
      '61 events',
      () => core.state.snapshot().streams['alerts']?.seq === 61,
    );

    const severe = core.state.snapshot().severeAlerts;
    expect(severe).toHaveLength(50);
    expect(severe[0]?.id).toBe(makeAlert(1).id);
    expect(severe[1]?.id).toBe(makeAlert(61).id);
  });

  it('serves village counts of a town after a restart', async () => {
    const central = await TestCentral.start();
    const codes = ['421123100201', '421123100202', '421123100', null];
    const expected: Record<string, number> = {};
    let townTotal = 0;
    for (let index = 1; index <= 40; index += 1) {
      const alert = makeAlert(index);
      const code = codes[index % codes.length] ?? null;
      central.append('alerts', {
        kind: 'alert.created',
        alert: { ...alert, place: { ...alert.place, divisionCode: code } },
      });
      if (alert.place.townName === '城关镇') {
        townTotal += 1;
        if (code !== null && code.length === 12) {
          expected[code] = (expected[code] ?? 0) + 1;
        }
      }
    }
    const { core, dataDir } = await startCore(central);
    await core.start();
    await waitFor(
      '40 events',
      () => core.state.snapshot().streams['alerts']?.seq === 40,
    );
    const live = core.state.townAggregates?.('城关镇');
    expect(live?.total).toBe(townTotal);
    expect(live?.byVillage).toEqual(expected);
    await core.stop();

    // A core started on the same folder reads the counts from the cache before any event arrives.
    await central.stop();
    const restarted = createConsoleCore({
      centralUrl: central.url,
      dataDir,
      token: 'token-1',
      clientVersion: '0.0.0',
      random: seededRandom(3),
    });
    cleanups.push(() => restarted.stop());
    await restarted.start();
    const loaded = restarted.state.townAggregates?.('城关镇');
    expect(TownAlertAggregates.parse(loaded)).toEqual(loaded);
    expect(loaded?.total).toBe(townTotal);
    expect(loaded?.byVillage).toEqual(expected);
  });

  it('reverts an optimistic change the central rejects', async () => {
    const central = await TestCentral.start();
    for (let index = 1; index <= 5; index += 1) {
      central.append('alerts', createdBody(index));
    }
    const { core } = await startCore(central);
    const follower = follow(core);
    await core.start();
    await waitFor('online', () => core.sessionStatus().phase === 'online');
    central.behavior.rejectCommands = true;
    const alertId = makeAlert(3).id;

    await core.submitCommand({
      name: 'alert.acknowledge',
      payload: { alertId },
    });
    await waitFor(
      'command settled',
      () => core.sessionStatus().queuedCommands === 0,
    );
    await waitFor('reverted', () =>
      core.state
        .snapshot()
        .latestAlerts.some(
          (alert) => alert.id === alertId && alert.status === 'new',
        ),
    );

    const statuses = follower.batches.flatMap((batch) =>
      batch.changes.flatMap((change) =>
        change.type === 'alert.upsert' && change.alert.id === alertId
          ? [change.alert.status]
          : [],
      ),
    );
    expect(statuses.slice(-2)).toEqual(['acknowledged', 'new']);
    expect(follower.current()).toEqual(core.state.snapshot());
  });

  it('emits reset when a stream is rebuilt', async () => {
    const central = await TestCentral.start();
    for (let index = 1; index <= 20; index += 1) {
      central.append('alerts', createdBody(index));
    }
    const { core } = await startCore(central);
    const follower = follow(core);
    await core.start();
    await waitFor(
      '20 events',
      () => core.state.snapshot().streams['alerts']?.seq === 20,
    );

    await central.stop();
    central.replaceLog('alerts', 'epoch-2', [
      createdBody(900),
      createdBody(901),
    ]);
    await central.restart();
    await waitFor(
      'rebuilt',
      () => core.state.snapshot().aggregates.total === 2,
    );
    await waitFor('online', () => core.sessionStatus().phase === 'online');

    const resets = follower.batches.filter((batch) =>
      batch.changes.some((change) => change.type === 'reset'),
    );
    expect(resets.length).toBeGreaterThanOrEqual(2);
    expect(core.state.snapshot().latestAlerts.map((alert) => alert.id)).toEqual(
      [makeAlert(901).id, makeAlert(900).id],
    );
    expect(follower.current()).toEqual(core.state.snapshot());
  });

  it('rejects invalid commands and commands before start', async () => {
    const central = await TestCentral.start();
    const { core } = await startCore(central);

    await expect(
      core.submitCommand({
        name: 'alert.acknowledge',
        payload: { alertId: 'a-1' },
      }),
    ).rejects.toThrow(/not started/);
    await core.start();
    await expect(
      core.submitCommand({
        name: 'alert.acknowledge',
        payload: { alertId: '' },
      }),
    ).rejects.toThrow(/invalid command request/);
    await expect(
      core.state.queryAlerts({ levels: [1], limit: 5 }),
    ).resolves.toEqual([]);
  });
});
