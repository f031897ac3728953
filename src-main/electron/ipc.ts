import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { ConsoleCore } from '../core/api.js';
import { Channel, type BridgeResult } from '../../src-shared/contract/index.js';
import { createLogger } from '../../src-node/logging/index.js';
import {
  INVOKE_CHANNELS,
  type InvokeCaller,
  type InvokeRouter,
} from '../router/index.js';
import { APP_ORIGIN } from './protocol.js';
import { batchForWindow } from '../router/wall-privacy.js';
import type { WindowRegistry } from './windows.js';

const log = createLogger('ipc');

/**
 * Registers one `ipcMain.handle` per invoke channel. A call is routed only when it comes from the
 * main frame of one of our windows while that frame shows a page of the app origin. Any other
 * sender gets a 'forbidden' result.
 */
export function wireInvokeChannels(
  router: InvokeRouter,
  windows: WindowRegistry,
): () => void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(
      channel,
      (event, request: unknown): Promise<BridgeResult<unknown>> => {
        const caller = callerOf(event, windows);
        if (caller === null) {
          log.warn('invoke: sender rejected', {
            channel,
            url: event.senderFrame?.url ?? '(frame gone)',
          });
          return Promise.resolve({
            ok: false,
            error: {
              code: 'forbidden',
              message: `${channel} is not available to this frame.`,
            },
          });
        }
        return router.handle(channel, request, caller);
      },
    );
  }
  return () => {
    for (const channel of INVOKE_CHANNELS) {
      ipcMain.removeHandler(channel);
    }
  };
}

function callerOf(
  event: IpcMainInvokeEvent,
  windows: WindowRegistry,
): InvokeCaller | null {
  const entry = windows.get(event.sender.id);
  const frame = event.senderFrame;
  if (entry === undefined || frame === null || frame.parent !== null) {
    return null;
  }
  return isAppPage(frame.url) ? entry.caller : null;
}

/** Checks scheme and host separately, because URL.origin is "null" for a custom scheme. */
function isAppPage(pageUrl: string): boolean {
  try {
    const url = new URL(pageUrl);
    return `${url.protocol}//${url.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

/** Forwards every change batch of the core to every open window. */
export function pushChanges(
  core: ConsoleCore,
  windows: WindowRegistry,
): () => void {
  return core.state.subscribe((batch) => {
    for (const { window, caller } of windows.all()) {
      if (!window.isDestroyed() && !window.webContents.isDestroyed()) {
        window.webContents.send(
          Channel.stateChanges,
          batchForWindow(batch, caller.windowKind),
        );
      }
    }
  });
}
