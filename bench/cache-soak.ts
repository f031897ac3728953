// Query soak of the cache worker: `tsx bench/cache-soak.ts [QUERIES]`, 500,000 by default.
// Prints the worker's heap and the process RSS after forced collections before and after.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cache } from '../src-main/services/cache/index.js';
import { describeMachine } from './lib/machine.js';
import { EventRows } from './lib/rows.js';
import { runQuerySoak } from './lib/soak.js';

const queries = Number(process.argv[2] ?? 500_000);
const dir = mkdtempSync(join(tmpdir(), 'console-cache-soak-'));
try {
  const cache = await Cache.open({
    path: join(dir, 'soak.sqlite3'),
    maintenanceIntervalMs: 0,
  });
  const rows = new EventRows(Date.UTC(2026, 10, 1), 5);
  const ids: string[] = [];
  for (let batch = 0; batch < 10; batch += 1) {
    const events = rows.batch(500);
    for (const event of events) {
      ids.push((event.body as { alert: { id: string } }).alert.id);
    }
    await cache.applyEvents('alerts', 'soak', events);
  }
  const result = await runQuerySoak(cache, queries, ids);
  const report = await cache.close();
  const mib = (bytes: number): string => (bytes / 1024 ** 2).toFixed(1);
  process.stdout.write(
    [
      `Machine: ${describeMachine()}`,
      `${queries.toLocaleString('en-US')} queries in ${result.seconds.toFixed(0)} s`,
      `worker heap after GC: ${mib(result.before.heapUsed)} MiB -> ${mib(result.after.heapUsed)} MiB`,
      `worker external + array buffers: ${mib(result.before.external)} MiB -> ${mib(result.after.external)} MiB`,
      `process RSS: ${mib(result.before.rss)} MiB -> ${mib(result.after.rss)} MiB`,
      `statements prepared ${report?.prepared ?? 0}, finalized ${report?.finalized ?? 0}, closed ${String(report?.closed ?? false)}`,
      '',
    ].join('\n'),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
