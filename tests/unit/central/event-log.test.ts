import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventLog } from '../../../src-central/log/event-log.js';
import { tempDir } from './fixtures.js';

describe('EventLog', () => {
  let folder: ReturnType<typeof tempDir>;
  let file: string;
  let now: number;
  const opened: EventLog[] = [];

  function open(): EventLog {
    const log = EventLog.open(file, { clock: () => now });
    opened.push(log);
    return log;
  }

  beforeEach(() => {
    folder = tempDir('log');
    file = join(folder.dir, 'central.sqlite');
    now = 1_000_000;
  });

  afterEach(() => {
    for (const log of opened.splice(0)) {
      log.close();
    }
    folder.remove();
  });

  it('starts a new stream empty', () => {
    const log = open();
    const head = log.head('alerts');
    expect(head.firstSeq).toBe(1);
    expect(head.headSeq).toBe(0);
    expect(head.epoch).toMatch(/^[0-9a-f]{32}$/);
    expect(log.read('alerts', 1, 10)).toEqual([]);
  });

  it('numbers appends gaplessly from 1', () => {
    const log = open();
    const first = log.append('alerts', [{ n: 1 }, { n: 2 }]);
    const second = log.append('alerts', [{ n: 3 }]);
    expect(first.map((event) => event.seq)).toEqual([1, 2]);
    expect(second.map((event) => event.seq)).toEqual([3]);
    expect(log.head('alerts').headSeq).toBe(3);

    const read = log.read('alerts', 1, 100);
    expect(read.map((event) => event.seq)).toEqual([1, 2, 3]);
    expect(read.map((event) => event.body)).toEqual([
      { n: 1 },
      { n: 2 },
      { n: 3 },
    ]);
    expect(
      read.every((event) => event.epoch === log.head('alerts').epoch),
    ).toBe(true);
  });

  it('keeps streams independent', () => {
    const log = open();
    log.append('alerts', [{ n: 1 }, { n: 2 }]);
    log.append('duty', [{ n: 'a' }]);
    expect(log.head('alerts').headSeq).toBe(2);
    expect(log.head('duty').headSeq).toBe(1);
    expect(log.head('alerts').epoch).not.toBe(log.head('duty').epoch);
    expect(log.streams()).toEqual(['alerts', 'duty']);
  });

  it('reads a range with a limit', () => {
    const log = open();
    log.append(
      'alerts',
      Array.from({ length: 20 }, (_, index) => ({ n: index + 1 })),
    );
    expect(log.read('alerts', 5, 3).map((event) => event.seq)).toEqual([
      5, 6, 7,
    ]);
    expect(log.read('alerts', 19, 10).map((event) => event.seq)).toEqual([
      19, 20,
    ]);
    expect(log.read('alerts', 21, 10)).toEqual([]);
    expect(log.read('missing', 1, 10)).toEqual([]);
  });

  it('rolls back a failed batch entirely', () => {
    const log = open();
    log.append('alerts', [{ n: 1 }]);
    // A BigInt cannot be written as JSON, so the second body fails after the first was inserted.
    expect(() => log.append('alerts', [{ n: 2 }, { n: 10n }])).toThrow();
    expect(log.head('alerts').headSeq).toBe(1);
    expect(log.append('alerts', [{ n: 3 }])[0]?.seq).toBe(2);
    expect(log.read('alerts', 1, 10).map((event) => event.body)).toEqual([
      { n: 1 },
      { n: 3 },
    ]);
  });

  it('tells append listeners only after commit', () => {
    const log = open();
    const heard: number[][] = [];
    log.onAppend((events) => heard.push(events.map((event) => event.seq)));
    log.transaction(() => {
      log.append('alerts', [{ n: 1 }]);
      log.append('alerts', [{ n: 2 }, { n: 3 }]);
      expect(heard).toEqual([]);
    });
    expect(heard).toEqual([[1], [2, 3]]);

    expect(() =>
      log.transaction(() => {
        log.append('alerts', [{ n: 4 }]);
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect(heard).toEqual([[1], [2, 3]]);
    expect(log.head('alerts').headSeq).toBe(3);
  });

  it('drops events older than the cutoff and moves firstSeq', () => {
    const log = open();
    log.append('alerts', [{ n: 1 }, { n: 2 }]);
    now = 2_000_000;
    log.append('alerts', [{ n: 3 }]);
    now = 3_000_000;
    log.append('alerts', [{ n: 4 }]);

    expect(log.prune('alerts', { appendedBefore: 2_500_000 })).toBe(3);
    expect(log.head('alerts')).toMatchObject({ firstSeq: 4, headSeq: 4 });
    expect(log.read('alerts', 1, 10).map((event) => event.seq)).toEqual([4]);
    expect(log.prune('alerts', { appendedBefore: 2_500_000 })).toBe(0);

    expect(log.append('alerts', [{ n: 5 }])[0]?.seq).toBe(5);
  });

  it('keeps only the newest events with keepLast', () => {
    const log = open();
    log.append(
      'alerts',
      Array.from({ length: 10 }, (_, index) => ({ n: index + 1 })),
    );
    expect(log.prune('alerts', { keepLast: 3 })).toBe(7);
    expect(log.head('alerts')).toMatchObject({ firstSeq: 8, headSeq: 10 });

    expect(log.prune('alerts', { keepLast: 0 })).toBe(3);
    expect(log.head('alerts')).toMatchObject({ firstSeq: 11, headSeq: 10 });
    expect(log.read('alerts', 1, 10)).toEqual([]);
  });

  it('drops only a prefix when clocks went backwards', () => {
    const log = open();
    now = 5_000;
    log.append('alerts', [{ n: 1 }]);
    now = 1_000;
    log.append('alerts', [{ n: 2 }]);
    now = 9_000;
    log.append('alerts', [{ n: 3 }]);
    // Event 2 is older than the cutoff, so everything up to it goes, event 1 included.
    expect(log.prune('alerts', { appendedBefore: 2_000 })).toBe(2);
    expect(log.head('alerts').firstSeq).toBe(3);
  });

  it('keeps epoch and sequences across reopen', () => {
    const first = open();
    first.append('alerts', [{ n: 1 }, { n: 2 }, { n: 3 }]);
    first.prune('alerts', { keepLast: 2 });
    const before = first.head('alerts');
    first.close();

    const second = open();
    expect(second.head('alerts')).toEqual(before);
    expect(second.append('alerts', [{ n: 4 }])[0]?.seq).toBe(4);
    expect(second.read('alerts', 1, 10).map((event) => event.seq)).toEqual([
      2, 3, 4,
    ]);
  });

  it('gives a wiped log a new epoch', () => {
    const first = open();
    first.append('alerts', [{ n: 1 }]);
    const oldEpoch = first.head('alerts').epoch;
    first.close();
    rmSync(file);

    const second = open();
    const head = second.head('alerts');
    expect(head.epoch).not.toBe(oldEpoch);
    expect(head.headSeq).toBe(0);
  });

  it('rejects a file from a newer layout', () => {
    const first = open();
    first.db.exec('PRAGMA user_version = 99');
    first.close();
    expect(() => EventLog.open(file)).toThrow(/layout version 99/);
  });

  it('removes its lock and owner files on close', () => {
    const log = open();
    log.append('alerts', [{ n: 1 }]);
    expect(existsSync(`${file}.lock`)).toBe(true);
    expect(existsSync(`${file}.lock-owner`)).toBe(true);
    log.close();
    log.close();
    expect(existsSync(`${file}.lock`)).toBe(false);
    expect(existsSync(`${file}.lock-owner`)).toBe(false);
  });
});
