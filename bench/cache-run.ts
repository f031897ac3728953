// `npm run bench:cache [-- FLAGS]`: runs bench/cache-bench.ts with FLAGS, then the query soak
// (bench/cache-soak.ts) unless FLAGS has `--ingest-only`. npm appends FLAGS to the last command
// of a script, so the two scripts cannot be chained in package.json with the flags reaching the
// first one.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const flags = process.argv.slice(2);

/** Runs a benchmark script in a child Node with this process's loader flags (tsx). */
function run(script: string, args: readonly string[]): number {
  const result = spawnSync(
    process.execPath,
    [...process.execArgv, join(here, script), ...args],
    { stdio: 'inherit' },
  );
  return result.status ?? 1;
}

let status = run('cache-bench.ts', flags);
if (status === 0 && !flags.includes('--ingest-only')) {
  status = run('cache-soak.ts', []);
}
process.exitCode = status;
