import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  startBrowserHost,
  type BrowserHost,
} from '../../../src-main/host/index.js';
import {
  HostResponseFrame,
  type ChangeBatch,
} from '../../../src-shared/contract/index.js';
import { createFakeCore, type FakeCore } from '../../unit/host/fake-core.js';

const WAIT_MS = 5000;
/** Revision of the fake core's snapshot; pushed batches follow it. */
const SNAPSHOT_REVISION = 4;

let rendererDir: string;
let host: BrowserHost | null = null;
let core: FakeCore;
const openSockets: WebSocket[] = [];

beforeAll(() => {
  rendererDir = mkdtempSync(join(tmpdir(), 'bridge-coalescing-'));
});

afterAll(() => {
  rmSync(rendererDir, { recursive: true, force: true });
});

afterEach(async () => {
  for (const socket of openSockets.splice(0)) {
    socket.terminate();
  }
  await host?.stop();
  host = null;
});

async function start(coalesceMs: number): Promise<BrowserHost> {
  core = createFakeCore();
  host = await startBrowserHost({
    core,
    rendererDir,
    port: 0,
    allowCommands: false,
    coalesceMs,
    appInfo: { name: 'command-hall-console', version: '0.0.1', locale: 'en' },
  });
  return host;
}

async function connectWall(port: number): Promise<WebSocket> {
  const socket = new WebSocket(
    `ws://127.0.0.1:${port}/bridge?window=wall&name=wall-1`,
    { origin: `http://127.0.0.1:${port}` },
  );
  openSockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return socket;
}

/** Collects every frame the socket receives from now on. */
function recordFrames(socket: WebSocket): HostResponseFrame[] {
  const frames: HostResponseFrame[] = [];
  socket.on('message', (data: Buffer) => {
    frames.push(HostResponseFrame.parse(JSON.parse(data.toString())));
  });
  return frames;
}

/** Polls `condition` every 10 ms for at most `timeoutMs`. */
async function waitFor(
  condition: () => boolean,
  what: string,
  timeoutMs = WAIT_MS,
): Promise<void> {
  for (let waited = 0; waited < timeoutMs; waited += 10) {
    if (condition()) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Builds a batch whose one change carries its revision, so the test can follow every change. */
function batch(
  revision: number,
  message = `revision ${revision}`,
): ChangeBatch {
  return {
    revision,
    changes: [
      {
        type: 'command.rejected',
        installSeq: revision,
        commandId: `c-${revision}`,
        name: 'incident.accept',
        code: 'conflict',
        message,
      },
    ],
  };
}

function pushedBatches(frames: readonly HostResponseFrame[]): ChangeBatch[] {
  return frames.flatMap((frame) =>
    frame.type === 'push' ? [frame.batch] : [],
  );
}

function carriedRevisions(batches: readonly ChangeBatch[]): number[] {
  return batches.flatMap((item) =>
    item.changes.flatMap((change) =>
      change.type === 'command.rejected' ? [change.installSeq] : [],
    ),
  );
}

function lastRevision(frames: readonly HostResponseFrame[]): number {
  return pushedBatches(frames).at(-1)?.revision ?? 0;
}

describe('bridge push coalescing', () => {
  it('merges a burst without losing a change', async () => {
    const { port } = await start(20);
    const socket = await connectWall(port);
    const frames = recordFrames(socket);
    const last = SNAPSHOT_REVISION + 40;

    for (
      let revision = SNAPSHOT_REVISION + 1;
      revision <= last;
      revision += 1
    ) {
      core.emit(batch(revision));
    }
    await waitFor(() => lastRevision(frames) === last, `revision ${last}`);

    const batches = pushedBatches(frames);
    // The first batch goes out at once and the rest of the burst waits for the interval.
    expect(batches).toHaveLength(2);
    expect(carriedRevisions(batches)).toEqual(
      Array.from({ length: 40 }, (_, index) => SNAPSHOT_REVISION + 1 + index),
    );
    expect(batches[1]?.fromRevision).toBe(SNAPSHOT_REVISION + 2);
  });

  it('keeps revisions contiguous across intervals', async () => {
    const { port } = await start(5);
    const socket = await connectWall(port);
    const frames = recordFrames(socket);
    const last = SNAPSHOT_REVISION + 60;

    for (
      let revision = SNAPSHOT_REVISION + 1;
      revision <= last;
      revision += 1
    ) {
      core.emit(batch(revision));
      if (revision % 3 === 0) {
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    }
    await waitFor(() => lastRevision(frames) === last, `revision ${last}`);

    const batches = pushedBatches(frames);
    let expectedFirst = SNAPSHOT_REVISION + 1;
    for (const item of batches) {
      expect(item.fromRevision ?? item.revision).toBe(expectedFirst);
      expectedFirst = item.revision + 1;
    }
    expect(carriedRevisions(batches)).toHaveLength(60);
  });

  it('sends held batches before an invoke result', async () => {
    // The interval never ends within the test, so only the invoke can release the held batches.
    const { port } = await start(60_000);
    const socket = await connectWall(port);
    const frames = recordFrames(socket);

    core.emit(batch(5));
    core.emit(batch(6));
    core.emit(batch(7));
    socket.send(
      JSON.stringify({
        type: 'invoke',
        id: 1,
        channel: 'state:snapshot',
        request: {},
      }),
    );
    await waitFor(
      () => frames.some((frame) => frame.type === 'result'),
      'the snapshot result',
    );

    expect(frames.map((frame) => frame.type)).toEqual([
      'push',
      'push',
      'result',
    ]);
    const held = pushedBatches(frames)[1];
    expect(held?.fromRevision).toBe(6);
    expect(held?.revision).toBe(7);
  });

  it('closes a wall that stopped reading', async () => {
    const { port } = await start(25);
    const socket = await connectWall(port);
    const code = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('the host did not close the socket in time')),
        20_000,
      );
      socket.once('close', (closeCode) => {
        clearTimeout(timer);
        resolve(closeCode);
      });
    });
    socket.pause();

    // 160 batches of 256 KiB (40 MiB) are far more than the 8 MiB limit, so the limit is passed
    // even after the kernel's socket buffers take their share. The pauses let many intervals end,
    // so the host sends many frames and checks the buffer before each.
    const filler = 'x'.repeat(256 * 1024);
    for (let index = 1; index <= 160; index += 1) {
      core.emit(batch(SNAPSHOT_REVISION + index, filler));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    socket.resume();

    expect(await code).toBe(1013);
  });
});
