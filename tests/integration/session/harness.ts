import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionStatus } from '../../../src-shared/contract/index.js';
import { logSink, type LogRecord } from '../../../src-node/logging/index.js';
import {
  startCentral,
  type CentralHandle,
  type CentralOptions,
} from '../../../src-central/server.js';
import {
  Cache,
  type ApplyResult,
} from '../../../src-main/services/cache/index.js';
import {
  SessionClient,
  seededRandom,
  type SessionOptions,
  type SessionTiming,
} from '../../../src-main/services/session/index.js';
import { FaultProxy } from '../../fault/proxy.js';
import { createdBody } from '../services/helpers/alerts.js';

/** Short timings so that each case runs in seconds; each field scales a product default down. */
export const QUICK: Partial<SessionTiming> = {
  handshakeTimeoutMs: 1_500,
  pingIntervalMs: 300,
  deadAfterMs: 1_000,
  backoffBaseMs: 20,
  backoffCapMs: 200,
  stableAfterMs: 500,
  probeTimeoutMs: 800,
  driftThresholdMs: 5_000,
};

export interface Rig {
  central: CentralHandle;
  proxy: FaultProxy;
  cache: Cache;
  session: SessionClient;
  statuses: SessionStatus[];
  /** Sequences of the alerts stream in the order the session applied them. */
  applied: number[];
  logs: LogRecord[];
  dataDir: string;
}

export interface RigOptions {
  central?: Partial<CentralOptions>;
  timing?: Partial<SessionTiming>;
  session?: Partial<SessionOptions>;
  /** Connect straight to the central, without the proxy. */
  direct?: boolean;
}

const cleanups: (() => Promise<void> | void)[] = [];

/** Runs every cleanup registered by the rigs of the finished test, newest first. */
export async function cleanupRigs(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup();
  }
}

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'session-cases-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function onCleanup(cleanup: () => Promise<void> | void): void {
  cleanups.push(cleanup);
}

/** A real central on loopback, a fault proxy in front of it and a session over a real cache. */
export async function startRig(options: RigOptions = {}): Promise<Rig> {
  const dataDir = tempDir();
  const central = await startCentral({
    dataDir: join(dataDir, 'central'),
    scenario: 'none',
    heartbeatMs: 1000,
    ...options.central,
  });
  cleanups.push(() => central.stop());
  const proxy = await FaultProxy.start(central.port);
  cleanups.push(() => proxy.close());

  const cache = await Cache.open({ path: join(dataDir, 'cache.db') });
  const statuses: SessionStatus[] = [];
  const applied: number[] = [];
  const logs: LogRecord[] = [];
  const unsubscribe = logSink.onRecord((record) => logs.push(record));
  const session = new SessionClient(cache, {
    url: options.direct === true ? central.url : proxy.url(),
    token: 'dev-console-token',
    client: { name: 'session-cases', version: '0.0.0' },
    random: seededRandom(7),
    timing: { ...QUICK, ...options.timing },
    listener: {
      onStatus: (status) => statuses.push(status),
      onApplied: (result: ApplyResult) => {
        if (result.stream === 'alerts' && result.applied > 0) {
          const last = result.position.seq;
          for (let seq = last - result.applied + 1; seq <= last; seq += 1) {
            applied.push(seq);
          }
        }
      },
    },
    ...options.session,
  });
  cleanups.push(async () => {
    await session.stop();
    await cache.close();
    unsubscribe();
  });
  return { central, proxy, cache, session, statuses, applied, logs, dataDir };
}

/** Publishes alert.created events numbered `from`..`to` and returns their sequences. */
export function publishAlerts(
  central: CentralHandle,
  from: number,
  to: number,
): number[] {
  const bodies = [];
  for (let index = from; index <= to; index += 1) {
    bodies.push(createdBody(index));
  }
  return central.publishMany('alerts', bodies);
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

/** Polls `check` every 10 ms until it holds, failing with `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check()) {
      return Date.now() - started;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function isOnline(rig: Rig): boolean {
  return rig.session.status().phase === 'online';
}

/** Log records whose message starts with `prefix`. */
export function records(rig: Rig, prefix: string): LogRecord[] {
  return rig.logs.filter((record) => record.message.startsWith(prefix));
}
