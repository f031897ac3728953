import { WebSocketServer, type WebSocket } from 'ws';
import {
  CloseCode,
  ConsoleFrame,
  PROTOCOL_VERSION,
  parseFrame,
  type AckFrame,
  type CentralFrame,
  type CommandFrame,
  type EventFrame,
  type HelloFrame,
  type StreamHead,
} from '../../../../src-shared/contract/index.js';

/**
 * A small central for tests: an in-memory gapless log per stream, the resume handshake, live
 * events, pings and command results. It listens on 127.0.0.1 only.
 */
export interface TestCentralOptions {
  streams?: string[];
  epoch?: string;
}

interface StreamLog {
  epoch: string;
  /** Sequences below this are no longer retained. */
  firstSeq: number;
  events: EventFrame[];
}

interface Client {
  socket: WebSocket;
  hello: HelloFrame | null;
  live: boolean;
  silent: boolean;
}

interface CommandRecord {
  outcome: 'applied' | 'rejected';
  result?: unknown;
  error?: { code: string; message: string };
}

export class TestCentral {
  readonly logs = new Map<string, StreamLog>();
  readonly acks: AckFrame[] = [];
  readonly hellos: HelloFrame[] = [];
  readonly commands: CommandFrame[] = [];
  /** Number of sockets accepted, over all restarts. */
  connections = 0;
  /** Largest number of sockets open at the same time. */
  maxConcurrent = 0;

  /** Test hooks. */
  behavior = {
    /** Close each new connection at hello with this code, when set. */
    closeOnHello: null as number | null,
    /** Send this error frame at hello and close with 1013 (try again later). */
    errorOnHello: null as {
      code: string;
      message: string;
      retryAfterMs: number;
    } | null,
    /** Reject every new command. */
    rejectCommands: false,
    /** Never send the welcome. */
    withholdWelcome: false,
    /** Number of coming links that, after the welcome, get nothing at all (no events, no pongs). */
    silentLinks: 0,
    /** Leave this sequence out of the next replay or live send, once. */
    skipSeqOnce: null as number | null,
    /** Frames sent as raw text right after the welcome and before the replay. */
    rawAfterWelcome: [] as string[],
    /** Called with each ack, before it is recorded. */
    onAck: null as ((ack: AckFrame) => void) | null,
  };

  private server: WebSocketServer | null = null;
  private readonly clients = new Set<Client>();
  private readonly watermarks = new Map<string, number>();
  private readonly results = new Map<string, CommandRecord>();
  private sessionCounter = 0;
  private portNumber = 0;

  constructor(options: TestCentralOptions = {}) {
    for (const stream of options.streams ?? ['alerts']) {
      this.logs.set(stream, {
        epoch: options.epoch ?? 'epoch-1',
        firstSeq: 1,
        events: [],
      });
    }
  }

