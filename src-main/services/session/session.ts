import WebSocket, { type RawData } from 'ws';
import {
  CentralFrame,
  CloseCode,
  FATAL_CLOSE_CODES,
  MAX_FRAME_BYTES,
  PROTOCOL_VERSION,
  parseFrame,
  type CaughtUpFrame,
  type CommandResultFrame,
  type ConsoleFrame,
  type ErrorFrame,
  type EventFrame,
  type PendingCommand,
  type ResyncFrame,
  type SnapshotPageFrame,
  type SessionPhase,
  type SessionStatus,
  type StreamHead,
  type StreamPosition,
  type WelcomeFrame,
} from '../../../src-shared/contract/index.js';
import { createLogger } from '../../../src-node/logging/index.js';
import type {
  ApplyResult,
  Cache,
  CacheEvent,
  OutboxCommand,
} from '../cache/index.js';
import {
  ReauthNeededError,
  staticTokenSource,
  refreshDueAt,
  type AccessToken,
  type TokenSource,
} from './auth.js';
import { backoffDelay, drainDelay } from './backoff.js';
import {
  DEFAULT_COMMAND_MAX_AGE_MS,
  confirmationKey,
  isOverMaxAge,
} from './command-age.js';
import { isTimerLate, sendDecision } from './link-rules.js';
import { SnapshotResync } from './snapshot-resync.js';
import { CommandSender } from './command-sender.js';
import {
  describeBadFrame,
  hasInvalidBody,
  rawBodyText,
  shouldLogRepeat,
  messageText,
  takeEventBatch,
  type QueueItem,
  type QueuedFrame,
} from './frames.js';
import {
  DEFAULT_TIMING,
  realTimers,
  type SessionListener,
  type SessionOptions,
  type SessionTiming,
  type Timers,
} from './types.js';

const log = createLogger('session');

/** Failed attempts of an outage between two warnings; the ones between are logged as information. */
const RETRY_WARNING_EVERY = 10;

/**
 * Event batches posted to the cache worker at once: one committing and one waiting behind it, so
 * the worker never idles between transactions. Acks still follow each commit.
 */
const WRITES_IN_FLIGHT = 2;
/** Maximum wait for the central's reply to a closing handshake when the session stops. */
const STOP_CLOSE_GRACE_MS = 1000;

/** Snapshot pages posted to the cache worker at once, for the same reason. */
const STAGING_WRITES_IN_FLIGHT = 2;

/** Listener work of a committed batch, run by the pump after it has sent the next write. */
interface PendingFinish {
  generation: number;
  run: (() => Promise<void>) | null;
}

/**
 * Wraps a promise so that its rejection is held until `unwrap()`. The pump awaits other work
 * while a write is in flight, and a rejection seen by nobody meanwhile would be reported as
 * unhandled.
 */
async function settled<T>(promise: Promise<T>): Promise<{ unwrap(): T }> {
  try {
    const value = await promise;
    return { unwrap: () => value };
  } catch (error) {
    return {
      unwrap: () => {
        throw error;
      },
    };
  }
}

/**
 * Frames a closed link delivered that are still written: events, which the central had published
 * in order, and command results, which it had decided. An offline console then shows all it
 * received. Other frames of a closed link describe that link only and are dropped.
 */
function keptAfterClose(frame: QueuedFrame): boolean {
  return frame.type === 'event' || frame.type === 'command-result';
}

interface DropOptions {
  /** Do not reconnect; the operator or the caller must act first. */
  final?: SessionPhase;
}

/**
 * The console's session with the central: one WebSocket at a time, resumed from the positions in
 * the cache, with events written in order and acknowledged only after their transaction commits.
 *
 * Every socket belongs to a generation. Dropping a link bumps the generation, so late callbacks of
 * an old socket are ignored. Of the frames it queued, only events that follow the cached position
 * and command results are still handled (see keptAfterClose).
 */
export class SessionClient {
  private readonly timing: SessionTiming;
  private readonly now: () => number;
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly listener: SessionListener;
  private token: string;

  private generation = 0;
  private socket: WebSocket | null = null;
  private linkTimer: unknown = null;
  private retryTimer: unknown = null;
  private stopped = true;
  private attempt = 0;
  private retryAfterMs: number | null = null;
  /** Last error frame of the current link, reported with its close. */
  private linkError: string | null = null;
  /** Frames skipped on the current link, to rate-limit their log lines. */
  private badFrames = 0;
  private everWelcomed = false;

  private readonly tokenSource: TokenSource;
  private accessToken: AccessToken | null = null;
  /** True when the token in use came straight from a refresh, so a rejection means sign in again. */
  private tokenFresh = false;
  /** The central closed this link because the token ran out, not because it refused it. */
  private tokenExpiredOnLink = false;
  /** Ask the token source for a new token before the next hello. */
  private needFreshToken = false;
  /** Local instant at which the token of the live link is refreshed in band. */
  private refreshAt: number | null = null;
  private refreshing = false;
  /** Central clock minus the local clock, from the last welcome or pong. */
  private clockOffsetMs = 0;
  /** Local instant by which some frame must arrive after a probe, or null. */
  private probeDeadlineAt: number | null = null;
  /** When the link timer was planned to fire, to notice sleeps that raise no event. */
  private linkTimerDueAt = 0;
  /** Frames not sent because the send buffer was over the drop threshold, on this link. */
  private droppedFrames = 0;
  private readonly snapshots: SnapshotResync;

  private linkStartedAt = 0;
  private lastFrameAt = 0;
  private welcomedAt: number | null = null;
  private nextPingAt = 0;
  private pingIntervalMs: number;
  private pingId = 0;

