import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CloseCode,
  PROTOCOL_VERSION,
  type CentralFrame,
} from '../../../src-shared/contract/index.js';
import {
  startCentral,
  type CentralHandle,
  type CentralOptions,
} from '../../../src-central/server.js';
import { sampleAlert, tempDir } from '../../unit/central/fixtures.js';
import { ConsoleClient, range } from './console-client.js';

type Frame<T extends CentralFrame['type']> = Extract<CentralFrame, { type: T }>;

function created(id: string) {
  return { kind: 'alert.created', alert: sampleAlert(id) };
}

describe('central server', () => {
  let folder: ReturnType<typeof tempDir>;
  const running: CentralHandle[] = [];
  const clients: ConsoleClient[] = [];

  beforeEach(() => {
    folder = tempDir('server');
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) {
      client.close();
    }
    for (const central of running.splice(0)) {
      await central.stop();
    }
    folder.remove();
  });

  async function start(
    options: Partial<CentralOptions> = {},
  ): Promise<CentralHandle> {
    const central = await startCentral({
      port: 0,
      dataDir: join(folder.dir, 'data'),
      scenario: 'none',
      ...options,
    });
    running.push(central);
    return central;
  }

  async function stopRunning(central: CentralHandle): Promise<void> {
    await central.stop();
    running.splice(running.indexOf(central), 1);
  }

  async function hello(
    central: CentralHandle,
    overrides: Parameters<typeof ConsoleClient.hello>[1] = {},
  ): Promise<ConsoleClient> {
    const client = await ConsoleClient.hello(central.url, overrides);
    clients.push(client);
    return client;
  }

  function publishAlerts(
    central: CentralHandle,
    from: number,
    to: number,
  ): void {
    central.publishMany(
      'alerts',
      range(from, to).map((n) => created(`test:${n}`)),
    );
  }

  it('listens on loopback at /console', async () => {
    const central = await start();
    expect(central.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/console$/);
  });

  it('reports caught-up on empty log', async () => {
    const central = await start({ heartbeatMs: 5000 });
    const client = await hello(central);

    const welcome = await client.waitFor('welcome');
    expect(welcome.protocol).toBe(PROTOCOL_VERSION);
    expect(welcome.heartbeatMs).toBe(5000);
    expect(welcome.commandWatermark).toBe(0);
    expect(welcome.streams['alerts']).toEqual(central.log.head('alerts'));

    const caughtUp = await client.waitFor('caught-up');
    expect(caughtUp).toEqual({ type: 'caught-up', stream: 'alerts', seq: 0 });
    expect(client.invalid).toEqual([]);
  });

  it('replays from the console position', async () => {
    const central = await start();
    publishAlerts(central, 1, 10);
    const epoch = central.log.head('alerts').epoch;

    const client = await hello(central, {
      positions: { alerts: { epoch, seq: 4 } },
    });
    const caughtUp = await client.waitFor('caught-up');
    expect(caughtUp.seq).toBe(10);
    expect(client.eventSeqs()).toEqual(range(5, 10));
    expect(client.frames.map((frame) => frame.type)).not.toContain('resync');

    const fifth = client.frames.find(
      (frame): frame is Frame<'event'> =>
        frame.type === 'event' && frame.seq === 5,
    );
    expect(fifth?.epoch).toBe(epoch);
    expect(fifth?.body).toMatchObject({
      kind: 'alert.created',
      alert: { id: 'test:5' },
    });
  });

  it('replays everything for an unnamed stream', async () => {
    const central = await start();
    publishAlerts(central, 1, 3);
    const client = await hello(central);
    await client.waitFor('caught-up');
    expect(client.eventSeqs()).toEqual([1, 2, 3]);
  });

  it('pushes live events after caught-up', async () => {
    const central = await start();
    publishAlerts(central, 1, 2);
    const client = await hello(central);
    await client.waitFor('caught-up');

    expect(central.publish('alerts', created('live:1'))).toBe(3);
    publishAlerts(central, 4, 6);
    await client.waitFor('event', (frame) => frame.seq === 6);
    expect(client.eventSeqs()).toEqual(range(1, 6));
  });

  it('keeps order when events arrive during a replay', async () => {
    const central = await start({ replayPageSize: 25 });
    publishAlerts(central, 1, 1000);

    const client = await hello(central);
    // Publish in small batches while the replay pages through the first 1000 events.
    let next = 1001;
    for (let round = 0; round < 40; round += 1) {
      publishAlerts(central, next, next + 4);
      next += 5;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const last = next - 1;

    const welcome = await client.waitFor('welcome');
    const caughtUp = await client.waitFor('caught-up');
    await client.waitFor('event', (frame) => frame.seq === last);

    const welcomeHead = welcome.streams['alerts']?.headSeq ?? -1;
    expect(welcomeHead).toBeGreaterThanOrEqual(1000);
    expect(welcomeHead).toBeLessThan(last);
    expect(caughtUp.seq).toBeGreaterThanOrEqual(welcomeHead);
    expect(client.eventSeqs()).toEqual(range(1, last));

    // caught-up comes right after the event it names.
    const caughtUpIndex = client.frames.indexOf(caughtUp);
    const before = client.frames[caughtUpIndex - 1] as Frame<'event'>;
    expect(before.seq).toBe(caughtUp.seq);
  });

  it('pauses a replay for a slow reader', async () => {
    const central = await start({ replayPageSize: 200 });
    const total = 40_000;
    const pad = 'x'.repeat(1000);
    for (let from = 1; from <= total; from += 5000) {
      central.publishMany(
        'bulk',
        range(from, from + 4999).map((n) => ({ n, pad })),
      );
    }

    const client = await hello(central);
    client.pause();
    // Wait until the replay stops advancing: the socket and the OS buffers are full.
    let sent = -1;
    for (let attempt = 0; attempt < 100; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const now = central.sessions()[0]?.streams['bulk']?.sentSeq ?? 0;
      if (now === sent && now > 0) {
        break;
      }
      sent = now;
    }
    const [session] = central.sessions();
    expect(session?.streams['bulk']?.caughtUp).toBe(false);
    expect(session?.streams['bulk']?.sentSeq).toBeLessThan(total);
    // Each event frame is about 1.1 kB, so one page adds at most about 220 kB past the mark.
    expect(session?.bufferedAmount).toBeLessThan(5 * 1024 * 1024);

    client.resume();
    const caughtUp = await client.waitFor(
      'caught-up',
      (frame) => frame.stream === 'bulk',
      { timeoutMs: 30_000 },
    );
    expect(caughtUp.seq).toBe(total);
    expect(client.eventSeqs('bulk')).toEqual(range(1, total));
  });

  it('resumes after a server restart', async () => {
    const first = await start();
    publishAlerts(first, 1, 5);
    const head = first.log.head('alerts');
    await stopRunning(first);

    const second = await start();
    expect(second.log.head('alerts')).toEqual(head);
    expect(second.publish('alerts', created('after-restart'))).toBe(6);

    const client = await hello(second, {
      positions: { alerts: { epoch: head.epoch, seq: 5 } },
    });
    const caughtUp = await client.waitFor('caught-up');
    expect(caughtUp.seq).toBe(6);
    expect(client.eventSeqs()).toEqual([6]);
  });

  it('requests resync on another epoch', async () => {
    const central = await start();
    publishAlerts(central, 1, 3);
    const client = await hello(central, {
      positions: { alerts: { epoch: 'epoch-of-a-wiped-log', seq: 2 } },
    });

    const resync = await client.waitFor('resync');
    expect(resync.reason).toBe('epoch-changed');
    expect(resync.head).toEqual(central.log.head('alerts'));
    expect(resync.snapshot).toBe(true);
    client.send({ type: 'snapshot-request', stream: 'alerts' });
    const page = await client.waitFor('snapshot-page');
    expect(page.headSeq).toBe(3);
    expect(page.items).toHaveLength(3);
    expect(page.cursor).toBeNull();
    await client.waitFor('caught-up');
    publishAlerts(central, 4, 4);
    await client.waitFor('event', (frame) => frame.seq === 4);
    expect(client.eventSeqs()).toEqual([4]);
  });

  it('requests resync past retention', async () => {
    const central = await start({ maxEvents: 3 });
    publishAlerts(central, 1, 10);
    expect(central.prune()).toBe(7);
    const epoch = central.log.head('alerts').epoch;

    const client = await hello(central, {
      positions: { alerts: { epoch, seq: 2 } },
    });
    const resync = await client.waitFor('resync');
    expect(resync.reason).toBe('retention-exceeded');
    expect(resync.head.firstSeq).toBe(8);
    client.send({ type: 'snapshot-request', stream: 'alerts' });
    const page = await client.waitFor('snapshot-page');
    // The snapshot contains every alert row, including those whose events were pruned.
    expect(page.items).toHaveLength(10);
    await client.waitFor('caught-up');
    expect(client.eventSeqs()).toEqual([]);
  });

  it('accepts a position just before firstSeq', async () => {
    const central = await start({ maxEvents: 3 });
    publishAlerts(central, 1, 10);
    central.prune();
    const epoch = central.log.head('alerts').epoch;

    const client = await hello(central, {
      positions: { alerts: { epoch, seq: 7 } },
    });
    await client.waitFor('caught-up');
    expect(client.frames.map((frame) => frame.type)).not.toContain('resync');
    expect(client.eventSeqs()).toEqual([8, 9, 10]);
  });

  it('requests resync when console is ahead', async () => {
    const central = await start();
    publishAlerts(central, 1, 2);
    const epoch = central.log.head('alerts').epoch;
    const client = await hello(central, {
      positions: { alerts: { epoch, seq: 9 } },
    });
    expect((await client.waitFor('resync')).reason).toBe('ahead-of-log');
    client.send({ type: 'snapshot-request', stream: 'alerts' });
    expect((await client.waitFor('snapshot-page')).headSeq).toBe(2);
    await client.waitFor('caught-up');
    expect(client.eventSeqs()).toEqual([]);
  });

  it('rejects invalid publishes', async () => {
    const central = await start();
    expect(() => central.publish('Alerts!', {})).toThrow(/stream name/);
    expect(() => central.publish('alerts', { kind: 'alert.created' })).toThrow(
      /invalid/,
    );
    expect(central.log.head('alerts').headSeq).toBe(0);
  });

  it('serves every stream in the log', async () => {
    const central = await start();
    expect(central.publish('notes', { shift: 'night' })).toBe(1);
    const client = await hello(central, {
      positions: { unknown: { epoch: 'some-epoch', seq: 3 } },
    });
    const welcome = await client.waitFor('welcome');
    expect(Object.keys(welcome.streams).sort()).toEqual(['alerts', 'notes']);
    await client.waitFor('caught-up', (frame) => frame.stream === 'notes');
    await client.waitFor('caught-up', (frame) => frame.stream === 'alerts');
    expect(client.eventSeqs('notes')).toEqual([1]);
    expect(client.frames.map((frame) => frame.type)).not.toContain('resync');
  });

  it('closes with 4001 on a bad token', async () => {
    const central = await start({ tokens: ['right-token'] });
    const client = await hello(central, { token: 'wrong-token' });
    const closed = await client.closed;
    expect(closed.code).toBe(CloseCode.unauthorized);
    expect(client.frames.map((frame) => frame.type)).toEqual(['error']);
    expect((client.frames[0] as Frame<'error'>).code).toBe('unauthorized');
  });

  it('accepts a configured token', async () => {
    const central = await start({ tokens: ['right-token'] });
    const client = await hello(central, { token: 'right-token' });
    await client.waitFor('welcome');
  });

  it('closes with 4000 on another protocol', async () => {
    const central = await start();
    const client = await hello(central, { protocol: PROTOCOL_VERSION + 1 });
    const closed = await client.closed;
    expect(closed.code).toBe(CloseCode.protocolMismatch);
    expect((client.frames[0] as Frame<'error'>).code).toBe('protocol-mismatch');
  });

  it('closes with 4004 without a hello', async () => {
    const central = await start({ helloTimeoutMs: 200 });
    const client = await ConsoleClient.open(central.url);
    clients.push(client);
    const closed = await client.closed;
    expect(closed.code).toBe(CloseCode.handshakeTimeout);
  });

  it('reports a frame before the hello', async () => {
    const central = await start();
    const client = await ConsoleClient.open(central.url);
    clients.push(client);
    client.send({ type: 'ping', id: 1, sentAt: 0 });
    expect((await client.waitFor('error')).code).toBe('hello-required');
  });

  it('keeps the session after a malformed frame', async () => {
    const central = await start();
    const client = await hello(central);
    await client.waitFor('caught-up');

    client.sendText('{not json');
    const notJson = await client.waitFor('error');
    expect(notJson.code).toBe('malformed-frame');
    expect(notJson.message).toContain('not valid JSON');

    const before = client.frames.length;
    client.send({ type: 'ack', stream: 'alerts', seq: 'three' });
    const badShape = await client.waitFor('error', () => true, {
      from: before,
    });
    expect(badShape.code).toBe('malformed-frame');

    client.send({ type: 'ping', id: 7, sentAt: 1 });
    const pong = await client.waitFor('pong');
    expect(pong.id).toBe(7);
    expect(typeof pong.serverTime).toBe('number');
    expect(client.readyState).toBe(1);
  });

  it('reports a binary frame', async () => {
    const central = await start();
    const client = await hello(central);
    await client.waitFor('caught-up');
    client.sendBinary(Buffer.from([1, 2, 3]));
    expect((await client.waitFor('error')).code).toBe('binary-frame');
  });

  it('replaces the older session of an install', async () => {
    const central = await start();
    const first = await hello(central, { installId: 'install-same-0001' });
    await first.waitFor('caught-up');
    const second = await hello(central, { installId: 'install-same-0001' });
    await second.waitFor('caught-up');

    expect((await first.closed).code).toBe(CloseCode.replaced);
    expect(central.sessionCount()).toBe(1);
    central.publish('alerts', created('after-replace'));
    await second.waitFor('event', (frame) => frame.seq === 1);
  });

  it('closes sessions with 1001 on stop', async () => {
    const central = await start();
    const client = await hello(central);
    await client.waitFor('caught-up');
    await stopRunning(central);
    expect((await client.closed).code).toBe(CloseCode.goingAway);
  });

  it('pings and drops a silent session', async () => {
    const central = await start({ heartbeatMs: 1000 });
    const client = await hello(central);
    await client.waitFor('caught-up');
    const ping = await client.waitFor('ping');
    expect(ping.id).toBe(1);
    // The client never sends a frame, so the central drops it after 2.5 heartbeats of silence.
    const closed = await client.closed;
    expect(closed.code).toBe(1006);
    expect(central.sessionCount()).toBe(0);
  });

  it('records acknowledgements', async () => {
    const central = await start();
    publishAlerts(central, 1, 3);
    const client = await hello(central);
    await client.waitFor('caught-up');
    const epoch = central.log.head('alerts').epoch;

    client.send({ type: 'ack', stream: 'alerts', epoch, seq: 3 });
    client.send({ type: 'ack', stream: 'alerts', epoch, seq: 9 });
    expect((await client.waitFor('error')).code).toBe('ack-ahead');
    // An older acknowledgement does not move the recorded position back.
    client.send({ type: 'ack', stream: 'alerts', epoch, seq: 1 });
    client.send({ type: 'ping', id: 1, sentAt: 0 });
    await client.waitFor('pong');
    const row = central.log.db.get(
      'SELECT seq FROM acks WHERE install_id = ?',
      'install-test-0001',
    );
    expect(row?.seq).toBe(3);
  });
});

