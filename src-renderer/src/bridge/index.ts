import type {
  ChangeBatch,
  ConsoleBridge,
  WindowKind,
} from '../../../src-shared/contract/index.js';
import { createBatchQueue } from './batch-queue.js';
import { parseChangeBatch, parseInvokeResult } from './results.js';
import { bridgeUrl, createSocketBridge } from './socket-bridge.js';
import type { RendererBridge } from './types.js';

export type { BridgeLink, RendererBridge } from './types.js';

let shared: RendererBridge | null = null;

/**
 * Wraps the preload's bridge so that its results and batches are checked against the contract
 * like the socket bridge's frames are. Batches are delivered once per animation frame, merged,
 * as the socket bridge delivers them.
 */
function checkedPreloadBridge(preload: ConsoleBridge): RendererBridge {
  const listeners = new Set<(batch: ChangeBatch) => void>();
  const pushes = createBatchQueue((batch) => {
    for (const listener of [...listeners]) {
      listener(batch);
    }
  });
  let unsubscribePreload: (() => void) | null = null;

  return {
    async invoke(channel, request) {
      const raw: unknown = await preload.invoke(channel, request);
      // Batches that arrived before this result go first, so none older than a snapshot follows it.
      pushes.flush();
      return parseInvokeResult(channel, raw);
    },
    onChanges(listener) {
      listeners.add(listener);
      unsubscribePreload ??= preload.onChanges((raw: unknown) => {
        const batch = parseChangeBatch(raw);
        if (batch !== null) {
          pushes.push(batch);
        }
      });
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          unsubscribePreload?.();
          unsubscribePreload = null;
          pushes.close();
        }
      };
    },
  };
}

/**
 * Returns this window's bridge to main: the Electron preload's when present, otherwise a WebSocket
 * bridge to the browser host that served the page. One bridge per page.
 */
export function getBridge(kind: WindowKind): RendererBridge {
  if (shared !== null) {
    return shared;
  }
  const preload = window.consoleBridge;
  if (preload !== undefined) {
    shared = checkedPreloadBridge(preload);
  } else {
    shared = createSocketBridge({
      url: bridgeUrl(window.location, kind),
      createSocket: (url) => new WebSocket(url),
    });
  }
  return shared;
}
