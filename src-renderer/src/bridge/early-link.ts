// The first step of a window's page: it opens the link to main and sends the invokes the page
// needs first (the state snapshot), before the page's larger modules (Vue, the contract's
// schemas, the panels) are evaluated. Main builds and sends the result while those modules load,
// and the bridge takes the link over when it is created (see index.ts).
//
// This file is most of the entry chunk, so it imports no schemas and no bridge, only the URL
// helper. It hands its state over through a global rather than a shared module, because a module
// shared with the later chunks would be bundled with them.
import type {
  ChangeBatch,
  ConsoleBridge,
  InvokeChannel,
  WindowKind,
} from '../../../src-shared/contract/index.js';
import type { SocketLike } from './socket-bridge.js';
import { bridgeUrl } from './url.js';

/** An invoke sent before the bridge existed; the bridge returns its result to the first equal call. */
export interface EarlyInvoke {
  /** Frame id on the socket; the bridge numbers its own invokes after it. */
  id: number;
  channel: InvokeChannel;
  /** The request as JSON, which an equal call must match exactly. */
  requestJson: string;
}

/** The browser host's socket, opened early, with every frame that arrived before the takeover. */
export interface EarlySocketLink {
  kind: 'socket';
  socket: SocketLike;
  invokes: readonly EarlyInvoke[];
  /** Message data in arrival order, until `stop` is called. */
  messages: unknown[];
  /** True when the socket closed before the takeover; the bridge then connects again. */
  closed: boolean;
  /** Stops recording messages; the bridge calls it once it listens to the socket itself. */
  stop(): void;
  /** Resolves once the requests are sent, or the socket failed to open. */
  sent: Promise<void>;
}

/** One thing the preload delivered before the takeover, in arrival order. */
export type EarlyPreloadEvent =
  | { type: 'batch'; batch: unknown }
  | { type: 'result'; index: number };

/** Invokes already made through the Electron preload, and what arrived since. */
export interface EarlyPreloadLink {
  kind: 'preload';
  invokes: readonly {
    channel: InvokeChannel;
    requestJson: string;
    result: Promise<unknown>;
  }[];
  /**
   * Pushed batches (unchecked) and invoke results in arrival order, until `stop` is called. A
   * result's position shows which batches came before it.
   */
  events: EarlyPreloadEvent[];
  stop(): void;
}

export type EarlyLink = EarlySocketLink | EarlyPreloadLink;

/** An invoke to send at once, with its request. */
export interface EarlyRequest {
  channel: InvokeChannel;
  request: unknown;
}

declare global {
  // The hand-over slot between the entry chunk and the bridge; `var` is how a global is declared.
  var consoleEarlyLink: EarlyLink | undefined;
}

/** Opens `url` with `createSocket` and sends `requests` on it as soon as it is open. */
export function openEarlySocket(
  url: string,
  requests: readonly EarlyRequest[],
  createSocket: (url: string) => SocketLike,
): EarlySocketLink {
  const socket = createSocket(url);
  const invokes = requests.map((request, index) => ({
    id: index + 1,
    channel: request.channel,
    requestJson: JSON.stringify(request.request),
  }));
  let recording = true;
  let markSent: () => void = () => undefined;
  const link: EarlySocketLink = {
    kind: 'socket',
    socket,
    invokes,
    messages: [],
    closed: false,
    stop() {
      recording = false;
    },
    sent: new Promise((resolve) => {
      markSent = resolve;
    }),
  };
  socket.addEventListener('open', () => {
    for (const invoke of invokes) {
      socket.send(
        `{"type":"invoke","id":${invoke.id},"channel":${JSON.stringify(invoke.channel)},"request":${invoke.requestJson}}`,
      );
    }
    markSent();
  });
  socket.addEventListener('message', (event) => {
    if (recording) {
      link.messages.push(event.data);
    }
  });
  socket.addEventListener('close', () => {
    if (recording) {
      link.closed = true;
    }
    markSent();
  });
  return link;
}

/** Makes `requests` through the Electron preload and records what it delivers until `stop`. */
export function openEarlyPreload(
  preload: ConsoleBridge,
  requests: readonly EarlyRequest[],
): EarlyPreloadLink {
  let recording = true;
  const events: EarlyPreloadEvent[] = [];
  const unsubscribe = preload.onChanges((batch: ChangeBatch) => {
    if (recording) {
      events.push({ type: 'batch', batch });
    }
  });
  const invokes = requests.map((request, index) => {
    // The preload's types promise a checked result; the bridge checks it again anyway.
    const result: Promise<unknown> = preload.invoke(
      request.channel,
      request.request as never,
    );
    void result.then(
      () => {
        if (recording) {
          events.push({ type: 'result', index });
        }
      },
      // The call that claims this invoke gets the rejection.
      () => undefined,
    );
    return {
      channel: request.channel,
      requestJson: JSON.stringify(request.request),
      result,
    };
  });
  return {
    kind: 'preload',
    invokes,
    events,
    stop() {
      recording = false;
      unsubscribe();
    },
  };
}

/**
 * Opens this page's link to main and sends `requests` on it. Call it once, first thing in a
 * window's entry; `getBridge` takes the link over. A second call does nothing. The returned
 * promise resolves once the requests are on their way, or after `waitMs` at most. The entry
 * imports the rest of the page after it, because a socket's open event waits for the main thread,
 * and evaluating the page's modules first would hold the requests back until they are done.
 */
export function startEarlyLink(
  kind: WindowKind,
  requests: readonly EarlyRequest[],
  waitMs = 100,
): Promise<void> {
  if (globalThis.consoleEarlyLink !== undefined) {
    return Promise.resolve();
  }
  const preload = window.consoleBridge;
  if (preload !== undefined) {
    globalThis.consoleEarlyLink = openEarlyPreload(preload, requests);
    return Promise.resolve();
  }
  const link = openEarlySocket(
    bridgeUrl(window.location, kind),
    requests,
    (url) => new WebSocket(url),
  );
  globalThis.consoleEarlyLink = link;
  return Promise.race([
    link.sent,
    new Promise<void>((resolve) => setTimeout(resolve, waitMs)),
  ]);
}
