import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { FaultProxy, FrameTracker } from './proxy.js';

/** Starts a TCP server on loopback that echoes every byte and keeps its sockets for inspection. */
async function echoServer(): Promise<{
  server: Server;
  port: number;
  sockets: Socket[];
  received: () => number;
}> {
  const sockets: Socket[] = [];
  let received = 0;
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      socket.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('echo server has no port');
  }
  return { server, port: address.port, sockets, received: () => received };
}

async function dial(port: number): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return socket;
}

/** Collects what a socket receives until `bytes` arrived. */
function readBytes(socket: Socket, bytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer): void => {
      parts.push(chunk);
      total += chunk.length;
      if (total >= bytes) {
        socket.off('data', onData);
        resolve(Buffer.concat(parts));
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup();
  }
});

async function setup(): Promise<{
  proxy: FaultProxy;
  echo: Awaited<ReturnType<typeof echoServer>>;
}> {
  const echo = await echoServer();
  const proxy = await FaultProxy.start(echo.port);
  cleanups.push(
    () => new Promise<void>((resolve) => echo.server.close(() => resolve())),
  );
  cleanups.push(() => echo.sockets.forEach((socket) => socket.destroy()));
  cleanups.push(() => proxy.close());
  return { proxy, echo };
}

describe('FrameTracker', () => {
  it('finds frame starts across chunk borders, with masked and extended lengths', () => {
    const tracker = new FrameTracker();
    const small = Buffer.from([0x81, 0x03, 1, 2, 3]);
    const masked = Buffer.from([0x81, 0x82, 9, 9, 9, 9, 5, 6]);
    const extended = Buffer.concat([
      Buffer.from([0x81, 126, 0x01, 0x00]),
      Buffer.alloc(256, 7),
    ]);
    const stream = Buffer.concat([small, masked, extended, small]);

    const starts: number[] = [];
    const cuts = [3, 11, 200, stream.length];
    let offset = 0;
    for (const cut of cuts) {
      const found = tracker.boundaries(stream.subarray(offset, cut));
      starts.push(...found.map((start) => start + offset));
      offset = cut;
    }

    const second = small.length;
    const third = second + masked.length;
    const fourth = third + extended.length;
    expect(starts).toEqual([0, second, third, fourth]);
  });
});

