import { describe, expect, it } from 'vitest';
import type {
  SessionPhase,
  SessionStatus,
} from '../../../src-shared/contract/index.js';
import {
  LinkLines,
  describeDuration,
} from '../../../src-main/host/link-lines.js';

function status(
  phase: SessionPhase,
  offlineSince: number | null = null,
): SessionStatus {
  return {
    phase,
    centralUrl: 'ws://127.0.0.1:7410/console',
    lastSeenAt: null,
    offlineSince,
    progress: null,
    queuedCommands: 0,
    lastError: null,
    nextRetryAt: null,
  };
}

describe('describeDuration', () => {
  it('writes hours, minutes and seconds', () => {
    expect(describeDuration(0)).toBe('0 s');
    expect(describeDuration(59_400)).toBe('59 s');
    expect(describeDuration(125_000)).toBe('2 min 5 s');
    expect(describeDuration(3_600_000)).toBe('1 h');
    expect(describeDuration(3_661_000)).toBe('1 h 1 min 1 s');
  });
});

describe('LinkLines', () => {
  it('says the first link is up', () => {
    const lines = new LinkLines();
    expect(lines.next(status('connecting'), 0)).toBeNull();
    expect(lines.next(status('syncing'), 10)).toBe('Central link up.');
    expect(lines.next(status('online'), 20)).toBeNull();
  });

  it('gives the outage length when the link comes back', () => {
    const lines = new LinkLines();
    lines.next(status('online'), 0);
    expect(lines.next(status('offline', 1_000), 1_500)).toBeNull();
    expect(lines.next(status('resuming', 1_000), 5_000)).toBeNull();
    expect(lines.next(status('offline', 1_000), 6_000)).toBeNull();
    expect(lines.next(status('resuming', 1_000), 9_000)).toBeNull();
    expect(lines.next(status('syncing'), 126_000)).toBe(
      'Central link back after 2 min 5 s offline.',
    );
    expect(lines.next(status('online'), 127_000)).toBeNull();
  });

  it('says nothing while the first link fails', () => {
    const lines = new LinkLines();
    expect(lines.next(status('connecting'), 0)).toBeNull();
    expect(lines.next(status('offline', 0), 100)).toBeNull();
    expect(lines.next(status('connecting', 0), 2_000)).toBeNull();
  });

  it('asks for credentials once', () => {
    const lines = new LinkLines();
    expect(lines.next(status('reauth-needed', 0), 0)).toContain(
      'CONSOLE_TOKEN',
    );
    expect(lines.next(status('reauth-needed', 0), 10)).toBeNull();
  });
});
