import { describe, expect, it } from 'vitest';
import { TimeoutError, withTimeout } from '../../../src-main/core/timeout.js';

describe('withTimeout', () => {
  it('returns the value of work that settles', async () => {
    await expect(
      withTimeout(Promise.resolve(7), 1_000, 'quick work'),
    ).resolves.toBe(7);
  });

  it('passes on the error of failed work', async () => {
    await expect(
      withTimeout(
        Promise.reject(new Error('disk full')),
        1_000,
        'failing work',
      ),
    ).rejects.toThrow('disk full');
  });

  it('rejects work that never settles', async () => {
    const never = new Promise<never>(() => {});
    const attempt = withTimeout(never, 10, 'closing the cache');

    await expect(attempt).rejects.toBeInstanceOf(TimeoutError);
    await expect(attempt).rejects.toThrow(
      'closing the cache timed out after 10 ms',
    );
  });
});