describe('FaultProxy', () => {
  it('forwards bytes both ways and counts them', async () => {
    const { proxy } = await setup();
    const socket = await dial(proxy.port);
    cleanups.push(() => void socket.destroy());

    const reply = readBytes(socket, 5);
    socket.write('hello');

    expect((await reply).toString()).toBe('hello');
    expect(proxy.stats()).toMatchObject({
      accepted: 1,
      open: 1,
      bytesToServer: 5,
      bytesToConsole: 5,
    });
  });

  it('drop() resets both sides', async () => {
    const { proxy, echo } = await setup();
    const socket = await dial(proxy.port);
    const closed = new Promise<string>((resolve) => {
      socket.once('error', (error: NodeJS.ErrnoException) =>
        resolve(error.code ?? 'error'),
      );
      socket.once('close', () => resolve('close'));
    });
    await readBytesAfterWrite(socket, 'x');

    proxy.drop();

    expect(await closed).toBe('ECONNRESET');
    expect(proxy.stats()).toMatchObject({ reset: 1, open: 0 });
    await waitUntil(() => echo.sockets[0]?.destroyed === true);
  });

  it('blackhole() keeps the sockets open and discards traffic; restore() then resets the link', async () => {
    const { proxy, echo } = await setup();
    const socket = await dial(proxy.port);
    cleanups.push(() => void socket.destroy());
    await readBytesAfterWrite(socket, 'a');
    let closed = false;
    socket.once('close', () => {
      closed = true;
    });
    const late: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => late.push(chunk));

    proxy.blackhole();
    socket.write('lost');
    await sleep(150);

    expect(echo.received()).toBe(1);
    expect(late).toEqual([]);
    expect(closed).toBe(false);
    expect(echo.sockets[0]?.destroyed).toBe(false);
    expect(proxy.stats().discarded).toBe(4);

    proxy.restore();
    await waitUntil(() => closed);
    expect(proxy.stats().reset).toBe(1);

    const fresh = await dial(proxy.port);
    cleanups.push(() => void fresh.destroy());
    await readBytesAfterWrite(fresh, 'back');
  });

  it('restore() resumes a black-holed link that lost nothing', async () => {
    const { proxy } = await setup();
    const socket = await dial(proxy.port);
    cleanups.push(() => void socket.destroy());

    proxy.blackhole();
    proxy.restore();

    await readBytesAfterWrite(socket, 'still here');
    expect(proxy.stats().reset).toBe(0);
  });

  it('a black hole also swallows the handshake of a new connection', async () => {
    const { proxy, echo } = await setup();
    proxy.blackhole();
    const socket = await dial(proxy.port);
    cleanups.push(() => void socket.destroy());

    socket.write('nobody hears this');
    await sleep(100);

    expect(echo.received()).toBe(0);
    expect(socket.destroyed).toBe(false);
  });

  it('refuse() resets new connections until restore()', async () => {
    const { proxy, echo } = await setup();
    proxy.refuse();
    const refused = connect({ host: '127.0.0.1', port: proxy.port });
    const outcome = await new Promise<string>((resolve) => {
      refused.once('error', (error: NodeJS.ErrnoException) =>
        resolve(error.code ?? 'error'),
      );
      refused.once('close', () => resolve('close'));
    });

    expect(outcome).toBe('ECONNRESET');
    expect(echo.sockets).toHaveLength(0);

    proxy.restore();
    const socket = await dial(proxy.port);
    cleanups.push(() => void socket.destroy());
    await readBytesAfterWrite(socket, 'open again');
  });

  it('delay(ms) holds data at least that long and keeps its order', async () => {
    const { proxy } = await setup();
    const socket = await dial(proxy.port);
    cleanups.push(() => void socket.destroy());
    proxy.delay(120);

    const started = Date.now();
    const reply = readBytes(socket, 6);
    socket.write('abc');
    socket.write('def');

    expect((await reply).toString()).toBe('abcdef');
    // Both directions are delayed, so the round trip cannot be shorter than twice the delay.
    expect(Date.now() - started).toBeGreaterThanOrEqual(230);
  });

  it('throttle(rate) spreads data out and delivers it intact', async () => {
    const { proxy } = await setup();
    const socket = await dial(proxy.port);
    cleanups.push(() => void socket.destroy());
    proxy.throttle(40_000);
    const payload = Buffer.alloc(12_000);
    for (let index = 0; index < payload.length; index += 1) {
      payload[index] = index % 251;
    }

    const started = Date.now();
    const reply = readBytes(socket, payload.length);
    socket.write(payload);

    expect((await reply).equals(payload)).toBe(true);
    // 12 kB at 40 kB/s one way is at least 0.25 s, whatever the machine.
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('cutMidFrame() delivers part of a WebSocket frame, then resets the link', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss.once('listening', resolve));
    cleanups.push(
      () => new Promise<void>((resolve) => wss.close(() => resolve())),
    );
    const address = wss.address();
    if (address === null || typeof address === 'string') {
      throw new Error('ws server has no port');
    }
    const proxy = await FaultProxy.start(address.port);
    cleanups.push(() => proxy.close());
    const serverSide = new Promise<WebSocket>((resolve) =>
      wss.once('connection', resolve),
    );
    const client = new WebSocket(proxy.url('/'));
    const messages: string[] = [];
    client.on('message', (data) => messages.push(String(data)));
    client.on('error', () => undefined);
    const closed = new Promise<number>((resolve) =>
      client.once('close', (code) => resolve(code)),
    );
    await new Promise<void>((resolve) => client.once('open', resolve));
    const server = await serverSide;
    server.on('error', () => undefined);
    server.send('first');
    await waitUntil(() => messages.length === 1);
    const before = proxy.stats().bytesToConsole;

    proxy.cutMidFrame();
    server.send('x'.repeat(1000));

    expect(await closed).toBe(1006);
    expect(messages).toEqual(['first']);
    const forwarded = proxy.stats().bytesToConsole - before;
    expect(forwarded).toBeGreaterThan(4);
    expect(forwarded).toBeLessThan(1004);
    expect(proxy.stats().cut).toBe(1);
  });
});

async function readBytesAfterWrite(
  socket: Socket,
  text: string,
): Promise<void> {
  const reply = readBytes(socket, text.length);
  socket.write(text);
  await reply;
}

async function waitUntil(
  check: () => boolean,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms`);
    }
    await sleep(10);
  }
}
