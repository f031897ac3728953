/**
 * Runs the full fault campaign:
 * `npm run test:faults -- [--seed N] [--faults N] [--per-lifetime N] [--budget-minutes N]
 * [--token-ttl-ms N]`.
 * Prints the seed first, one line per lifetime, then the result as JSON; exits 1 on a failure.
 */
import { randomInt } from 'node:crypto';
import { ACCESS_TOKEN_TTL_MS, runCampaign } from './campaign.js';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const raw = index >= 0 ? process.argv[index + 1] : undefined;
  if (raw === undefined) {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`--${name} needs a non-negative integer, got ${raw}`);
  }
  return value;
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  const seed = option('seed', randomInt(1, 2 ** 31));
  const faults = option('faults', 1000);
  const perLifetime = option('per-lifetime', 100);
  const budgetMinutes = option('budget-minutes', 19);
  const tokenTtlMs = option('token-ttl-ms', ACCESS_TOKEN_TTL_MS);
  print(
    `fault campaign: seed ${seed}, ${faults} faults, ${perLifetime} per lifetime, budget ${budgetMinutes} min, access tokens live ${tokenTtlMs} ms`,
  );

  const result = await runCampaign({
    seed,
    faults,
    faultsPerLifetime: perLifetime,
    report: print,
    keepFailed: true,
    budgetMs: budgetMinutes * 60_000,
    accessTokenTtlMs: tokenTtlMs,
  });
  if (result.stoppedByBudget) {
    print(
      `time budget spent: ${result.faultsRun} of ${faults} faults ran; use --budget-minutes to allow more`,
    );
  }
  print(JSON.stringify(result, null, 2));
  if (result.outcome !== 'passed') {
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `fault campaign could not run: ${(error as Error).stack ?? String(error)}\n`,
  );
  process.exitCode = 2;
});
