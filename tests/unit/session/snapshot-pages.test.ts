import { describe, expect, it } from 'vitest';
import { pageBounds } from '../../../src-central/snapshot.js';

describe('pageBounds', () => {
  it('makes one empty page for no rows', () => {
    expect(pageBounds([], 10, 1000)).toEqual([0, 0]);
  });

  it('stops a page at the row limit', () => {
    const rows = Array.from({ length: 7 }, () => 'x');

    expect(pageBounds(rows, 3, 1000)).toEqual([0, 3, 6, 7]);
  });

  it('stops a page before the byte limit, counting UTF-8 bytes', () => {
    // Each row is 3 characters of 3 bytes each, plus one byte for its separator: 10 bytes.
    const rows = Array.from({ length: 5 }, () => '城关镇');

    expect(pageBounds(rows, 100, 25)).toEqual([0, 2, 4, 5]);
  });

  it('gives a row longer than the byte limit a page of its own', () => {
    const rows = ['a', 'b'.repeat(50), 'c'];

    expect(pageBounds(rows, 100, 10)).toEqual([0, 1, 2, 3]);
  });
});
