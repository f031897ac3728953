import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  cancelRedraw,
  flushRedraw,
  requestRedraw,
  waitingRedraws,
} from '../../../src-renderer/src/charts/frame-queue.js';

/** Frame callbacks requested from the queue, run by the test one frame at a time. */
let frameCallbacks: FrameRequestCallback[] = [];
const originalRequest = globalThis.requestAnimationFrame;

function runFrame(): void {
  const callbacks = frameCallbacks;
  frameCallbacks = [];
  for (const callback of callbacks) {
    callback(0);
  }
}

describe('chart redraw queue', () => {
  beforeEach(() => {
    frameCallbacks = [];
    globalThis.requestAnimationFrame = (callback) => {
      frameCallbacks.push(callback);
      return frameCallbacks.length;
    };
  });

  afterEach(() => {
    // Leaves no redraw behind for the next test; the queue is one per page.
    for (let frame = 0; frame < 10 && waitingRedraws() > 0; frame += 1) {
      runFrame();
    }
    globalThis.requestAnimationFrame = originalRequest;
  });

  it('runs one redraw per frame', () => {
    const ran: string[] = [];
    requestRedraw({}, () => ran.push('town'));
    requestRedraw({}, () => ran.push('trend'));

    expect(ran).toEqual([]);
    runFrame();
    expect(ran).toEqual(['town']);
    runFrame();
    expect(ran).toEqual(['town', 'trend']);
    expect(waitingRedraws()).toBe(0);
    expect(frameCallbacks).toHaveLength(0);
  });

  it('keeps the latest redraw of a key', () => {
    const ran: number[] = [];
    const town = {};
    const trend = {};
    requestRedraw(town, () => ran.push(1));
    requestRedraw(trend, () => ran.push(10));
    requestRedraw(town, () => ran.push(2));

    runFrame();
    expect(ran).toEqual([2]);
    runFrame();
    expect(ran).toEqual([2, 10]);
  });

  it('requests one frame at a time', () => {
    requestRedraw({}, () => undefined);
    requestRedraw({}, () => undefined);
    requestRedraw({}, () => undefined);

    expect(frameCallbacks).toHaveLength(1);
  });

  it('flushes a waiting redraw at once', () => {
    const ran: string[] = [];
    const town = {};
    requestRedraw(town, () => ran.push('town'));

    expect(flushRedraw(town)).toBe(true);
    expect(ran).toEqual(['town']);
    expect(flushRedraw(town)).toBe(false);
    runFrame();
    expect(ran).toEqual(['town']);
  });

  it('drops a cancelled redraw', () => {
    const ran: string[] = [];
    const town = {};
    requestRedraw(town, () => ran.push('town'));
    requestRedraw({}, () => ran.push('trend'));
    cancelRedraw(town);

    runFrame();
    expect(ran).toEqual(['trend']);
  });

  it('continues after a failing redraw', () => {
    const ran: string[] = [];
    requestRedraw({}, () => {
      throw new Error('chart disposed');
    });
    requestRedraw({}, () => ran.push('trend'));

    expect(() => runFrame()).toThrow('chart disposed');
    runFrame();
    expect(ran).toEqual(['trend']);
  });
});
