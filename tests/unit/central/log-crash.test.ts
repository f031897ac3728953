import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { EventLog } from '../../../src-central/log/event-log.js';
import { tempDir } from './fixtures.js';

const CHILD = fileURLToPath(new URL('./append-loop.child.ts', import.meta.url));
const BATCH = 50;
const KILLS = 12;

/** Starts the appending child, waits for `batches` commits, then kills it with SIGKILL. */
function appendThenKill(
  file: string,
  batches: number,
  extraMs: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CHILD, file, String(BATCH)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let committed = 0;
    let seen = 0;
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      for (const match of chunk.toString().matchAll(/committed (\d+)/g)) {
        committed = Number(match[1]);
        seen += 1;
        if (seen === batches) {
          // Kill a little later, most likely in the middle of a later transaction.
          setTimeout(() => child.kill('SIGKILL'), extraMs);
        }
      }
    });
    child.once('exit', (code, signal) => {
      if (signal === 'SIGKILL') {
        resolve(committed);
      } else {
        reject(
          new Error(
            `appender exited with ${code} before it was killed: ${errors}`,
          ),
        );
      }
    });
  });
}

describe('event log after SIGKILL', () => {
  const folders: Array<ReturnType<typeof tempDir>> = [];

  afterEach(() => {
    for (const folder of folders.splice(0)) {
      folder.remove();
    }
  });

  it('keeps every committed batch and nothing partial', async () => {
    const folder = tempDir('log-crash');
    folders.push(folder);
    const file = join(folder.dir, 'central.sqlite');

    for (let kill = 0; kill < KILLS; kill += 1) {
      const reported = await appendThenKill(
        file,
        2 + (kill % 3),
        (kill * 7) % 11,
      );

      const log = EventLog.open(file);
      try {
        const head = log.head('alerts').headSeq;
        expect(head, `head after kill ${kill}`).toBeGreaterThanOrEqual(
          reported,
        );
        expect(head % BATCH, `whole batches only after kill ${kill}`).toBe(0);
        expect(
          head - reported,
          `at most one batch past the last report`,
        ).toBeLessThanOrEqual(BATCH);

        const events = log.read('alerts', 1, head + 1);
        expect(events.map((event) => event.seq)).toEqual(
          Array.from({ length: head }, (_, index) => index + 1),
        );
        const integrity = log.db.all('PRAGMA integrity_check');
        expect(integrity).toEqual([{ integrity_check: 'ok' }]);
      } finally {
        log.close();
      }
    }
  }, 120_000);
});
