import type {
  ConsoleBridge,
  WindowKind,
} from '../../../src-shared/contract/index.js';
import { createBatchFanout } from './batch-fanout.js';
import { createBatchQueue } from './batch-queue.js';
import type { EarlyLink, EarlyPreloadLink } from './early-link.js';
import { parseChangeBatch, parseInvokeResult } from './results.js';
import { bridgeUrl, createSocketBridge } from './socket-bridge.js';
import type { RendererBridge } from './types.js';

export type { BridgeLink, RendererBridge } from './types.js';

let shared: RendererBridge | null = null;

/** An early invoke through the preload that no call has claimed yet. */
interface PreloadPrefetch {
  channel: string;
  requestJson: string;
  result: Promise<unknown>;
}

/**
 * Wraps the preload's bridge so that its results and batches are checked against the contract
 * like the socket bridge's frames are. Batches are delivered once per animation frame, merged,
 * as the socket bridge delivers them. With an early link, the invokes it made are handed to the
 * first equal calls, and the batches it recorded are delivered to the first listener.
 */
export function checkedPreloadBridge(
  preload: ConsoleBridge,
  early: EarlyPreloadLink | null,
): RendererBridge {
  const fanout = createBatchFanout(early !== null);
  const pushes = createBatchQueue(fanout.deliver);
  const prefetched: PreloadPrefetch[] =
    early === null ? [] : [...early.invokes];
  let unsubscribePreload: (() => void) | null = null;

  function receive(raw: unknown): void {
    const batch = parseChangeBatch(raw);
    if (batch !== null) {
      pushes.push(batch);
    }
  }

  if (early !== null) {
    // Subscribed before the early link stops recording, so no batch falls between the two.
    unsubscribePreload = preload.onChanges(receive);
    early.stop();
    for (const event of early.events) {
      if (event.type === 'batch') {
        receive(event.batch);
      } else {
        // Batches that arrived before a result go first, as in `invoke` below.
        pushes.flush();
      }
    }
  }

  function claim(channel: string, request: unknown): Promise<unknown> | null {
    if (prefetched.length === 0) {
      return null;
    }
    const requestJson = JSON.stringify(request);
    const index = prefetched.findIndex(
      (entry) => entry.channel === channel && entry.requestJson === requestJson,
    );
    if (index < 0) {
      return null;
    }
    const [entry] = prefetched.splice(index, 1);
    return entry?.result ?? null;
  }

  return {
    async invoke(channel, request) {
      const raw: unknown = await (claim(channel, request) ??
        preload.invoke(channel, request));
      // Batches that arrived before this result go first, so none older than a snapshot follows it.
      pushes.flush();
      return parseInvokeResult(channel, raw);
    },
    onChanges(listener) {
      const unsubscribe = fanout.subscribe(listener);
      unsubscribePreload ??= preload.onChanges(receive);
      return () => {
        unsubscribe();
        if (fanout.listenerCount === 0) {
          unsubscribePreload?.();
          unsubscribePreload = null;
          pushes.close();
        }
      };
    },
  };
}

/** Returns the early link once and clears its slot, so that only one bridge takes it over. */
function takeEarlyLink(): EarlyLink | null {
  const link = globalThis.consoleEarlyLink ?? null;
  globalThis.consoleEarlyLink = undefined;
  return link;
}

/**
 * Returns this window's bridge to main: the Electron preload's when present, otherwise a WebSocket
 * bridge to the browser host that served the page. One bridge per page; it takes over the link
 * that the page's entry opened early (early-link.ts), if any.
 */
export function getBridge(kind: WindowKind): RendererBridge {
  if (shared !== null) {
    return shared;
  }
  const early = takeEarlyLink();
  const preload = window.consoleBridge;
  if (preload !== undefined) {
    shared = checkedPreloadBridge(
      preload,
      early?.kind === 'preload' ? early : null,
    );
  } else {
    shared = createSocketBridge({
      url: bridgeUrl(window.location, kind),
      createSocket: (url) => new WebSocket(url),
      ...(early?.kind === 'socket' ? { early } : {}),
    });
  }
  return shared;
}
