import { WebSocket } from 'ws';
import {
  CentralFrame,
  PROTOCOL_VERSION,
  parseFrame,
  type HelloFrame,
  type StreamPosition,
} from '../../../src-shared/contract/index.js';
import { DEV_TOKEN } from '../../../src-central/server.js';

export interface Closed {
  code: number;
  reason: string;
}

/**
 * Minimal console for tests: a real `ws` client that parses every frame with the contract and
 * keeps them in arrival order.
 */
export class ConsoleClient {
  readonly frames: CentralFrame[] = [];
  readonly invalid: string[] = [];
  readonly closed: Promise<Closed>;
  private readonly socket: WebSocket;
  private listeners = new Set<() => void>();

  private constructor(socket: WebSocket) {
    this.socket = socket;
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        this.wake();
      });
    });
    socket.on('message', (data) => {
      const parsed = parseFrame(String(data), CentralFrame);
      if (parsed.ok) {
        this.frames.push(parsed.value);
      } else {
        this.invalid.push(parsed.error);
      }
      this.wake();
    });
  }

  static open(url: string): Promise<ConsoleClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { perMessageDeflate: false });
      const client = new ConsoleClient(socket);
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
    });
  }

  /** Opens a socket and sends a hello. Fields of `overrides` replace the defaults. */
  static async hello(
    url: string,
    overrides: Partial<HelloFrame> & {
      positions?: Record<string, StreamPosition>;
    } = {},
  ): Promise<ConsoleClient> {
    const client = await ConsoleClient.open(url);
    client.send({
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      installId: 'install-test-0001',
      token: DEV_TOKEN,
      client: { name: 'test-console', version: '0.0.0' },
      positions: {},
      ...overrides,
    });
    return client;
  }

  send(frame: unknown): void {
    this.socket.send(JSON.stringify(frame));
  }

  sendText(text: string): void {
    this.socket.send(text);
  }

  /** Stops reading from the socket, so the central's send buffer fills up. */
  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  sendBinary(data: Buffer): void {
    this.socket.send(data, { binary: true });
  }

  close(): void {
    this.socket.close(1000, 'test done');
  }

  get readyState(): number {
    return this.socket.readyState;
  }

  /** Resolves with the first frame (from index `from` on) matching `match`. */
  waitFor<T extends CentralFrame['type']>(
    type: T,
    match: (frame: Extract<CentralFrame, { type: T }>) => boolean = () => true,
    options: { from?: number; timeoutMs?: number } = {},
  ): Promise<Extract<CentralFrame, { type: T }>> {
    const from = options.from ?? 0;
    const timeoutMs = options.timeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      // Frames already scanned are not scanned again, so a long replay stays linear.
      let scanned = from;
      const check = (): boolean => {
        for (; scanned < this.frames.length; scanned += 1) {
          const frame = this.frames[scanned] as CentralFrame;
          if (
            frame.type === type &&
            match(frame as Extract<CentralFrame, { type: T }>)
          ) {
            resolve(frame as Extract<CentralFrame, { type: T }>);
            return true;
          }
        }
        return false;
      };
      if (check()) {
        return;
      }
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(
          new Error(
            `no ${type} frame within ${timeoutMs} ms; received: ${this.frames
              .map((frame) => frame.type)
              .slice(-20)
              .join(', ')}`,
          ),
        );
      }, timeoutMs);
      const listener = (): void => {
        if (check()) {
          clearTimeout(timer);
          this.listeners.delete(listener);
        }
      };
      this.listeners.add(listener);
    });
  }

  /** Sequences of the event frames of `stream` received so far. */
  eventSeqs(stream = 'alerts'): number[] {
    return this.frames
      .filter((frame) => frame.type === 'event' && frame.stream === stream)
      .map((frame) => (frame as Extract<CentralFrame, { type: 'event' }>).seq);
  }

  private wake(): void {
    for (const listener of [...this.listeners]) {
      listener();
    }
  }
}

export function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let value = from; value <= to; value += 1) {
    out.push(value);
  }
  return out;
}
