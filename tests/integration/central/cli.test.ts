import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleClient } from './console-client.js';
import { tempDir } from '../../unit/central/fixtures.js';

const CLI = fileURLToPath(
  new URL('../../../src-central/cli.ts', import.meta.url),
);

interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Runs the CLI. `whenListening` gets the URL once printed and may stop the process. */
function runCli(
  args: string[],
  whenListening?: (url: string, stop: () => void) => void | Promise<void>,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run: Run = { stdout: '', stderr: '', code: null };
    // Bounded: a CLI that never prints its URL is killed after 20 s.
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    let announced = false;
    child.stdout.on('data', (chunk: Buffer) => {
      run.stdout += chunk.toString();
      const match = /central listening on (\S+)/.exec(run.stdout);
      if (match && !announced && whenListening) {
        announced = true;
        void Promise.resolve(
          whenListening(match[1] as string, () => child.kill('SIGTERM')),
        ).catch(reject);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      run.stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(guard);
      run.code = code;
      resolve(run);
    });
  });
}

describe('central CLI', () => {
  let folder: ReturnType<typeof tempDir>;

  beforeEach(() => {
    folder = tempDir('cli');
  });

  afterEach(() => {
    folder.remove();
  });

  it('prints help', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--scenario NAME');
    expect(run.stdout).toContain('--retention-days');
  });

  it('serves consoles and stops on SIGTERM', async () => {
    let welcomed = false;
    const run = await runCli(
      ['--port', '0', '--data', join(folder.dir, 'data'), '--scenario', 'none'],
      async (url, stop) => {
        expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/console$/);
        const client = await ConsoleClient.hello(url);
        await client.waitFor('caught-up');
        welcomed = true;
        client.close();
        stop();
      },
    );
    expect(welcomed).toBe(true);
    expect(run.code).toBe(0);
  });

  it('rejects a non-loopback host', async () => {
    const run = await runCli([
      '--host',
      '0.0.0.0',
      '--data',
      join(folder.dir, 'data'),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--allow-remote');
  });

  it('rejects an unknown scenario', async () => {
    const run = await runCli([
      '--scenario',
      'mars',
      '--data',
      join(folder.dir, 'data'),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('county, open311, none');
  });
});
