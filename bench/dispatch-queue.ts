// Incident queue benchmark: `npx tsx bench/dispatch-queue.ts [--incidents N]
// [--resources N] [--updates N] [--seed N]`. Needs Chromium at /usr/bin/chromium (or CHROMIUM_PATH).
//
// Builds the real DispatchView and dispatch store with Vite from bench/fixtures/dispatch, over an
// in-memory records source holding N open incidents (default 5,000) and N resources (default
// 2,000). In Chromium it applies one incident change per animation frame and times each update:
// from handing the change to the store until Vue has updated the DOM and layout is done, and until
// the next animation frame. In the same page it applies the same kind of change to a plain array
// of the queue keys sorted with Array.prototype.sort, as a reference. Prints a Markdown section.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import vue from '@vitejs/plugin-vue';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import type { BenchResult, DispatchBench } from './fixtures/dispatch/main.js';

/** The page's global scope as the bench entry fills it. */
type BenchScope = { dispatchBench?: DispatchBench };

const { values } = parseArgs({
  options: {
    incidents: { type: 'string', default: '5000' },
    resources: { type: 'string', default: '2000' },
    updates: { type: 'string', default: '300' },
    seed: { type: 'string', default: '6' },
  },
});
const INCIDENTS = Number(values.incidents);
const RESOURCES = Number(values.resources);
const UPDATES = Number(values.updates);
const SEED = Number(values.seed);
const BUDGET_MS = 16;
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const FIXTURE_ROOT = resolve(import.meta.dirname, 'fixtures', 'dispatch');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

for (const [name, value] of [
  ['--incidents', INCIDENTS],
  ['--resources', RESOURCES],
  ['--updates', UPDATES],
  ['--seed', SEED],
] as const) {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer, got ${value}`);
  }
}

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function buildFixture(outDir: string): Promise<void> {
  await build({
    root: FIXTURE_ROOT,
    base: './',
    configFile: false,
    logLevel: 'warn',
    plugins: [vue()],
    build: { outDir, emptyOutDir: true, assetsInlineLimit: 0 },
  });
}

/** Serves the built fixture on loopback; only files inside `root` are answered. */
async function serve(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const path = normalize(
      join(root, new URL(request.url ?? '/', 'http://x').pathname),
    );
    const file = path.endsWith('/') ? join(path, 'index.html') : path;
    if (!file.startsWith(root)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => {
        response
          .writeHead(200, {
            'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          })
          .end(body);
      },
      () => response.writeHead(404).end(),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('could not read the port of the fixture server');
  }
  return { server, url: `http://127.0.0.1:${address.port}/index.html` };
}

function quantile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.floor(share * sorted.length));
  return sorted[index] ?? Number.NaN;
}

function row(label: string, samples: readonly number[]): string {
  const cells = [0.5, 0.95].map((share) => quantile(samples, share).toFixed(2));
  return `| ${label} | ${cells.join(' | ')} | ${Math.max(...samples).toFixed(2)} |`;
}

function report(result: BenchResult, chromiumVersion: string): void {
  const over = result.work.filter((ms) => ms > BUDGET_MS).length;
  const ratio = quantile(result.work, 0.5) / quantile(result.reference, 0.5);
  const model = cpus()[0]?.model ?? 'unknown CPU';
  print('## Dispatch incident queue');
  print('');
  print(
    `Machine: ${model}, ${cpus().length} cores, Node ${process.version}, Chromium ${chromiumVersion}.`,
  );
  print(
    `${result.queueLength} open incidents and ${RESOURCES} resources; ${UPDATES} updates, one per frame; ${result.rowsShown} queue rows in the DOM (the list is virtual).`,
  );
  print('');
  print('| per update, ms | p50 | p95 | max |');
  print('| --- | --- | --- | --- |');
  print(row('store + Vue render + layout', result.work));
  print(row('apply → next animation frame', result.frame));
  print(row('reference: plain array, replace + sort', result.reference));
  print('');
  print(
    `Updates over ${BUDGET_MS} ms: ${over} of ${result.work.length}. p50 ratio of the queue to the reference sort: ${ratio.toFixed(2)}.`,
  );
}

async function main(): Promise<void> {
  const outDir = mkdtempSync(join(tmpdir(), 'dispatch-bench-'));
  let server: Server | null = null;
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
  });
  try {
    await buildFixture(outDir);
    const served = await serve(outDir);
    server = served.server;
    const page = await browser.newPage({
      viewport: { width: 1920, height: 1080 },
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(served.url);
    await page.waitForFunction(
      () => (globalThis as BenchScope).dispatchBench !== undefined,
      null,
      {
        timeout: 30_000,
      },
    );
    const loaded = await page.evaluate(
      ([incidents, resources, seed]) =>
        (globalThis as BenchScope).dispatchBench!.setup(
          incidents,
          resources,
          seed,
        ),
      [INCIDENTS, RESOURCES, SEED] as const,
    );
    if (loaded !== INCIDENTS) {
      throw new Error(
        `the queue shows ${loaded} incidents after loading, expected ${INCIDENTS}; page errors: ${errors.join('; ') || 'none'}`,
      );
    }
    const result = await page.evaluate(
      (updates) => (globalThis as BenchScope).dispatchBench!.run(updates),
      UPDATES,
    );
    if (errors.length > 0) {
      throw new Error(`the bench page raised errors: ${errors.join('; ')}`);
    }
    report(result, browser.version());
  } finally {
    await browser.close();
    server?.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

await main();
