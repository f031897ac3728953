import { describe, expect, it } from 'vitest';
import {
  clipRing,
  pointInRing,
  ringCentroid,
  signedArea,
  type Point,
} from '../../../src-shared/map/geometry.js';

// A U opening upwards: two 1-wide arms joined by a 1-high base.
const U_SHAPE: Point[] = [
  [0, 0],
  [3, 0],
  [3, 3],
  [2, 3],
  [2, 1],
  [1, 1],
  [1, 3],
  [0, 3],
];

describe('clipRing', () => {
  it('splits a U into its two arms', () => {
    // Keep y >= 2, written as -y <= -2.
    const pieces = clipRing(U_SHAPE, { a: 0, b: -1, c: -2 });
    expect(pieces).toHaveLength(2);
    for (const piece of pieces) {
      expect(signedArea(piece)).toBeCloseTo(1, 12);
    }
    expect(pieces.some((piece) => pointInRing([1.5, 2.5], piece))).toBe(false);
  });

  it('keeps a connected part whole', () => {
    // Keep y <= 2: the base and the lower arms, one ring that crosses the line four times.
    const pieces = clipRing(U_SHAPE, { a: 0, b: 1, c: 2 });
    expect(pieces).toHaveLength(1);
    expect(signedArea(pieces[0] as Point[])).toBeCloseTo(5, 12);
  });

  it('keeps a ring that lies inside', () => {
    const pieces = clipRing(U_SHAPE, { a: 1, b: 0, c: 10 });
    expect(pieces).toEqual([U_SHAPE]);
  });

  it('drops a ring that lies outside', () => {
    expect(clipRing(U_SHAPE, { a: 1, b: 0, c: -1 })).toEqual([]);
  });

  it('cuts across the base into one piece', () => {
    // Keep x <= 1.5: the left arm and half of the base.
    const pieces = clipRing(U_SHAPE, { a: 1, b: 0, c: 1.5 });
    expect(pieces).toHaveLength(1);
    expect(signedArea(pieces[0] as Point[])).toBeCloseTo(3.5, 12);
  });
});

describe('ring measures', () => {
  it('takes the area and centroid of a square', () => {
    const square: Point[] = [
      [0, 0],
      [2, 0],
      [2, 2],
      [0, 2],
    ];
    expect(signedArea(square)).toBe(4);
    expect(signedArea([...square].reverse())).toBe(-4);
    expect(ringCentroid(square)).toEqual([1, 1]);
  });

  it('tests points against a concave ring', () => {
    expect(pointInRing([0.5, 2], U_SHAPE)).toBe(true);
    expect(pointInRing([1.5, 2], U_SHAPE)).toBe(false);
    expect(pointInRing([1.5, 0.5], U_SHAPE)).toBe(true);
  });
});
