import type { AddressInfo } from 'node:net';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type {
  ChangeBatch,
  HostRequestFrame,
} from '../../src-shared/contract/index.js';
import {
  bridgeUrl,
  createSocketBridge,
  type SocketBridge,
} from '../../src-renderer/src/bridge/socket-bridge.js';
import type { ScheduleFrame } from '../../src-renderer/src/bridge/batch-queue.js';
import {
  openEarlySocket,
  type EarlySocketLink,
} from '../../src-renderer/src/bridge/early-link.js';
import { useLiveStore } from '../../src-renderer/src/stores/live.js';
import { FakeMain, makeAlert } from './fake-main.js';

type Responder = (frame: HostRequestFrame, socket: WebSocket) => void;

/** Starts a loopback host that replies to invokes with `respond` and counts connections. */
async function startHost(respond: Responder): Promise<{
  server: WebSocketServer;
  url: string;
  sockets: Set<WebSocket>;
  connections: () => number;
}> {
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    path: '/bridge',
  });
  await new Promise<void>((resolve) =>
    server.once('listening', () => resolve()),
  );
  const sockets = new Set<WebSocket>();
  let connections = 0;
  server.on('connection', (socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', (data) =>
      respond(JSON.parse(String(data)) as HostRequestFrame, socket),
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `ws://127.0.0.1:${port}/bridge?window=wall&name=main`,
    sockets,
    connections: () => connections,
  };
}

/** Drops the host's clients and closes it. */
function stopHost(host: Awaited<ReturnType<typeof startHost>>): Promise<void> {
  return new Promise((resolve) => {
    for (const socket of host.sockets) {
      socket.terminate();
    }
    host.server.close(() => resolve());
  });
}

