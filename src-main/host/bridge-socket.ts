import type { WebSocket } from 'ws';
import {
  Channel,
  HostRequestFrame,
  WindowKind,
  type ChangeBatch,
  type HostResponseFrame,
} from '../../src-shared/contract/index.js';
import { createLogger } from '../../src-node/logging/index.js';
import type { InvokeCaller, InvokeRouter } from '../router/index.js';

const log = createLogger('host-bridge');

/** Bytes queued on one socket beyond which the client is dropped; it reconnects and re-snapshots. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/** Maximum length of a window name taken from the query string. */
const MAX_WINDOW_NAME = 64;

/**
 * Reads the caller from the upgrade URL (`/bridge?window=console|wall&name=X`). Returns an error
 * message when the query is invalid. Walls are always read-only; consoles are read-only unless the
 * host was started with `--allow-commands`.
 */
export function callerFromQuery(
  search: URLSearchParams,
  allowCommands: boolean,
): InvokeCaller | string {
  const kind = WindowKind.safeParse(search.get('window'));
  if (!kind.success) {
    return `query parameter window="${search.get('window') ?? ''}" is invalid: use console or wall`;
  }
  const name = search.get('name') ?? kind.data;
  if (!/^[\w.-]{1,64}$/.test(name)) {
    return `query parameter name="${name.slice(0, MAX_WINDOW_NAME)}" is invalid: use 1 to 64 letters, digits, '.', '_' or '-'`;
  }
  return {
    windowKind: kind.data,
    windowName: name,
    readOnly: kind.data === 'wall' || !allowCommands,
  };
}

/**
 * Serves one renderer's WebSocket: invoke frames go through the router, and each result is sent
 * back with the frame's id. `beforeInvoke` runs just before the router takes each invoke.
 */
export function serveBridgeSocket(
  socket: WebSocket,
  caller: InvokeCaller,
  router: InvokeRouter,
  beforeInvoke: () => void = () => undefined,
): void {
  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      closeForBadFrame(socket, caller, 'binary frame');
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(data.toString());
    } catch {
      closeForBadFrame(socket, caller, 'frame is not JSON');
      return;
    }
    const frame = HostRequestFrame.safeParse(json);
    if (!frame.success) {
      closeForBadFrame(socket, caller, 'frame does not match HostRequestFrame');
      return;
    }
    beforeInvoke();
    void answer(socket, caller, router, frame.data);
  });
}

async function answer(
  socket: WebSocket,
  caller: InvokeCaller,
  router: InvokeRouter,
  frame: HostRequestFrame,
): Promise<void> {
  const result = await router.handle(frame.channel, frame.request, caller);
  send(socket, { type: 'result', id: frame.id, result });
}

/** Sends a change batch to one socket, dropping a client that stopped reading. */
export function pushBatch(socket: WebSocket, batch: ChangeBatch): void {
  if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
    log.warn('pushBatch: client is not reading, closing it', {
      bufferedAmount: socket.bufferedAmount,
    });
    socket.close(1013, 'too far behind; reconnect and take a new snapshot');
    return;
  }
  send(socket, { type: 'push', channel: Channel.stateChanges, batch });
}

function send(socket: WebSocket, frame: HostResponseFrame): void {
  if (socket.readyState !== socket.OPEN) {
    return;
  }
  socket.send(JSON.stringify(frame));
}

function closeForBadFrame(
  socket: WebSocket,
  caller: InvokeCaller,
  reason: string,
): void {
  log.warn('serveBridgeSocket: closing on a malformed frame', {
    window: caller.windowName,
    reason,
  });
  socket.close(1008, reason);
}
