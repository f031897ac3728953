import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy that tests place between the console and the central to break the link on
 * purpose: reset it, turn it into a half-open black hole, slow it down, or cut it inside a
 * WebSocket frame. Faults set on the proxy apply to every open connection and to new ones; each
 * connection can also be faulted on its own.
 */

export interface LinkFaults {
  /** Discard every byte in both directions while keeping both sockets open. */
  blackhole: boolean;
  /** Added one-way delay, in ms. */
  delayMs: number;
  /** Largest rate per direction in bytes per second; 0 means unlimited. */
  bytesPerSecond: number;
  /** Cut the next server-to-console frame halfway through, then reset both sides. */
  cutNextFrame: boolean;
}

export interface ProxyStats {
  accepted: number;
  open: number;
  /** Connections ended by `drop()` or by a cut. */
  reset: number;
  /** Frames cut halfway. */
  cut: number;
  bytesToServer: number;
  bytesToConsole: number;
  /** Bytes thrown away by a black hole. */
  discarded: number;
}

const CLEAR: LinkFaults = {
  blackhole: false,
  delayMs: 0,
  bytesPerSecond: 0,
  cutNextFrame: false,
};

/** Pause the sending side when this many bytes wait in a delayed or throttled queue. */
const QUEUE_HIGH_WATER = 1024 * 1024;
/** Throttled data leaves in slices of at most this share of a second. */
const THROTTLE_SLICE_SECONDS = 0.05;

/**
 * Follows WebSocket frame boundaries in one direction of a byte stream, so that a cut can land
 * inside a frame rather than between two. Only the header matters: FIN/opcode byte, length byte
 * with its mask bit, the extended length and the mask key.
 */
export class FrameTracker {
  /** Bytes left in the frame under way (header included); 0 at a frame boundary. */
  private remaining = 0;
  private header: number[] = [];

  /** Returns the offsets in `chunk` where a new frame starts. */
  boundaries(chunk: Buffer): number[] {
    const starts: number[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - offset);
        this.remaining -= take;
        offset += take;
        continue;
      }
      if (this.header.length === 0) {
        starts.push(offset);
      }
      this.header.push(chunk[offset] as number);
      offset += 1;
      const size = FrameTracker.frameSize(this.header);
      if (size !== null) {
        this.remaining = size - this.header.length;
        this.header = [];
      }
    }
    return starts;
  }

  /** Full frame size once the header bytes are known, or null while more are needed. */
  static frameSize(header: readonly number[]): number | null {
    if (header.length < 2) {
      return null;
    }
    const second = header[1] as number;
    const masked = (second & 0x80) !== 0;
    const short = second & 0x7f;
    let extra = 0;
    if (short === 126) {
      extra = 2;
    } else if (short === 127) {
      extra = 8;
    }
    const headerSize = 2 + extra + (masked ? 4 : 0);
    if (header.length < 2 + extra) {
      return null;
    }
    let payload = short;
    if (extra > 0) {
      payload = 0;
      for (let index = 2; index < 2 + extra; index += 1) {
        payload = payload * 256 + (header[index] as number);
      }
    }
    return headerSize + payload;
  }
}

interface Slice {
  data: Buffer;
  readyAt: number;
}

/** One direction of a proxied connection: a queue that applies delay, throttle and black hole. */
class Pipe {
  private readonly queue: Slice[] = [];
  private queuedBytes = 0;
  private timer: NodeJS.Timeout | null = null;
  private nextFreeAt = 0;
  readonly tracker = new FrameTracker();

  constructor(
    private readonly from: Socket,
    private readonly to: Socket,
    private readonly link: ProxyLink,
    private readonly toConsole: boolean,
  ) {
    from.on('data', (chunk: Buffer) => this.onData(chunk));
  }

  private onData(chunk: Buffer): void {
    const faults = this.link.faults;
    if (faults.blackhole) {
      this.link.countDiscarded(chunk.length);
      return;
    }
    if (this.toConsole && faults.cutNextFrame) {
      const cutAt = this.cutOffset(chunk);
      if (cutAt !== null) {
        this.enqueue(chunk.subarray(0, cutAt));
        this.link.cutAfterFlush();
        return;
      }
    } else if (this.toConsole) {
      this.tracker.boundaries(chunk);
    }
    this.enqueue(chunk);
  }

