import {
  HostResponseFrame,
  parseFrame,
  type BridgeResult,
  type HostRequestFrame,
  type InvokeChannel,
  type InvokeRequest,
  type InvokeResponse,
} from '../../../src-shared/contract/index.js';
import { createBatchFanout } from './batch-fanout.js';
import {
  createBatchQueue,
  nextAnimationFrame,
  type ScheduleFrame,
} from './batch-queue.js';
import type { EarlyInvoke } from './early-link.js';
import { failure, parseInvokeResult } from './results.js';
import type { BridgeLink, RendererBridge } from './types.js';

export { bridgeUrl } from './url.js';

/** The part of the WHATWG WebSocket API the bridge uses; the `ws` package provides it too. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(
    type: 'open' | 'close' | 'error',
    listener: () => void,
  ): void;
  addEventListener(
    type: 'message',
    listener: (event: { data: unknown }) => void,
  ): void;
}

export interface SocketBridgeOptions {
  url: string;
  createSocket: (url: string) => SocketLike;
  /** Time an invoke may wait for its result, including the wait for a connection. */
  invokeTimeoutMs?: number;
  /** First reconnect delay; doubles per failed attempt up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A link that stays up this long resets the backoff to `baseDelayMs`. */
  stableAfterMs?: number;
  /** Time a connection attempt may take to open before it is abandoned and retried. */
  connectTimeoutMs?: number;
  random?: () => number;
  /** Schedules the delivery of one frame's pushed batches. The default is the next animation frame. */
  scheduleFrame?: ScheduleFrame;
  /** A socket the page opened before the bridge existed, to take over instead of connecting. */
  early?: EarlySocket;
}

/** The part of an early link (early-link.ts) that the socket bridge takes over. */
export interface EarlySocket {
  socket: SocketLike;
  invokes: readonly EarlyInvoke[];
  messages: readonly unknown[];
  closed: boolean;
  stop(): void;
}

export interface SocketBridge extends RendererBridge {
  readonly link: BridgeLink;
  /** Closes the socket for good and fails every pending invoke. */
  close(): void;
}

const OPEN = 1;
const CLOSING = 2;
const MAX_BACKOFF_EXPONENT = 16;

/** An invoke the early link sent, waiting to be claimed by the first equal call. */
interface Prefetched {
  channel: InvokeChannel;
  requestJson: string;
  answered: boolean;
  result: unknown;
  /** Drops the entry when no call claims it in time. */
  timer: ReturnType<typeof setTimeout>;
}

interface PendingInvoke {
  channel: InvokeChannel;
  frame: HostRequestFrame;
  sent: boolean;
  timer: ReturnType<typeof setTimeout>;
  resolve: (result: BridgeResult<unknown>) => void;
}

/**
 * Builds a ConsoleBridge over the browser host's loopback WebSocket. Invokes made while the link is
 * down wait for it (up to the invoke timeout); invokes in flight when it drops fail as
 * `unavailable`. The link reconnects with exponential backoff and jitter until `close()`.
 */
