import { describe, expect, it } from 'vitest';
import type { SessionStatus } from '../../../src-shared/contract/index.js';
import { describeSession } from '../../../src-renderer/src/shared/session-text.js';

function status(patch: Partial<SessionStatus>): SessionStatus {
  return {
    phase: 'online',
    centralUrl: 'ws://127.0.0.1:1/console',
    lastSeenAt: null,
    offlineSince: null,
    progress: null,
    queuedCommands: 0,
    lastError: null,
    nextRetryAt: null,
    ...patch,
  };
}

describe('session status text', () => {
  it('shows snapshot pages while resynchronizing', () => {
    const text = status({
      phase: 'resynchronizing',
      progress: { done: 2, total: 5 },
    });
    expect(describeSession('en', text, true)).toBe('Resynchronizing 2 of 5');
    expect(describeSession('zh-CN', text, true)).toBe('正在重新同步 2/5');
  });

  it('shows a plain resynchronizing before the first page', () => {
    const text = status({
      phase: 'resynchronizing',
      progress: { done: 0, total: 0 },
    });
    expect(describeSession('en', text, true)).toBe('Resynchronizing');
  });

  it('shows syncing progress, offline queue and sign-in', () => {
    expect(
      describeSession(
        'en',
        status({ phase: 'syncing', progress: { done: 3, total: 9 } }),
        true,
      ),
    ).toBe('Syncing 3/9');
    expect(
      describeSession(
        'en',
        status({ phase: 'offline', queuedCommands: 4 }),
        true,
      ),
    ).toBe('Offline (4 commands queued)');
    expect(
      describeSession('en', status({ phase: 'reauth-needed' }), true),
    ).toBe('Token rejected: renew it and restart');
  });
});