/** Polls `condition` every 10 ms for at most `timeoutMs`. */
async function waitFor(
  condition: () => boolean,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  for (let waited = 0; waited < timeoutMs; waited += 10) {
    if (condition()) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

function reply(socket: WebSocket, id: number, result: unknown): void {
  socket.send(JSON.stringify({ type: 'result', id, result }));
}

const APP_INFO = {
  name: 'command-hall-console',
  version: '0.1.0',
  windowKind: 'wall',
  windowName: 'main',
  host: 'browser',
  readOnly: true,
  locale: 'zh-CN',
};

describe('socket bridge', () => {
  const cleanups: (() => Promise<void> | void)[] = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup();
    }
  });

  async function setup(
    respond: Responder,
    scheduleFrame?: ScheduleFrame,
  ): Promise<{
    bridge: SocketBridge;
    host: Awaited<ReturnType<typeof startHost>>;
  }> {
    const host = await startHost(respond);
    cleanups.push(() => stopHost(host));
    const bridge = createSocketBridge({
      url: host.url,
      createSocket: (url) => new WebSocket(url),
      baseDelayMs: 20,
      maxDelayMs: 100,
      invokeTimeoutMs: 2000,
      connectTimeoutMs: 500,
      ...(scheduleFrame === undefined ? {} : { scheduleFrame }),
    });
    cleanups.push(() => bridge.close());
    return { bridge, host };
  }

  it('builds the bridge URL from the page', () => {
    const url = bridgeUrl(
      {
        protocol: 'http:',
        host: '127.0.0.1:8080',
        search: '?name=left&lang=en',
      },
      'wall',
    );
    expect(url).toBe('ws://127.0.0.1:8080/bridge?window=wall&name=left');
    expect(
      bridgeUrl({ protocol: 'https:', host: 'h:1', search: '' }, 'console'),
    ).toBe('wss://h:1/bridge?window=console&name=main');
  });

  it('invoke returns the parsed result', async () => {
    const { bridge } = await setup((frame, socket) =>
      reply(socket, frame.id, { ok: true, value: APP_INFO }),
    );
    const result = await bridge.invoke('app:info', {});
    expect(result).toEqual({ ok: true, value: APP_INFO });
  });

  it('invoke passes main errors through', async () => {
    const { bridge } = await setup((frame, socket) =>
      reply(socket, frame.id, {
        ok: false,
        error: { code: 'forbidden', message: 'read-only window' },
      }),
    );
    const result = await bridge.invoke('command:submit', {
      name: 'alert.acknowledge',
      payload: { alertId: 'a' },
    });
    expect(result).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'read-only window' },
    });
  });

  it('invalid value becomes an internal error', async () => {
    const { bridge } = await setup((frame, socket) =>
      reply(socket, frame.id, {
        ok: true,
        value: { ...APP_INFO, windowKind: 'toaster' },
      }),
    );
    const result = await bridge.invoke('app:info', {});
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error.code).toBe('internal');
  });

  it('malformed push is dropped', async () => {
    const { bridge, host } = await setup(() => undefined);
    const batches: ChangeBatch[] = [];
    bridge.onChanges((batch) => batches.push(batch));
    await waitFor(() => bridge.link.connected, 'the link to open');

    for (const socket of host.sockets) {
      socket.send('{not json');
      socket.send(
        JSON.stringify({
          type: 'push',
          channel: 'state:changes',
          batch: { revision: 0, changes: [] },
        }),
      );
      socket.send(
        JSON.stringify({
          type: 'push',
          channel: 'state:changes',
          batch: { revision: 7, changes: [] },
        }),
      );
    }
    await waitFor(() => batches.length === 1, 'the valid batch');
    expect(batches[0]?.revision).toBe(7);
  });

  it('pushes before a result are delivered first, merged', async () => {
    const main = new FakeMain();
    const { bridge } = await setup(
      (frame, socket) => {
        for (let i = 1; i <= 3; i += 1) {
          socket.send(
            JSON.stringify({
              type: 'push',
              channel: 'state:changes',
              batch: main.upsertBatch([makeAlert(i)], 1000 + i),
            }),
          );
        }
        reply(socket, frame.id, { ok: true, value: APP_INFO });
      },
      // No frame ever comes, so only the result can release the pushes.
      () => () => undefined,
    );
    const batches: ChangeBatch[] = [];
    bridge.onChanges((batch) => batches.push(batch));

    const result = await bridge.invoke('app:info', {});

    expect(result.ok).toBe(true);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.fromRevision).toBe(1);
    expect(batches[0]?.revision).toBe(3);
    const alertIds = batches[0]?.changes.flatMap((change) =>
      change.type === 'alert.upsert' ? [change.alert.id] : [],
    );
    expect(alertIds).toEqual(['alert-1', 'alert-2', 'alert-3']);
  });

  it('store follows merged pushes and resnapshots at a gap', async () => {
    setActivePinia(createPinia());
    const main = new FakeMain();
    main.upsertBatch([makeAlert(1)], 1000);
    let snapshots = 0;
    const { bridge, host } = await setup((frame, socket) => {
      if (frame.channel === 'state:snapshot') {
        snapshots += 1;
        reply(socket, frame.id, { ok: true, value: main.snapshot() });
      }
    });
    const store = useLiveStore();
    cleanups.push(store.attach(bridge));
    await waitFor(() => store.synced, 'the first snapshot');
    await waitFor(() => bridge.link.connected, 'the link to open');
    const push = (batch: ChangeBatch): void => {
      for (const socket of host.sockets) {
        socket.send(
          JSON.stringify({ type: 'push', channel: 'state:changes', batch }),
        );
      }
    };

    for (let i = 2; i <= 20; i += 1) {
      push(main.upsertBatch([makeAlert(i)], 1000 + i));
    }
    await waitFor(
      () => store.revision === main.revision,
      'the store to apply every push',
    );
    const snapshotsBeforeGap = snapshots;
    expect(store.latestAlerts).toHaveLength(20);

    main.upsertBatch([makeAlert(21)], 1021);
    push(main.upsertBatch([makeAlert(22)], 1022));
    await waitFor(
      () => store.revision === main.revision,
      'the snapshot after the gap',
    );

    expect(snapshots).toBe(snapshotsBeforeGap + 1);
    expect(store.latestAlerts.map((alert) => alert.id).slice(0, 2)).toEqual([
      'alert-22',
      'alert-21',
    ]);
  });

  it('in-flight invoke fails when the link drops', async () => {
    const { bridge, host } = await setup((_frame, socket) =>
      socket.terminate(),
    );
    const result = await bridge.invoke('app:info', {});
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error.code).toBe('unavailable');
    await waitFor(() => host.connections() >= 2, 'a reconnect');
  });

  it('store resnapshots after a reconnect', async () => {
    setActivePinia(createPinia());
    const main = new FakeMain();
    main.upsertBatch([makeAlert(1)], 1000);
    let snapshots = 0;
    const { bridge, host } = await setup((frame, socket) => {
      if (frame.channel === 'state:snapshot') {
        snapshots += 1;
        reply(socket, frame.id, { ok: true, value: main.snapshot() });
      }
    });
    const store = useLiveStore();
    const release = store.attach(bridge);
    cleanups.push(release);
    await waitFor(() => store.synced, 'the first snapshot');
    expect(store.latestAlerts.map((alert) => alert.id)).toEqual(['alert-1']);

    // The store may have asked twice already (attach, then link open), so count from here.
    const snapshotsBeforeDrop = snapshots;
    for (const socket of host.sockets) {
      socket.terminate();
    }
    await waitFor(() => !store.linkConnected, 'the store to see the link drop');
    expect(store.dataCurrent).toBe(false);
    main.upsertBatch([makeAlert(2)], 2000);

    await waitFor(
      () => snapshots > snapshotsBeforeDrop && store.latestAlerts.length === 2,
      'the snapshot after reconnect',
    );
    expect(store.linkConnected).toBe(true);
    expect(store.revision).toBe(main.revision);
    expect(store.dataCurrent).toBe(true);
  });

  it('closed bridge stops reconnecting', async () => {
    const { bridge, host } = await setup(() => undefined);
    await waitFor(() => bridge.link.connected, 'the link to open');
    bridge.close();
    await waitFor(() => host.sockets.size === 0, 'the server to see the close');
    const connectionsAtClose = host.connections();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(host.connections()).toBe(connectionsAtClose);
    const result = await bridge.invoke('app:info', {});
    expect(result.ok).toBe(false);
  });
});

