/**
 * The console core in its own process, so that a fault campaign can kill it with SIGKILL in the
 * middle of a cache transaction and start it again on the same data folder. It takes orders over
 * the Node IPC channel; see ChildRequest and ChildReply.
 */
import { join } from 'node:path';
import { createConsoleCore } from '../../src-main/core/core.js';
import type { SessionTimingOptions } from '../../src-main/core/api.js';
import { logSink } from '../../src-node/logging/index.js';

export interface ChildConfig {
  centralUrl: string;
  dataDir: string;
  sessionTiming: SessionTimingOptions;
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
    }
  | { type: 'stopped' }
  | { type: 'failed'; error: string };

function reply(message: ChildReply): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
  logSink.configure({
    directory: join(config.dataDir, 'logs'),
    level: 'info',
  });
  const core = createConsoleCore({
    centralUrl: config.centralUrl,
    dataDir: config.dataDir,
    token: 'dev-console-token',
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
