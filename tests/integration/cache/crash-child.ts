// Child process of the crash tests. It writes to a cache until it is killed with SIGKILL.
//   batches: writes batches of events plus outbox commands, each in one transaction, and appends
//            the batch number to the side log only after the commit has returned.
//   hold:    opens the cache, begins a write transaction, prints "holding" and waits.
//   open:    opens the cache through the worker, prints "open" and waits.
import { appendFileSync } from 'node:fs';
import { Cache } from '../../../src-main/services/cache/index.js';
import { claimCache } from '../../../src-main/services/cache/lock.js';
import { Database } from '../../../src-main/services/cache/sqlite.js';
import {
  COMMANDS_PER_BATCH,
  CRASH_EPOCH,
  EVENTS_PER_BATCH,
  batchEvents,
} from './crash-batches.js';

/** Upper bound on batches per run, so a child that is never killed still stops. */
const MAX_BATCHES = 100_000;
/** A waiting child exits by itself after this long, in ms. */
const WAIT_LIMIT_MS = 60_000;

async function writeBatches(path: string, sideLog: string): Promise<void> {
  const cache = await Cache.open({ path, maintenanceIntervalMs: 0 });
  const stored = await cache.position('alerts');
  let batch = Math.floor((stored?.seq ?? 0) / EVENTS_PER_BATCH) + 1;
  for (let written = 0; written < MAX_BATCHES; written += 1) {
    const commands = [];
    for (let part = 1; part <= COMMANDS_PER_BATCH; part += 1) {
      commands.push({ name: 'alert.acknowledge', payload: { batch, part } });
    }
    await cache.applyBatch('alerts', CRASH_EPOCH, batchEvents(batch), commands);
    appendFileSync(sideLog, `${batch}\n`);
    batch += 1;
  }
  await cache.close();
}

function hold(path: string): void {
  claimCache(path);
  const db = new Database(path);
  // A page cache of two pages makes SQLite spill changed pages into the database file before
  // the commit, so the killed transaction leaves half-written pages that only the journal undoes.
  db.exec('PRAGMA cache_size = 2');
  db.exec('BEGIN IMMEDIATE');
  db.run("INSERT OR REPLACE INTO meta (key, value) VALUES ('held', 'yes')");
  for (let seq = 1_000; seq < 1_400; seq += 1) {
    db.run(
      "INSERT INTO events (stream, seq, epoch, at, body) VALUES ('held', ?, 'e1', 0, ?)",
      [seq, 'x'.repeat(2_000)],
    );
  }
  process.stdout.write('holding\n');
  setTimeout(() => process.exit(0), WAIT_LIMIT_MS);
}

async function openAndWait(path: string): Promise<void> {
  await Cache.open({ path, maintenanceIntervalMs: 0 });
  process.stdout.write('open\n');
  setTimeout(() => process.exit(0), WAIT_LIMIT_MS);
}

const [mode, path, sideLog] = process.argv.slice(2);
if (mode === 'batches' && path !== undefined && sideLog !== undefined) {
  await writeBatches(path, sideLog);
} else if (mode === 'hold' && path !== undefined) {
  hold(path);
} else if (mode === 'open' && path !== undefined) {
  await openAndWait(path);
} else {
  process.stderr.write(
    'usage: crash-child.ts batches|hold|open DB [SIDE_LOG]\n',
  );
  process.exit(2);
}
