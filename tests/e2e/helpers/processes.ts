import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const REPO_ROOT = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
);

/** Returns a TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (!address || typeof address === 'string') {
    throw new Error('could not read the port of a probe server');
  }
  return address.port;
}

/** Children still running. A test that times out never reaches its own cleanup, so these are
 * killed when the test process exits, or they would keep their ports and load the machine. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) {
    child.kill('SIGKILL');
  }
});

/** A child process running one of the project's TypeScript entry points under tsx. */
export class ProjectProcess {
  private readonly child: ChildProcess;
  private text = '';
  private readonly exited: Promise<number | null>;

  constructor(
    readonly label: string,
    entry: string,
    args: string[],
    env: Record<string, string> = {},
  ) {
    // One Node process with the tsx loader, not the tsx wrapper, so a kill reaches the server itself.
    this.child = spawn(
      process.execPath,
      ['--import', 'tsx', join(REPO_ROOT, entry), ...args],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, FORCE_COLOR: '0', ...env },
      },
    );
    this.child.stdout?.on('data', (chunk: Buffer) => this.append(chunk));
    this.child.stderr?.on('data', (chunk: Buffer) => this.append(chunk));
    running.add(this.child);
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code) => {
        running.delete(this.child);
        resolve(code);
      }),
    );
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  output(): string {
    return this.text;
  }

  /** Waits until the output contains a line matching `pattern`; returns the match. */
  async waitForOutput(
    pattern: RegExp,
    timeoutMs = 60_000,
  ): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const match = this.text.match(pattern);
      if (match) {
        return match;
      }
      if (this.child.exitCode !== null) {
        throw new Error(
          `${this.label} exited with ${this.child.exitCode} before printing ${pattern}:\n${this.text}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(
      `${this.label} did not print ${pattern} within ${timeoutMs} ms:\n${this.text}`,
    );
  }

  /** Kills the process with SIGKILL, as a power cut or a crash would, and waits for its exit. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  /** Asks the process to stop with SIGTERM; escalates to SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      return;
    }
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  private append(chunk: Buffer): void {
    this.text += chunk.toString('utf8');
    if (this.text.length > 2_000_000) {
      this.text = this.text.slice(-1_000_000);
    }
  }
}
