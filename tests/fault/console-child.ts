/**
 * The console core in its own process, so that a fault campaign can kill it with SIGKILL in the
 * middle of a cache transaction and start it again on the same data folder. It takes orders over
 * the Node IPC channel; see ChildRequest and ChildReply.
 */
import { join } from 'node:path';
import { createConsoleCore } from '../../src-main/core/core.js';
import type { SessionTimingOptions } from '../../src-main/core/api.js';
import {
  REFRESH_TOKEN_SECRET,
  RefreshingTokenSource,
  tokenUrlFor,
  type AccessToken,
  type TokenSource,
} from '../../src-main/services/session/auth.js';
import { MemorySecretStore } from '../../src-main/services/secrets/index.js';
import { logSink } from '../../src-node/logging/index.js';

export interface ChildConfig {
  centralUrl: string;
  dataDir: string;
  sessionTiming: SessionTimingOptions;
  /** Refresh token exchanged at the central's /token endpoint (through the proxy) for access tokens. */
  refreshToken: string;
  /** Time box of one token request, in ms; short, so a request lost in a black hole is retried soon. */
  tokenTimeoutMs: number;
}

export type ChildRequest =
  | { type: 'submit'; id: number; alertId: string }
  | { type: 'probe'; times: number }
  | { type: 'status'; id: number }
  | { type: 'stop' };

export type ChildReply =
  | { type: 'ready' }
  | { type: 'submitted'; id: number; commandId: string; installSeq: number }
  | { type: 'submit-failed'; id: number; error: string }
  | {
      type: 'status';
      id: number;
      phase: string;
      queuedCommands: number;
      streams: Record<string, number>;
      /** Access tokens the console received from the central's /token endpoint so far. */
      tokensIssued: number;
    }
  | { type: 'stopped' }
  | { type: 'failed'; error: string };

function reply(message: ChildReply): void {
  process.send?.(message);
}

/**
 * Builds the token source the console runtime uses (a refresh token kept in memory, exchanged at
 * /token) and counts the access tokens it receives, so the campaign can tell that a refresh happened.
 */
async function countingTokenSource(
  config: ChildConfig,
): Promise<{ source: TokenSource; issued: () => number }> {
  const secrets = new MemorySecretStore();
  await secrets.set(REFRESH_TOKEN_SECRET, config.refreshToken);
  const refreshing = new RefreshingTokenSource({
    tokenUrl: tokenUrlFor(config.centralUrl),
    secrets,
    timeoutMs: config.tokenTimeoutMs,
  });
  let issued = 0;
  let last: AccessToken | null = null;
  const source: TokenSource = {
    get: async (fresh) => {
      const token = await refreshing.get(fresh);
      if (token !== last) {
        issued += 1;
        last = token;
      }
      return token;
    },
  };
  return { source, issued: () => issued };
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
  logSink.configure({
    directory: join(config.dataDir, 'logs'),
    level: 'info',
  });
  const tokens = await countingTokenSource(config);
  const core = createConsoleCore({
    centralUrl: config.centralUrl,
    dataDir: config.dataDir,
    // The campaign's central accepts no static token; every hello presents an issued one.
    token: '',
    tokenSource: tokens.source,
    clientVersion: '0.0.0-fault',
    sessionTiming: config.sessionTiming,
  });

  process.on('message', (raw) => {
    const request = raw as ChildRequest;
    switch (request.type) {
      case 'submit':
        core
          .submitCommand({
            name: 'alert.acknowledge',
            payload: { alertId: request.alertId },
          })
          .then(
            (queued) => reply({ type: 'submitted', id: request.id, ...queued }),
            (error: unknown) =>
              reply({
                type: 'submit-failed',
                id: request.id,
                error: (error as Error).message,
              }),
          );
        return;
      case 'probe':
        // Several wake-up signals in the same tick, as a resume from sleep can deliver.
        for (let index = 0; index < request.times; index += 1) {
          core.probe();
        }
        return;
      case 'status': {
        const snapshot = core.state.snapshot();
        const status = core.sessionStatus();
        const streams: Record<string, number> = {};
        for (const [name, freshness] of Object.entries(snapshot.streams)) {
          streams[name] = freshness.seq;
        }
        reply({
          type: 'status',
          id: request.id,
          phase: status.phase,
          queuedCommands: status.queuedCommands,
          streams,
          tokensIssued: tokens.issued(),
        });
        return;
      }
      case 'stop':
        void core.stop().then(() => {
          reply({ type: 'stopped' });
          // Leave time for the reply to reach the parent, then end even if a handle lingers.
          setTimeout(() => process.exit(0), 50);
        });
        return;
    }
  });

  await core.start();
  reply({ type: 'ready' });
}

main().catch((error: unknown) => {
  reply({ type: 'failed', error: (error as Error).message });
  process.exitCode = 1;
});
