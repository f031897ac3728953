import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { ConsoleCore } from '../core/api.js';
import {
  Channel,
  type BridgeResult,
  type ChangeBatch,
} from '../../src-shared/contract/index.js';
import { createLogger } from '../../src-node/logging/index.js';
import {
  INVOKE_CHANNELS,
  createPushCoalescer,
  type InvokeCaller,
  type InvokeRouter,
  type PushCoalescer,
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
  pushes: WindowPushes | null = null,
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
        pushes?.flush(event.sender.id);
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

/**
 * Change batches held per window and sent merged (push-coalescer.ts), keyed by webContents id.
 * The invoke handler flushes the caller's batches first, so every batch older than a snapshot
 * reaches the window before that snapshot.
 */
export class WindowPushes {
  private readonly coalescers = new Map<number, PushCoalescer>();

  constructor(private readonly windows: WindowRegistry) {}

  /** Queues `batch`, filtered for each window's kind, for every open window. */
  push(batch: ChangeBatch): void {
    const open = new Set<number>();
    for (const { window, caller } of this.windows.all()) {
      if (window.isDestroyed() || window.webContents.isDestroyed()) {
        continue;
      }
      const contents = window.webContents;
      open.add(contents.id);
      let coalescer = this.coalescers.get(contents.id);
      if (coalescer === undefined) {
        coalescer = createPushCoalescer({
          send: (merged) => {
            if (!contents.isDestroyed()) {
              contents.send(Channel.stateChanges, merged);
            }
          },
        });
        this.coalescers.set(contents.id, coalescer);
      }
      coalescer.push(batchForWindow(batch, caller.windowKind));
    }
    // A closed window's held batches go with it.
    for (const [id, coalescer] of this.coalescers) {
      if (!open.has(id)) {
        coalescer.close();
        this.coalescers.delete(id);
      }
    }
  }

  /** Sends the batches held for the window whose webContents has `id`. */
  flush(id: number): void {
    this.coalescers.get(id)?.flush();
  }

  close(): void {
    for (const coalescer of this.coalescers.values()) {
      coalescer.close();
    }
    this.coalescers.clear();
  }
}

/** Forwards every change batch of the core to every open window, merged per window. */
export function pushChanges(
  core: ConsoleCore,
  pushes: WindowPushes,
): () => void {
  const unsubscribe = core.state.subscribe((batch) => pushes.push(batch));
  return () => {
    unsubscribe();
    pushes.close();
  };
}
