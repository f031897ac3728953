// Open plus first wall snapshot through the worker emitted by `electron-vite build`, which is
// plain JavaScript: `tsx bench/cache-open-built.ts PATH`. From source, cache-bench.ts also pays
// for tsx compiling the worker's TypeScript.
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerReply } from '../src-main/services/cache/protocol.js';

const path = process.argv[2];
if (path === undefined) {
  process.stderr.write('usage: tsx bench/cache-open-built.ts PATH\n');
  process.exit(2);
}
const entry = fileURLToPath(
  new URL('../out/main/cache-worker.js', import.meta.url),
);

const started = performance.now();
const worker = new Worker(entry);
let nextId = 1;
function request(body: Record<string, unknown>): Promise<WorkerReply> {
  const id = nextId;
  nextId += 1;
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
const call = (method: string, args: unknown[] = []): Promise<WorkerReply> =>
  request({ type: 'call', method, args });

await request({ type: 'open', options: { path } });
const opened = performance.now();
await call('positions');
await call('aggregates');
await call('latestAlerts', [200]);
const done = performance.now();
await request({ type: 'close', timeoutMs: 5_000 });
await worker.terminate();
process.stdout.write(
  `built worker: start and open ${(opened - started).toFixed(0)} ms, first snapshot ${(done - opened).toFixed(0)} ms, total ${(done - started).toFixed(0)} ms\n`,
);
