import { describe, expect, it } from 'vitest';
import { createInvokeRouter } from '../../../src-main/router/index.js';
import { createFakeCore } from '../host/fake-core.js';

const APP = {
  name: 'test',
  version: '0.0.0',
  host: 'electron' as const,
  locale: 'en',
};
const CONSOLE = {
  windowKind: 'console' as const,
  windowName: 'main',
  readOnly: false,
};
const WALL = {
  windowKind: 'wall' as const,
  windowName: 'wall-1',
  readOnly: true,
};

function routerWithCalls(): {
  router: ReturnType<typeof createInvokeRouter>;
  calls: string[];
} {
  const calls: string[] = [];
  const core = {
    ...createFakeCore(),
    probe: () => {
      calls.push('probe');
    },
    pendingCommands: () =>
      Promise.resolve([
        {
          installSeq: 3,
          commandId: 'c-3',
          name: 'alert.acknowledge',
          createdAt: 1,
          state: 'needs-confirmation' as const,
        },
      ]),
    confirmCommand: (installSeq: number) => {
      calls.push(`confirm ${installSeq}`);
      return Promise.resolve();
    },
    discardCommand: (installSeq: number) => {
      calls.push(`discard ${installSeq}`);
      return Promise.resolve();
    },
  };
  return { router: createInvokeRouter(core, APP), calls };
}

describe('command confirmation channels', () => {
  it('lists pending commands', async () => {
    const { router } = routerWithCalls();
    const result = await router.handle('command:pending', {}, CONSOLE);
    expect(result.ok).toBe(true);
    expect(result.ok && result.value).toEqual([
      expect.objectContaining({ installSeq: 3, state: 'needs-confirmation' }),
    ]);
  });

  it('confirms and discards from the console', async () => {
    const { router, calls } = routerWithCalls();
    const confirmed = await router.handle(
      'command:confirm',
      { installSeq: 3 },
      CONSOLE,
    );
    const discarded = await router.handle(
      'command:discard',
      { installSeq: 4 },
      CONSOLE,
    );
    expect(confirmed).toEqual({ ok: true, value: { installSeq: 3 } });
    expect(discarded).toEqual({ ok: true, value: { installSeq: 4 } });
    expect(calls).toEqual(['confirm 3', 'discard 4']);
  });

  it('forbids confirming from a read-only wall', async () => {
    const { router, calls } = routerWithCalls();
    for (const channel of ['command:confirm', 'command:discard']) {
      const result = await router.handle(channel, { installSeq: 3 }, WALL);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error.code).toBe('forbidden');
    }
    expect(calls).toEqual([]);
  });

  it('rejects an invalid install sequence', async () => {
    const { router, calls } = routerWithCalls();
    const result = await router.handle(
      'command:confirm',
      { installSeq: 0 },
      CONSOLE,
    );
    expect(!result.ok && result.error.code).toBe('invalid-request');
    expect(calls).toEqual([]);
  });

  it('probes the link when a window reports the network back', async () => {
    const { router, calls } = routerWithCalls();
    const result = await router.handle('session:probe', {}, WALL);
    expect(result).toEqual({ ok: true, value: {} });
    expect(calls).toEqual(['probe']);
  });
});