  private readonly positions = new Map<string, StreamPosition>();
  /**
   * Position each stream reaches once the batches posted to the cache worker commit. Cleared
   * whenever the pump handles a control frame or fails, so it then falls back to `positions`.
   */
  private readonly queuedPositions = new Map<string, StreamPosition>();
  /** Body text of each queued event frame, cut from the frame's text (see rawBodyText). */
  private readonly bodyTexts = new WeakMap<EventFrame, string>();
  /** Snapshot page writes posted to the cache and not yet finished; they never reject. */
  private stagingWrites: Promise<void>[] = [];
  private heads: Record<string, StreamHead> = {};
  /**
   * Streams not yet level with the central on this link. The value is the sequence that makes a
   * rebuilt stream level, or null to wait for the `caught-up` frame.
   */
  private readonly awaitingCaughtUp = new Map<string, number | null>();
  private readonly commands: CommandSender;

  private queue: QueueItem[] = [];
  /** When each stream was last recorded as level with the central, in local time. */
  private readonly confirmedAt = new Map<string, number>();
  private pumpScheduled = false;
  private pumping: Promise<void> | null = null;

  private current: SessionStatus;

  constructor(
    private readonly cache: Cache,
    private readonly options: SessionOptions,
  ) {
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? realTimers;
    this.random = options.random ?? Math.random;
    this.listener = options.listener ?? {};
    this.token = options.token;
    this.snapshots = new SnapshotResync(cache);
    this.tokenSource = options.tokenSource ?? {
      get: () => staticTokenSource(this.token).get(false),
    };
    this.pingIntervalMs = this.timing.pingIntervalMs;
    this.commands = new CommandSender(
      cache,
      this.timing.commandWindow,
      (frame) => this.send(this.generation, frame),
      (command) => this.mustConfirm(command),
    );
    this.current = {
      phase: 'stopped',
      centralUrl: options.url,
      lastSeenAt: null,
      offlineSince: null,
      progress: null,
      queuedCommands: 0,
      lastError: null,
      nextRetryAt: null,
    };
  }

  status(): SessionStatus {
    return { ...this.current };
  }

  /** Socket generation, for tests and diagnostics: it grows by one per socket. */
  get socketGeneration(): number {
    return this.generation;
  }

  start(): void {
    if (!this.stopped) {
      return;
    }
    this.stopped = false;
    log.info('start: connecting to the central', { url: this.options.url });
    void this.refreshQueued();
    this.connect();
  }

  /** Closes the link, cancels every timer and waits for the frame being written to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearRetryTimer();
    await this.closeLink();
    this.dropLink('session stopped');
    this.queue = [];
    if (this.pumping !== null) {
      await this.pumping;
    }
    this.setStatus({ phase: 'stopped', nextRetryAt: null, progress: null });
    log.info('stop: session stopped', { url: this.options.url });
  }

  /** Sends queued commands if the link is up, and recounts the outbox. */
  nudge(): void {
    void this.refreshQueued();
    void this.commands.flush();
  }

  /**
   * Checks the link now, for wake from sleep, unlock or a network change: a live link gets a ping
   * at once, and a session waiting to reconnect connects at once.
   */
  probe(): void {
    if (this.stopped) {
      return;
    }
    if (this.socket !== null) {
      if (this.welcomedAt !== null) {
        this.probeLink('probe requested');
      }
      return;
    }
    if (this.current.phase === 'offline' && this.retryTimer !== null) {
      this.clearRetryTimer();
      this.connect();
    }
  }

  /** Replaces the access token. A session stopped for re-authentication connects again. */
  setToken(token: string): void {
    this.token = token;
    if (!this.stopped && this.current.phase === 'reauth-needed') {
      this.attempt = 0;
      this.connect();
    }
  }

  // ---- link lifecycle ----

  private connect(): void {
    if (this.stopped || this.socket !== null || this.retryTimer !== null) {
      return;
    }
    this.generation += 1;
    const generation = this.generation;
    this.linkStartedAt = this.now();
    this.lastFrameAt = this.linkStartedAt;
    this.welcomedAt = null;
    this.linkError = null;
    this.badFrames = 0;
    this.tokenExpiredOnLink = false;
    this.setStatus({
      phase: this.everWelcomed ? 'resuming' : 'connecting',
      nextRetryAt: null,
    });

    let socket: WebSocket;
    try {
      socket = new WebSocket(this.options.url, {
        ...this.options.socketOptions,
        maxPayload: MAX_FRAME_BYTES,
      });
    } catch (error) {
      // An invalid URL throws synchronously; retrying cannot fix it.
      log.error('connect: cannot create the socket', {
        url: this.options.url,
        error: (error as Error).message,
      });
      this.setStatus({
        phase: 'offline',
        lastError: `invalid central URL ${this.options.url}: ${(error as Error).message}`,
      });
      return;
    }
    this.socket = socket;
    this.scheduleLinkTimer();

    socket.on('open', () => {
      if (generation === this.generation) {
        void this.sendHello(generation);
      }
    });
    socket.on('message', (data, isBinary) => {
      if (generation === this.generation) {
        this.onMessage(generation, data, isBinary);
      }
    });
    socket.on('close', (code, reason) => {
      if (generation === this.generation) {
        this.onClose(code, reason.toString('utf8'));
      }
    });
    socket.on('error', (error) => {
      if (generation === this.generation) {
        this.dropLink(`socket error: ${error.message}`);
      }
    });
  }

