import type {
  ConsoleBridge,
  WindowKind,
} from '../../../src-shared/contract/index.js';
import { parseChangeBatch, parseInvokeResult } from './results.js';
import { bridgeUrl, createSocketBridge } from './socket-bridge.js';
import type { RendererBridge } from './types.js';

export type { BridgeLink, RendererBridge } from './types.js';

let shared: RendererBridge | null = null;

/**
 * Wraps the preload's bridge so that its results and batches are checked against the contract
 * like the socket bridge's frames are.
 */
function checkedPreloadBridge(preload: ConsoleBridge): RendererBridge {
  return {
    async invoke(channel, request) {
      const raw: unknown = await preload.invoke(channel, request);
      return parseInvokeResult(channel, raw);
    },
    onChanges(listener) {
      return preload.onChanges((raw: unknown) => {
        const batch = parseChangeBatch(raw);
        if (batch !== null) {
          listener(batch);
        }
      });
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
