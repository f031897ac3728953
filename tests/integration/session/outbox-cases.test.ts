import { afterEach, describe, expect, it } from 'vitest';
import {
  cleanupRigs,
  isOnline,
  publishAlerts,
  records,
  sleep,
  startRig,
  waitFor,
} from './harness.js';

afterEach(cleanupRigs);

const DAY = 24 * 60 * 60_000;

function alertId(index: number): string {
  return `alert-${String(index).padStart(6, '0')}`;
}

describe('commands older than their maximum age', () => {
  async function staleRig(): Promise<Awaited<ReturnType<typeof startRig>>> {
    // The session's clock runs 25 hours ahead of the cache's, so every queued command is stale.
    const rig = await startRig({
      session: { now: () => Date.now() + DAY + 60 * 60_000 },
    });
    publishAlerts(rig.central, 1, 2);
    await rig.cache.enqueueCommand(
      'alert.acknowledge',
      { alertId: alertId(1) },
      null,
    );
    await rig.cache.enqueueCommand('alert.acknowledge', {
      alertId: alertId(2),
    });
    rig.session.start();
    await waitFor('online', () => isOnline(rig));
    await waitFor(
      'two to confirm',
      () => rig.session.status().commandsToConfirm === 2,
    );
    return rig;
  }

  it('holds them, in order, until the operator confirms', async () => {
    const rig = await staleRig();
    await sleep(300);
    expect(records(rig, 'applyCommand')).toHaveLength(0);
    const listed = await rig.session.pendingCommands();
    expect(listed.map((command) => command.state)).toEqual([
      'needs-confirmation',
      'needs-confirmation',
    ]);

    await rig.session.confirmCommand(1);
    await waitFor('first applied', async () =>
      (await rig.cache.allCommands()).some(
        (command) => command.installSeq === 1 && command.state === 'applied',
      ),
    );
    // The second still waits: confirming one does not confirm the rest.
    expect((await rig.session.pendingCommands()).map((c) => c.state)).toEqual([
      'needs-confirmation',
    ]);
    await rig.session.confirmCommand(2);
    await waitFor(
      'outbox empty',
      async () => (await rig.cache.pendingCount()) === 0,
    );
    expect(records(rig, 'applyCommand: command processed')).toHaveLength(2);
  });

  it('discards a held command without sending it, then sends the next once confirmed', async () => {
    const rig = await staleRig();
    await rig.session.discardCommand(1);
    const [first] = await rig.cache.allCommands();
    expect(first?.state).toBe('rejected');
    expect(first?.result).toMatchObject({ code: 'discarded' });
    await expect(rig.session.discardCommand(1)).rejects.toThrow(
      /not waiting for confirmation/,
    );
    await rig.session.confirmCommand(2);
    await waitFor(
      'outbox empty',
      async () => (await rig.cache.pendingCount()) === 0,
    );
    const processed = records(rig, 'applyCommand: command processed').map(
      (record) => (record.fields as { commandId: string }).commandId,
    );
    expect(processed).toHaveLength(1);
    expect(processed).not.toContain(first?.commandId);
  });
});

describe('draining before a planned restart', () => {
  it('waits as long as the central asked before reconnecting', async () => {
    const rig = await startRig();
    rig.session.start();
    await waitFor('online', () => isOnline(rig));
    const accepted = rig.proxy.stats().accepted;
    const drainedAt = Date.now();
    rig.central.drain(1_200);
    await waitFor('offline', () => rig.session.status().phase === 'offline');
    const status = rig.session.status();
    expect(status.lastError).toContain('draining');
    expect((status.nextRetryAt ?? 0) - drainedAt).toBeGreaterThanOrEqual(1_150);
    rig.central.undrain();
    await waitFor('online again', () => isOnline(rig));
    expect(Date.now() - drainedAt).toBeGreaterThanOrEqual(1_200);
    expect(rig.proxy.stats().accepted - accepted).toBe(1);
  });
});

describe('bad frames', () => {
  it('keeps the session after a rejected ack', async () => {
    const rig = await startRig();
    publishAlerts(rig.central, 1, 2);
    rig.session.start();
    await waitFor('online', () => isOnline(rig));
    const generation = rig.session.socketGeneration;
    // A frame the central cannot parse: it answers with an error and keeps the socket.
    rig.session['send'](generation, {
      type: 'ack',
      stream: 'alerts',
      epoch: 'x',
      seq: 999,
    });
    await waitFor(
      'central rejected it',
      () => records(rig, 'onMessage: rejected a frame').length > 0,
    );
    await sleep(200);
    expect(rig.session.socketGeneration).toBe(generation);
    expect(isOnline(rig)).toBe(true);
  });
  it('labels a frame that does not parse with its stream and seq', async () => {
    const rig = await startRig();
    rig.session.start();
    await waitFor('online', () => isOnline(rig));
    const generation = rig.session.socketGeneration;
    rig.session['socket']?.send(
      JSON.stringify({ type: 'ack', stream: 'alerts', seq: 'five', epoch: 1 }),
    );
    await waitFor(
      'central rejected it',
      () => records(rig, 'onMessage: rejected a frame').length > 0,
    );
    const [rejected] = records(rig, 'onMessage: rejected a frame');
    expect(rejected?.fields).toMatchObject({
      code: 'malformed-frame',
      type: 'ack',
      stream: 'alerts',
      seq: null,
    });
    await sleep(200);
    expect(rig.session.socketGeneration).toBe(generation);
    expect(isOnline(rig)).toBe(true);
  });
});
