import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandFrame } from '../../../src-shared/contract/index.js';
import { Cache } from '../../../src-main/services/cache/index.js';
import { CommandSender } from '../../../src-main/services/session/command-sender.js';
import { createTempDirs } from './helpers/temp.js';

const temp = createTempDirs();
const opened: Cache[] = [];

afterEach(async () => {
  for (const cache of opened.splice(0)) {
    await cache.close();
  }
  temp.removeAll();
});

async function cacheWithCommands(count: number): Promise<Cache> {
  const cache = await Cache.open({ path: join(temp.make(), 'cache.db') });
  opened.push(cache);
  for (let index = 1; index <= count; index += 1) {
    await cache.enqueueCommand('alert.acknowledge', {
      alertId: `alert-${index}`,
    });
  }
  return cache;
}

describe('CommandSender', () => {
  it('fills the window in order', async () => {
    const cache = await cacheWithCommands(40);
    const sent: CommandFrame[] = [];
    const sender = new CommandSender(cache, 32, (frame) => {
      sent.push(frame);
      return true;
    });

    sender.open(0);
    await sender.flush();
    expect(sent.map((frame) => frame.installSeq)).toEqual(
      Array.from({ length: 32 }, (_, index) => index + 1),
    );

    sender.settled(1);
    sender.settled(2);
    await sender.flush();
    expect(sent.map((frame) => frame.installSeq).slice(32)).toEqual([33, 34]);
  });

  it('resends pending commands at or below the watermark without holding them', async () => {
    // Their results were lost with a link: the central returns the stored outcome of each, which
    // may be a rejection, so the console cannot settle them as applied on its own.
    const cache = await cacheWithCommands(5);
    const sent: number[] = [];
    const sender = new CommandSender(
      cache,
      32,
      (frame) => {
        sent.push(frame.installSeq);
        return true;
      },
      () => true,
    );

    sender.open(3);
    await sender.flush();

    expect(sent).toEqual([1, 2, 3]);
    expect(sender.heldAt).toBe(4);
  });

  it('sends nothing while the link is closed', async () => {
    const cache = await cacheWithCommands(3);
    const sent: number[] = [];
    const sender = new CommandSender(cache, 32, (frame) => {
      sent.push(frame.installSeq);
      return true;
    });

    await sender.flush();
    sender.open(0);
    sender.close();
    await sender.flush();
    expect(sent).toEqual([]);

    sender.open(0);
    await Promise.all([sender.flush(), sender.flush()]);
    expect(sent).toEqual([1, 2, 3]);
  });
});
