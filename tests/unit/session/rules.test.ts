import { describe, expect, it } from 'vitest';
import {
  DEFAULT_COMMAND_MAX_AGE_MS,
  drainDelay,
  isOverMaxAge,
  isTimerLate,
  refreshDueAt,
  seededRandom,
  sendDecision,
  tokenUrlFor,
} from '../../../src-main/services/session/index.js';

const HOUR = 60 * 60_000;

describe('command maximum age', () => {
  it('holds alert.acknowledge once it is older than 24 hours', () => {
    const command = { name: 'alert.acknowledge', createdAt: 0 };
    expect(DEFAULT_COMMAND_MAX_AGE_MS['alert.acknowledge']).toBe(24 * HOUR);
    expect(isOverMaxAge(command, 24 * HOUR)).toBe(false);
    expect(isOverMaxAge(command, 24 * HOUR + 1)).toBe(true);
  });

  it('uses the per-name table and a fallback for unknown names', () => {
    const table = { 'alert.close': HOUR };
    expect(
      isOverMaxAge({ name: 'alert.close', createdAt: 0 }, HOUR + 1, table),
    ).toBe(true);
    expect(isOverMaxAge({ name: 'other', createdAt: 0 }, HOUR + 1, table)).toBe(
      false,
    );
    expect(
      isOverMaxAge({ name: 'other', createdAt: 0 }, 25 * HOUR, table),
    ).toBe(true);
  });
});

describe('timer drift detector', () => {
  it('flags a timer that fired more than the threshold late', () => {
    expect(isTimerLate(10_000, 10_000 + 5_000, 5_000)).toBe(false);
    expect(isTimerLate(10_000, 10_000 + 5_001, 5_000)).toBe(true);
    expect(isTimerLate(10_000, 10_000 + HOUR, 5_000)).toBe(true);
  });

  it('ignores a timer that fired early or was never planned', () => {
    expect(isTimerLate(10_000, 9_000, 5_000)).toBe(false);
    expect(isTimerLate(0, HOUR, 5_000)).toBe(false);
  });
});

describe('send-side backpressure', () => {
  const limits = { dropBytes: 1_000, recycleBytes: 10_000 };

  it('sends everything below the drop threshold', () => {
    for (const type of ['ping', 'pong', 'ack', 'command', 'hello']) {
      expect(sendDecision(1_000, type, limits)).toBe('send');
    }
  });

  it('drops only frames a later one replaces between the thresholds', () => {
    expect(sendDecision(1_001, 'ping', limits)).toBe('drop');
    expect(sendDecision(1_001, 'pong', limits)).toBe('drop');
    expect(sendDecision(1_001, 'ack', limits)).toBe('drop');
    expect(sendDecision(1_001, 'command', limits)).toBe('send');
    expect(sendDecision(10_000, 'snapshot-request', limits)).toBe('send');
    expect(sendDecision(10_000, 'auth', limits)).toBe('send');
  });

  it('recycles above the higher threshold whatever the frame', () => {
    expect(sendDecision(10_001, 'command', limits)).toBe('recycle');
    expect(sendDecision(10_001, 'ping', limits)).toBe('recycle');
  });
});

describe('token refresh timing', () => {
  it('refreshes a 15-minute token 3 minutes ahead, in local time', () => {
    const issuedAt = 1_000_000;
    const due = refreshDueAt(
      { token: 't', expiresAt: issuedAt + 15 * 60_000 },
      issuedAt,
      0,
      60_000,
    );
    expect(due).toBe(issuedAt + 12 * 60_000);
  });

  it('shifts the due time by the central clock offset', () => {
    // The central clock is 5 minutes ahead: its expiry is 5 minutes earlier in local time.
    const due = refreshDueAt(
      { token: 't', expiresAt: 20 * 60_000 },
      0,
      5 * 60_000,
      60_000,
    );
    expect(due).toBe(12 * 60_000);
  });

  it('keeps at least the minimum margin, but never more than half the lifetime', () => {
    expect(
      refreshDueAt({ token: 't', expiresAt: 4 * 60_000 }, 0, 0, 60_000),
    ).toBe(3 * 60_000);
    expect(refreshDueAt({ token: 't', expiresAt: 60_000 }, 0, 0, 60_000)).toBe(
      30_000,
    );
  });

  it('never refreshes a token without expiry', () => {
    expect(
      refreshDueAt({ token: 't', expiresAt: null }, 0, 0, 60_000),
    ).toBeNull();
  });

  it('derives the token URL from the console URL', () => {
    expect(tokenUrlFor('ws://127.0.0.1:7410/console')).toBe(
      'http://127.0.0.1:7410/token',
    );
    expect(tokenUrlFor('wss://central.example/console?x=1')).toBe(
      'https://central.example/token',
    );
  });
});

describe('draining delay', () => {
  it('waits at least the asked time and at most a tenth more', () => {
    const random = seededRandom(5);
    for (let index = 0; index < 1000; index += 1) {
      const delay = drainDelay(5_000, random);
      expect(delay).toBeGreaterThanOrEqual(5_000);
      expect(delay).toBeLessThanOrEqual(5_500);
    }
    expect(drainDelay(Number.NaN, random)).toBeGreaterThanOrEqual(1);
  });
});