  /** Offset inside the first frame that starts in `chunk` and has a body, halfway through it. */
  private cutOffset(chunk: Buffer): number | null {
    const starts = this.tracker.boundaries(chunk);
    for (const start of starts) {
      const rest = [...chunk.subarray(start, start + 14)];
      const size = FrameTracker.frameSize(rest);
      if (size !== null && size > 4) {
        return Math.min(chunk.length, start + Math.floor(size / 2));
      }
    }
    return null;
  }

  private enqueue(data: Buffer): void {
    if (data.length === 0) {
      return;
    }
    const faults = this.link.faults;
    if (
      this.queue.length === 0 &&
      faults.delayMs === 0 &&
      faults.bytesPerSecond === 0
    ) {
      this.write(data);
      return;
    }
    this.queue.push({ data, readyAt: Date.now() + faults.delayMs });
    this.queuedBytes += data.length;
    if (this.queuedBytes > QUEUE_HIGH_WATER) {
      this.from.pause();
    }
    this.pump();
  }

  /** Sends queued data in order once each slice is due; throttling spaces the slices out. */
  pump(): void {
    if (this.timer !== null) {
      return;
    }
    while (this.queue.length > 0) {
      const head = this.queue[0] as Slice;
      const now = Date.now();
      const rate = this.link.faults.bytesPerSecond;
      const dueAt = Math.max(head.readyAt, rate > 0 ? this.nextFreeAt : 0);
      if (dueAt > now) {
        this.timer = setTimeout(() => {
          this.timer = null;
          this.pump();
        }, dueAt - now);
        return;
      }
      let data = head.data;
      if (rate > 0) {
        const slice = Math.max(1, Math.floor(rate * THROTTLE_SLICE_SECONDS));
        if (data.length > slice) {
          head.data = data.subarray(slice);
          data = data.subarray(0, slice);
        } else {
          this.queue.shift();
        }
        this.nextFreeAt =
          Math.max(now, this.nextFreeAt) + (data.length / rate) * 1000;
      } else {
        this.queue.shift();
      }
      this.queuedBytes -= data.length;
      this.write(data);
    }
    if (this.queuedBytes <= QUEUE_HIGH_WATER && this.from.isPaused()) {
      this.from.resume();
    }
    this.link.onDrained(this);
  }

  get idle(): boolean {
    return this.queue.length === 0;
  }

  /** Throws away what waits in the queue, as a black hole does with data in flight. */
  discardQueued(): void {
    for (const slice of this.queue.splice(0)) {
      this.link.countDiscarded(slice.data.length);
    }
    this.queuedBytes = 0;
    if (this.from.isPaused()) {
      this.from.resume();
    }
  }

  stop(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.queue.length = 0;
  }

  private write(data: Buffer): void {
    if (this.to.destroyed) {
      return;
    }
    this.link.countForwarded(data.length, this.toConsole);
    this.to.write(data);
  }
}

/** One console connection through the proxy, with its own fault controls. */
export class ProxyLink {
  faults: LinkFaults;
  private readonly up: Pipe;
  private readonly down: Pipe;
  private closed = false;
  private cutPending = false;
  private discarded = 0;

