/**
 * Pieces a fault campaign drives: the reference central on a fixed data folder and port (so that
 * it can be stopped and started again), the console core in a child process, and a seeded random
 * source.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  startCentral,
  type CentralHandle,
  type CentralOptions,
} from '../../src-central/server.js';
import type { ChildConfig, ChildReply, ChildRequest } from './console-child.js';

/** mulberry32: small, fast and good enough to draw faults; the same seed gives the same draws. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The reference central, stoppable and restartable on the same folder and port. */
export class CentralControl {
  private current: CentralHandle | null = null;
  private portNumber = 0;

  constructor(
    private readonly options: Omit<CentralOptions, 'port' | 'scenario'>,
  ) {}

  /** The running central, or null while it is down. */
  get handle(): CentralHandle | null {
    return this.current;
  }

  get port(): number {
    return this.portNumber;
  }

  async start(): Promise<CentralHandle> {
    // The port of a central that just stopped can take a moment to be free again.
    for (let attempt = 1; ; attempt += 1) {
      try {
        this.current = await startCentral({
          ...this.options,
          scenario: 'none',
          port: this.portNumber,
        });
        this.portNumber = this.current.port;
        return this.current;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EADDRINUSE' || attempt >= 50) {
          throw error;
        }
        await sleep(50);
      }
    }
  }

  async stop(): Promise<void> {
    const running = this.current;
    this.current = null;
    await running?.stop();
  }
}

const CHILD_SCRIPT = fileURLToPath(
  new URL('./console-child.ts', import.meta.url),
);
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

export type ChildStatus = Extract<ChildReply, { type: 'status' }>;
export type Submitted = Extract<ChildReply, { type: 'submitted' }>;

/** The console core running in a child process, on a data folder that outlives the process. */
export class ConsoleProcess {
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    (reply: ChildReply | null) => void
  >();
  private exited = false;
  private readonly exit: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    this.exit = new Promise((resolve) => {
      child.once('exit', () => {
        this.exited = true;
        for (const settle of this.waiting.values()) {
          settle(null);
        }
        this.waiting.clear();
        resolve();
      });
    });
    child.on('message', (raw) => this.onReply(raw as ChildReply));
    // Writes to a channel the child just closed fail; the exit handler settles what waits.
    child.on('error', () => undefined);
  }

  static async start(config: ChildConfig): Promise<ConsoleProcess> {
    const child = fork(CHILD_SCRIPT, [JSON.stringify(config)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const process = new ConsoleProcess(child);
    const ready = await new Promise<ChildReply | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), READY_TIMEOUT_MS);
      child.once('message', (raw) => {
        clearTimeout(timer);
        resolve(raw as ChildReply);
      });
      void process.exit.then(() => resolve(null));
    });
    if (ready?.type !== 'ready') {
      child.kill('SIGKILL');
      throw new Error(
        `the console child did not start on ${config.dataDir}: ${JSON.stringify(ready)}`,
      );
    }
    return process;
  }

  get alive(): boolean {
    return !this.exited;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Queues an acknowledgement; null when the child died or refused before confirming it. */
  async submit(alertId: string): Promise<Submitted | null> {
    const id = this.nextId++;
    const answer = await this.ask({ type: 'submit', id, alertId }, id);
    return answer?.type === 'submitted' ? answer : null;
  }

  async status(): Promise<ChildStatus | null> {
    const id = this.nextId++;
    const answer = await this.ask({ type: 'status', id }, id);
    return answer?.type === 'status' ? answer : null;
  }

  probe(times: number): void {
    this.post({ type: 'probe', times });
  }

  /** Number of submits still waiting for the child's reply. */
  get inFlight(): number {
    return this.waiting.size;
  }

  async kill(): Promise<void> {
    if (!this.exited) {
      this.child.kill('SIGKILL');
    }
    await this.exit;
  }

  /** Stops the core cleanly (flushes the cache), or kills the child if it does not end in time. */
  async stop(): Promise<void> {
    if (this.exited) {
      return;
    }
    this.post({ type: 'stop' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.exit;
    clearTimeout(timer);
  }

  private ask(request: ChildRequest, id: number): Promise<ChildReply | null> {
    if (this.exited) {
      return Promise.resolve(null);
    }
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.post(request);
    });
  }

  private post(request: ChildRequest): void {
    if (!this.exited && this.child.connected) {
      this.child.send(request, () => undefined);
    }
  }

  private onReply(reply: ChildReply): void {
    if (!('id' in reply)) {
      return;
    }
    const settle = this.waiting.get(reply.id);
    if (settle !== undefined) {
      this.waiting.delete(reply.id);
      settle(reply);
    }
  }
}
