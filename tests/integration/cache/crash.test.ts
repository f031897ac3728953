import { describe, expect, it } from 'vitest';
import { createTempDirs } from '../services/helpers/temp.js';
import { runCrashCampaign } from './crash-harness.js';

const temp = createTempDirs();

/** Kills in the suite; `npm run test:crash` runs the full campaign. */
const SHORT_KILLS = 30;

describe('cache crash safety', () => {
  it('keeps exactly the committed batches across kills', async () => {
    const seed = Number(process.env['CRASH_SEED'] ?? 20_261_204);
    process.stdout.write(
      `crash test seed ${seed} (set CRASH_SEED to replay)\n`,
    );

    const result = await runCrashCampaign({
      kills: SHORT_KILLS,
      seed,
      dir: temp.make('console-crash-'),
    });
    temp.removeAll();
    process.stdout.write(`crash test result ${JSON.stringify(result)}\n`);

    expect(result.failures).toEqual([]);
    expect(result.kills).toBe(SHORT_KILLS);
    expect(result.confirmedBatches).toBeGreaterThanOrEqual(SHORT_KILLS);
  }, 240_000);
});
