// What reaches the console just before the central goes away must still reach its cache and its
// windows. The console keeps working offline, so a wall one or two items short of what the central
// published before the cut would show wrong totals until the link returns.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  RECORD_STREAMS,
  type ChangeBatch,
  type SessionStatus,
  type StoredRecord,
} from '../../../src-shared/contract/index.js';
import {
  OPINION_COLLECTION,
  type OpinionItem,
} from '../../../src-shared/opinion/index.js';
import {
  DEV_TOKEN,
  startCentral,
  type CentralHandle,
} from '../../../src-central/server.js';
import type {
  CentralDomain,
  DomainContext,
} from '../../../src-central/domains/types.js';
import { Cache } from '../../../src-main/services/cache/index.js';
import {
  SessionClient,
  seededRandom,
} from '../../../src-main/services/session/index.js';
import { ConsoleState } from '../../../src-main/services/state/index.js';
import { createTempDirs } from '../services/helpers/temp.js';
import { waitFor } from '../services/helpers/wait.js';

const temp = createTempDirs();
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup();
  }
  temp.removeAll();
});

/** Items written after the write of an earlier one is held, all before the central stops. */
const LATE_ITEMS = 30;

const PutPayload = z.object({ index: z.number().int().min(0) });

function opinionId(index: number): string {
  return `opinion:cut:${index}`;
}

function opinionItem(index: number): OpinionItem {
  return {
    id: opinionId(index),
    source: 'news',
    title: `第${index}条关于罗田的报道`,
    text: '测试用的舆情条目。',
    publishedAt: 1_767_000_000_000 + index * 1_000,
    sentiment: index % 3 === 0 ? 'negative' : 'neutral',
    emotion: 'neutral',
    heat: index,
    place: {
      townCode: '421123100',
      townName: '凤山镇',
      villageName: null,
      divisionCode: null,
    },
    topic: '交通',
  };
}

/**
 * An opinion domain without a generator: the test writes items through its context, or with the
 * command `opinion.test-put`.
 */
function handDomain(captured: {
  context: DomainContext | null;
}): CentralDomain {
  return {
    name: 'opinion-by-hand',
    stream: RECORD_STREAMS.opinion,
    commands: {
      'opinion.test-put': (context, _actor, payload) => {
        const parsed = PutPayload.safeParse(payload);
        if (!parsed.success) {
          return {
            outcome: 'rejected',
            error: {
              code: 'invalid-payload',
              message: 'opinion.test-put needs {index}',
            },
          };
        }
        const { index } = parsed.data;
        const written = context.put(
          OPINION_COLLECTION,
          opinionId(index),
          opinionItem(index),
        );
        return { outcome: 'applied', result: { version: written.version } };
      },
    },
    start(context) {
      captured.context = context;
      return () => {
        captured.context = null;
      };
    },
  };
}

interface Rig {
  central: CentralHandle;
  cache: Cache;
  state: ConsoleState;
  session: SessionClient;
  statuses: SessionStatus[];
  /** Ids of opinion items the state service pushed to windows. */
  pushedIds: Set<string>;
  /** Writes an item on the central, in its own transaction. */
  put(index: number): void;
  /** Makes every later cache write wait until `release`; returns how many writes are waiting. */
  hold(): { waiting(): number; release(): void };
  /** Stops the central and waits until the session has noticed the closed link. */
  cut(): Promise<void>;
}