  constructor(
    readonly client: Socket,
    readonly server: Socket,
    private readonly proxy: FaultProxy,
    faults: LinkFaults,
  ) {
    this.faults = { ...faults };
    this.up = new Pipe(client, server, this, false);
    this.down = new Pipe(server, client, this, true);
    const end = (): void => this.close();
    for (const socket of [client, server]) {
      socket.on('error', end);
      socket.on('close', end);
    }
    // A clean end on one side is passed on once queued data has left.
    client.on('end', () => server.end());
    server.on('end', () => client.end());
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Resets both sides at once (TCP RST), as a crashed router or a pulled cable would. */
  drop(): void {
    if (this.closed) {
      return;
    }
    this.proxy.countReset();
    this.close(true);
  }

  blackhole(): void {
    this.faults.blackhole = true;
    this.up.discardQueued();
    this.down.discardQueued();
  }

  delay(ms: number): void {
    this.faults.delayMs = Math.max(0, ms);
  }

  throttle(bytesPerSecond: number): void {
    this.faults.bytesPerSecond = Math.max(0, bytesPerSecond);
  }

  cutMidFrame(): void {
    this.faults.cutNextFrame = true;
  }

  /**
   * Clears the faults. A link that lost bytes to a black hole is reset instead: its byte stream
   * has a hole, and a real half-open link never comes back either.
   */
  restore(): void {
    this.faults = { ...CLEAR };
    if (this.discarded > 0) {
      this.drop();
      return;
    }
    this.up.pump();
    this.down.pump();
  }

  countForwarded(bytes: number, toConsole: boolean): void {
    this.proxy.countForwarded(bytes, toConsole);
  }

  countDiscarded(bytes: number): void {
    this.discarded += bytes;
    this.proxy.countDiscarded(bytes);
  }

  /** Resets the link once the partial frame queued for the console has been written. */
  cutAfterFlush(): void {
    this.faults.cutNextFrame = false;
    this.cutPending = true;
    this.onDrained(this.down);
  }

  onDrained(pipe: Pipe): void {
    if (!this.cutPending || pipe !== this.down || !pipe.idle) {
      return;
    }
    this.cutPending = false;
    this.proxy.countCut();
    // Let the partial frame reach the console's socket before the reset.
    this.client.write(Buffer.alloc(0), () => this.drop());
  }

  private close(reset = false): void {
    if (this.closed) {
      return;
    }
    this.closed = true;
    this.up.stop();
    this.down.stop();
    for (const socket of [this.client, this.server]) {
      if (reset && !socket.destroyed) {
        socket.resetAndDestroy();
      } else {
        socket.destroy();
      }
    }
    this.proxy.forget(this);
  }
}

export class FaultProxy {
  private readonly links = new Set<ProxyLink>();
  private faults: LinkFaults = { ...CLEAR };
  /** Reset new connections at once, as a host whose network is down. */
  private refusing = false;
  private readonly counters: Omit<ProxyStats, 'open'> = {
    accepted: 0,
    reset: 0,
    cut: 0,
    bytesToServer: 0,
    bytesToConsole: 0,
    discarded: 0,
  };

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private targetPort: number,
  ) {
    server.on('connection', (socket) => this.accept(socket));
  }

  /** Listens on 127.0.0.1 at a free port and forwards every connection to `targetPort`. */
  static async start(targetPort: number): Promise<FaultProxy> {
    const server = createServer({ noDelay: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    if (address === null || typeof address === 'string') {
      throw new Error('the fault proxy did not get a TCP port on 127.0.0.1');
    }
    return new FaultProxy(server, address.port, targetPort);
  }

  /** WebSocket URL of the central's console endpoint through this proxy. */
  url(path = '/console'): string {
    return `ws://127.0.0.1:${this.port}${path}`;
  }

  retarget(port: number): void {
    this.targetPort = port;
  }

  connections(): ProxyLink[] {
    return [...this.links];
  }

  drop(): void {
    for (const link of [...this.links]) {
      link.drop();
    }
  }

  blackhole(): void {
    this.faults.blackhole = true;
    this.links.forEach((link) => link.blackhole());
  }

  delay(ms: number): void {
    this.faults.delayMs = Math.max(0, ms);
    this.links.forEach((link) => link.delay(ms));
  }

  throttle(bytesPerSecond: number): void {
    this.faults.bytesPerSecond = Math.max(0, bytesPerSecond);
    this.links.forEach((link) => link.throttle(bytesPerSecond));
  }

  /** Arms a cut on every open link and on the next ones, until `restore()`. */
  cutMidFrame(): void {
    this.faults.cutNextFrame = true;
    this.links.forEach((link) => link.cutMidFrame());
  }

  /** Resets every new connection as soon as it is accepted, until `restore()`. */
  refuse(): void {
    this.refusing = true;
  }

  restore(): void {
    this.faults = { ...CLEAR };
    this.refusing = false;
    this.links.forEach((link) => link.restore());
  }

  stats(): ProxyStats {
    return { ...this.counters, open: this.links.size };
  }

  async close(): Promise<void> {
    this.drop();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  countForwarded(bytes: number, toConsole: boolean): void {
    if (toConsole) {
      this.counters.bytesToConsole += bytes;
    } else {
      this.counters.bytesToServer += bytes;
    }
  }

  countDiscarded(bytes: number): void {
    this.counters.discarded += bytes;
  }

  countReset(): void {
    this.counters.reset += 1;
  }

  countCut(): void {
    this.counters.cut += 1;
  }

  forget(link: ProxyLink): void {
    this.links.delete(link);
  }

  private accept(client: Socket): void {
    this.counters.accepted += 1;
    if (this.refusing) {
      this.counters.reset += 1;
      client.on('error', () => undefined);
      client.resetAndDestroy();
      return;
    }
    client.setNoDelay(true);
    client.pause();
    const upstream = connect({
      host: '127.0.0.1',
      port: this.targetPort,
      noDelay: true,
    });
    const link = new ProxyLink(client, upstream, this, this.faults);
    this.links.add(link);
    upstream.once('connect', () => client.resume());
  }
}
