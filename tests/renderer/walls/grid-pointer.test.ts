import { describe, expect, it } from 'vitest';
import {
  moveTarget,
  pointerCell,
  pointerCellClamped,
  resizeTarget,
} from '../../../src-renderer/src/console/walls/grid-pointer.js';

const grid = { columns: 4, rows: 3 };
// A 400 × 300 CSS-pixel grid at (100, 50): cells are 100 × 100.
const box = { left: 100, top: 50, width: 400, height: 300 };

describe('pointerCell', () => {
  it('maps the top-left pixel to cell 0,0', () => {
    expect(pointerCell({ clientX: 100, clientY: 50 }, box, grid)).toEqual({
      x: 0,
      y: 0,
    });
  });

  it('maps the last pixel to the last cell', () => {
    expect(pointerCell({ clientX: 499.9, clientY: 349.9 }, box, grid)).toEqual({
      x: 3,
      y: 2,
    });
  });

  it('puts a cell boundary in the next cell', () => {
    expect(pointerCell({ clientX: 200, clientY: 150 }, box, grid)).toEqual({
      x: 1,
      y: 1,
    });
  });

  it('gives negative cells left of the grid', () => {
    expect(pointerCell({ clientX: 40, clientY: 20 }, box, grid)).toEqual({
      x: -1,
      y: -1,
    });
  });

  it('gives cells past the far edge', () => {
    expect(pointerCell({ clientX: 520, clientY: 360 }, box, grid)).toEqual({
      x: 4,
      y: 3,
    });
  });

  it('scales with CSS zoom 1.5', () => {
    // Under zoom 1.5 Chromium reports both the box and the pointer scaled by 1.5.
    const zoom = 1.5;
    const zoomed = {
      left: box.left * zoom,
      top: box.top * zoom,
      width: box.width * zoom,
      height: box.height * zoom,
    };
    // The centre of cell (2, 1) in unzoomed pixels is (350, 200).
    const pointer = { clientX: 350 * zoom, clientY: 200 * zoom };

    expect(pointerCell(pointer, zoomed, grid)).toEqual({ x: 2, y: 1 });
  });

  it('keeps cells under zoom 1.5 at boundaries', () => {
    const zoomed = { left: 150, top: 75, width: 600, height: 450 };
    // Cells are 150 CSS pixels, so x = 150 + 3 * 150 = 600 starts the last column.
    expect(pointerCell({ clientX: 600, clientY: 75 }, zoomed, grid)).toEqual({
      x: 3,
      y: 0,
    });
    expect(
      pointerCell({ clientX: 599.5, clientY: 524.9 }, zoomed, grid),
    ).toEqual({ x: 2, y: 2 });
  });

  it('handles a grid at negative offsets', () => {
    // Scrolled or on a display left of the primary: the grid starts at (-300, -120).
    const shifted = { left: -300, top: -120, width: 400, height: 300 };

    expect(
      pointerCell({ clientX: -250, clientY: -100 }, shifted, grid),
    ).toEqual({ x: 0, y: 0 });
    expect(pointerCell({ clientX: -1, clientY: 179 }, shifted, grid)).toEqual({
      x: 2,
      y: 2,
    });
    expect(
      pointerCell({ clientX: -301, clientY: -121 }, shifted, grid),
    ).toEqual({
      x: -1,
      y: -1,
    });
  });

  it('returns 0,0 for a collapsed grid', () => {
    const hidden = { left: 10, top: 10, width: 0, height: 0 };

    expect(pointerCell({ clientX: 50, clientY: 50 }, hidden, grid)).toEqual({
      x: 0,
      y: 0,
    });
  });
});

describe('pointerCellClamped', () => {
  it('clamps to the grid', () => {
    expect(
      pointerCellClamped({ clientX: -900, clientY: 900 }, box, grid),
    ).toEqual({
      x: 0,
      y: 2,
    });
  });
});

describe('drag targets', () => {
  it('moves by the pointer delta', () => {
    expect(moveTarget({ x: 1, y: 1 }, { x: 2, y: 1 }, { x: 3, y: 2 })).toEqual({
      x: 2,
      y: 2,
    });
  });

  it('moves left past zero', () => {
    expect(moveTarget({ x: 1, y: 0 }, { x: 1, y: 0 }, { x: -2, y: 0 })).toEqual(
      { x: -2, y: 0 },
    );
  });

  it('resizes to the cell under the pointer', () => {
    expect(resizeTarget({ x: 1, y: 1 }, { x: 3, y: 1 })).toEqual({
      w: 3,
      h: 1,
    });
  });

  it('resizes below one cell for clamping', () => {
    expect(resizeTarget({ x: 2, y: 2 }, { x: 0, y: 2 })).toEqual({
      w: -1,
      h: 1,
    });
  });
});
