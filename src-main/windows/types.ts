import type { Rectangle, SavedWalls } from './config.js';

export interface Size {
  width: number;
  height: number;
}

/**
 * One display as Electron's `screen` module reports it (Electron 45 `Display`),
 * limited to the fields the planner reads. Bounds and work area are in DIP and
 * already reflect rotation, so a portrait display has height > width.
 */
export interface DisplayInfo {
  /** Electron display id; -1 means the platform does not know the id yet. */
  id: number;
  bounds: Rectangle;
  /** Bounds less the taskbar, dock and panels. */
  workArea: Rectangle;
  /** Native pixels per DIP, for example 1.5 for a 3840-pixel-wide 2560-DIP display. */
  scaleFactor: number;
  /** Clockwise degrees: 0, 90, 180 or 270. */
  rotation: number;
  size: Size;
  internal: boolean;
  /** Name the platform gives the display, often the monitor model. */
  label: string;
}

export type PlacementReason =
  /** On the display assigned to the wall. */
  | 'assigned'
  /** Assigned display absent, so the wall moved to a display of its fallback list. */
  | 'fallback'
  /** The wall has no assigned display, so its fallback list chose one. */
  | 'unassigned'
  /** Assigned display absent and the wall's policy is `hide`. */
  | 'hidden-by-policy'
  /** No display present matches the wall's assignment or fallback list. */
  | 'no-display';

export type Orientation = 'landscape' | 'portrait';

/** Target of one wall window; the Electron part applies it as given. */
export interface WallPlacement {
  wall: string;
  /** Display the window goes on; null while hidden. */
  displayId: number | null;
  /**
   * Normal (not fullscreen) bounds in DIP, inside the work area of `displayId`.
   * Setting them before entering fullscreen puts the window on that display.
   * Null while hidden, so a hidden window keeps whatever bounds it has.
   */
  bounds: Rectangle | null;
  fullscreen: boolean;
  kiosk: boolean;
  visible: boolean;
  reason: PlacementReason;
  /** Display the wall belongs on, present or not; null when none is assigned. */
  assignedDisplayId: number | null;
  /** Scale factor of `displayId`, kept so the next plan can tell a scale change. */
  scaleFactor: number | null;
  orientation: Orientation | null;
  /** Other visible walls placed on the same display, in layout order. */
  sharesDisplayWith: string[];
  /** The window changes display compared with the previous plan. */
  moved: boolean;
  /**
   * The window lands on a scale factor other than the one it had. Electron on
   * Windows has been seen to size `setBounds` onto such a display with the old
   * display's scale, so the applier reads the bounds back with
   * `verifyPlacement` and re-applies once.
   */
  needsVerify: boolean;
}

export type PlanLogLevel = 'info' | 'warn' | 'error';

export interface PlanLogEntry {
  level: PlanLogLevel;
  message: string;
  /** Wall the entry is about; null for entries about the display list. */
  wall: string | null;
}

export interface WallPlan {
  /** One per wall of the layout, in layout order. */
  placements: WallPlacement[];
  /** Saved state to persist; feed it back as `saved` to the next plan. */
  savedNext: SavedWalls;
  /** Changes since the previous plan that deserve a log line; empty when nothing changed. */
  log: PlanLogEntry[];
  /** Displays left out because their id or geometry is unusable, sorted. */
  ignoredDisplayIds: number[];
}

export interface PlanOptions {
  /**
   * Plan applied last, or null when no wall window exists yet. It decides what
   * counts as a move and which log entries are new.
   */
  previous?: WallPlan | null;
  /**
   * Id from Electron's `screen.getPrimaryDisplay()`. When absent or not present,
   * the display whose bounds contain the origin (0, 0) is taken as primary.
   */
  primaryDisplayId?: number | null;
}
