// Crash campaign shared by the short run in the Vitest suite and the full `npm run test:crash`.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CacheStore } from '../../../src-main/services/cache/store.js';
import {
  COMMANDS_PER_BATCH,
  CRASH_EPOCH,
  EVENTS_PER_BATCH,
} from './crash-batches.js';

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
/** Longest wait for the child to confirm its first batch after a start, in ms. */
const START_LIMIT_MS = 30_000;
/** Kills land up to this long after the child confirmed a new batch, in ms. */
const MAX_KILL_DELAY_MS = 40;

/** Small seeded generator (mulberry32), so a failing campaign can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface CrashCampaignResult {
  seed: number;
  kills: number;
  /** Batches the child confirmed in its side log, summed over every run. */
  confirmedBatches: number;
  /** Restarts that found the in-flight batch committed though it was never confirmed. */
  inFlightCommitted: number;
  /** Restarts where the killed child left the `<db>.lock` directory behind. */
  staleLocks: number;
  failures: string[];
}

/** Returns the confirmed batch numbers of the side log; a line cut by the kill is ignored. */
function readConfirmed(sideLog: string): number[] {
  if (!existsSync(sideLog)) {
    return [];
  }
  const text = readFileSync(sideLog, 'utf8');
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  return complete
    .split('\n')
    .filter((line) => line !== '')
    .map(Number);
}

function startChild(dbPath: string, sideLog: string): ChildProcess {
  const require = createRequire(import.meta.url);
  const loader = pathToFileURL(require.resolve('tsx')).href;
  return spawn(
    process.execPath,
    ['--import', loader, CHILD, 'batches', dbPath, sideLog],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
}

async function waitFor(
  condition: () => boolean,
  limitMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${limitMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Reopens the cache after a kill and compares it with the side log. Returns the problems found,
 * and whether the unconfirmed in-flight batch turned out committed.
 */
export function verifyAfterKill(
  dbPath: string,
  confirmed: number,
): { problems: string[]; inFlight: boolean } {
  const problems: string[] = [];
  const store = CacheStore.open(
    { path: dbPath, integrityCheck: 'always' },
    Date.now,
  );
  try {
    const integrity = store.check();
    if (integrity.length > 0) {
      problems.push(`integrity check failed: ${integrity.join('; ')}`);
    }

    const position = store.position('alerts');
    const seq = position?.seq ?? 0;
    const events = store.eventCount('alerts');
    const batches = seq / EVENTS_PER_BATCH;
    if (events !== seq) {
      problems.push(`${events} events stored but the position is ${seq}`);
    }
    if (!Number.isInteger(batches)) {
      problems.push(`position ${seq} ends inside a batch`);
    }
    if (batches !== confirmed && batches !== confirmed + 1) {
      problems.push(`${batches} batches stored, ${confirmed} confirmed`);
    }
    if (position !== null && position.epoch !== CRASH_EPOCH) {
      problems.push(`epoch ${position.epoch} stored`);
    }

    const commands = store.allCommands();
    if (commands.length !== batches * COMMANDS_PER_BATCH) {
      problems.push(
        `${commands.length} commands stored for ${batches} batches`,
      );
    }
    commands.forEach((command, index) => {
      const payload = command.payload as { batch?: number; part?: number };
      const expectedBatch = Math.floor(index / COMMANDS_PER_BATCH) + 1;
      if (
        command.installSeq !== index + 1 ||
        command.state !== 'pending' ||
        payload.batch !== expectedBatch ||
        payload.part !== (index % COMMANDS_PER_BATCH) + 1
      ) {
        problems.push(
          `command ${index + 1} is ${JSON.stringify(command)}, not part of batch ${expectedBatch}`,
        );
      }
    });
    return { problems, inFlight: batches === confirmed + 1 };
  } finally {
    store.close();
  }
}

/**
 * Starts the writing child `kills` times, kills it with SIGKILL at a random point after it
 * confirmed a new batch, and checks the cache after each kill. The cache and side log carry over
 * from one run to the next, as on a PC that loses power repeatedly.
 */
export async function runCrashCampaign(options: {
  kills: number;
  seed: number;
  dir: string;
  onKill?: (index: number, result: CrashCampaignResult) => void;
}): Promise<CrashCampaignResult> {
  const random = seededRandom(options.seed);
  const dbPath = join(options.dir, 'crash.sqlite3');
  const sideLog = join(options.dir, 'confirmed.log');
  const result: CrashCampaignResult = {
    seed: options.seed,
    kills: 0,
    confirmedBatches: 0,
    inFlightCommitted: 0,
    staleLocks: 0,
    failures: [],
  };

  for (let index = 0; index < options.kills; index += 1) {
    const before = readConfirmed(sideLog).length;
    const child = startChild(dbPath, sideLog);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await waitFor(
        () => readConfirmed(sideLog).length > before || child.exitCode !== null,
        START_LIMIT_MS,
        `the crash child to confirm a batch (stderr: ${stderr.slice(0, 500)})`,
      );
      await new Promise((resolve) =>
        setTimeout(resolve, Math.floor(random() * MAX_KILL_DELAY_MS)),
      );
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    result.kills += 1;

    if (existsSync(`${dbPath}.lock`)) {
      result.staleLocks += 1;
    }
    const confirmed = readConfirmed(sideLog);
    // Batch numbers are confirmed in order, so the last line is the count.
    const count = confirmed[confirmed.length - 1] ?? 0;
    if (confirmed.length !== count) {
      result.failures.push(`kill ${index + 1}: side log is not 1..${count}`);
    }
    result.confirmedBatches = count;
    const { problems, inFlight } = verifyAfterKill(dbPath, count);
    for (const problem of problems) {
      result.failures.push(`kill ${index + 1}: ${problem}`);
    }
    if (inFlight) {
      result.inFlightCommitted += 1;
      // The committed in-flight batch becomes confirmed, so the next run continues after it.
      appendFileSync(sideLog, `${count + 1}\n`);
      result.confirmedBatches = count + 1;
    }
    options.onKill?.(index, result);
  }
  return result;
}
