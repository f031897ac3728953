// Opens an existing cache once so that its schema migrates, and prints how long that took:
// `tsx bench/cache-migrate.ts PATH`. Used to bring a large benchmark cache to the current schema.
import { CacheStore } from '../src-main/services/cache/store.js';
import { timed } from './lib/machine.js';

const path = process.argv[2];
if (path === undefined) {
  process.stderr.write('usage: tsx bench/cache-migrate.ts PATH\n');
  process.exit(2);
}
const { ms } = await timed(() => CacheStore.open({ path }, Date.now).close());
process.stdout.write(
  `opened and migrated ${path} in ${(ms / 1000).toFixed(1)} s\n`,
);