/** Starts a real central with the hand-fed opinion domain, and a session and state over a real cache. */
async function startRig(): Promise<Rig> {
  const captured: { context: DomainContext | null } = { context: null };
  const central = await startCentral({
    port: 0,
    dataDir: temp.make('cut-delivery-central-'),
    scenario: 'none',
    heartbeatMs: 1000,
    domains: [handDomain(captured)],
  });
  let centralRunning = true;
  cleanups.push(async () => {
    if (centralRunning) {
      await central.stop();
    }
  });

  const cache = await Cache.open({
    path: join(temp.make('cut-delivery-console-'), 'cache.sqlite3'),
  });
  const state = new ConsoleState({
    phase: 'stopped',
    centralUrl: central.url,
    lastSeenAt: null,
    offlineSince: null,
    progress: null,
    queuedCommands: 0,
    lastError: null,
    nextRetryAt: null,
  });
  await state.attach(cache);
  const pushedIds = new Set<string>();
  state.subscribe((batch: ChangeBatch) => {
    for (const change of batch.changes) {
      if (
        change.type === 'record' &&
        change.record.collection === OPINION_COLLECTION &&
        !change.removed
      ) {
        pushedIds.add(change.record.id);
      }
    }
  });

  // Writes wait at this gate while it is closed, so frames pile up in the session's queue the
  // way they do when the cache is busy on a loaded machine.
  const writeEvents = cache.applyEvents.bind(cache);
  let gate: Promise<void> = Promise.resolve();
  let waiting = 0;
  cache.applyEvents = async (...args) => {
    waiting += 1;
    await gate;
    return writeEvents(...args);
  };

  const statuses: SessionStatus[] = [];
  const session = new SessionClient(cache, {
    url: central.url,
    token: DEV_TOKEN,
    client: { name: 'cut-delivery', version: '0.0.0' },
    random: seededRandom(11),
    timing: { backoffBaseMs: 20, backoffCapMs: 200, pingIntervalMs: 300 },
    listener: {
      onStatus: (status) => {
        statuses.push(status);
        state.setSession(status);
      },
      onApplied: (result) => state.applyCommitted(result),
      onStreamReset: (stream, reason) => state.resetStream(stream, reason),
      onCommandSettled: (_installSeq, settle) =>
        state.applyLocal(settle.alertChanges, settle.recordChanges),
    },
  });
  cleanups.push(async () => {
    await session.stop();
    state.detach();
    await cache.close();
  });
  session.start();
  await waitFor(
    'the session online',
    () => session.status().phase === 'online',
  );

  return {
    central,
    cache,
    state,
    session,
    statuses,
    pushedIds,
    put(index) {
      if (captured.context === null) {
        throw new Error('the opinion domain is not running on the central');
      }
      captured.context.put(
        OPINION_COLLECTION,
        opinionId(index),
        opinionItem(index),
      );
    },
    hold() {
      let open: () => void = () => undefined;
      gate = new Promise((resolve) => {
        open = resolve;
      });
      waiting = 0;
      return { waiting: () => waiting, release: () => open() };
    },
    async cut() {
      // The central sends every frame before its closing one, so the session has them all.
      await central.stop();
      centralRunning = false;
      await waitFor('the session to notice the cut', () =>
        ['offline', 'resuming', 'connecting'].includes(session.status().phase),
      );
    },
  };
}

function comparable(records: readonly StoredRecord[]) {
  return records
    .map(({ id, version, data }) => ({ id, version, data }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

async function cachedSeq(cache: Cache, stream: string): Promise<number> {
  return (await cache.positions())[stream]?.seq ?? 0;
}

describe('frames delivered just before a cut', () => {
  it('writes the events for the windows', async () => {
    const rig = await startRig();
    rig.put(0);
    await waitFor('the first item in the console', () =>
      rig.pushedIds.has(opinionId(0)),
    );

    const held = rig.hold();
    rig.put(1);
    await waitFor('the write of item 1 held', () => held.waiting() > 0);
    for (let index = 2; index <= LATE_ITEMS + 1; index += 1) {
      rig.put(index);
    }
    const published = rig.central.listRecords(OPINION_COLLECTION);
    const headSeq = rig.central.log.head(RECORD_STREAMS.opinion).headSeq;
    expect(published).toHaveLength(LATE_ITEMS + 2);

    await rig.cut();
    const cutAt = rig.statuses.length;
    held.release();

    await waitFor(
      `the cache at opinion event ${headSeq}`,
      async () =>
        (await cachedSeq(rig.cache, RECORD_STREAMS.opinion)) >= headSeq,
      5_000,
    );
    expect(
      comparable(
        await rig.state.queryRecords({ collection: OPINION_COLLECTION }),
      ),
    ).toEqual(comparable(published));
    await waitFor(
      'every item pushed to the windows',
      () => rig.pushedIds.size === published.length,
      5_000,
    );
    // Writing a closed link's events must not make the session claim it is level with the central.
    expect(
      rig.statuses.slice(cutAt).map((status) => status.phase),
    ).not.toContain('online');
  });

  it('settles the command result', async () => {
    const rig = await startRig();
    const held = rig.hold();
    const queued = await rig.cache.enqueueCommand(
      'opinion.test-put',
      { index: 7 },
      null,
      [
        {
          stream: RECORD_STREAMS.opinion,
          collection: OPINION_COLLECTION,
          id: opinionId(7),
          data: { ...opinionItem(7), title: '本地预填的标题' },
        },
      ],
    );
    rig.session.nudge();
    // The command's record event is held in the cache write, so its result waits in the queue.
    await waitFor('the command applied on the central', () =>
      rig.central
        .listRecords(OPINION_COLLECTION)
        .some((record) => record.id === opinionId(7)),
    );
    await waitFor('the write of its record held', () => held.waiting() > 0);

    await rig.cut();
    held.release();

    await waitFor(
      `command ${queued.installSeq} settled in the outbox`,
      async () => (await rig.cache.pendingCommands()).length === 0,
      5_000,
    );
    const [shown] = await rig.state.queryRecords({
      collection: OPINION_COLLECTION,
    });
    expect(shown?.pendingSeq).toBeUndefined();
    expect(shown?.data['title']).toBe(opinionItem(7).title);
  });
});
