import { describe, expect, it } from 'vitest';
import { runCampaign } from './campaign.js';

/** Seed of the short campaign in the normal suite; FAULT_SEED runs another one. */
const SEED = Number(process.env['FAULT_SEED'] ?? 20261204);

describe('fault campaign (short)', () => {
  it(`passes 60 faults (seed ${SEED})`, async () => {
    const result = await runCampaign({
      seed: SEED,
      faults: 60,
      faultsPerLifetime: 30,
      // A failed run leaves its folders (named in the failure) with the console's log.
      keepFailed: true,
    });

    expect(result.failure).toBeNull();
    expect(result.outcome).toBe('passed');
    expect(result.faultsRun).toBe(60);
    expect(result.lifetimes).toBe(2);
    expect(result.commandsRejected).toBeGreaterThan(0);
    expect(result.commandsQueued).toBeGreaterThan(0);
    expect(result.eventsVerified).toBeGreaterThan(0);
    // Every token-expiry outage ended with the console online on a token issued after it began.
    expect(result.notCovered).toEqual({});
    expect(result.faults['token-expiry']).toBeGreaterThan(0);
    expect(result.tokensRefreshedAfterExpiry).toBe(
      result.faults['token-expiry'],
    );
  }, 180_000);
});