  static async start(options: TestCentralOptions = {}): Promise<TestCentral> {
    const central = new TestCentral(options);
    await central.listen(0);
    return central;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.portNumber}/console`;
  }

  get openSockets(): number {
    return this.clients.size;
  }

  headOf(stream: string): StreamHead {
    const log = this.requireLog(stream);
    return {
      epoch: log.epoch,
      firstSeq: log.firstSeq,
      headSeq: log.firstSeq + log.events.length - 1,
    };
  }

  /** Appends an event and sends it to every client that has finished its replay. */
  append(stream: string, body: unknown, at = Date.now()): EventFrame {
    const log = this.requireLog(stream);
    const event: EventFrame = {
      type: 'event',
      stream,
      epoch: log.epoch,
      seq: log.firstSeq + log.events.length,
      at,
      body,
    };
    log.events.push(event);
    for (const client of this.clients) {
      if (client.live && !client.silent) {
        this.sendEvent(client, event);
      }
    }
    return event;
  }

  /** Starts a new epoch with the given bodies, as a central whose log was rebuilt. */
  replaceLog(
    stream: string,
    epoch: string,
    bodies: unknown[],
    at = Date.now(),
  ): void {
    this.logs.set(stream, { epoch, firstSeq: 1, events: [] });
    for (const body of bodies) {
      this.append(stream, body, at);
    }
  }

  /**
   * Rebuilds a stream under a new epoch while consoles are live: each gets a resync and the new
   * events, and no second caught-up frame.
   */
  rebuildLive(
    stream: string,
    epoch: string,
    bodies: unknown[],
    at = Date.now(),
  ): void {
    const log: StreamLog = { epoch, firstSeq: 1, events: [] };
    this.logs.set(stream, log);
    for (const body of bodies) {
      log.events.push({
        type: 'event',
        stream,
        epoch,
        seq: log.events.length + 1,
        at,
        body,
      });
    }
    const head = this.headOf(stream);
    for (const client of this.clients) {
      if (client.live) {
        this.send(client, {
          type: 'resync',
          stream,
          reason: 'epoch-changed',
          head,
        });
        for (const event of log.events) {
          this.sendEvent(client, event);
        }
      }
    }
  }

  sendRawToAll(text: string): void {
    for (const client of this.clients) {
      client.socket.send(text);
    }
  }

  closeAll(code: number, reason = ''): void {
    for (const client of this.clients) {
      client.socket.close(code, reason);
    }
  }

  /** Terminates every socket and stops listening; the log is kept for `restart`. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const client of this.clients) {
      client.socket.terminate();
    }
    this.clients.clear();
    if (server !== null) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  /** Simulates a crash and restart: every link drops, then the same port listens again. */
  async restart(): Promise<void> {
    const port = this.portNumber;
    await this.stop();
    await this.listen(port);
  }

  private async listen(port: number): Promise<void> {
    const server = new WebSocketServer({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', () => resolve());
      server.once('error', reject);
    });
    const address = server.address();
    if (address === null || typeof address === 'string') {
      throw new Error(`unexpected server address ${String(address)}`);
    }
    this.portNumber = address.port;
    this.server = server;
    server.on('connection', (socket) => this.onConnection(socket));
  }

  private onConnection(socket: WebSocket): void {
    const client: Client = { socket, hello: null, live: false, silent: false };
    this.clients.add(client);
    this.connections += 1;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.clients.size);
    socket.on('message', (data) => this.onMessage(client, String(data)));
    socket.on('close', () => this.clients.delete(client));
    socket.on('error', () => this.clients.delete(client));
  }

  private send(client: Client, frame: CentralFrame): void {
    if (client.socket.readyState === client.socket.OPEN) {
      client.socket.send(JSON.stringify(frame));
    }
  }

  private sendEvent(client: Client, event: EventFrame): void {
    if (this.behavior.skipSeqOnce === event.seq) {
      this.behavior.skipSeqOnce = null;
      return;
    }
    this.send(client, event);
  }

  private onMessage(client: Client, text: string): void {
    const parsed = parseFrame(text, ConsoleFrame);
    if (!parsed.ok) {
      client.socket.close(CloseCode.policyViolation, 'bad frame');
      return;
    }
    const frame = parsed.value;
    switch (frame.type) {
      case 'hello':
        this.onHello(client, frame);
        return;
      case 'ack':
        this.behavior.onAck?.(frame);
        this.acks.push(frame);
        return;
      case 'ping':
        if (!client.silent) {
          this.send(client, {
            type: 'pong',
            id: frame.id,
            serverTime: Date.now(),
          });
        }
        return;
      case 'pong':
        return;
      case 'command':
        this.onCommand(client, frame);
        return;
    }
  }

  private onHello(client: Client, hello: HelloFrame): void {
    this.hellos.push(hello);
    client.hello = hello;
    if (this.behavior.closeOnHello !== null) {
      client.socket.close(this.behavior.closeOnHello, 'test close');
      return;
    }
    if (this.behavior.errorOnHello !== null) {
      this.send(client, { type: 'error', ...this.behavior.errorOnHello });
      client.socket.close(1013, 'try again later');
      return;
    }
    if (this.behavior.withholdWelcome) {
      return;
    }

    const streams: Record<string, StreamHead> = {};
    for (const stream of this.logs.keys()) {
      streams[stream] = this.headOf(stream);
    }
    this.sessionCounter += 1;
    this.send(client, {
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      sessionId: `session-${this.sessionCounter}`,
      serverTime: Date.now(),
      heartbeatMs: 10_000,
      streams,
      commandWatermark: this.watermarks.get(hello.installId) ?? 0,
    });
    if (this.behavior.silentLinks > 0) {
      this.behavior.silentLinks -= 1;
      client.silent = true;
      return;
    }
    for (const raw of this.behavior.rawAfterWelcome) {
      client.socket.send(raw);
    }
    for (const stream of this.logs.keys()) {
      this.replay(client, stream, hello.positions[stream]);
    }
    client.live = true;
  }

  private replay(
    client: Client,
    stream: string,
    position: { epoch: string; seq: number } | undefined,
  ): void {
    const log = this.requireLog(stream);
    const head = this.headOf(stream);
    let from = position?.seq ?? 0;
    if (position !== undefined) {
      const reason =
        position.epoch !== log.epoch
          ? 'epoch-changed'
          : position.seq < log.firstSeq - 1
            ? 'retention-exceeded'
            : position.seq > head.headSeq
              ? 'ahead-of-log'
              : null;
      if (reason !== null) {
        this.send(client, { type: 'resync', stream, reason, head });
        from = log.firstSeq - 1;
      }
    }
    for (const event of log.events) {
      if (event.seq > from) {
        this.sendEvent(client, event);
      }
    }
    this.send(client, { type: 'caught-up', stream, seq: head.headSeq });
  }

  private onCommand(client: Client, command: CommandFrame): void {
    this.commands.push(command);
    const installId = client.hello?.installId ?? 'unknown';
    const key = `${installId}:${command.commandId}`;
    const stored = this.results.get(key);
    if (stored !== undefined) {
      this.send(client, {
        type: 'command-result',
        commandId: command.commandId,
        installSeq: command.installSeq,
        duplicate: true,
        ...stored,
      });
      return;
    }

    const record = this.applyCommand(command);
    this.results.set(key, record);
    this.watermarks.set(
      installId,
      Math.max(this.watermarks.get(installId) ?? 0, command.installSeq),
    );
    this.send(client, {
      type: 'command-result',
      commandId: command.commandId,
      installSeq: command.installSeq,
      duplicate: false,
      ...record,
    });
  }

  private applyCommand(command: CommandFrame): CommandRecord {
    const payload = command.payload as { alertId?: unknown };
    const alertId =
      typeof payload?.alertId === 'string' ? payload.alertId : null;
    const known =
      alertId !== null &&
      this.requireLog('alerts').events.some((event) => {
        const body = event.body as { kind?: string; alert?: { id?: string } };
        return body.kind === 'alert.created' && body.alert?.id === alertId;
      });
    if (
      this.behavior.rejectCommands ||
      command.name !== 'alert.acknowledge' ||
      !known ||
      alertId === null
    ) {
      return {
        outcome: 'rejected',
        error: { code: 'not-found', message: `no alert ${String(alertId)}` },
      };
    }
    this.append('alerts', {
      kind: 'alert.status',
      alertId,
      status: 'acknowledged',
      by: 'console',
    });
    return { outcome: 'applied', result: { alertId } };
  }

  private requireLog(stream: string): StreamLog {
    const log = this.logs.get(stream);
    if (log === undefined) {
      throw new Error(`test central has no stream ${stream}`);
    }
    return log;
  }
}
