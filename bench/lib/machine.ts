import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

/** One line naming the machine a benchmark ran on. */
export function describeMachine(): string {
  let model = cpus()[0]?.model ?? 'unknown CPU';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((text) => text.startsWith('model name'));
    model = line?.split(':')[1]?.trim() ?? model;
  } catch {
    // Not Linux; os.cpus() gave the model.
  }
  const memory = (totalmem() / 1024 ** 3).toFixed(1);
  return `${model}, ${cpus().length} CPUs, ${memory} GiB RAM, Node ${process.version}, ${process.platform}`;
}

/** Milliseconds taken by `work`. */
export async function timed<T>(
  work: () => Promise<T> | T,
): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

/** Idle and total CPU time of the whole machine so far, in clock ticks, from /proc/stat. */
function cpuTimes(): { idle: number; total: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8')
      .split('\n', 1)[0]
      ?.trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    if (fields === undefined || fields.length < 5) {
      return null;
    }
    // The fields are user, nice, system, idle, iowait and more. Idle and iowait count as idle.
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return { idle, total: fields.reduce((sum, value) => sum + value, 0) };
  } catch {
    return null;
  }
}

export interface QuietWait {
  /** Time spent waiting, ms. */
  waitedMs: number;
  /** Idle share of all CPUs over the last window, 0..1; null where /proc/stat is missing. */
  idleShare: number | null;
}

/**
 * Waits until the machine's CPUs were idle for at least `idleShare` of a `windowMs` window, or
 * `timeoutMs` has passed. Returns at once where /proc/stat is missing.
 *
 * A measurement started right after the harness opened or closed a browser context also counts
 * the browser's own work for that. On a 2-core machine that work kept the CPUs busy for 0.6 to
 * 1.6 s after each new page.
 */
export async function waitForQuietCpu({
  idleShare = 0.85,
  windowMs = 200,
  timeoutMs = 5000,
} = {}): Promise<QuietWait> {
  const started = performance.now();
  let before = cpuTimes();
  if (before === null) {
    return { waitedMs: 0, idleShare: null };
  }
  let share = 0;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const after = cpuTimes();
    if (after === null) {
      return { waitedMs: performance.now() - started, idleShare: null };
    }
    const total = after.total - before.total;
    share = total > 0 ? (after.idle - before.idle) / total : 1;
    before = after;
    if (share >= idleShare || performance.now() - started >= timeoutMs) {
      return { waitedMs: performance.now() - started, idleShare: share };
    }
  }
}
