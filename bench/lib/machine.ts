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
