import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Cache,
  type CacheEvent,
} from '../../../src-main/services/cache/index.js';
import { createTempDirs } from '../services/helpers/temp.js';
import { createdBody } from './helpers.js';

const temp = createTempDirs();
const EVENTS = 50_000;
const BATCH = 500;
const MAX_BLOCKING_MS = 20;

afterEach(() => temp.removeAll());

/** Builds one batch when it is sent, so the test holds no large heap that the collector walks. */
function makeBatch(first: number): CacheEvent[] {
  const batch: CacheEvent[] = [];
  for (let seq = first; seq < first + BATCH; seq += 1) {
    batch.push({ seq, at: seq, body: createdBody(seq) });
  }
  return batch;
}

/** On-CPU time of the main thread in ms, from Linux schedstat; null where it is missing. */
function mainThreadCpuMs(): number | null {
  try {
    // The main thread's task id is the process id.
    const text = readFileSync(
      `/proc/self/task/${process.pid}/schedstat`,
      'utf8',
    );
    return Number(text.split(' ')[0]) / 1e6;
  } catch {
    return null;
  }
}

/**
 * Samples the main thread every millisecond. `maxBusyMs` is the largest CPU time the main thread
 * used between two samples: on a loaded machine a sample can come late because the OS ran other
 * threads, and that wait is not the main thread blocking. Where schedstat is missing it falls
 * back to the event loop's active time. `maxGapMs` is the raw gap between samples, reported only.
 */
function sampleMainThread(): {
  stop(): { maxBusyMs: number; maxGapMs: number; source: string };
} {
  let maxBusyMs = 0;
  let maxGapMs = 0;
  let lastAt = performance.now();
  let lastCpu = mainThreadCpuMs();
  let lastUtilization = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.now();
    const cpu = mainThreadCpuMs();
    const utilization = performance.eventLoopUtilization();
    const busy =
      cpu !== null && lastCpu !== null
        ? cpu - lastCpu
        : performance.eventLoopUtilization(utilization, lastUtilization).active;
    maxBusyMs = Math.max(maxBusyMs, busy);
    maxGapMs = Math.max(maxGapMs, now - lastAt);
    lastAt = now;
    lastCpu = cpu;
    lastUtilization = utilization;
  }, 1);
  return {
    stop() {
      clearInterval(timer);
      const source = lastCpu === null ? 'event loop active time' : 'schedstat';
      return { maxBusyMs, maxGapMs, source };
    },
  };
}

describe('cache worker responsiveness', () => {
  it('keeps the main loop free during ingest', async () => {
    const cache = await Cache.open({
      path: join(temp.make(), 'cache.sqlite3'),
      maintenanceIntervalMs: 0,
    });
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    histogram.enable();
    const sampler = sampleMainThread();

    const started = performance.now();
    for (let first = 1; first <= EVENTS; first += BATCH) {
      await cache.applyEvents('alerts', 'e1', makeBatch(first));
    }
    const seconds = (performance.now() - started) / 1000;
    const { maxBusyMs, maxGapMs, source } = sampler.stop();
    histogram.disable();
    const stored = await cache.eventCount('alerts');
    await cache.close();

    process.stdout.write(
      `ingest of ${EVENTS} events in ${seconds.toFixed(1)} s: main thread busy at most ${maxBusyMs.toFixed(1)} ms between samples (${source}), raw gap ${maxGapMs.toFixed(1)} ms, loop delay p99 ${(histogram.percentile(99) / 1e6).toFixed(1)} ms\n`,
    );
    expect(stored).toBe(EVENTS);
    expect(maxBusyMs).toBeLessThan(MAX_BLOCKING_MS);
  }, 180_000);
});