describe('central commands', () => {
  let folder: ReturnType<typeof tempDir>;
  const running: CentralHandle[] = [];
  const clients: ConsoleClient[] = [];

  beforeEach(() => {
    folder = tempDir('commands');
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) {
      client.close();
    }
    for (const central of running.splice(0)) {
      await central.stop();
    }
    folder.remove();
  });

  async function start(): Promise<CentralHandle> {
    const central = await startCentral({
      port: 0,
      dataDir: folder.dir,
      scenario: 'none',
    });
    running.push(central);
    return central;
  }

  async function connect(central: CentralHandle): Promise<ConsoleClient> {
    const client = await ConsoleClient.hello(central.url, {
      installId: 'install-cmd-0001',
    });
    clients.push(client);
    await client.waitFor('caught-up');
    return client;
  }

  function acknowledge(
    client: ConsoleClient,
    commandId: string,
    installSeq: number,
    alertId: string,
  ) {
    const from = client.frames.length;
    client.send({
      type: 'command',
      commandId,
      installSeq,
      name: 'alert.acknowledge',
      payload: { alertId },
      issuedAt: 1,
    });
    return client.waitFor(
      'command-result',
      (frame) => frame.commandId === commandId,
      { from },
    );
  }

  it('applies a repeated command once', async () => {
    const central = await start();
    central.publish('alerts', created('alert-1'));
    const client = await connect(central);

    const first = await acknowledge(client, 'command-0001', 1, 'alert-1');
    expect(first.outcome).toBe('applied');
    expect(first.duplicate).toBe(false);
    expect(first.result).toMatchObject({
      alertId: 'alert-1',
      status: 'acknowledged',
      seq: 2,
    });

    const statusEvent = await client.waitFor(
      'event',
      (frame) => frame.seq === 2,
    );
    expect(statusEvent.body).toEqual({
      kind: 'alert.status',
      alertId: 'alert-1',
      status: 'acknowledged',
      by: 'install-cmd-0001',
    });

    const repeat = await acknowledge(client, 'command-0001', 1, 'alert-1');
    expect(repeat.duplicate).toBe(true);
    expect(repeat.outcome).toBe('applied');
    expect(repeat.result).toEqual(first.result);
    expect(central.log.head('alerts').headSeq).toBe(2);
  });

  it('keeps applied commands across a restart', async () => {
    const first = await start();
    first.publish('alerts', created('alert-1'));
    const client = await connect(first);
    const applied = await acknowledge(client, 'command-0001', 1, 'alert-1');
    await first.stop();
    running.pop();

    const second = await start();
    const again = await ConsoleClient.hello(second.url, {
      installId: 'install-cmd-0001',
    });
    clients.push(again);
    const welcome = await again.waitFor('welcome');
    expect(welcome.commandWatermark).toBe(1);
    await again.waitFor('caught-up');

    const repeat = await acknowledge(again, 'command-0001', 1, 'alert-1');
    expect(repeat.duplicate).toBe(true);
    expect(repeat.result).toEqual(applied.result);
    expect(second.log.head('alerts').headSeq).toBe(2);
  });

  it('rejects an unknown alert and stores the rejection', async () => {
    const central = await start();
    const client = await connect(central);

    const rejected = await acknowledge(
      client,
      'command-0002',
      1,
      'no-such-alert',
    );
    expect(rejected.outcome).toBe('rejected');
    expect(rejected.error?.code).toBe('alert-not-found');
    expect(rejected.duplicate).toBe(false);

    const repeat = await acknowledge(
      client,
      'command-0002',
      1,
      'no-such-alert',
    );
    expect(repeat.duplicate).toBe(true);
    expect(repeat.error).toEqual(rejected.error);
    expect(central.log.head('alerts').headSeq).toBe(0);
  });

  it('rejects a reused install sequence', async () => {
    const central = await start();
    central.publish('alerts', created('alert-1'));
    central.publish('alerts', created('alert-2'));
    const client = await connect(central);

    await acknowledge(client, 'command-0001', 1, 'alert-1');
    const reused = await acknowledge(client, 'command-0009', 1, 'alert-2');
    expect(reused.outcome).toBe('rejected');
    expect(reused.error?.code).toBe('install-seq-reused');
    expect(central.log.head('alerts').headSeq).toBe(3);
  });

  it('rejects an unknown command', async () => {
    const central = await start();
    const client = await connect(central);
    const from = client.frames.length;
    client.send({
      type: 'command',
      commandId: 'command-0003',
      installSeq: 1,
      name: 'alert.teleport',
      payload: {},
      issuedAt: 1,
    });
    const result = await client.waitFor('command-result', () => true, { from });
    expect(result.outcome).toBe('rejected');
    expect(result.error?.code).toBe('unknown-command');
  });
});
