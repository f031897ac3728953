import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionStatus } from '../../../src-shared/contract/index.js';
import { logSink, type LogRecord } from '../../../src-node/logging/index.js';
import {
  Cache,
  type ApplyResult,
} from '../../../src-main/services/cache/index.js';
import {
  SessionClient,
  seededRandom,
  type SessionTiming,
  type Timers,
} from '../../../src-main/services/session/index.js';
import { createdBody, makeAlert } from './helpers/alerts.js';
import { createTempDirs } from './helpers/temp.js';
import { TestCentral } from './helpers/test-central.js';
import { sleep, waitFor } from './helpers/wait.js';

const FAST: Partial<SessionTiming> = {
  handshakeTimeoutMs: 2_000,
  pingIntervalMs: 200,
  deadAfterMs: 1_000,
  backoffBaseMs: 20,
  backoffCapMs: 200,
};

const temp = createTempDirs();
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup();
  }
  temp.removeAll();
});

interface Harness {
  central: TestCentral;
  cache: Cache;
  session: SessionClient;
  statuses: SessionStatus[];
  batches: ApplyResult[];
  logs: LogRecord[];
}

async function setup(
  options: {
    timing?: Partial<SessionTiming>;
    now?: () => number;
    central?: TestCentral;
    timers?: Timers;
  } = {},
): Promise<Harness> {
  const central = options.central ?? (await TestCentral.start());
  const cache = await Cache.open({ path: join(temp.make(), 'cache.db') });
  const statuses: SessionStatus[] = [];
  const batches: ApplyResult[] = [];
  const logs: LogRecord[] = [];
  const unsubscribe = logSink.onRecord((record) => logs.push(record));
  const session = new SessionClient(cache, {
    url: central.url,
    token: 'token-1',
    client: { name: 'test', version: '0.0.0' },
    timing: { ...FAST, ...options.timing },
    random: seededRandom(9),
    now: options.now,
    timers: options.timers,
    listener: {
      onStatus: (status) => statuses.push(status),
      onApplied: (result) => {
        batches.push(result);
      },
    },
  });
  cleanups.push(async () => {
    await session.stop();
    await cache.close();
    await central.stop();
    unsubscribe();
  });
  return { central, cache, session, statuses, batches, logs };
}

function appendCreated(central: TestCentral, from: number, to: number): void {
  for (let index = from; index <= to; index += 1) {
    central.append('alerts', createdBody(index), 1_000 + index);
  }
}

async function committedSeq(cache: Cache): Promise<number> {
  return (await cache.position('alerts'))?.seq ?? 0;
}

/** Asserts that the cache contains exactly the central's log: same sequences, same bodies. */
async function expectCacheEqualsLog(
  cache: Cache,
  central: TestCentral,
): Promise<void> {
  const stored = await cache.events('alerts');
  const log = central.logs.get('alerts')?.events ?? [];
  expect(stored.map((event) => event.seq)).toEqual(
    log.map((event) => event.seq),
  );
  expect(stored.map((event) => event.body)).toEqual(
    log.map((event) => event.body),
  );
}