  private onClose(code: number, reason: string): void {
    const closed = `central closed the link with code ${code}${reason ? ` (${reason})` : ''}`;
    const detail =
      this.linkError === null ? closed : `${this.linkError}; ${closed}`;
    if (code === CloseCode.unauthorized) {
      // A token that was not fresh, or that the central reported expired, is refreshed once
      // before the operator is asked to sign in again.
      if (
        this.options.tokenSource !== undefined &&
        (!this.tokenFresh || this.tokenExpiredOnLink)
      ) {
        this.needFreshToken = true;
        this.dropLink(`${detail}; refreshing the access token`);
        return;
      }
      this.dropLink(
        `${detail}; renew the console's token (CONSOLE_REFRESH_TOKEN or CONSOLE_TOKEN) and restart it`,
        { final: 'reauth-needed' },
      );
      return;
    }
    if (FATAL_CLOSE_CODES.includes(code)) {
      this.dropLink(
        `${detail}; not retrying, check the console version and configuration`,
        {
          final: 'offline',
        },
      );
      return;
    }
    this.dropLink(detail);
  }

  /**
   * Closes an open link with code 1000, so the central logs a normal close rather than a lost
   * link, and waits at most STOP_CLOSE_GRACE_MS for the closing handshake. A dead peer never
   * replies, and dropLink then terminates the socket.
   */
  private async closeLink(): Promise<void> {
    const socket = this.socket;
    if (socket === null || socket.readyState !== WebSocket.OPEN) {
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, STOP_CLOSE_GRACE_MS);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.close(CloseCode.normal, 'console stopped');
    });
  }

  /**
   * Ends the current link, if any, and schedules the next attempt. The socket is terminated rather
   * than closed, because a dead peer never completes a closing handshake.
   */
  private dropLink(reason: string, options: DropOptions = {}): void {
    const socket = this.socket;
    if (socket === null) {
      return;
    }
    this.socket = null;
    this.generation += 1;
    this.clearLinkTimer();
    this.commands.close();
    this.probeDeadlineAt = null;
    this.refreshAt = null;
    this.droppedFrames = 0;
    try {
      socket.terminate();
    } catch (error) {
      log.debug('dropLink: terminate failed', {
        error: (error as Error).message,
      });
    }

    const now = this.now();
    const welcomed = this.welcomedAt !== null;
    if (
      this.welcomedAt !== null &&
      now - this.welcomedAt >= this.timing.stableAfterMs
    ) {
      this.attempt = 0;
    }
    this.welcomedAt = null;

    if (this.stopped) {
      return;
    }
    // A link that never got the central's welcome was not lost: it was never made. Retries keep
    // failing for as long as an outage lasts, so only the first failure and every tenth one are
    // warnings, which a terminal shows. The others go to the log file as information.
    const fields = { reason, attempt: this.attempt };
    if (welcomed) {
      log.warn('dropLink: link to the central lost', fields);
    } else if (this.attempt % RETRY_WARNING_EVERY === 0) {
      log.warn('dropLink: could not link to the central', fields);
    } else {
      log.info('dropLink: could not link to the central', fields);
    }
    const offlineSince = this.current.offlineSince ?? now;
    if (options.final !== undefined) {
      this.setStatus({
        phase: options.final,
        offlineSince,
        lastError: reason,
        nextRetryAt: null,
        progress: null,
      });
      return;
    }
    this.setStatus({ offlineSince, lastError: reason, progress: null });
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.socket !== null || this.retryTimer !== null) {
      return;
    }
    this.attempt += 1;
    const delay =
      this.retryAfterMs !== null
        ? drainDelay(this.retryAfterMs, this.random)
        : backoffDelay(this.attempt, this.random, {
            baseMs: this.timing.backoffBaseMs,
            capMs: this.timing.backoffCapMs,
          });
    this.retryAfterMs = null;
    const nextRetryAt = this.now() + delay;
    this.setStatus({ phase: 'offline', nextRetryAt });
    log.info('scheduleReconnect: retrying later', {
      attempt: this.attempt,
      delayMs: delay,
    });
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private clearRetryTimer(): void {
    if (this.retryTimer !== null) {
      this.timers.clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
  }

  private clearLinkTimer(): void {
    if (this.linkTimer !== null) {
      this.timers.clearTimeout(this.linkTimer);
      this.linkTimer = null;
    }
  }

  /**
   * Runs the one timer of a link: the handshake deadline before the welcome, then pings, and
   * throughout the dead-link check. Frames only move `lastFrameAt`, and the timer re-reads it.
   */
  private scheduleLinkTimer(): void {
    this.clearLinkTimer();
    const deadAt = Math.min(
      this.lastFrameAt + this.timing.deadAfterMs,
      this.probeDeadlineAt ?? Infinity,
    );
    const nextAt =
      this.welcomedAt === null
        ? Math.min(deadAt, this.linkStartedAt + this.timing.handshakeTimeoutMs)
        : Math.min(deadAt, this.nextPingAt, this.refreshAt ?? Infinity);
    const now = this.now();
    const delay = Math.max(1, nextAt - now);
    this.linkTimerDueAt = now + delay;
    this.linkTimer = this.timers.setTimeout(() => {
      this.linkTimer = null;
      this.onLinkTimer();
    }, delay);
  }

  private onLinkTimer(): void {
    if (this.socket === null) {
      return;
    }
    const now = this.now();
    if (
      this.probeDeadlineAt !== null &&
      now >= this.probeDeadlineAt &&
      this.lastFrameAt < this.probeDeadlineAt - this.timing.probeTimeoutMs
    ) {
      this.dropLink(
        `no answer within ${this.timing.probeTimeoutMs} ms of a probe; link taken as dead`,
      );
      return;
    }
    if (isTimerLate(this.linkTimerDueAt, now, this.timing.driftThresholdMs)) {
      log.info('onLinkTimer: the timer fired late; probing the link', {
        lateMs: now - this.linkTimerDueAt,
      });
      if (this.welcomedAt !== null) {
        this.probeLink('timer drift');
        return;
      }
    }
    if (
      this.welcomedAt === null &&
      now - this.linkStartedAt >= this.timing.handshakeTimeoutMs
    ) {
      this.dropLink(
        `no welcome from the central within ${this.timing.handshakeTimeoutMs} ms`,
      );
      return;
    }
    if (now - this.lastFrameAt >= this.timing.deadAfterMs) {
      this.dropLink(
        `no frame from the central for ${now - this.lastFrameAt} ms; link taken as dead`,
      );
      return;
    }
    if (this.welcomedAt !== null && now >= this.nextPingAt) {
      this.sendPing(this.generation);
    }
    if (this.refreshAt !== null && now >= this.refreshAt) {
      this.refreshAt = null;
      void this.refreshInBand(this.generation);
    }
    this.scheduleLinkTimer();
  }

  /** Pings now and takes the link as dead unless some frame arrives within probeTimeoutMs. */
  private probeLink(reason: string): void {
    const now = this.now();
    log.info('probeLink: checking the link', { reason });
    this.probeDeadlineAt = now + this.timing.probeTimeoutMs;
    this.sendPing(this.generation);
    this.scheduleLinkTimer();
  }

  /** Gets the access token for the next hello; null when the link was dropped meanwhile. */
  private async currentToken(generation: number): Promise<AccessToken | null> {
    const fresh = this.needFreshToken;
    try {
      const token = await this.tokenSource.get(fresh);
      if (generation !== this.generation) {
        return null;
      }
      this.needFreshToken = false;
      this.tokenFresh = fresh || this.accessToken?.token !== token.token;
      this.accessToken = token;
      return token;
    } catch (error) {
      if (generation !== this.generation) {
        return null;
      }
      if (error instanceof ReauthNeededError) {
        this.dropLink(error.message, { final: 'reauth-needed' });
      } else {
        this.dropLink(
          `getting an access token failed: ${(error as Error).message}`,
        );
      }
      return null;
    }
  }

  /** Replaces the token of the live link with a fresh one, without dropping the socket. */
  private async refreshInBand(generation: number): Promise<void> {
    if (this.refreshing) {
      return;
    }
    this.refreshing = true;
    try {
      const token = await this.tokenSource.get(true);
      if (generation !== this.generation) {
        return;
      }
      this.accessToken = token;
      this.tokenFresh = true;
      this.send(generation, { type: 'auth', token: token.token });
    } catch (error) {
      if (generation !== this.generation) {
        return;
      }
      if (error instanceof ReauthNeededError) {
        this.dropLink(error.message, { final: 'reauth-needed' });
        return;
      }
      // Try again shortly; the central closes the link only once the old token has expired.
      log.warn('refreshInBand: refreshing the access token failed', {
        error: (error as Error).message,
      });
      this.refreshAt = this.now() + this.timing.probeTimeoutMs;
      this.scheduleLinkTimer();
    } finally {
      this.refreshing = false;
    }
  }

  /** Plans the in-band refresh of a token that expires at `expiresAt` (central time). */
  private planRefresh(expiresAt: number | null): void {
    if (expiresAt === null || this.options.tokenSource === undefined) {
      this.refreshAt = null;
      return;
    }
    const now = this.now();
    this.refreshAt = refreshDueAt(
      { token: '', expiresAt },
      now,
      this.clockOffsetMs,
      this.timing.refreshAheadMs,
    );
    this.scheduleLinkTimer();
  }

  private sendPing(generation: number): void {
    this.pingId += 1;
    this.send(generation, {
      type: 'ping',
      id: this.pingId,
      sentAt: this.now(),
    });
    this.nextPingAt = this.now() + this.pingIntervalMs;
  }

  private send(generation: number, frame: ConsoleFrame): boolean {
    const socket = this.socket;
    if (
      generation !== this.generation ||
      socket === null ||
      socket.readyState !== WebSocket.OPEN
    ) {
      return false;
    }
    const decision = sendDecision(socket.bufferedAmount, frame.type, {
      dropBytes: this.timing.sendBufferDropBytes,
      recycleBytes: this.timing.sendBufferRecycleBytes,
    });
    if (decision === 'recycle') {
      this.dropLink(
        `send buffer holds ${socket.bufferedAmount} bytes, over ${this.timing.sendBufferRecycleBytes}; recycling the link`,
      );
      return false;
    }
    if (decision === 'drop') {
      this.droppedFrames += 1;
      if (shouldLogRepeat(this.droppedFrames)) {
        log.warn(
          'send: send buffer full; skipped a frame a later one replaces',
          {
            type: frame.type,
            bufferedAmount: socket.bufferedAmount,
            droppedOnLink: this.droppedFrames,
          },
        );
      }
      return false;
    }
    socket.send(JSON.stringify(frame));
    return true;
  }

  private async sendHello(generation: number): Promise<void> {
    try {
      const token = await this.currentToken(generation);
      if (token === null) {
        return;
      }
      const installId = await this.cache.installId();
      const stored = await this.cache.positions();
      this.positions.clear();
      const positions: Record<string, StreamPosition> = {};
      for (const [stream, position] of Object.entries(stored)) {
        positions[stream] = { epoch: position.epoch, seq: position.seq };
        this.positions.set(stream, positions[stream]);
      }
      this.send(generation, {
        type: 'hello',
        protocol: PROTOCOL_VERSION,
        installId,
        token: token.token,
        client: this.options.client,
        positions,
      });
    } catch (error) {
      if (generation === this.generation) {
        this.dropLink(
          `reading the cache for hello failed: ${(error as Error).message}`,
        );
      }
    }
  }

  // ---- incoming frames ----

  private onMessage(
    generation: number,
    data: RawData,
    isBinary: boolean,
  ): void {
    this.lastFrameAt = this.now();
    this.current.lastSeenAt = this.lastFrameAt;
    this.probeDeadlineAt = null;
    if (isBinary) {
      log.warn(
        'onMessage: skipped a binary frame; the protocol uses text frames',
      );
      return;
    }

    const text = messageText(data);
    const parsed = parseFrame(text, CentralFrame);
    if (!parsed.ok) {
      this.badFrames += 1;
      if (shouldLogRepeat(this.badFrames)) {
        log.warn('onMessage: skipped a frame that does not parse', {
          ...describeBadFrame(text),
          error: parsed.error,
          skippedOnLink: this.badFrames,
        });
      }
      return;
    }

    const frame = parsed.value;
    switch (frame.type) {
      case 'ping':
        this.send(generation, {
          type: 'pong',
          id: frame.id,
          serverTime: this.now(),
        });
        this.confirmOnHeartbeat();
        return;
      case 'pong':
        this.clockOffsetMs = frame.serverTime - this.now();
        this.confirmOnHeartbeat();
        return;
      case 'auth-ok':
        // Planned at once, not behind queued cache writes, so a long write cannot let the
        // token run out on a live link.
        this.planRefresh(frame.expiresAt);
        return;
      case 'error':
        this.onErrorFrame(frame);
        return;
      case 'event': {
        this.checkEventBody(frame);
        const bodyText = rawBodyText(text, frame);
        if (bodyText !== null) {
          this.bodyTexts.set(frame, bodyText);
        }
        break;
      }
      default:
        break;
    }
    this.queue.push({ generation, frame });
    this.schedulePump();
  }

  /**
   * Logs an event whose body does not match its stream's schema. The event is still stored, so the
   * log stays gapless. The cache derives nothing from a body it cannot parse.
   */
  private checkEventBody(frame: EventFrame): void {
    if (hasInvalidBody(frame)) {
      this.badFrames += 1;
      if (!shouldLogRepeat(this.badFrames)) {
        return;
      }
      log.warn(
        'onMessage: event body does not match its stream schema; stored without effect',
        { stream: frame.stream, seq: frame.seq },
      );
    }
  }

  private onErrorFrame(frame: ErrorFrame): void {
    log.warn('onErrorFrame: central reported an error', {
      code: frame.code,
      message: frame.message,
      retryAfterMs: frame.retryAfterMs ?? null,
    });
    if (frame.retryAfterMs !== undefined) {
      this.retryAfterMs = frame.retryAfterMs;
    }
    if (frame.code === 'token-expired') {
      this.tokenExpiredOnLink = true;
    }
    this.linkError = `central error ${frame.code}: ${frame.message}`;
    this.setStatus({ lastError: this.linkError });
  }

  private schedulePump(): void {
    if (this.pumpScheduled || this.pumping !== null) {
      return;
    }
    this.pumpScheduled = true;
    // One turn of the event loop lets frames that arrived together join one transaction.
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pumping = this.pump().finally(() => {
        this.pumping = null;
        if (this.queue.length > 0) {
          this.schedulePump();
        }
      });
    });
  }

  /**
   * Handles queued frames in order. During a backlog, up to WRITES_IN_FLIGHT full event batches
   * are posted to the cache worker at once, so the worker starts the next transaction as soon as
   * one commits instead of waiting for a round trip through the main thread. Each batch is checked
   * against the position its predecessor will reach (`queuedPositions`). Acks and listener work
   * still follow each commit, in order, and a control frame waits until every posted batch has
   * committed.
   */
  private async pump(): Promise<void> {
    const writes: Promise<{ unwrap(): PendingFinish }>[] = [];
    const completeOldest = async (): Promise<void> => {
      const oldest = writes.shift();
      if (oldest !== undefined) {
        await this.finish((await oldest).unwrap());
      }
    };
    const drainWrites = async (): Promise<void> => {
      while (writes.length > 0) {
        await completeOldest();
      }
    };

    while (this.queue.length > 0) {
      const head = this.queue[0];
      if (head === undefined) {
        break;
      }
      if (head.generation !== this.generation && !keptAfterClose(head.frame)) {
        this.queue.shift();
        continue;
      }
      try {
        if (head.frame.type === 'event') {
          if (writes.length > 0 && this.queue.length < this.timing.maxBatch) {
            // A batch shorter than the maximum waits for the write in flight, so that events
            // arriving meanwhile join it: every commit costs an fsync, and a second write is
            // posted early only when a backlog (a replay) fills it anyway.
            await completeOldest();
            continue;
          }
          const batch = takeEventBatch(
            this.queue,
            head.generation,
            this.timing.maxBatch,
          );
          writes.push(settled(this.writeBatch(head.generation, batch)));
          if (writes.length >= WRITES_IN_FLIGHT) {
            await completeOldest();
          }
        } else {
          await drainWrites();
          this.queue.shift();
          // A control frame may move a position (a reset or a swap), so later batches start
          // again from the committed positions.
          this.queuedPositions.clear();
          await this.handleControl(head.generation, head.frame);
        }
      } catch (error) {
        this.queuedPositions.clear();
        this.pumpFailed(head.generation, head.frame.type, error);
      }
    }
    // Each failure is reported, and the writes behind a failed one still settle before the pump
    // ends, so none is left running into the next pump.
    while (writes.length > 0) {
      try {
        await completeOldest();
      } catch (error) {
        this.queuedPositions.clear();
        this.pumpFailed(this.generation, 'event', error);
      }
    }
  }

  private async finish(pending: PendingFinish | null): Promise<void> {
    if (pending !== null && pending.run !== null) {
      await pending.run();
    }
  }

  private pumpFailed(generation: number, type: string, error: unknown): void {
    log.error('pump: handling a frame failed; reconnecting', {
      type,
      error: (error as Error).message,
    });
    if (generation === this.generation) {
      this.dropLink(
        `handling a ${type} frame failed: ${(error as Error).message}`,
      );
    }
  }

  /**
   * Writes a run of events after checking their order, then acknowledges the committed position.
   * A duplicate (at or below the position) is skipped. A gap ends the link, and the resume replays
   * from the committed position. Returns the listener work of the batch, which the pump runs while
   * the next batch is written.
   */
  private async writeBatch(
    generation: number,
    batch: EventFrame[],
  ): Promise<PendingFinish> {
    const none: PendingFinish = { generation, run: null };
    const first = batch[0];
    if (first === undefined) {
      return none;
    }
    const { stream, epoch } = first;
    const position =
      this.queuedPositions.get(stream) ?? this.positions.get(stream);
    if (position !== undefined && position.epoch !== epoch) {
      if (generation !== this.generation) {
        // A closed link's events that no longer fit the cache are replayed by the next link.
        return none;
      }
      this.dropLink(
        `event ${first.seq} of ${stream} is from epoch ${epoch} but the cache is at epoch ${position.epoch}`,
      );
      return none;
    }

    const accepted: CacheEvent[] = [];
    let last = position?.seq ?? null;
    let gapAt: EventFrame | null = null;
    for (const event of batch) {
      if (last !== null && event.seq <= last) {
        continue;
      }
      const expected =
        last === null ? this.firstExpectedSeq(stream) : [last + 1];
      if (!expected.includes(event.seq)) {
        gapAt = event;
        break;
      }
      // The raw text goes to the worker in place of the parsed body: a string is copied across
      // the thread boundary in one piece, and the worker stores it without serializing it again.
      const bodyText = this.bodyTexts.get(event);
      accepted.push(
        bodyText === undefined
          ? { seq: event.seq, at: event.at, body: event.body }
          : { seq: event.seq, at: event.at, body: undefined, bodyText },
      );
      last = event.seq;
    }

    let run: (() => Promise<void>) | null = null;
    if (accepted.length > 0 && last !== null) {
      // Set before the write is posted, so the next batch is checked against this one's end.
      this.queuedPositions.set(stream, { epoch, seq: last });
      const result = await this.cache.applyEvents(stream, epoch, accepted);
      this.positions.set(stream, { epoch, seq: result.position.seq });
      this.send(generation, {
        type: 'ack',
        stream,
        epoch,
        seq: result.position.seq,
      });
      this.advanceProgress(result.applied);
      run = () => this.afterCommit(generation, stream, result);
    }

    if (gapAt !== null && generation === this.generation) {
      log.warn(
        'applyBatch: gap in the event sequence; reconnecting to replay',
        {
          stream,
          seq: gapAt.seq,
          position: last,
        },
      );
      this.dropLink(
        `gap in ${stream}: received ${gapAt.seq} after ${last ?? 'nothing'}`,
      );
    }
    return { generation, run };
  }

  /** Hands a committed batch to the listener and records the stream as level when it is. */
  private async afterCommit(
    generation: number,
    stream: string,
    result: ApplyResult,
  ): Promise<void> {
    await this.listener.onApplied?.(result);
    if (generation !== this.generation) {
      // A closed link's batch does not show that the stream is level with the central now.
      return;
    }
    const target = this.awaitingCaughtUp.get(stream);
    if (typeof target === 'number' && result.position.seq >= target) {
      await this.markLevel(stream);
    } else if (!this.awaitingCaughtUp.has(stream)) {
      await this.confirmLive([stream]);
    }
  }

  /** Sequences a stream without a cached position may start at: 1, or the first one retained. */
  private firstExpectedSeq(stream: string): number[] {
    const head = this.heads[stream];
    return head === undefined ? [1] : [1, head.firstSeq];
  }

  private async handleControl(
    generation: number,
    frame: QueuedFrame,
  ): Promise<void> {
    switch (frame.type) {
      case 'welcome':
        await this.onWelcome(generation, frame);
        return;
      case 'caught-up':
        await this.onCaughtUp(frame);
        return;
      case 'resync':
        await this.onResync(generation, frame);
        return;
      case 'snapshot-page':
        await this.onSnapshotPage(generation, frame);
        return;
      case 'command-result':
        await this.onCommandResult(frame);
        return;
      default:
        return;
    }
  }

  private async onWelcome(
    generation: number,
    frame: WelcomeFrame,
  ): Promise<void> {
    if (frame.protocol !== PROTOCOL_VERSION) {
      this.dropLink(
        `central speaks protocol ${frame.protocol}, this console ${PROTOCOL_VERSION}; update the console`,
        { final: 'offline' },
      );
      return;
    }
    const now = this.now();
    this.welcomedAt = now;
    this.everWelcomed = true;
    this.clockOffsetMs = frame.serverTime - now;
    this.setStatus({ clockOffsetMs: this.clockOffsetMs });
    this.snapshots.clear();
    this.heads = frame.streams;
    this.pingIntervalMs = Math.min(
      this.timing.pingIntervalMs,
      frame.heartbeatMs,
    );
    this.nextPingAt = now + this.pingIntervalMs;
    this.scheduleLinkTimer();
    this.planRefresh(frame.tokenExpiresAt ?? null);

    this.awaitingCaughtUp.clear();
    let total = 0;
    for (const [stream, head] of Object.entries(frame.streams)) {
      this.awaitingCaughtUp.set(stream, null);
      const position = this.positions.get(stream);
      const behind =
        position !== undefined && position.epoch === head.epoch
          ? head.headSeq - position.seq
          : head.headSeq - head.firstSeq + 1;
      total += Math.max(0, behind);
    }

    // Pending commands at or below the watermark were decided on the central, but their results
    // were lost with a link. They are sent again, and the central returns each stored outcome
    // (applied or rejected); settling them all as applied would keep a rejected command's
    // optimistic change.
    log.info('onWelcome: session established', {
      sessionId: frame.sessionId,
      streams: Object.keys(frame.streams),
      behind: total,
    });

    if (this.awaitingCaughtUp.size === 0) {
      this.setStatus({
        phase: 'online',
        offlineSince: null,
        progress: null,
        lastError: null,
      });
    } else {
      this.setStatus({ phase: 'syncing', progress: { done: 0, total } });
    }
    await this.refreshQueued();
    if (generation !== this.generation) {
      return;
    }
    this.commands.open(frame.commandWatermark);
    void this.commands.flush();
  }

  private async onCaughtUp(frame: CaughtUpFrame): Promise<void> {
    await this.markLevel(frame.stream);
  }

  /**
   * Records, on a heartbeat, that every stream is still level with the central. The central sends
   * one socket's frames in order, so once every event queued before the heartbeat is committed,
   * the cache contains everything the central had published when it sent the heartbeat.
   */
  private confirmOnHeartbeat(): void {
    if (
      this.queue.length > 0 ||
      this.pumping !== null ||
      this.pumpScheduled ||
      this.awaitingCaughtUp.size > 0
    ) {
      return;
    }
    this.confirmLive([...this.positions.keys()]).catch((error: unknown) =>
      log.warn('confirmOnHeartbeat: recording the confirmation failed', {
        error: (error as Error).message,
      }),
    );
  }

  /** Moves the confirmed time of live streams forward, at most once per interval per stream. */
  private async confirmLive(streams: readonly string[]): Promise<void> {
    if (this.current.phase !== 'online') {
      return;
    }
    const now = this.now();
    for (const stream of streams) {
      const last = this.confirmedAt.get(stream) ?? 0;
      if (
        this.awaitingCaughtUp.has(stream) ||
        now - last < this.timing.confirmIntervalMs
      ) {
        continue;
      }
      this.confirmedAt.set(stream, now);
      const position = await this.cache.markConfirmed(stream, now);
      if (position !== null) {
        await this.listener.onConfirmed?.(position);
      }
    }
  }

  /** Records that `stream` is level with the central, and goes online once every stream is. */
  private async markLevel(stream: string): Promise<void> {
    this.awaitingCaughtUp.delete(stream);
    this.confirmedAt.set(stream, this.now());
    const position = await this.cache.markConfirmed(stream, this.now());
    if (position !== null) {
      await this.listener.onConfirmed?.(position);
    }
    if (this.awaitingCaughtUp.size === 0 && this.current.phase !== 'online') {
      this.setStatus({
        phase: 'online',
        offlineSince: null,
        progress: null,
        lastError: null,
      });
    }
  }

  private async onResync(
    generation: number,
    frame: ResyncFrame,
  ): Promise<void> {
    if (frame.snapshot === true) {
      await this.startSnapshot(generation, frame);
      return;
    }
    log.warn('onResync: the central cannot replay this stream; rebuilding it', {
      stream: frame.stream,
      reason: frame.reason,
      epoch: frame.head.epoch,
      firstSeq: frame.head.firstSeq,
    });
    this.setStatus({
      phase: 'resynchronizing',
      progress: {
        done: 0,
        total: Math.max(0, frame.head.headSeq - frame.head.firstSeq + 1),
      },
    });
    const position = await this.cache.resetStream(
      frame.stream,
      frame.head.epoch,
      frame.head.firstSeq,
    );
    this.positions.set(frame.stream, {
      epoch: position.epoch,
      seq: position.seq,
    });
    this.heads[frame.stream] = frame.head;
    // A central may rebuild a stream after its caught-up frame and send no second one, so reaching
    // the head named in the resync also counts as level.
    this.awaitingCaughtUp.set(frame.stream, frame.head.headSeq);
    await this.listener.onStreamReset?.(frame.stream, frame.reason, position);
    if (position.seq >= frame.head.headSeq) {
      await this.markLevel(frame.stream);
    }
  }

  private async onCommandResult(frame: CommandResultFrame): Promise<void> {
    this.commands.settled(frame.installSeq);
    const settle = await this.cache.markCommandResult({
      installSeq: frame.installSeq,
      outcome: frame.outcome,
      result:
        frame.outcome === 'applied'
          ? (frame.result ?? null)
          : (frame.error ?? null),
    });
    if (frame.outcome === 'rejected') {
      log.warn('onCommandResult: the central rejected a command', {
        installSeq: frame.installSeq,
        code: frame.error?.code ?? null,
      });
    }
    await this.listener.onCommandSettled?.(frame.installSeq, settle);
    await this.refreshQueued();
    void this.commands.flush();
  }

  private advanceProgress(applied: number): void {
    const progress = this.current.progress;
    if (progress === null) {
      return;
    }
    this.setStatus({
      progress: {
        done: progress.done + applied,
        total: Math.max(progress.total, progress.done + applied),
      },
    });
  }

  // ---- snapshot resync ----

  private async startSnapshot(
    generation: number,
    frame: ResyncFrame,
  ): Promise<void> {
    const { request, progress } = await this.snapshots.start(frame);
    this.awaitingCaughtUp.set(frame.stream, null);
    this.setStatus({
      phase: 'resynchronizing',
      progress: { done: progress.received, total: progress.pages },
    });
    this.send(generation, request);
  }

  private async onSnapshotPage(
    generation: number,
    page: SnapshotPageFrame,
  ): Promise<void> {
    const next = this.snapshots.next(page);
    if (next === 'unexpected') {
      return;
    }
    if (next !== null) {
      // Ask for the next page first, so the central builds it while this one is staged. On a drop,
      // the next link resumes from the cursor of the last page staged.
      this.send(generation, next);
    }

    // The page's write is posted without waiting for it, so the main thread checks the next page
    // while the worker writes this one. The cache refuses a page whose predecessor is missing,
    // so a failed write stops the pages behind it, and the link resumes from the stored cursor.
    while (this.stagingWrites.length >= STAGING_WRITES_IN_FLIGHT) {
      await this.stagingWrites.shift();
    }
    this.stagingWrites.push(
      this.snapshots
        .stage(page)
        .catch((error: unknown) =>
          this.pumpFailed(generation, page.type, error),
        ),
    );
    this.setStatus({
      phase: 'resynchronizing',
      progress: { done: page.page, total: page.pages },
    });
    if (next !== null) {
      return;
    }
    for (const write of this.stagingWrites.splice(0)) {
      await write;
    }
    if (generation !== this.generation) {
      return;
    }

    // The swap moves rows, so its progress counts rows, not pages.
    const position = await this.snapshots.swap(page, (progress) => {
      if (generation === this.generation) {
        this.setStatus({ phase: 'resynchronizing', progress });
      }
    });
    this.positions.set(page.stream, { epoch: page.epoch, seq: page.headSeq });
    const head = this.heads[page.stream];
    this.heads[page.stream] = {
      epoch: page.epoch,
      firstSeq: head?.firstSeq ?? 1,
      headSeq: Math.max(head?.headSeq ?? 0, page.headSeq),
    };
    this.send(generation, {
      type: 'ack',
      stream: page.stream,
      epoch: page.epoch,
      seq: page.headSeq,
    });
    // The central now sends the events after the snapshot's head, then caught-up.
    this.setStatus({ phase: 'syncing', progress: null });
    await this.listener.onStreamReset?.(
      page.stream,
      'resynchronized',
      position,
    );
  }

  // ---- commands needing confirmation ----

  /** True for a command too old to send without the operator's confirmation. */
  private async mustConfirm(command: OutboxCommand): Promise<boolean> {
    const table = this.options.commandMaxAgeMs ?? DEFAULT_COMMAND_MAX_AGE_MS;
    if (!isOverMaxAge(command, this.now(), table)) {
      return false;
    }
    return (
      (await this.cache.getMeta(confirmationKey(command.installSeq))) === null
    );
  }

  /** Lists every queued command and marks the ones waiting for the operator's decision. */
  async pendingCommands(): Promise<PendingCommand[]> {
    const pending = await this.cache.pendingCommands();
    const list: PendingCommand[] = [];
    for (const command of pending) {
      list.push({
        installSeq: command.installSeq,
        commandId: command.commandId,
        name: command.name,
        createdAt: command.createdAt,
        state: (await this.mustConfirm(command))
          ? 'needs-confirmation'
          : 'pending',
      });
    }
    return list;
  }

  /** Confirms a command that was too old to send, so it is sent in its turn. */
  async confirmCommand(installSeq: number): Promise<void> {
    await this.requireNeedsConfirmation(installSeq);
    await this.cache.setMeta(confirmationKey(installSeq), String(this.now()));
    log.info('confirmCommand: the operator confirmed an old command', {
      installSeq,
    });
    await this.refreshQueued();
    void this.commands.flush();
  }

  /** Discards a command that was too old to send and undoes its optimistic change. */
  async discardCommand(installSeq: number): Promise<void> {
    await this.requireNeedsConfirmation(installSeq);
    const settle = await this.cache.markCommandResult({
      installSeq,
      outcome: 'rejected',
      result: {
        code: 'discarded',
        message: 'the operator discarded this command before it was sent',
      },
    });
    log.info('discardCommand: the operator discarded an old command', {
      installSeq,
    });
    await this.listener.onCommandSettled?.(installSeq, settle);
    await this.refreshQueued();
    void this.commands.flush();
  }

  private async requireNeedsConfirmation(installSeq: number): Promise<void> {
    const list = await this.pendingCommands();
    const found = list.find((command) => command.installSeq === installSeq);
    if (found?.state !== 'needs-confirmation') {
      throw new Error(
        `command ${installSeq} is not waiting for confirmation (${found?.state ?? 'not queued'}); refresh the list`,
      );
    }
  }

  // ---- commands ----

  private async refreshQueued(): Promise<void> {
    try {
      const queued = await this.cache.pendingCount();
      const toConfirm = (await this.pendingCommands()).filter(
        (command) => command.state === 'needs-confirmation',
      ).length;
      this.setStatus({ queuedCommands: queued, commandsToConfirm: toConfirm });
    } catch (error) {
      log.warn('refreshQueued: counting the outbox failed', {
        error: (error as Error).message,
      });
    }
  }

  // ---- status ----

  private setStatus(patch: Partial<SessionStatus>): void {
    const next: SessionStatus = { ...this.current, ...patch };
    const changed = (Object.keys(patch) as (keyof SessionStatus)[]).some(
      (key) => JSON.stringify(this.current[key]) !== JSON.stringify(next[key]),
    );
    this.current = next;
    if (changed) {
      this.listener.onStatus?.({ ...next });
    }
  }
}
