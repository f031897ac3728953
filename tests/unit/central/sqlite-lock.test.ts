import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventLog } from '../../../src-central/log/event-log.js';
import { processStartTime } from '../../../src-central/log/sqlite-file.js';
import { tempDir } from './fixtures.js';

const CHILD = fileURLToPath(new URL('./hold-log.child.ts', import.meta.url));

function writeOwner(file: string, pid: number, startTime: string | null): void {
  writeFileSync(
    `${file}.lock-owner`,
    JSON.stringify({ pid, startTime, openedAt: '2026-01-01T00:00:00.000Z' }),
  );
}

/** Runs a short-lived process and returns its pid once it has exited, so the pid is dead. */
function deadPid(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', '0']);
    child.once('error', reject);
    child.once('exit', () => resolve(child.pid as number));
  });
}

function startHolder(file: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        resolve(child);
      }
    });
    child.once('exit', (code) =>
      reject(new Error(`holder exited with ${code}: ${errors}`)),
    );
  });
}

describe('stale lock recovery', () => {
  let folder: ReturnType<typeof tempDir>;
  let file: string;
  const cleanups: Array<() => void> = [];

  beforeEach(() => {
    folder = tempDir('lock');
    file = join(folder.dir, 'central.sqlite');
  });

  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) {
      cleanup();
    }
    folder.remove();
  });

  function open(): EventLog {
    const log = EventLog.open(file);
    cleanups.push(() => log.close());
    return log;
  }

  it('removes a lock whose owner is dead', async () => {
    open().append('alerts', [{ n: 1 }]);
    cleanups.pop()?.();
    mkdirSync(`${file}.lock`);
    writeOwner(file, await deadPid(), null);

    const log = open();
    expect(log.head('alerts').headSeq).toBe(1);
    expect(log.append('alerts', [{ n: 2 }])[0]?.seq).toBe(2);
  });

  it('rejects a lock whose owner is alive', () => {
    mkdirSync(`${file}.lock`);
    writeOwner(file, process.pid, processStartTime(process.pid));

    expect(() => EventLog.open(file)).toThrow(/in use by process \d+/);
    expect(existsSync(`${file}.lock`)).toBe(true);
  });

  it('rejects a lock with no owner file', () => {
    mkdirSync(`${file}.lock`);
    expect(() => EventLog.open(file)).toThrow(/no owner file/);
  });

  it.skipIf(processStartTime(process.pid) === null)(
    'treats a reused pid as dead',
    () => {
      mkdirSync(`${file}.lock`);
      // Same pid, other start time: the process that wrote the file is gone.
      writeOwner(file, process.pid, '1');

      const log = open();
      expect(log.head('alerts').headSeq).toBe(0);
    },
  );

  it('recovers after the holder is killed', async () => {
    const holder = await startHolder(file);
    cleanups.push(() => holder.kill('SIGKILL'));
    expect(existsSync(`${file}.lock`)).toBe(true);
    expect(() => EventLog.open(file)).toThrow(/in use by process/);

    const exited = new Promise((resolve) => holder.once('exit', resolve));
    holder.kill('SIGKILL');
    await exited;
    expect(existsSync(`${file}.lock`)).toBe(true);

    const log = open();
    expect(log.head('alerts').headSeq).toBe(1);
    expect(log.read('alerts', 1, 1)[0]?.body).toEqual({ from: 'child' });
  });
});
