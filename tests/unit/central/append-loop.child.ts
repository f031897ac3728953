// Child process for the crash test: appends batches of `size` events to the alerts stream until
// it is killed, printing the head sequence after each committed batch. Run with
// `node --import tsx append-loop.child.ts <file> <size>`.
import { EventLog } from '../../../src-central/log/event-log.js';

const [file, sizeText] = process.argv.slice(2);
const size = Number(sizeText);
if (!file || !Number.isInteger(size) || size < 1) {
  process.stderr.write(
    'usage: append-loop.child.ts <database file> <batch size>\n',
  );
  process.exit(2);
}

const log = EventLog.open(file);
// A page cache far smaller than one batch makes SQLite spill pages into the database file in the
// middle of each transaction, so most kills leave a hot journal that must be rolled back.
log.db.exec('PRAGMA cache_size=20');
const filler = 'x'.repeat(20_000);
const deadline = Date.now() + 60_000;

function appendOne(): void {
  const head = log.head('alerts').headSeq;
  const bodies = Array.from({ length: size }, (_, index) => ({
    n: head + index + 1,
    filler,
  }));
  log.append('alerts', bodies);
  process.stdout.write(`committed ${log.head('alerts').headSeq}\n`);
  if (Date.now() < deadline) {
    setImmediate(appendOne);
  }
}
appendOne();
