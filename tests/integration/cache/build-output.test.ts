import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkerReply } from '../../../src-main/services/cache/protocol.js';
import { createTempDirs } from '../services/helpers/temp.js';

const temp = createTempDirs();
const OUT = fileURLToPath(new URL('../../../out/main/', import.meta.url));
const WORKER = join(OUT, 'cache-worker.js');

afterEach(() => temp.removeAll());

/** Sends one request to the worker and waits for its result. */
function request(
  worker: Worker,
  id: number,
  body: Record<string, unknown>,
): Promise<WorkerReply> {
  return new Promise((resolve) => {
    const onMessage = (reply: WorkerReply): void => {
      if (reply.type === 'result' && reply.id === id) {
        worker.off('message', onMessage);
        resolve(reply);
      }
    };
    worker.on('message', onMessage);
    worker.postMessage({ ...body, id, now: Date.now() });
  });
}

// `npm test` builds before the Node tests, so this runs there. A plain `vitest run` on a
// checkout that was never built skips it.
describe.skipIf(!existsSync(WORKER))(
  'cache worker in the electron-vite build',
  () => {
    it('runs the emitted worker under plain Node', async () => {
      const worker = new Worker(WORKER);
      const path = join(temp.make(), 'cache.sqlite3');
      try {
        const opened = await request(worker, 1, {
          type: 'open',
          options: { path },
        });
        const counted = await request(worker, 2, {
          type: 'call',
          method: 'eventCount',
          args: ['alerts'],
        });
        const closed = await request(worker, 3, {
          type: 'close',
          timeoutMs: 1_000,
        });

        expect(opened).toMatchObject({ ok: true, value: { path } });
        expect(counted).toMatchObject({ ok: true, value: 0 });
        expect(closed).toMatchObject({ ok: true, value: { closed: true } });
      } finally {
        await worker.terminate();
      }
    });

    it('loads the worker from beside the main bundle', () => {
      const main = readFileSync(join(OUT, 'index.js'), 'utf8');

      expect(main).toContain('"./cache-worker.js"');
    });
  },
);