describe('session sync', () => {
  it('applies 1000 events in order and acks after commit', async () => {
    const central = await TestCentral.start();
    appendCreated(central, 1, 400);
    const harness = await setup({ central, timing: { maxBatch: 300 } });
    const lateAcks: number[] = [];
    central.behavior.onAck = (ack) => {
      // The cache runs on this thread, so this read returns exactly what was committed when the ack arrived.
      void harness.cache.position('alerts').then((position) => {
        if ((position?.seq ?? 0) < ack.seq) {
          lateAcks.push(ack.seq);
        }
      });
    };

    harness.session.start();
    await waitFor('online', () => harness.session.status().phase === 'online');
    appendCreated(central, 401, 1000);
    await waitFor(
      '1000 events',
      async () => (await committedSeq(harness.cache)) === 1000,
    );
    await waitFor('final ack', () => central.acks.at(-1)?.seq === 1000);

    expect(lateAcks).toEqual([]);
    const ackSeqs = central.acks.map((ack) => ack.seq);
    expect(ackSeqs).toEqual([...ackSeqs].sort((a, b) => a - b));
    expect(harness.batches.length).toBeLessThan(1000);
    expect(
      Math.max(...harness.batches.map((batch) => batch.applied)),
    ).toBeLessThanOrEqual(300);
    await expectCacheEqualsLog(harness.cache, central);
    expect((await harness.cache.aggregates()).total).toBe(1000);
    const phases = harness.statuses
      .map((status) => status.phase)
      .filter((phase, index, all) => index === 0 || all[index - 1] !== phase);
    expect(phases.slice(0, 3)).toEqual(['connecting', 'syncing', 'online']);
    expect(central.connections).toBe(1);
    expect(
      (await harness.cache.position('alerts'))?.confirmedAt,
    ).not.toBeNull();
  });

  it('resumes after a central restart without loss or duplicates', async () => {
    const harness = await setup();
    const { central, cache, session } = harness;
    session.start();
    await waitFor('online', () => session.status().phase === 'online');

    for (let chunk = 0; chunk < 20; chunk += 1) {
      appendCreated(central, chunk * 50 + 1, chunk * 50 + 50);
      if (chunk === 8) {
        await central.restart();
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor(
      '1000 events',
      async () => (await committedSeq(cache)) === 1000,
    );

    await expectCacheEqualsLog(cache, central);
    expect(central.connections).toBeGreaterThanOrEqual(2);
    const resumed = central.hellos.at(-1)?.positions['alerts'];
    expect(resumed?.seq).toBeGreaterThan(0);
    expect((await cache.aggregates()).total).toBe(1000);
  });

  it('reconnects on a gap and fills it', async () => {
    const central = await TestCentral.start();
    appendCreated(central, 1, 100);
    central.behavior.skipSeqOnce = 50;
    const harness = await setup({ central });

    harness.session.start();
    await waitFor(
      '100 events',
      async () => (await committedSeq(harness.cache)) === 100,
    );

    await expectCacheEqualsLog(harness.cache, central);
    expect(central.connections).toBe(2);
    expect(central.hellos[1]?.positions['alerts']?.seq).toBe(49);
    expect(harness.logs.some((record) => record.message.includes('gap'))).toBe(
      true,
    );
  });

  it('skips a bad frame and stays connected', async () => {
    const central = await TestCentral.start();
    central.append('alerts', createdBody(1));
    central.append('alerts', {
      kind: 'alert.created',
      alert: { id: 'broken' },
    });
    central.append('alerts', createdBody(3));
    central.behavior.rawAfterWelcome = [
      'not json at all',
      JSON.stringify({ type: 'mystery' }),
      JSON.stringify({
        type: 'event',
        stream: 'alerts',
        epoch: 'epoch-1',
        seq: -5,
      }),
    ];
    const harness = await setup({ central });

    harness.session.start();
    await waitFor('online', () => harness.session.status().phase === 'online');
    await waitFor(
      '3 events',
      async () => (await committedSeq(harness.cache)) === 3,
    );

    expect(central.connections).toBe(1);
    expect(await harness.cache.eventCount('alerts')).toBe(3);
    expect((await harness.cache.aggregates()).total).toBe(2);
    const badFrame = harness.logs.find(
      (record) =>
        record.message.includes('does not parse') &&
        JSON.stringify(record.fields).includes('"seq":-5'),
    );
    expect(badFrame).toBeDefined();
    const badBody = harness.logs.find(
      (record) =>
        record.message.includes('does not match its stream schema') &&
        JSON.stringify(record.fields).includes('"seq":2'),
    );
    expect(badBody).toBeDefined();
  });

  it('rebuilds a stream when the central changes epoch', async () => {
    const central = await TestCentral.start();
    appendCreated(central, 1, 30);
    const harness = await setup({ central });
    harness.session.start();
    await waitFor(
      '30 events',
      async () => (await committedSeq(harness.cache)) === 30,
    );

    await central.stop();
    central.replaceLog(
      'alerts',
      'epoch-2',
      [100, 101, 102].map((index) => createdBody(index)),
    );
    await central.restart();
    await waitFor(
      'epoch-2',
      async () => (await harness.cache.position('alerts'))?.epoch === 'epoch-2',
    );
    await waitFor(
      '3 events',
      async () => (await committedSeq(harness.cache)) === 3,
    );

    await expectCacheEqualsLog(harness.cache, central);
    expect((await harness.cache.aggregates()).total).toBe(3);
    expect(
      harness.statuses.some((status) => status.phase === 'resynchronizing'),
    ).toBe(true);
  });

  it('returns online after a live rebuild', async () => {
    const central = await TestCentral.start();
    appendCreated(central, 1, 10);
    const harness = await setup({ central });
    harness.session.start();
    await waitFor(
      '10 events',
      async () => (await committedSeq(harness.cache)) === 10,
    );
    await waitFor('online', () => harness.session.status().phase === 'online');

    central.rebuildLive(
      'alerts',
      'epoch-3',
      [200, 201, 202, 203].map((index) => createdBody(index)),
    );
    await waitFor(
      'epoch-3',
      async () => (await harness.cache.position('alerts'))?.epoch === 'epoch-3',
    );
    await waitFor(
      'online again',
      () => harness.session.status().phase === 'online',
    );

    await expectCacheEqualsLog(harness.cache, central);
    expect(central.connections).toBe(1);
    expect(harness.statuses.map((status) => status.phase)).toContain(
      'resynchronizing',
    );
    expect((await harness.cache.aggregates()).total).toBe(4);
  });
});

/** Messages of the warnings logged when a link ended. */
function dropMessages(harness: Harness): string[] {
  return harness.logs
    .filter((record) => record.message.startsWith('dropLink:'))
    .map((record) => record.message);
}

describe('session link', () => {
  it('terminates a silent link and reconnects', async () => {
    const harness = await setup({
      timing: { pingIntervalMs: 100, deadAfterMs: 400 },
    });
    harness.central.behavior.silentLinks = 1;

    harness.session.start();
    await waitFor('online', () => harness.session.status().phase === 'online');

    expect(
      harness.statuses.some(
        (status) => status.lastError?.includes('no frame') ?? false,
      ),
    ).toBe(true);
    expect(harness.central.connections).toBe(2);
    await waitFor('one open socket', () => harness.central.openSockets === 1);
    expect(dropMessages(harness)).toEqual([
      'dropLink: link to the central lost',
    ]);
  });

  it('retries when the welcome never comes', async () => {
    const harness = await setup({ timing: { handshakeTimeoutMs: 300 } });
    harness.central.behavior.withholdWelcome = true;

    harness.session.start();
    await waitFor('second hello', () => harness.central.hellos.length >= 2);

    expect(
      harness.statuses.some(
        (status) => status.lastError?.includes('no welcome') ?? false,
      ),
    ).toBe(true);
    // Without a welcome no link was made, so the log must not call it lost.
    expect(dropMessages(harness)).toContain(
      'dropLink: could not link to the central',
    );
    expect(dropMessages(harness)).not.toContain(
      'dropLink: link to the central lost',
    );
    // Only the first failed attempt of the run of failures is a warning. The third hello comes
    // after the second attempt has failed.
    await waitFor('third hello', () => harness.central.hellos.length >= 3);
    const levels = harness.logs
      .filter((record) => record.message.startsWith('dropLink:'))
      .map((record) => record.level);
    expect(levels[0]).toBe('warn');
    expect(levels[1]).toBe('info');
  });

  it('stops retrying when unauthorized', async () => {
    const harness = await setup();
    harness.central.behavior.closeOnHello = 4001;

    harness.session.start();
    await waitFor(
      'reauth-needed',
      () => harness.session.status().phase === 'reauth-needed',
    );
    await sleep(600);

    expect(harness.central.connections).toBe(1);
    expect(harness.session.status().nextRetryAt).toBeNull();
    harness.central.behavior.closeOnHello = null;
    harness.session.setToken('token-2');
    await waitFor('online', () => harness.session.status().phase === 'online');
    expect(harness.central.hellos.at(-1)?.token).toBe('token-2');
  });

  it('does not retry a fatal close code', async () => {
    const harness = await setup();
    harness.central.behavior.closeOnHello = 1008;

    harness.session.start();
    await waitFor('fatal close reported', () =>
      harness.statuses.some(
        (status) => status.lastError?.includes('1008') ?? false,
      ),
    );
    await sleep(600);

    expect(harness.central.connections).toBe(1);
    expect(harness.session.status().phase).toBe('offline');
    expect(harness.session.status().nextRetryAt).toBeNull();
  });

  it('waits as long as the central asks', async () => {
    // A frozen clock makes nextRetryAt minus now exactly the delay the session chose.
    const clock = 5_000_000;
    const harness = await setup({
      now: () => clock,
      timing: { backoffCapMs: 200 },
    });
    harness.central.behavior.errorOnHello = {
      code: 'overloaded',
      message: 'too many consoles',
      retryAfterMs: 4321,
    };

    harness.session.start();
    await waitFor(
      'retry scheduled',
      () => harness.session.status().nextRetryAt !== null,
    );

    expect(harness.session.status().nextRetryAt).toBe(clock + 4321);
    expect(harness.session.status().lastError).toContain('overloaded');
  });

  it('resets the backoff after a stable link', async () => {
    const harness = await setup({ timing: { stableAfterMs: 1_000 } });
    const { central, session } = harness;
    const attempts = () =>
      harness.logs
        .filter((record) => record.message.startsWith('scheduleReconnect'))
        .map((record) => (record.fields as { attempt: number }).attempt);
    session.start();

    for (let drop = 1; drop <= 2; drop += 1) {
      await waitFor('online', () => session.status().phase === 'online');
      central.closeAll(1001, 'restarting');
      await waitFor('retry scheduled', () => attempts().length === drop);
    }
    await waitFor('online', () => session.status().phase === 'online');
    await sleep(1_200);
    central.closeAll(1001, 'restarting');
    await waitFor('third retry', () => attempts().length === 3);

    expect(attempts()).toEqual([1, 2, 1]);
  });

  it('keeps one socket when reconnect triggers coincide', async () => {
    const pending = new Set<ReturnType<typeof setTimeout>>();
    let maxPending = 0;
    const timers: Timers = {
      setTimeout: (callback, ms) => {
        const handle = setTimeout(() => {
          pending.delete(handle);
          callback();
        }, ms);
        pending.add(handle);
        maxPending = Math.max(maxPending, pending.size);
        return handle;
      },
      clearTimeout: (handle) => {
        pending.delete(handle as ReturnType<typeof setTimeout>);
        clearTimeout(handle as ReturnType<typeof setTimeout>);
      },
    };
    const harness = await setup({
      timing: { backoffBaseMs: 5_000, backoffCapMs: 5_000 },
      timers,
    });
    const { central, session } = harness;
    appendCreated(central, 1, 10);
    session.start();
    await waitFor('online', () => session.status().phase === 'online');

    central.closeAll(4002, 'draining');
    await waitFor('offline', () => session.status().phase === 'offline');
    const generation = session.socketGeneration;
    session.probe();
    session.probe();
    session.setToken('token-3');
    session.nudge();
    session.probe();
    await waitFor('online again', () => session.status().phase === 'online');
    await sleep(100);

    expect(session.socketGeneration).toBe(generation + 1);
    expect(central.connections).toBe(2);
    expect(central.maxConcurrent).toBe(1);
    expect(central.openSockets).toBe(1);
    expect(central.hellos.at(-1)?.token).toBe('token-3');
    expect(maxPending).toBe(1);
  });
});

describe('session commands', () => {
  it('sends queued commands after the welcome and settles them', async () => {
    const central = await TestCentral.start();
    appendCreated(central, 1, 5);
    const harness = await setup({ central });
    const { cache, session } = harness;
    session.start();
    await waitFor('5 events', async () => (await committedSeq(cache)) === 5);

    await central.stop();
    await waitFor('offline', () => session.status().phase === 'offline');
    for (let index = 1; index <= 3; index += 1) {
      await cache.enqueueCommand(
        'alert.acknowledge',
        { alertId: makeAlert(index).id },
        { alertId: makeAlert(index).id, status: 'acknowledged' },
      );
    }
    session.nudge();
    await waitFor('3 queued', () => session.status().queuedCommands === 3);
    await central.restart();

    await waitFor('outbox empty', () => session.status().queuedCommands === 0);
    await waitFor(
      'status events',
      async () => (await committedSeq(cache)) === 8,
    );
    expect(central.commands.map((command) => command.installSeq)).toEqual([
      1, 2, 3,
    ]);
    expect((await cache.allCommands()).map((command) => command.state)).toEqual(
      ['applied', 'applied', 'applied'],
    );
    expect((await cache.getAlert(makeAlert(2).id))?.status).toBe(
      'acknowledged',
    );
  });
});
