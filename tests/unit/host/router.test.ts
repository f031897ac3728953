import { describe, expect, it } from 'vitest';
import {
  createInvokeRouter,
  type InvokeCaller,
} from '../../../src-main/router/index.js';
import {
  AppInfo,
  StateSnapshot,
  type BridgeError,
  type BridgeResult,
} from '../../../src-shared/contract/index.js';
import { createFakeCore } from './fake-core.js';

/** Returns the error of a failed result, or undefined when the call succeeded. */
function errorOf(result: BridgeResult<unknown>): BridgeError | undefined {
  return result.ok ? undefined : result.error;
}

/** Returns the value of a successful result, or undefined when the call failed. */
function valueOf(result: BridgeResult<unknown>): unknown {
  return result.ok ? result.value : undefined;
}

const appInfo = {
  name: 'command-hall-console',
  version: '1.2.3',
  host: 'browser' as const,
  locale: 'zh-CN',
};
const consoleCaller: InvokeCaller = {
  windowKind: 'console',
  windowName: 'main',
  readOnly: false,
};
const readOnlyConsole: InvokeCaller = {
  windowKind: 'console',
  windowName: 'main',
  readOnly: true,
};
const wallCaller: InvokeCaller = {
  windowKind: 'wall',
  windowName: 'wall-1',
  readOnly: true,
};
const acknowledge = { name: 'alert.acknowledge', payload: { alertId: 'a-1' } };

describe('invoke router', () => {
  it('rejects an unknown channel', async () => {
    const router = createInvokeRouter(createFakeCore(), appInfo);

    const result = await router.handle('fs:read', {}, consoleCaller);

    expect(result.ok).toBe(false);
    expect(errorOf(result)?.code).toBe('not-found');
  });

  it('rejects a channel that is not a string', async () => {
    const router = createInvokeRouter(createFakeCore(), appInfo);

    const result = await router.handle({ toString: 'x' }, {}, consoleCaller);

    expect(errorOf(result)?.code).toBe('not-found');
  });

  it('rejects a push channel used as invoke', async () => {
    const router = createInvokeRouter(createFakeCore(), appInfo);

    const result = await router.handle('state:changes', {}, consoleCaller);

    expect(errorOf(result)?.code).toBe('not-found');
  });

  it('rejects a malformed payload', async () => {
    const core = createFakeCore();
    const router = createInvokeRouter(core, appInfo);

    const result = await router.handle(
      'alerts:query',
      { limit: 'all' },
      consoleCaller,
    );

    expect(result.ok).toBe(false);
    expect(errorOf(result)?.code).toBe('invalid-request');
    expect(errorOf(result)?.message).toContain('limit');
    expect(core.queries).toHaveLength(0);
  });

  it('rejects extra keys on a strict request', async () => {
    const router = createInvokeRouter(createFakeCore(), appInfo);

    const result = await router.handle(
      'state:snapshot',
      { all: true },
      consoleCaller,
    );

    expect(errorOf(result)?.code).toBe('invalid-request');
  });

  it('rejects an unknown command name', async () => {
    const core = createFakeCore();
    const router = createInvokeRouter(core, appInfo);

    const result = await router.handle(
      'command:submit',
      { name: 'alert.delete', payload: {} },
      consoleCaller,
    );

    expect(errorOf(result)?.code).toBe('invalid-request');
    expect(core.submitted).toHaveLength(0);
  });

  it('forbids commands from a wall', async () => {
    const core = createFakeCore();
    const router = createInvokeRouter(core, appInfo);

    const result = await router.handle(
      'command:submit',
      acknowledge,
      wallCaller,
    );

    expect(errorOf(result)?.code).toBe('forbidden');
    expect(core.submitted).toHaveLength(0);
  });

  it('forbids commands from a wall even if marked writable', async () => {
    const core = createFakeCore();
    const router = createInvokeRouter(core, appInfo);

    const result = await router.handle('command:submit', acknowledge, {
      ...wallCaller,
      readOnly: false,
    });

    expect(errorOf(result)?.code).toBe('forbidden');
    expect(core.submitted).toHaveLength(0);
  });

  it('forbids commands from a read-only console', async () => {
    const core = createFakeCore();
    const router = createInvokeRouter(core, appInfo);

    const result = await router.handle(
      'command:submit',
      acknowledge,
      readOnlyConsole,
    );

    expect(errorOf(result)?.code).toBe('forbidden');
  });

  it('submits a command from a console', async () => {
    const core = createFakeCore();
    const router = createInvokeRouter(core, appInfo);

    const result = await router.handle(
      'command:submit',
      acknowledge,
      consoleCaller,
    );

    expect(result).toEqual({
      ok: true,
      value: { commandId: 'cmd-1', installSeq: 1 },
    });
    expect(core.submitted).toEqual([acknowledge]);
  });

  it('returns a snapshot that matches the schema', async () => {
    const router = createInvokeRouter(createFakeCore(), appInfo);

    const result = await router.handle('state:snapshot', {}, wallCaller);

    expect(result.ok).toBe(true);
    expect(StateSnapshot.safeParse(valueOf(result)).success).toBe(true);
  });

  it('applies schema defaults before querying', async () => {
    const core = createFakeCore();
    const router = createInvokeRouter(core, appInfo);

    const result = await router.handle(
      'alerts:query',
      { levels: [1, 2] },
      wallCaller,
    );

    expect(result.ok).toBe(true);
    expect(core.queries).toEqual([{ levels: [1, 2], limit: 200 }]);
  });

  it('reports the caller in app info', async () => {
    const router = createInvokeRouter(createFakeCore(), appInfo);

    const result = await router.handle('app:info', {}, wallCaller);

    expect(result.ok).toBe(true);
    const info = AppInfo.parse(valueOf(result));
    expect(info.windowKind).toBe('wall');
    expect(info.windowName).toBe('wall-1');
    expect(info.readOnly).toBe(true);
    expect(info.host).toBe('browser');
    expect(info.version).toBe('1.2.3');
  });

  it('turns a failing call into an internal error', async () => {
    const core = createFakeCore();
    core.failNextQuery('cache closed');
    const router = createInvokeRouter(core, appInfo);

    const result = await router.handle('alerts:query', {}, consoleCaller);

    expect(result.ok).toBe(false);
    expect(errorOf(result)?.code).toBe('internal');
    expect(errorOf(result)?.message).toContain('cache closed');
  });
});
