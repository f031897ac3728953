import type {
  Cache,
  WorkerMemory,
} from '../../src-main/services/cache/index.js';

export interface SoakResult {
  queries: number;
  seconds: number;
  before: WorkerMemory;
  after: WorkerMemory;
  /** Resident set of the whole process, after a collection on the main side, in bytes. */
  processRssBefore: number;
  processRssAfter: number;
}

/**
 * Runs `queries` reads against an open cache, four at a time, after a warm-up of 2,000, and
 * returns the worker's memory after a forced collection before and after. The four reads cover
 * the aggregate, position, outbox and single-alert statements that panels use most.
 */
export async function runQuerySoak(
  cache: Cache,
  queries: number,
  alertIds: readonly string[],
): Promise<SoakResult> {
  const run = async (count: number): Promise<void> => {
    for (let index = 0; index < count; index += 4) {
      await Promise.all([
        cache.aggregates(),
        cache.position('alerts'),
        cache.pendingCount(),
        cache.getAlert(alertIds[index % alertIds.length] ?? 'missing'),
      ]);
    }
  };
  await run(2_000);
  const before = await cache.workerMemory();
  const processRssBefore = process.memoryUsage().rss;
  const started = performance.now();
  await run(queries);
  const seconds = (performance.now() - started) / 1000;
  const after = await cache.workerMemory();
  return {
    queries,
    seconds,
    before,
    after,
    processRssBefore,
    processRssAfter: process.memoryUsage().rss,
  };
}
