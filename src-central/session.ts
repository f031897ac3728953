import type { WebSocket } from 'ws';
import {
  CloseCode,
  ConsoleFrame,
  PROTOCOL_VERSION,
  parseFrame,
  type AckFrame,
  type CentralFrame,
  type CommandFrame,
  type HelloFrame,
  type ResyncFrame,
  type SnapshotRequestFrame,
  type StreamHead,
} from '../src-shared/contract/index.js';
import type { TokenCheck } from './auth.js';
import { parseSnapshotCursor, type SnapshotPageText } from './snapshot.js';
import { createLogger } from '../src-node/logging/index.js';
import type { EventLog, LoggedEvent } from './log/event-log.js';

const log = createLogger('central-session');

/** Default number of events read from the log per page during a replay. */
export const DEFAULT_REPLAY_PAGE = 500;
/** Replay pauses while the socket has more than this many bytes queued... */
const HIGH_WATER_BYTES = 4 * 1024 * 1024;
/** ...and resumes once it is below this. */
const LOW_WATER_BYTES = 1024 * 1024;
const DRAIN_POLL_MS = 10;
const ERROR_MESSAGE_MAX = 2000;
/** Rejected frames logged per session before logging only every REJECT_LOG_EVERY-th one. */
const REJECT_LOG_FIRST = 20;
const REJECT_LOG_EVERY = 100;

/** Services a session uses from the server that owns it. */
export interface SessionHost {
  readonly log: EventLog;
  readonly heartbeatMs: number;
  readonly replayPageSize: number;
  clock(): number;
  checkToken(token: string): TokenCheck;
  /** Page `page` of snapshot `snapshotId`, or page 1 of a new one when that snapshot is gone. */
  snapshotPage(
    stream: string,
    snapshotId: string | undefined,
    page: number,
  ): SnapshotPageText;
  /** Streams announced in the welcome. */
  servedStreams(): string[];
  commandWatermark(installId: string): number;
  /** Makes `session` the one session of its install, closing an older one. */
  register(session: ConsoleSession): void;
  unregister(session: ConsoleSession): void;
  recordAck(installId: string, frame: AckFrame): void;
  applyCommand(installId: string, frame: CommandFrame): CentralFrame;
}

/** Replay and live-push state of one stream in one session. */
interface StreamCursor {
  stream: string;
  epoch: string;
  /** Last sequence sent on this socket; the next event sent is always sentSeq + 1. */
  sentSeq: number;
  /** Head announced in the welcome; `caught-up` goes out once sentSeq reaches it. */
  targetSeq: number;
  caughtUp: boolean;
  pumping: boolean;
  /** The console is paging through a snapshot of this stream; no event is sent until its end. */
  awaitingSnapshot: boolean;
}

type Phase = 'awaiting-hello' | 'open' | 'closed';

