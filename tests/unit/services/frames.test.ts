import { describe, expect, it } from 'vitest';
import type { EventFrame } from '../../../src-shared/contract/index.js';
import {
  hasInvalidBody,
  rawBodyText,
  takeEventBatch,
  type QueueItem,
} from '../../../src-main/services/session/frames.js';

function event(stream: string, seq: number, epoch = 'e1'): EventFrame {
  return { type: 'event', stream, epoch, seq, at: seq, body: {} };
}

function item(frame: QueueItem['frame'], generation = 1): QueueItem {
  return { generation, frame };
}

describe('takeEventBatch', () => {
  it('stops at another stream', () => {
    const queue = [
      item(event('alerts', 1)),
      item(event('alerts', 2)),
      item(event('notes', 1)),
    ];

    const batch = takeEventBatch(queue, 1, 500);

    expect(batch.map((frame) => frame.seq)).toEqual([1, 2]);
    expect(queue).toHaveLength(1);
  });

  it('stops at a control frame, epoch or generation', () => {
    const queue = [
      item(event('alerts', 1)),
      item({ type: 'caught-up', stream: 'alerts', seq: 1 }),
      item(event('alerts', 2)),
      item(event('alerts', 1, 'e2')),
      item(event('alerts', 2, 'e2'), 2),
    ];

    expect(takeEventBatch(queue, 1, 500)).toHaveLength(1);
    queue.shift();
    expect(takeEventBatch(queue, 1, 500)).toHaveLength(1);
    expect(takeEventBatch(queue, 1, 500)).toHaveLength(1);
    expect(takeEventBatch(queue, 1, 500)).toHaveLength(0);
    expect(queue).toHaveLength(1);
  });

  it('respects the batch limit', () => {
    const queue = Array.from({ length: 7 }, (_, index) =>
      item(event('alerts', index + 1)),
    );

    expect(takeEventBatch(queue, 1, 3)).toHaveLength(3);
    expect(takeEventBatch(queue, 1, 3)).toHaveLength(3);
    expect(takeEventBatch(queue, 1, 3)).toHaveLength(1);
  });
});

describe('hasInvalidBody', () => {
  it('checks alert bodies and passes unknown streams', () => {
    expect(
      hasInvalidBody({
        ...event('alerts', 1),
        body: { kind: 'alert.created' },
      }),
    ).toBe(true);
    expect(
      hasInvalidBody({
        ...event('alerts', 1),
        body: {
          kind: 'alert.status',
          alertId: 'a',
          status: 'closed',
          by: null,
        },
      }),
    ).toBe(false);
    expect(hasInvalidBody({ ...event('notes', 1), body: 42 })).toBe(false);
  });
});

describe('rawBodyText', () => {
  const body = { kind: 'alert.status', alertId: 'a"1}', status: 'closed' };
  const frame: EventFrame = {
    type: 'event',
    stream: 'alerts',
    epoch: 'e1',
    seq: 7,
    at: 1_767_000_000_000,
    body,
  };

  it('cuts the body out of a frame in the central layout', () => {
    const text = JSON.stringify(frame);

    const cut = rawBodyText(text, frame);

    expect(cut).toBe(JSON.stringify(body));
    expect(JSON.parse(cut ?? 'null')).toEqual(body);
  });

  it('returns null for fields in another order', () => {
    const { body: first, ...header } = frame;
    const text = JSON.stringify({ body: first, ...header });

    expect(rawBodyText(text, frame)).toBeNull();
  });

  it('returns null for a frame with a field after the body', () => {
    const text = JSON.stringify({ ...frame, extra: 1 });

    expect(rawBodyText(text, frame)).toBeNull();
  });

  it('returns null for a repeated body field', () => {
    const text = `${JSON.stringify(frame).slice(0, -1)},"body":{}}`;

    expect(rawBodyText(text, frame)).toBeNull();
  });

  it('cuts bodies of every JSON kind', () => {
    for (const value of ['x,}', 42, null, [1, [2, '"]']], { a: { b: '\\' } }]) {
      const withValue = { ...frame, body: value };

      expect(rawBodyText(JSON.stringify(withValue), withValue)).toBe(
        JSON.stringify(value),
      );
    }
  });

  it('returns null for another writer spacing', () => {
    const text = JSON.stringify(frame, null, 1);

    expect(rawBodyText(text, frame)).toBeNull();
  });
});
