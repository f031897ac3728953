// Child process for the lock tests: opens the log, appends one event, reports ready and waits to
// be killed. Run with `node --import tsx hold-log.child.ts <file>`.
import { EventLog } from '../../../src-central/log/event-log.js';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: hold-log.child.ts <database file>\n');
  process.exit(2);
}
const log = EventLog.open(file);
log.append('alerts', [{ from: 'child' }]);
process.stdout.write('ready\n');
// Keeps the process alive; the test kills it. Exits by itself after a minute in case it does not.
setTimeout(() => process.exit(0), 60_000);
