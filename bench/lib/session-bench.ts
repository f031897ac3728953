/**
 * Shared pieces of the session benchmarks: the central in a child process, a bare WebSocket
 * consumer to compare against, temp folders, percentiles and the machine description.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { cpus, freemem, tmpdir, totalmem } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../../src-shared/contract/index.js';
import type {
  CentralChildConfig,
  CentralReply,
  CentralRequest,
} from './central-child.js';

const CHILD_SCRIPT = fileURLToPath(
  new URL('./central-child.ts', import.meta.url),
);

type Done = Extract<CentralReply, { type: 'done' }>;
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** The reference central running in a child process. */
export class CentralProcess {
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: CentralReply) => void>();

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.on('message', (raw) => {
      const reply = raw as CentralReply;
      if ('id' in reply) {
        this.waiting.get(reply.id)?.(reply);
        this.waiting.delete(reply.id);
      }
    });
  }

  static async start(config: CentralChildConfig): Promise<CentralProcess> {
    const child = fork(CHILD_SCRIPT, [JSON.stringify(config)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const ready = await new Promise<CentralReply>((resolve, reject) => {
      child.once('message', (raw) => resolve(raw as CentralReply));
      child.once('exit', (code) =>
        reject(
          new Error(
            `the bench central exited with code ${String(code)} before it was ready`,
          ),
        ),
      );
    });
    if (ready.type !== 'ready') {
      throw new Error(
        `the bench central did not start: ${JSON.stringify(ready)}`,
      );
    }
    return new CentralProcess(child, ready.url);
  }

  async ask(request: WithoutId<CentralRequest>): Promise<Done> {
    const id = this.nextId++;
    const reply = await new Promise<CentralReply>((resolve) => {
      this.waiting.set(id, resolve);
      this.child.send({ ...request, id });
    });
    if (reply.type !== 'done') {
      throw new Error(
        `the bench central failed ${request.type}: ${JSON.stringify(reply)}`,
      );
    }
    return reply;
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) =>
      this.child.once('exit', () => resolve()),
    );
    await this.ask({ type: 'stop' });
    await exited;
  }
}

/**
 * A console reduced to its wire work: it sends the hello, parses every frame as JSON, counts events
 * and acknowledges every `ackEvery` of them so that the central's flow control sees a live peer.
 * It writes nothing to disk.
 */
export class BareConsumer {
  lastSeq = 0;
  events = 0;
  private readonly listeners = new Set<() => void>();

  private constructor(private readonly socket: WebSocket) {}

  static async connect(url: string, ackEvery = 500): Promise<BareConsumer> {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    const consumer = new BareConsumer(socket);
    socket.on('message', (data) => consumer.onFrame(String(data), ackEvery));
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        protocol: PROTOCOL_VERSION,
        installId: `bench-bare-${process.pid}`,
        token: 'dev-console-token',
        client: { name: 'bench-bare', version: '0.0.0' },
        positions: {},
      }),
    );
    return consumer;
  }

  /** Resolves once the consumer has seen `seq` on the alerts stream. */
  reach(seq: number): Promise<void> {
    if (this.lastSeq >= seq) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.lastSeq >= seq) {
          this.listeners.delete(check);
          resolve();
        }
      };
      this.listeners.add(check);
    });
  }

  close(): void {
    this.socket.terminate();
  }

  private onFrame(text: string, ackEvery: number): void {
    const frame = JSON.parse(text) as {
      type: string;
      stream?: string;
      epoch?: string;
      seq?: number;
      id?: number;
    };
    if (frame.type === 'ping') {
      this.socket.send(
        JSON.stringify({ type: 'pong', id: frame.id, serverTime: Date.now() }),
      );
      return;
    }
    if (frame.type !== 'event' || frame.stream !== 'alerts') {
      return;
    }
    this.events += 1;
    this.lastSeq = frame.seq ?? this.lastSeq;
    if (this.events % ackEvery === 0) {
      this.socket.send(
        JSON.stringify({
          type: 'ack',
          stream: 'alerts',
          epoch: frame.epoch,
          seq: frame.seq,
        }),
      );
    }
    this.listeners.forEach((listener) => listener());
  }
}

/** Polls `check` every `intervalMs` until it holds, or fails after `timeoutMs`. */
export async function waitUntil(
  what: string,
  check: () => boolean,
  timeoutMs: number,
  intervalMs = 2,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export function percentile(
  sorted: readonly number[],
  fraction: number,
): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  const index = Math.min(
    sorted.length - 1,
    Math.ceil(fraction * sorted.length) - 1,
  );
  return sorted[Math.max(0, index)] as number;
}

/** Temp folders of one benchmark, removed together. */
export function tempFolders(): {
  make(prefix: string): string;
  removeAll(): void;
} {
  const made: string[] = [];
  return {
    make(prefix) {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      made.push(dir);
      return dir;
    },
    removeAll() {
      for (const dir of made.splice(0)) {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const gib = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  return `${cpus().length} × ${cpu}, ${gib(totalmem())} RAM (${gib(freemem())} free), Node ${process.version}`;
}

export function print(line: string): void {
  process.stdout.write(`${line}\n`);
}
