import type { ConsoleBridge } from '../../../src-shared/contract/index.js';

/** State of the renderer's own link to main (the WebSocket of the browser host). */
export interface BridgeLink {
  readonly connected: boolean;
  /** Calls `listener` on every change of `connected`; returns the function that unsubscribes. */
  subscribe(listener: (connected: boolean) => void): () => void;
}

/**
 * The contract's bridge plus, for bridges that can lose their link, a way to watch it. The Electron
 * preload bridge has no `link` because IPC to main does not drop.
 */
export interface RendererBridge extends ConsoleBridge {
  readonly link?: BridgeLink;
}

declare global {
  interface Window {
    /** Exposed by the Electron preload through contextBridge; absent in a plain browser. */
    consoleBridge?: ConsoleBridge;
  }
}
