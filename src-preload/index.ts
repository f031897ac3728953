import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  Channel,
  InvokeSchemas,
  type BridgeResult,
  type ChangeBatch,
  type ConsoleBridge,
  type InvokeChannel,
  type InvokeRequest,
  type InvokeResponse,
} from '../src-shared/contract/ipc.js';

// Runs in a sandboxed renderer: only `electron` may be required, so the bundle carries the contract.

const invokeChannels = new Set<string>(Object.keys(InvokeSchemas));

function invoke<C extends InvokeChannel>(
  channel: C,
  request: InvokeRequest<C>,
): Promise<BridgeResult<InvokeResponse<C>>> {
  if (!invokeChannels.has(channel)) {
    return Promise.resolve({
      ok: false,
      error: {
        code: 'not-found',
        message: `Unknown invoke channel "${String(channel)}".`,
      },
    });
  }
  return ipcRenderer.invoke(channel, request) as Promise<
    BridgeResult<InvokeResponse<C>>
  >;
}

function onChanges(listener: (batch: ChangeBatch) => void): () => void {
  // The listener receives only the batch, never the IPC event and its sender.
  const forward = (_event: IpcRendererEvent, batch: ChangeBatch): void =>
    listener(batch);
  ipcRenderer.on(Channel.stateChanges, forward);
  return () => {
    ipcRenderer.removeListener(Channel.stateChanges, forward);
  };
}

const bridge: ConsoleBridge = { invoke, onChanges };

contextBridge.exposeInMainWorld('consoleBridge', bridge);
