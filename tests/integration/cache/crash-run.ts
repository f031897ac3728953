// Full crash campaign: `npm run test:crash [-- KILLS [SEED]]`. Exits 1 when any check failed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCrashCampaign } from './crash-harness.js';

const kills = Number(process.argv[2] ?? 300);
const seed = Number(process.argv[3] ?? Date.now() % 2_147_483_647);
const dir = mkdtempSync(join(tmpdir(), 'console-crash-'));
process.stdout.write(
  `crash campaign: ${kills} kills, seed ${seed}, folder ${dir}\n`,
);

const started = Date.now();
const result = await runCrashCampaign({
  kills,
  seed,
  dir,
  onKill: (index, progress) => {
    if ((index + 1) % 25 === 0) {
      process.stdout.write(
        `  ${index + 1} kills, ${progress.confirmedBatches} batches confirmed, ${progress.failures.length} failures\n`,
      );
    }
  },
});
rmSync(dir, { recursive: true, force: true });

process.stdout.write(
  `${JSON.stringify({ ...result, failures: result.failures.slice(0, 20), seconds: Math.round((Date.now() - started) / 1000) }, null, 2)}\n`,
);
process.exit(result.failures.length === 0 ? 0 : 1);
