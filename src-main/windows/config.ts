import { z } from 'zod';

/**
 * Rectangle in device-independent pixels (DIP), the unit Electron uses for window
 * and display bounds. Origins may be negative for a display left of or above the
 * primary one.
 */
export const Rectangle = z.object({
  x: z.number(),
  y: z.number(),
  width: z.number(),
  height: z.number(),
});
export type Rectangle = z.infer<typeof Rectangle>;

/**
 * Rule that picks a display for a wall whose assigned display is absent.
 * `primary` matches the primary display only. `largest` (most native pixels),
 * `leftmost` and `rightmost` rank every display present, so a wall whose best
 * match shows another wall takes the next one.
 */
export const DisplayTarget = z.discriminatedUnion('by', [
  z.object({ by: z.literal('id'), id: z.number().int() }),
  z.object({ by: z.literal('label'), label: z.string().min(1) }),
  z.object({
    by: z.literal('position'),
    position: z.enum(['primary', 'largest', 'leftmost', 'rightmost']),
  }),
]);
export type DisplayTarget = z.infer<typeof DisplayTarget>;
export type DisplayPosition = Extract<
  DisplayTarget,
  { by: 'position' }
>['position'];

/**
 * Behaviour of a wall while its assigned display is absent: `move` to the first
 * display of its fallback list, or `hide` until the display returns.
 */
export const MissingDisplayPolicy = z.enum(['move', 'hide']);
export type MissingDisplayPolicy = z.infer<typeof MissingDisplayPolicy>;

/** Kiosk mode is fullscreen that the operator cannot leave. */
export const WallMode = z.enum(['fullscreen', 'kiosk']);
export type WallMode = z.infer<typeof WallMode>;

/** One wall window of the machine config. */
export const WallConfig = z.object({
  name: z.string().min(1),
  /**
   * Electron display id the wall belongs on. When absent, the display saved
   * for the wall (an operator's choice) is used instead.
   */
  displayId: z.number().int().optional(),
  /** Tried in order while the assigned display is absent. */
  fallback: z.array(DisplayTarget).default([]),
  whenDisplayMissing: MissingDisplayPolicy.default('move'),
  mode: WallMode.default('fullscreen'),
});
export type WallConfig = z.infer<typeof WallConfig>;

/** Wall windows of one machine; the order is the priority when walls compete. */
export const WallLayout = z.object({
  walls: z.array(WallConfig).superRefine((walls, context) => {
    const seen = new Set<string>();

    walls.forEach((wall, index) => {
      if (seen.has(wall.name)) {
        context.addIssue({
          code: 'custom',
          path: [index, 'name'],
          message: `Wall name "${wall.name}" is used twice; give each wall a unique name.`,
        });
      }
      seen.add(wall.name);
    });
  }),
});
export type WallLayout = z.infer<typeof WallLayout>;

/**
 * Persisted state of one wall. `displayId` and `bounds` describe the wall's home
 * on its assigned display, and stay unchanged while that display is absent so
 * that the wall can return to it.
 */
export const SavedWallState = z.object({
  displayId: z.number().int().nullable(),
  /** Normal (not fullscreen) window bounds in DIP. */
  bounds: Rectangle.nullable(),
  fullscreen: z.boolean(),
});
export type SavedWallState = z.infer<typeof SavedWallState>;

/** Saved state of every wall, keyed by wall name. */
export const SavedWalls = z.record(z.string(), SavedWallState);
export type SavedWalls = z.infer<typeof SavedWalls>;