export function createSocketBridge(options: SocketBridgeOptions): SocketBridge {
  const invokeTimeoutMs = options.invokeTimeoutMs ?? 15_000;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const stableAfterMs = options.stableAfterMs ?? 10_000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const random = options.random ?? Math.random;

  const scheduleFrame = options.scheduleFrame ?? nextAnimationFrame;
  const pending = new Map<number, PendingInvoke>();
  const prefetched = new Map<number, Prefetched>();
  const fanout = createBatchFanout(options.early !== undefined, scheduleFrame);
  const pushes = createBatchQueue(fanout.deliver, scheduleFrame);
  const linkListeners = new Set<(connected: boolean) => void>();
  let socket: SocketLike | null = null;
  let connected = false;
  let closed = false;
  let nextId = 1;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let stableTimer: ReturnType<typeof setTimeout> | null = null;
  let connectTimer: ReturnType<typeof setTimeout> | null = null;

  function clearConnectTimer(): void {
    if (connectTimer !== null) {
      clearTimeout(connectTimer);
      connectTimer = null;
    }
  }

  function setConnected(value: boolean): void {
    if (connected === value) {
      return;
    }
    connected = value;
    for (const listener of [...linkListeners]) {
      listener(value);
    }
  }

  function settle(id: number, result: BridgeResult<unknown>): void {
    const entry = pending.get(id);
    if (entry === undefined) {
      return;
    }
    pending.delete(id);
    clearTimeout(entry.timer);
    entry.resolve(result);
  }

  function sendWaiting(): void {
    for (const entry of pending.values()) {
      if (!entry.sent && socket !== null && socket.readyState === OPEN) {
        socket.send(JSON.stringify(entry.frame));
        entry.sent = true;
      }
    }
  }

  function handleMessage(data: unknown): void {
    if (typeof data !== 'string') {
      return;
    }
    const parsed = parseFrame(data, HostResponseFrame);
    if (!parsed.ok) {
      // NOTE: a malformed frame is dropped. A lost push shows up as a revision gap in the store,
      // and a lost result as an invoke timeout, so both recover.
      return;
    }
    const frame = parsed.value;
    if (frame.type === 'push') {
      pushes.push(frame.batch);
      return;
    }
    // Batches that arrived before this result go first, so none older than a snapshot follows it.
    pushes.flush();
    const entry = pending.get(frame.id);
    if (entry !== undefined) {
      settle(frame.id, parseInvokeResult(entry.channel, frame.result));
      return;
    }
    const early = prefetched.get(frame.id);
    if (early !== undefined && !early.answered) {
      early.answered = true;
      early.result = frame.result;
    }
  }

  function dropUnansweredPrefetches(): void {
    for (const [id, entry] of [...prefetched]) {
      if (!entry.answered) {
        clearTimeout(entry.timer);
        prefetched.delete(id);
      }
    }
  }

  function handleClose(): void {
    // Listeners see the batches that arrived before they see the link drop.
    pushes.flush();
    socket = null;
    clearConnectTimer();
    if (stableTimer !== null) {
      clearTimeout(stableTimer);
      stableTimer = null;
    }
    for (const [id, entry] of [...pending]) {
      if (entry.sent) {
        settle(
          id,
          failure(
            'unavailable',
            `the link to main closed before ${entry.channel} returned; retry`,
          ),
        );
      }
    }
    // An early invoke lost with the socket is sent again by the call that would have claimed it.
    dropUnansweredPrefetches();
    setConnected(false);
    scheduleReconnect();
  }

  function scheduleReconnect(): void {
    if (closed || retryTimer !== null) {
      return;
    }
    const ceiling = Math.min(
      maxDelayMs,
      baseDelayMs * 2 ** Math.min(attempt, MAX_BACKOFF_EXPONENT),
    );
    // Jitter spreads reconnects of many walls after a host restart; it applies after the cap.
    const delay = ceiling / 2 + random() * (ceiling / 2);
    attempt += 1;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, delay);
  }

  function connect(): void {
    if (closed || socket !== null) {
      return;
    }
    let current: SocketLike;
    try {
      current = options.createSocket(options.url);
    } catch {
      scheduleReconnect();
      return;
    }
    follow(current);
  }

  function opened(): void {
    clearConnectTimer();
    stableTimer = setTimeout(() => {
      attempt = 0;
    }, stableAfterMs);
    setConnected(true);
    sendWaiting();
  }

  /** Makes `current` the link's socket and listens to it. */
  function follow(current: SocketLike): void {
    socket = current;
    // A handshake that never completes fires neither open nor close, so it is time-boxed.
    connectTimer = setTimeout(() => {
      connectTimer = null;
      if (socket === current && current.readyState !== OPEN) {
        current.close();
        handleClose();
      }
    }, connectTimeoutMs);

    current.addEventListener('open', () => {
      if (socket === current) {
        opened();
      }
    });
    current.addEventListener('message', (event) => {
      if (socket === current) {
        handleMessage(event.data);
      }
    });
    current.addEventListener('close', () => {
      if (socket === current) {
        handleClose();
      }
    });
    // An error is always followed by close, which does the cleanup.
    current.addEventListener('error', () => undefined);
  }

  /**
   * Takes over the early link's socket: its invokes wait to be claimed, the frames it recorded are
   * handled as if they had just arrived, and a socket that already closed is replaced.
   */
  function adopt(early: EarlySocket): void {
    for (const invoke of early.invokes) {
      nextId = Math.max(nextId, invoke.id + 1);
      prefetched.set(invoke.id, {
        channel: invoke.channel,
        requestJson: invoke.requestJson,
        answered: false,
        result: undefined,
        timer: setTimeout(() => prefetched.delete(invoke.id), invokeTimeoutMs),
      });
    }
    early.stop();
    for (const data of early.messages) {
      handleMessage(data);
    }
    if (early.closed || early.socket.readyState >= CLOSING) {
      dropUnansweredPrefetches();
      connect();
      return;
    }
    follow(early.socket);
    if (early.socket.readyState === OPEN) {
      opened();
    }
  }

  /** Returns the early link's result, or its pending invoke, for a call equal to one it sent. */
  function claimPrefetched<C extends InvokeChannel>(
    channel: C,
    request: InvokeRequest<C>,
  ): Promise<BridgeResult<InvokeResponse<C>>> | null {
    if (prefetched.size === 0) {
      return null;
    }
    const requestJson = JSON.stringify(request);
    for (const [id, entry] of prefetched) {
      if (entry.channel !== channel || entry.requestJson !== requestJson) {
        continue;
      }
      prefetched.delete(id);
      clearTimeout(entry.timer);
      if (entry.answered) {
        return Promise.resolve(parseInvokeResult(channel, entry.result));
      }
      return awaitResult(id, channel, request, true);
    }
    return null;
  }

  /** Registers invoke `id` as pending; the promise settles with its result or a failure. */
  function awaitResult<C extends InvokeChannel>(
    id: number,
    channel: C,
    request: InvokeRequest<C>,
    sent: boolean,
  ): Promise<BridgeResult<InvokeResponse<C>>> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        settle(
          id,
          failure(
            'unavailable',
            `${channel} got no result within ${invokeTimeoutMs} ms; retry`,
          ),
        );
      }, invokeTimeoutMs);
      pending.set(id, {
        channel,
        frame: { type: 'invoke', id, channel, request },
        sent,
        timer,
        resolve: resolve as (result: BridgeResult<unknown>) => void,
      });
    });
  }

  function invoke<C extends InvokeChannel>(
    channel: C,
    request: InvokeRequest<C>,
  ): Promise<BridgeResult<InvokeResponse<C>>> {
    if (closed) {
      return Promise.resolve(
        failure('unavailable', `the bridge is closed; ${channel} was not sent`),
      );
    }
    const claimed = claimPrefetched(channel, request);
    if (claimed !== null) {
      return claimed;
    }
    const result = awaitResult(nextId++, channel, request, false);
    sendWaiting();
    return result;
  }

  const link: BridgeLink = {
    get connected() {
      return connected;
    },
    subscribe(listener) {
      linkListeners.add(listener);
      return () => {
        linkListeners.delete(listener);
      };
    },
  };

  if (options.early === undefined) {
    connect();
  } else {
    adopt(options.early);
  }

  return {
    invoke,
    onChanges: fanout.subscribe,
    link,
    close() {
      closed = true;
      pushes.close();
      fanout.close();
      for (const entry of prefetched.values()) {
        clearTimeout(entry.timer);
      }
      prefetched.clear();
      if (retryTimer !== null) {
        clearTimeout(retryTimer);
      }
      if (stableTimer !== null) {
        clearTimeout(stableTimer);
      }
      clearConnectTimer();
      for (const id of [...pending.keys()]) {
        settle(id, failure('unavailable', 'the bridge was closed'));
      }
      socket?.close(1000, 'renderer closed the bridge');
      socket = null;
      setConnected(false);
    },
  };
}
