// Records the text that chart canvases draw, with the box of each text, so that a test can check
// the size, position and overlap of axis labels that exist only as pixels. Install
// `recordCanvasBoxes` with `page.addInitScript` before the page loads, then read a canvas's last
// frame with `canvasTextBoxes`.
import type { Locator } from '@playwright/test';

/** A text a canvas drew, in CSS px of the page. */
export interface CanvasTextBox {
  text: string;
  /** Font size in CSS px. */
  size: number;
  /** Axis-aligned box of the drawn text on the page. */
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A text as recorded in the page, in device px of its canvas's backing store. */
export interface RecordedCanvasText {
  text: string;
  size: number;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The canvas API the recorder wraps, declared here because the tests compile without the DOM library. */
interface Canvas2D {
  readonly canvas: { readonly width: number; readonly height: number };
  readonly font: string;
  readonly textAlign: string;
  readonly textBaseline: string;
  getTransform(): {
    a: number;
    b: number;
    c: number;
    d: number;
    e: number;
    f: number;
  };
  measureText(text: string): { width: number };
  fillText(text: string, x: number, y: number, maxWidth?: number): void;
  strokeText(text: string, x: number, y: number, maxWidth?: number): void;
  clearRect(x: number, y: number, width: number, height: number): void;
}

/** What `recordCanvasBoxes` adds to the page's window, for code that reads it in the page. */
export interface CanvasTextRecorder {
  /** Texts of the last frame drawn on `canvas`. */
  canvasTextBoxes?: (canvas: unknown) => RecordedCanvasText[];
}

interface RecorderWindow extends CanvasTextRecorder {
  CanvasRenderingContext2D: { prototype: Canvas2D };
  devicePixelRatio: number;
}

/**
 * Wraps the 2D context's text calls to record each text with its box: the measured advance width
 * and one em of height, placed by the context's alignment and baseline, then mapped through its
 * transform. ECharts clears the whole canvas before each frame, so a full clear starts the canvas's
 * list again. The function runs in the page, so it uses nothing from this module's scope.
 */
export function recordCanvasBoxes(): void {
  /** Bound on one canvas's list, far above what one wall chart draws in a frame. */
  const MAX_TEXTS = 5_000;
  const host = globalThis as unknown as RecorderWindow;
  const frames = new WeakMap<object, RecordedCanvasText[]>();
  const context = host.CanvasRenderingContext2D.prototype;
  const { fillText, strokeText, clearRect } = context;

  function record(drawing: Canvas2D, text: string, x: number, y: number) {
    const list = frames.get(drawing.canvas) ?? [];
    const px = /(\d+(?:\.\d+)?)px/.exec(drawing.font);
    if (px === null || list.length >= MAX_TEXTS) {
      return;
    }
    const size = Number(px[1]);

    // The box in the canvas's own coordinates, from the alignment and the baseline.
    const width = drawing.measureText(text).width;
    let left = x - width / 2;
    if (drawing.textAlign === 'left' || drawing.textAlign === 'start') {
      left = x;
    } else if (drawing.textAlign === 'right' || drawing.textAlign === 'end') {
      left = x - width;
    }
    let top = y - size;
    if (drawing.textBaseline === 'top' || drawing.textBaseline === 'hanging') {
      top = y;
    } else if (drawing.textBaseline === 'middle') {
      top = y - size / 2;
    }

    // The same box through the context's transform, as the smallest upright box around it.
    const { a, b, c, d, e, f } = drawing.getTransform();
    const corners = [
      [left, top],
      [left + width, top],
      [left, top + size],
      [left + width, top + size],
    ].map(([cx = 0, cy = 0]) => [a * cx + c * cy + e, b * cx + d * cy + f]);
    const xs = corners.map(([cx = 0]) => cx);
    const ys = corners.map(([, cy = 0]) => cy);
    list.push({
      text,
      size: (size * Math.sqrt(Math.abs(a * d - b * c))) / host.devicePixelRatio,
      left: Math.min(...xs),
      top: Math.min(...ys),
      right: Math.max(...xs),
      bottom: Math.max(...ys),
    });
    frames.set(drawing.canvas, list);
  }

  context.fillText = function (this: Canvas2D, text, x, y, maxWidth) {
    record(this, String(text), x, y);
    fillText.call(this, text, x, y, maxWidth);
  };
  context.strokeText = function (this: Canvas2D, text, x, y, maxWidth) {
    record(this, String(text), x, y);
    strokeText.call(this, text, x, y, maxWidth);
  };
  context.clearRect = function (this: Canvas2D, x, y, width, height) {
    if (
      x <= 0 &&
      y <= 0 &&
      width >= this.canvas.width &&
      height >= this.canvas.height
    ) {
      frames.set(this.canvas, []);
    }
    clearRect.call(this, x, y, width, height);
  };
  host.canvasTextBoxes = (canvas) => frames.get(canvas as object) ?? [];
}

/**
 * Returns the texts drawn in the last frame of every visible canvas under `scope`, in page CSS px.
 * A text ECharts draws twice (stroke and fill) appears twice.
 */
export async function canvasTextBoxes(
  scope: Locator,
): Promise<CanvasTextBox[]> {
  return scope.evaluate((root) => {
    const host = root.ownerDocument.defaultView as unknown as RecorderWindow;
    const found: CanvasTextBox[] = [];
    for (const canvas of root.querySelectorAll('canvas')) {
      const rect = canvas.getBoundingClientRect();
      if (rect.width === 0 || canvas.width === 0 || canvas.height === 0) {
        continue;
      }
      const scaleX = rect.width / canvas.width;
      const scaleY = rect.height / canvas.height;
      for (const drawn of host.canvasTextBoxes?.(canvas) ?? []) {
        found.push({
          text: drawn.text,
          size: drawn.size,
          x: rect.x + drawn.left * scaleX,
          y: rect.y + drawn.top * scaleY,
          width: (drawn.right - drawn.left) * scaleX,
          height: (drawn.bottom - drawn.top) * scaleY,
        });
      }
    }
    return found;
  });
}
