/**
 * The reference central in its own process for the session benchmarks, so that publishing and
 * serving do not share an event loop with the console being measured. Orders arrive over the
 * Node IPC channel (CentralRequest), and the child sends one CentralReply for each.
 */
import { startCentral, type CentralHandle } from '../../src-central/server.js';
import { createdBody } from '../../tests/integration/services/helpers/alerts.js';

export interface CentralChildConfig {
  dataDir: string;
  heartbeatMs?: number;
}

export type CentralRequest =
  | {
      type: 'publish';
      id: number;
      /** Alerts to publish in total. */
      count: number;
      /** Alerts per transaction. */
      batch: number;
      /** Alerts per second; 0 publishes as fast as the log takes them. */
      ratePerSecond: number;
      /** Index of the first alert, so that ids stay unique over several orders. */
      firstIndex: number;
    }
  | { type: 'head'; id: number }
  | { type: 'prune'; id: number; keepLast: number }
  | { type: 'stop'; id: number };

export type CentralReply =
  | { type: 'ready'; url: string; port: number }
  | {
      type: 'done';
      id: number;
      headSeq: number;
      startedAt: number;
      endedAt: number;
    }
  | { type: 'failed'; id: number; error: string };

function send(reply: CentralReply): void {
  process.send?.(reply);
}

/** Alert bodies stamped with the instant of publication, for latency measurements. */
function bodies(firstIndex: number, count: number): unknown[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, offset) =>
    createdBody(firstIndex + offset, { publishedAt: now }),
  );
}

async function publish(
  central: CentralHandle,
  request: Extract<CentralRequest, { type: 'publish' }>,
): Promise<void> {
  const startedAt = Date.now();
  let sent = 0;
  while (sent < request.count) {
    const size = Math.min(request.batch, request.count - sent);
    central.publishMany('alerts', bodies(request.firstIndex + sent, size));
    sent += size;
    if (request.ratePerSecond > 0) {
      // Pace against the start, so that a slow step does not lower the average rate.
      const dueAt = startedAt + (sent / request.ratePerSecond) * 1000;
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, dueAt - Date.now())),
      );
    } else {
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  send({
    type: 'done',
    id: request.id,
    headSeq: central.log.head('alerts').headSeq,
    startedAt,
    endedAt: Date.now(),
  });
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as CentralChildConfig;
  const central = await startCentral({
    dataDir: config.dataDir,
    scenario: 'none',
    heartbeatMs: config.heartbeatMs ?? 10_000,
  });
  process.on('message', (raw) => {
    const request = raw as CentralRequest;
    const fail = (error: unknown): void =>
      send({ type: 'failed', id: request.id, error: (error as Error).message });
    switch (request.type) {
      case 'publish':
        publish(central, request).catch(fail);
        return;
      case 'head': {
        const now = Date.now();
        send({
          type: 'done',
          id: request.id,
          headSeq: central.log.head('alerts').headSeq,
          startedAt: now,
          endedAt: now,
        });
        return;
      }
      case 'prune': {
        const now = Date.now();
        central.log.prune('alerts', { keepLast: request.keepLast });
        send({
          type: 'done',
          id: request.id,
          headSeq: central.log.head('alerts').headSeq,
          startedAt: now,
          endedAt: Date.now(),
        });
        return;
      }
      case 'stop':
        central.stop().then(() => {
          send({
            type: 'done',
            id: request.id,
            headSeq: 0,
            startedAt: 0,
            endedAt: 0,
          });
          setTimeout(() => process.exit(0), 50);
        }, fail);
        return;
    }
  });
  send({ type: 'ready', url: central.url, port: central.port });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench central failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