describe('socket bridge taking over an early link', () => {
  const cleanups: (() => Promise<void> | void)[] = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup();
    }
  });

  /** Starts a loopback host that replies to snapshots from `main` and records every invoke. */
  async function hostFor(
    main: FakeMain,
    onSnapshot: (frame: HostRequestFrame, socket: WebSocket) => void = (
      frame,
      socket,
    ) => reply(socket, frame.id, { ok: true, value: main.snapshot() }),
  ): Promise<{
    host: Awaited<ReturnType<typeof startHost>>;
    invokes: HostRequestFrame[];
  }> {
    const invokes: HostRequestFrame[] = [];
    const host = await startHost((frame, socket) => {
      invokes.push(frame);
      if (frame.channel === 'state:snapshot') {
        onSnapshot(frame, socket);
      } else {
        reply(socket, frame.id, { ok: true, value: APP_INFO });
      }
    });
    cleanups.push(() => stopHost(host));
    return { host, invokes };
  }

  function openEarly(url: string): EarlySocketLink {
    return openEarlySocket(
      url,
      [{ channel: 'state:snapshot', request: {} }],
      (target) => new WebSocket(target),
    );
  }

  function adopt(url: string, early: EarlySocketLink): SocketBridge {
    const bridge = createSocketBridge({
      url,
      createSocket: (target) => new WebSocket(target),
      baseDelayMs: 20,
      maxDelayMs: 100,
      invokeTimeoutMs: 2000,
      connectTimeoutMs: 500,
      early,
    });
    cleanups.push(() => bridge.close());
    return bridge;
  }

  it('early result goes to first equal invoke', async () => {
    const main = new FakeMain();
    main.upsertBatch([makeAlert(1)], 1000);
    const { host, invokes } = await hostFor(main);
    const early = openEarly(host.url);
    await waitFor(() => early.messages.length === 1, 'the early answer');

    const bridge = adopt(host.url, early);
    const snapshot = await bridge.invoke('state:snapshot', {});
    const info = await bridge.invoke('app:info', {});

    expect(snapshot.ok).toBe(true);
    expect(snapshot.ok ? snapshot.value.revision : -1).toBe(main.revision);
    expect(info).toEqual({ ok: true, value: APP_INFO });
    expect(invokes.map((frame) => [frame.id, frame.channel])).toEqual([
      [1, 'state:snapshot'],
      [2, 'app:info'],
    ]);
    expect(host.connections()).toBe(1);
  });

  it('late early result reaches its claimer', async () => {
    const main = new FakeMain();
    main.upsertBatch([makeAlert(1)], 1000);
    const pendingReplies: (() => void)[] = [];
    const { host, invokes } = await hostFor(main, (frame, socket) =>
      pendingReplies.push(() =>
        reply(socket, frame.id, { ok: true, value: main.snapshot() }),
      ),
    );
    const bridge = adopt(host.url, openEarly(host.url));
    const answer = bridge.invoke('state:snapshot', {});
    await waitFor(
      () => pendingReplies.length === 1,
      'the early request at the host',
    );
    pendingReplies[0]?.();

    const snapshot = await answer;
    expect(snapshot.ok && snapshot.value.latestAlerts.map((a) => a.id)).toEqual(
      ['alert-1'],
    );
    expect(invokes).toHaveLength(1);
  });

  it('resends after early socket closes', async () => {
    const main = new FakeMain();
    let first = true;
    const { host, invokes } = await hostFor(main, (frame, socket) => {
      if (first) {
        first = false;
        socket.terminate();
        return;
      }
      reply(socket, frame.id, { ok: true, value: main.snapshot() });
    });
    const early = openEarly(host.url);
    await waitFor(() => early.closed, 'the early socket to close');

    const bridge = adopt(host.url, early);
    const snapshot = await bridge.invoke('state:snapshot', {});

    expect(snapshot.ok).toBe(true);
    expect(invokes.map((frame) => frame.channel)).toEqual([
      'state:snapshot',
      'state:snapshot',
    ]);
    expect(host.connections()).toBe(2);
  });

  it('keeps early pushes for the store', async () => {
    setActivePinia(createPinia());
    const main = new FakeMain();
    main.upsertBatch([makeAlert(1)], 1000);
    const { host, invokes } = await hostFor(main, (frame, socket) => {
      reply(socket, frame.id, { ok: true, value: main.snapshot() });
      // Changes made right after the snapshot, before the page has a store to take them.
      for (let i = 2; i <= 6; i += 1) {
        socket.send(
          JSON.stringify({
            type: 'push',
            channel: 'state:changes',
            batch: main.upsertBatch([makeAlert(i)], 1000 + i),
          }),
        );
      }
    });
    const early = openEarly(host.url);
    await waitFor(() => early.messages.length === 6, 'the answer and 5 pushes');

    const bridge = adopt(host.url, early);
    const store = useLiveStore();
    cleanups.push(store.attach(bridge));

    await waitFor(
      () => store.revision === main.revision,
      'the store to apply the held batches',
    );
    expect(store.latestAlerts.map((alert) => alert.id)).toEqual([
      'alert-6',
      'alert-5',
      'alert-4',
      'alert-3',
      'alert-2',
      'alert-1',
    ]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(
      invokes.filter((frame) => frame.channel === 'state:snapshot'),
    ).toHaveLength(1);
  });

  it('one snapshot when attached before open', async () => {
    setActivePinia(createPinia());
    const main = new FakeMain();
    main.upsertBatch([makeAlert(1)], 1000);
    const { host, invokes } = await hostFor(main);
    const bridge = createSocketBridge({
      url: host.url,
      createSocket: (target) => new WebSocket(target),
    });
    cleanups.push(() => bridge.close());
    const store = useLiveStore();
    cleanups.push(store.attach(bridge));

    await waitFor(() => store.synced, 'the snapshot');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(invokes.map((frame) => frame.channel)).toEqual(['state:snapshot']);
  });
});