/** Decodes a text message, which `ws` delivers as a Buffer, an ArrayBuffer or Buffer fragments. */
function frameText(data: unknown): string {
  if (Buffer.isBuffer(data)) {
    return data.toString('utf8');
  }
  if (Array.isArray(data)) {
    return Buffer.concat(data as Buffer[]).toString('utf8');
  }
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

interface FrameLabel {
  type?: string | null;
  stream?: string | null;
  seq?: number | null;
}

/** Picks the type, stream and seq of a frame that failed to parse, for its log line only. */
function frameLabel(text: string): FrameLabel {
  try {
    const raw = JSON.parse(text) as Record<string, unknown>;
    return {
      type: typeof raw['type'] === 'string' ? raw['type'].slice(0, 64) : null,
      stream:
        typeof raw['stream'] === 'string' ? raw['stream'].slice(0, 64) : null,
      seq: typeof raw['seq'] === 'number' ? raw['seq'] : null,
    };
  } catch {
    return { type: null, stream: null, seq: null };
  }
}

/** Snapshot of a session for diagnostics and tests. */
export interface SessionSnapshot {
  sessionId: string;
  installId: string | null;
  /** Bytes queued in the socket and not yet handed to the OS. */
  bufferedAmount: number;
  streams: Record<string, { sentSeq: number; caughtUp: boolean }>;
}

/**
 * One console connection. Before the hello it accepts nothing else; after the welcome it replays
 * each stream from the console's position and then pushes live events. Every event of a stream
 * leaves through `pump` or the live fast path, both of which send exactly sentSeq + 1, so the
 * console receives each stream in order with no gap and no repeat, even when events are appended
 * while a replay is running.
 */
export class ConsoleSession {
  readonly id: string;
  installId: string | null = null;
  private readonly socket: WebSocket;
  private readonly host: SessionHost;
  private phase: Phase = 'awaiting-hello';
  private lastSeenAt: number;
  private pingId = 0;
  private rejectedFrames = 0;
  private readonly cursors = new Map<string, StreamCursor>();
  private helloTimer: NodeJS.Timeout | null;
  /** Expiry of the current access token in central time; null for a static token. */
  private tokenExpiresAt: number | null = null;

  constructor(
    id: string,
    socket: WebSocket,
    host: SessionHost,
    helloTimeoutMs: number,
  ) {
    this.id = id;
    this.socket = socket;
    this.host = host;
    this.lastSeenAt = host.clock();

    this.helloTimer = setTimeout(() => {
      log.warn('helloTimer: no hello in time, closing', {
        sessionId: id,
        helloTimeoutMs,
      });
      this.close(CloseCode.handshakeTimeout, 'hello not received in time');
    }, helloTimeoutMs);

    socket.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    socket.on('close', (code, reason) => this.onClose(code, reason.toString()));
    socket.on('error', (error) => {
      log.warn('socket error', { sessionId: id, error: error.message });
    });
  }

  get isOpen(): boolean {
    return this.phase === 'open';
  }

  snapshot(): SessionSnapshot {
    const streams: SessionSnapshot['streams'] = {};
    for (const cursor of this.cursors.values()) {
      streams[cursor.stream] = {
        sentSeq: cursor.sentSeq,
        caughtUp: cursor.caughtUp,
      };
    }
    return {
      sessionId: this.id,
      installId: this.installId,
      bufferedAmount: this.socket.bufferedAmount,
      streams,
    };
  }

  /** Milliseconds since the last frame from the console. */
  silentFor(now: number): number {
    return now - this.lastSeenAt;
  }

  sendPing(now: number): void {
    this.pingId += 1;
    this.send({ type: 'ping', id: this.pingId, sentAt: now });
  }

  /** Asks the console to come back after `retryAfterMs`, then closes with 4002. */
  drain(retryAfterMs: number): void {
    this.send({
      type: 'error',
      code: 'draining',
      message: `the central is restarting; reconnect in ${retryAfterMs} ms`,
      retryAfterMs,
    });
    this.close(CloseCode.draining, 'central is restarting');
  }

  /** Closes a session whose access token ran out without an `auth` frame; true when it did. */
  closeIfTokenExpired(now: number): boolean {
    if (this.tokenExpiresAt === null || now < this.tokenExpiresAt) {
      return false;
    }
    log.info('closeIfTokenExpired: access token expired without re-auth', {
      sessionId: this.id,
      installId: this.installId,
    });
    this.send({
      type: 'error',
      code: 'token-expired',
      message:
        'the access token expired; refresh it and send an auth frame before expiry',
    });
    this.close(CloseCode.unauthorized, 'access token expired');
    return true;
  }

  /** Closes the socket with `code`; the session stops sending at once. */
  close(code: number, reason: string): void {
    if (this.phase === 'closed') {
      return;
    }
    this.markClosed();
    this.socket.close(code, reason);
  }

  /** Drops the connection without a closing handshake, for a peer that stopped responding. */
  terminate(): void {
    this.markClosed();
    this.socket.terminate();
  }

  /** Called by the server after each committed append. */
  onAppended(events: LoggedEvent[]): void {
    const first = events[0];
    if (this.phase !== 'open' || !first) {
      return;
    }
    const cursor = this.cursors.get(first.stream);
    if (!cursor) {
      // NOTE: a stream created after this session's welcome has no cursor, so its events reach
      // this console only after it reconnects and the welcome lists the stream.
      return;
    }
    const inOrder = first.seq === cursor.sentSeq + 1;
    if (
      cursor.caughtUp &&
      !cursor.pumping &&
      !cursor.awaitingSnapshot &&
      inOrder &&
      this.socket.bufferedAmount < HIGH_WATER_BYTES
    ) {
      for (const event of events) {
        this.sendEvent(cursor, event);
      }
      return;
    }
    void this.pump(cursor);
  }

  // ---- incoming frames ----

  private onMessage(data: unknown, isBinary: boolean): void {
    this.lastSeenAt = this.host.clock();
    if (this.phase === 'closed') {
      return;
    }
    if (isBinary) {
      this.reportBadFrame(
        'binary-frame',
        'the console protocol uses text frames only',
      );
      return;
    }
    const text = frameText(data);

    const parsed = parseFrame(text, ConsoleFrame);
    if (!parsed.ok) {
      this.reportBadFrame('malformed-frame', parsed.error, frameLabel(text));
      return;
    }
    const frame = parsed.value;

    if (this.phase === 'awaiting-hello') {
      if (frame.type === 'hello') {
        this.onHello(frame);
      } else {
        this.reportBadFrame(
          'hello-required',
          `expected a hello frame first, got ${frame.type}`,
        );
      }
      return;
    }

    switch (frame.type) {
      case 'hello':
        this.reportBadFrame(
          'duplicate-hello',
          'this session has already sent its hello',
        );
        return;
      case 'ping':
        this.send({
          type: 'pong',
          id: frame.id,
          serverTime: this.host.clock(),
        });
        return;
      case 'pong':
        return;
      case 'ack':
        this.onAck(frame);
        return;
      case 'command':
        this.send(this.host.applyCommand(this.installId as string, frame));
        return;
      case 'auth':
        this.onAuth(frame.token);
        return;
      case 'snapshot-request':
        this.onSnapshotRequest(frame);
        return;
    }
  }

  private reportBadFrame(
    code: string,
    reason: string,
    label: FrameLabel = {},
  ): void {
    this.rejectedFrames += 1;
    const count = this.rejectedFrames;
    if (count <= REJECT_LOG_FIRST || count % REJECT_LOG_EVERY === 0) {
      log.warn('onMessage: rejected a frame', {
        sessionId: this.id,
        installId: this.installId,
        code,
        reason: reason.slice(0, 500),
        ...label,
        rejectedInSession: count,
      });
    }
    this.send({
      type: 'error',
      code,
      message: reason.slice(0, ERROR_MESSAGE_MAX),
    });
  }

  private onHello(hello: HelloFrame): void {
    if (this.helloTimer) {
      clearTimeout(this.helloTimer);
      this.helloTimer = null;
    }

    if (hello.protocol !== PROTOCOL_VERSION) {
      log.warn('onHello: protocol mismatch', {
        sessionId: this.id,
        installId: hello.installId,
        protocol: hello.protocol,
      });
      this.send({
        type: 'error',
        code: 'protocol-mismatch',
        message: `this central speaks protocol ${PROTOCOL_VERSION}, the console sent ${hello.protocol}; install a matching console version`,
      });
      this.close(CloseCode.protocolMismatch, 'protocol version not supported');
      return;
    }

    const check = this.host.checkToken(hello.token);
    if (!check.accepted) {
      log.warn('onHello: token not accepted', {
        sessionId: this.id,
        installId: hello.installId,
      });
      this.send({
        type: 'error',
        code: 'unauthorized',
        message:
          'the access token was not accepted; the console needs a new token',
      });
      this.close(CloseCode.unauthorized, 'token not accepted');
      return;
    }

    this.tokenExpiresAt = check.expiresAt;
    this.installId = hello.installId;
    this.phase = 'open';
    this.host.register(this);
    this.welcome(hello);
  }

  private onAuth(token: string): void {
    const check = this.host.checkToken(token);
    if (!check.accepted) {
      // The old token stays valid until it expires, so the socket stays open.
      this.send({
        type: 'error',
        code: 'unauthorized',
        message:
          'the access token in the auth frame was not accepted; refresh it and try again',
      });
      return;
    }
    this.tokenExpiresAt = check.expiresAt;
    this.send({ type: 'auth-ok', expiresAt: check.expiresAt });
  }

  private onSnapshotRequest(frame: SnapshotRequestFrame): void {
    const cursor = this.cursors.get(frame.stream);
    if (!cursor?.awaitingSnapshot) {
      this.reportBadFrame(
        'snapshot-not-needed',
        `stream ${frame.stream} is not being resynchronized on this session`,
      );
      return;
    }
    const position =
      frame.cursor === undefined ? null : parseSnapshotCursor(frame.cursor);
    const { header: page, text } = this.host.snapshotPage(
      frame.stream,
      position?.snapshotId ?? frame.snapshotId,
      position?.page ?? 1,
    );
    this.sendText(text);
    if (page.cursor !== null) {
      return;
    }
    // Live events continue from the snapshot's head; later appends are pumped after it.
    cursor.awaitingSnapshot = false;
    cursor.epoch = page.epoch;
    cursor.sentSeq = page.headSeq;
    cursor.targetSeq = Math.max(
      page.headSeq,
      this.host.log.head(frame.stream).headSeq,
    );
    cursor.caughtUp = false;
    void this.pump(cursor);
  }

  private onAck(frame: AckFrame): void {
    const cursor = this.cursors.get(frame.stream);
    if (!cursor) {
      this.reportBadFrame(
        'unknown-stream',
        `ack names stream ${frame.stream}, which this central does not serve`,
      );
      return;
    }
    if (frame.epoch !== cursor.epoch) {
      this.reportBadFrame(
        'ack-epoch-mismatch',
        `ack for ${frame.stream} has epoch ${frame.epoch}, the stream's epoch is ${cursor.epoch}`,
      );
      return;
    }
    if (frame.seq > cursor.sentSeq) {
      this.reportBadFrame(
        'ack-ahead',
        `ack for ${frame.stream} at ${frame.seq} is past the last event sent (${cursor.sentSeq})`,
      );
      return;
    }
    this.host.recordAck(this.installId as string, frame);
  }

  // ---- welcome and replay ----

  private welcome(hello: HelloFrame): void {
    const heads: Record<string, StreamHead> = {};
    for (const stream of this.host.servedStreams()) {
      heads[stream] = this.host.log.head(stream);
    }

    this.send({
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      sessionId: this.id,
      serverTime: this.host.clock(),
      heartbeatMs: this.host.heartbeatMs,
      streams: heads,
      commandWatermark: this.host.commandWatermark(hello.installId),
      ...(this.tokenExpiresAt === null
        ? {}
        : { tokenExpiresAt: this.tokenExpiresAt }),
    });

    for (const stream of Object.keys(hello.positions)) {
      if (!(stream in heads)) {
        log.info(
          'welcome: console named a stream this central does not serve',
          {
            sessionId: this.id,
            stream,
          },
        );
      }
    }

    for (const [stream, head] of Object.entries(heads)) {
      const cursor = this.startCursor(stream, head, hello.positions[stream]);
      this.cursors.set(stream, cursor);
    }
    log.info('welcome: session open', {
      sessionId: this.id,
      installId: hello.installId,
      client: hello.client,
      positions: hello.positions,
      heads,
    });
    for (const cursor of this.cursors.values()) {
      void this.pump(cursor);
    }
  }

  private startCursor(
    stream: string,
    head: StreamHead,
    position: { epoch: string; seq: number } | undefined,
  ): StreamCursor {
    const fromStart: StreamCursor = {
      stream,
      epoch: head.epoch,
      sentSeq: head.firstSeq - 1,
      targetSeq: head.headSeq,
      caughtUp: false,
      pumping: false,
      awaitingSnapshot: false,
    };
    if (!position) {
      return fromStart;
    }

    let reason: ResyncFrame['reason'] | null = null;
    if (position.epoch !== head.epoch) {
      reason = 'epoch-changed';
    } else if (position.seq > head.headSeq) {
      reason = 'ahead-of-log';
    } else if (position.seq < head.firstSeq - 1) {
      reason = 'retention-exceeded';
    }

    if (reason === null) {
      return { ...fromStart, sentSeq: position.seq };
    }
    log.info('startCursor: console must resynchronize the stream', {
      sessionId: this.id,
      stream,
      reason,
      position,
      head,
    });
    this.send({ type: 'resync', stream, reason, head, snapshot: true });
    return { ...fromStart, awaitingSnapshot: true };
  }

  /**
   * Sends events of one stream from sentSeq + 1 until the log head, in pages, yielding to the
   * event loop after each page and pausing while the socket buffer is full. Only one pump per
   * stream runs at a time. An append during a pause is still sent, because the loop rereads the
   * head after every page.
   */
  private async pump(cursor: StreamCursor): Promise<void> {
    if (cursor.pumping || cursor.awaitingSnapshot) {
      return;
    }
    cursor.pumping = true;
    try {
      while (this.phase === 'open' && !cursor.awaitingSnapshot) {
        const limit = cursor.caughtUp
          ? this.host.log.head(cursor.stream).headSeq
          : cursor.targetSeq;
        if (cursor.sentSeq < limit) {
          this.sendPage(cursor, limit);
          // Yield after each page so a long replay does not hold up other sessions and timers.
          await (this.socket.bufferedAmount > HIGH_WATER_BYTES
            ? this.drained()
            : new Promise<void>((resolve) => setImmediate(resolve)));
          continue;
        }
        if (!cursor.caughtUp) {
          cursor.caughtUp = true;
          this.send({
            type: 'caught-up',
            stream: cursor.stream,
            seq: cursor.sentSeq,
          });
          continue;
        }
        return;
      }
    } catch (error) {
      log.error('pump: replay failed, closing the session', {
        sessionId: this.id,
        stream: cursor.stream,
        sentSeq: cursor.sentSeq,
        error: (error as Error).message,
      });
      this.close(CloseCode.goingAway, 'replay failed on the central');
    } finally {
      cursor.pumping = false;
    }
  }

  private sendPage(cursor: StreamCursor, limit: number): void {
    const page = this.host.log.read(
      cursor.stream,
      cursor.sentSeq + 1,
      Math.min(this.host.replayPageSize, limit - cursor.sentSeq),
    );
    const first = page[0];
    if (!first || first.seq !== cursor.sentSeq + 1) {
      // Retention dropped events this replay had not sent yet: the console must start over.
      const head = this.host.log.head(cursor.stream);
      log.warn('sendPage: events pruned during the replay, resynchronizing', {
        sessionId: this.id,
        stream: cursor.stream,
        sentSeq: cursor.sentSeq,
        firstSeq: head.firstSeq,
      });
      this.send({
        type: 'resync',
        stream: cursor.stream,
        reason: 'retention-exceeded',
        head,
        snapshot: true,
      });
      cursor.awaitingSnapshot = true;
      return;
    }
    for (const event of page) {
      this.sendEvent(cursor, event);
    }
  }

  private sendEvent(cursor: StreamCursor, event: LoggedEvent): void {
    this.send({
      type: 'event',
      stream: event.stream,
      epoch: event.epoch,
      seq: event.seq,
      at: event.at,
      body: event.body,
    });
    cursor.sentSeq = event.seq;
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (
          this.phase !== 'open' ||
          this.socket.bufferedAmount <= LOW_WATER_BYTES
        ) {
          resolve();
          return;
        }
        setTimeout(check, DRAIN_POLL_MS);
      };
      check();
    });
  }

  private send(frame: CentralFrame): void {
    this.sendText(JSON.stringify(frame));
  }

  private sendText(text: string): void {
    if (this.socket.readyState !== this.socket.OPEN) {
      return;
    }
    this.socket.send(text);
  }

  // ---- shutdown ----

  private markClosed(): void {
    if (this.helloTimer) {
      clearTimeout(this.helloTimer);
      this.helloTimer = null;
    }
    const wasOpen = this.phase !== 'closed';
    this.phase = 'closed';
    if (wasOpen) {
      this.host.unregister(this);
    }
  }

  private onClose(code: number, reason: string): void {
    log.info('onClose: session closed', {
      sessionId: this.id,
      installId: this.installId,
      code,
      reason,
    });
    this.markClosed();
  }
}
