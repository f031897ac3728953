import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CommandRequest,
  type SessionStatus,
} from '../../src-shared/contract/index.js';
import { createLogger } from '../../src-node/logging/index.js';
import {
  Cache,
  acquireInstanceLock,
  type InstanceLock,
  type OptimisticStatus,
} from '../services/cache/index.js';
import { SessionClient } from '../services/session/index.js';
import { ConsoleState } from '../services/state/index.js';
import type {
  ConsoleCore,
  ConsoleCoreOptions,
  ConsoleCoreTuning,
  QueuedCommand,
} from './api.js';
import { withTimeout } from './timeout.js';

const log = createLogger('core');

/** File name of the cache inside the data folder. */
export const CACHE_FILE_NAME = 'console-cache.sqlite3';

const CLIENT_NAME = 'command-hall-console';
const DEFAULT_OPEN_TIMEOUT_MS = 10_000;
const DEFAULT_STOP_TIMEOUT_MS = 5_000;

function stoppedStatus(centralUrl: string): SessionStatus {
  return {
    phase: 'stopped',
    centralUrl,
    lastSeenAt: null,
    offlineSince: null,
    progress: null,
    queuedCommands: 0,
    lastError: null,
    nextRetryAt: null,
  };
}

/** Returns the local alert change a command makes before the central confirms it, if any. */
function optimisticChange(request: CommandRequest): OptimisticStatus | null {
  if (request.name === 'alert.acknowledge' && 'alertId' in request.payload) {
    return { alertId: String(request.payload.alertId), status: 'acknowledged' };
  }
  return null;
}

/** Rejection details a central sends: `{code, message}`, or anything else from an older central. */
function rejectionOf(result: unknown): { code: string; message: string } {
  if (typeof result === 'object' && result !== null) {
    const { code, message } = result as { code?: unknown; message?: unknown };
    return {
      code: typeof code === 'string' ? code : 'rejected',
      message:
        typeof message === 'string'
          ? message
          : 'the central rejected the command',
    };
  }
  return { code: 'rejected', message: 'the central rejected the command' };
}

/** The console core plus the session controls a host calls on power and network events. */
export interface ConsoleCoreControls extends ConsoleCore {
  /** Checks the link at once; call it on wake, unlock and network change. */
  probe(): void;
  /** Replaces the access token, for example after re-authentication. */
  setToken(token: string): void;
}

/** Wires the cache, the session with the central and the state service into the console core. */
export function createConsoleCore(
  options: ConsoleCoreOptions & ConsoleCoreTuning,
): ConsoleCoreControls {
  let token = options.token;
  const now = options.now ?? Date.now;
  const state = new ConsoleState(stoppedStatus(options.centralUrl));
  let cache: Cache | null = null;
  let instanceLock: InstanceLock | null = null;
  let session: SessionClient | null = null;
  let installId: string | null = null;

  async function start(): Promise<void> {
    if (cache !== null) {
      return;
    }
    const path = join(options.dataDir, CACHE_FILE_NAME);
    await mkdir(options.dataDir, { recursive: true });
    const lock = await acquireInstanceLock(options.dataDir);
    let opened: Cache;
    try {
      // The cache terminates its worker when this time box runs out.
      opened = await Cache.open({
        path,
        now,
        openTimeoutMs: options.openTimeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS,
      });
    } catch (error) {
      await lock.release();
      throw error;
    }
    instanceLock = lock;
    cache = opened;
    installId = await opened.installId();
    await state.attach(opened);

    session = new SessionClient(opened, {
      url: options.centralUrl,
      token,
      client: { name: CLIENT_NAME, version: options.clientVersion },
      now,
      random: options.random,
      timing: options.sessionTiming,
      socketOptions: options.socketOptions,
      tokenSource: options.tokenSource,
      listener: {
        onStatus: (status) => state.setSession(status),
        onApplied: (result) => state.applyCommitted(result),
        onStreamReset: (stream, reason) => state.resetStream(stream, reason),
        onConfirmed: (position) => state.confirmStream(position),
        onCommandSettled: async (installSeq, settle) => {
          await state.applyLocal(settle.alertChanges, settle.recordChanges);
          const command = settle.command;
          if (command?.outcome === 'rejected') {
            state.reportRejection({
              installSeq,
              commandId: command.commandId,
              name: command.name,
              ...rejectionOf(command.result),
            });
          }
        },
      },
    });
    session.start();
    log.info('start: console core started', {
      dataDir: options.dataDir,
      centralUrl: options.centralUrl,
    });
  }

  async function stop(): Promise<void> {
    const stopTimeoutMs = options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
    const runningSession = session;
    const openCache = cache;
    session = null;
    cache = null;

    if (runningSession !== null) {
      await withTimeout(
        runningSession.stop(),
        stopTimeoutMs,
        'stopping the session',
      ).catch((error: unknown) => {
        log.error('stop: the session did not stop cleanly', {
          error: (error as Error).message,
        });
      });
    }
    state.detach();
    if (openCache !== null) {
      await withTimeout(
        openCache.close(),
        stopTimeoutMs,
        'closing the cache',
      ).catch((error: unknown) => {
        log.error('stop: the cache did not close cleanly', {
          error: (error as Error).message,
        });
      });
    }
    const heldLock = instanceLock;
    instanceLock = null;
    await heldLock?.release();
    log.info('stop: console core stopped', { dataDir: options.dataDir });
  }

  function requireSession(): SessionClient {
    if (session === null) {
      throw new Error(
        'the console core is not started; call start() before listing commands',
      );
    }
    return session;
  }

  async function submitCommand(
    request: CommandRequest,
  ): Promise<QueuedCommand> {
    const parsed = CommandRequest.safeParse(request);
    if (!parsed.success) {
      throw new Error(`invalid command request: ${parsed.error.message}`);
    }
    if (cache === null || session === null) {
      throw new Error(
        'the console core is not started; call start() before submitting commands',
      );
    }

    const command = parsed.data;
    const queued = await cache.enqueueCommand(
      command.name,
      command.payload,
      optimisticChange(command),
      'optimistic' in command ? (command.optimistic ?? []) : [],
    );
    await state.applyLocal(queued.alertChanges, queued.recordChanges);
    session.nudge();
    log.info('submitCommand: command queued', {
      name: command.name,
      installSeq: queued.installSeq,
      commandId: queued.commandId,
    });
    return { commandId: queued.commandId, installSeq: queued.installSeq };
  }

  return {
    state,
    sessionStatus: () => session?.status() ?? state.snapshot().session,
    submitCommand,
    start,
    stop,
    probe: () => session?.probe(),
    installId: () => installId,
    pendingCommands: () => requireSession().pendingCommands(),
    confirmCommand: (installSeq: number) =>
      requireSession().confirmCommand(installSeq),
    discardCommand: (installSeq: number) =>
      requireSession().discardCommand(installSeq),
    setToken: (next: string) => {
      token = next;
      session?.setToken(next);
    },
  };
}
