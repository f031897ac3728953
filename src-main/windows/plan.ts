import type {
  DisplayTarget,
  Rectangle,
  SavedWallState,
  SavedWalls,
  WallConfig,
  WallLayout,
} from './config.js';
import { collectDisplays, resolveTarget, type DisplaySet } from './displays.js';
import {
  clampIntoRect,
  displayWithMostOverlap,
  intersectionArea,
  isUsableRect,
  orientationOf,
} from './geometry.js';
import {
  logBoundsNote,
  logDisplaySet,
  logDuplicateWalls,
  logSituation,
  type BoundsNote,
} from './plan-log.js';
import type {
  DisplayInfo,
  PlacementReason,
  PlanLogEntry,
  PlanOptions,
  WallPlacement,
  WallPlan,
} from './types.js';

/** Display chosen for one wall, before bounds are computed. */
export interface WallChoice {
  display: DisplayInfo | null;
  reason: PlacementReason;
  /** Fallback entry that matched; null when the assignment or nothing matched. */
  via: DisplayTarget | null;
  /** Visible walls placed on the same display before this one. */
  placedBefore: string[];
}

interface WallInput {
  config: WallConfig;
  saved: SavedWallState | null;
  assignedDisplayId: number | null;
}

/**
 * Plans where every wall window goes for the displays present now. Pure: the
 * result depends only on the arguments, never on which window has focus or on
 * the order in which the platform reports displays.
 *
 * Walls whose assigned display is present take it first, in layout order. The
 * others then follow their policy and fallback list, preferring a display no
 * other wall uses. The saved assignment survives a fallback, so a wall returns
 * to its display when the display is connected again.
 */
export function planWalls(
  displays: readonly DisplayInfo[],
  layout: WallLayout,
  saved: SavedWalls,
  options: PlanOptions = {},
): WallPlan {
  const previous = options.previous ?? null;
  const set = collectDisplays(displays, options.primaryDisplayId ?? null);
  const log: PlanLogEntry[] = [];

  logDisplaySet(set, previous, log);
  const inputs = collectWalls(layout, saved, previous, log);
  const choices = chooseDisplays(inputs, set);

  const placements: WallPlacement[] = [];
  const savedNext: SavedWalls = { ...saved };

  for (const input of inputs) {
    const choice = choices.get(input.config.name);
    if (!choice) {
      continue;
    }

    const prior = previous?.placements.find(
      (placement) => placement.wall === input.config.name,
    );
    const bounds = choice.display
      ? boundsOnDisplay(choice.display, input.saved, set)
      : null;
    const placement = buildPlacement(
      input,
      choice,
      bounds?.rect ?? null,
      prior,
    );

    placements.push(placement);
    savedNext[input.config.name] = nextSavedState(input, placement);

    if (bounds && !prior) {
      logBoundsNote(input.config.name, bounds.note, log);
    }
    logSituation(placement, choice, prior, set.displays.length, log);
  }

  fillSharedDisplays(placements);

  return {
    placements,
    savedNext,
    log,
    ignoredDisplayIds: set.ignoredDisplayIds,
  };
}

/** Pairs each wall with its saved state; a repeated wall name is skipped. */
function collectWalls(
  layout: WallLayout,
  saved: SavedWalls,
  previous: WallPlan | null,
  log: PlanLogEntry[],
): WallInput[] {
  const names = new Set<string>();
  const duplicates: string[] = [];
  const inputs: WallInput[] = [];

  for (const config of layout.walls) {
    if (names.has(config.name)) {
      duplicates.push(config.name);
      continue;
    }
    names.add(config.name);

    const savedState = saved[config.name] ?? null;
    inputs.push({
      config,
      saved: savedState,
      assignedDisplayId: config.displayId ?? savedState?.displayId ?? null,
    });
  }

  if (previous === null) {
    logDuplicateWalls(duplicates, log);
  }

  return inputs;
}

function chooseDisplays(
  inputs: readonly WallInput[],
  set: DisplaySet,
): Map<string, WallChoice> {
  const choices = new Map<string, WallChoice>();
  const wallsByDisplay = new Map<number, string[]>();

  const take = (name: string, choice: Omit<WallChoice, 'placedBefore'>) => {
    const id = choice.display?.id;
    const placedBefore = id === undefined ? [] : (wallsByDisplay.get(id) ?? []);
    choices.set(name, { ...choice, placedBefore: [...placedBefore] });

    if (id !== undefined) {
      wallsByDisplay.set(id, [...placedBefore, name]);
    }
  };

  // Assigned displays go first, so a wall that falls back never takes the
  // display of a wall that belongs there, whatever the layout order.
  for (const input of inputs) {
    const display = set.displays.find(
      (candidate) => candidate.id === input.assignedDisplayId,
    );
    if (display) {
      take(input.config.name, { display, reason: 'assigned', via: null });
    }
  }

  for (const input of inputs) {
    if (!choices.has(input.config.name)) {
      take(input.config.name, chooseFallback(input, set, wallsByDisplay));
    }
  }

  return choices;
}

function chooseFallback(
  input: WallInput,
  set: DisplaySet,
  wallsByDisplay: ReadonlyMap<number, string[]>,
): Omit<WallChoice, 'placedBefore'> {
  const { config } = input;
  const assigned = input.assignedDisplayId !== null;

  if (assigned && config.whenDisplayMissing === 'hide') {
    return { display: null, reason: 'hidden-by-policy', via: null };
  }

  const candidates = fallbackCandidates(config.fallback, set);
  const free = candidates.find(
    (candidate) => !wallsByDisplay.has(candidate.display.id),
  );
  // Under `move` a wall shares a display rather than stay dark; under `hide`
  // it only takes a display that no other wall uses.
  const chosen =
    free ?? (config.whenDisplayMissing === 'move' ? candidates[0] : undefined);

  if (!chosen) {
    return { display: null, reason: 'no-display', via: null };
  }

  return {
    display: chosen.display,
    reason: assigned ? 'fallback' : 'unassigned',
    via: chosen.via,
  };
}

/** Displays matched by the fallback list, in list order, each once. */
function fallbackCandidates(
  fallback: readonly DisplayTarget[],
  set: DisplaySet,
): { display: DisplayInfo; via: DisplayTarget }[] {
  const seen = new Set<number>();
  const candidates: { display: DisplayInfo; via: DisplayTarget }[] = [];

  for (const target of fallback) {
    for (const display of resolveTarget(target, set)) {
      if (!seen.has(display.id)) {
        seen.add(display.id);
        candidates.push({ display, via: target });
      }
    }
  }

  return candidates;
}

/**
 * Keeps the saved bounds when they lie mostly on the chosen display, clamped
 * into its work area; otherwise fills the work area. Saved bounds from a
 * display that is gone therefore never leave a window outside every work area.
 */
function boundsOnDisplay(
  display: DisplayInfo,
  saved: SavedWallState | null,
  set: DisplaySet,
): { rect: Rectangle; note: BoundsNote } {
  const savedBounds = saved?.bounds ?? null;
  const workArea = clampIntoRect(display.workArea, display.workArea);

  if (savedBounds === null) {
    return { rect: workArea, note: { kind: 'none' } };
  }
  if (!isUsableRect(savedBounds)) {
    return { rect: workArea, note: { kind: 'invalid', saved: savedBounds } };
  }
  if (!liesMostlyOn(savedBounds, display, set)) {
    return { rect: workArea, note: { kind: 'none' } };
  }

  const rect = clampIntoRect(savedBounds, display.workArea);
  const changed = !sameRect(rect, savedBounds);

  return {
    rect,
    note: changed
      ? { kind: 'clamped', saved: savedBounds, rect }
      : { kind: 'none' },
  };
}

/**
 * True when no display shares more area with `rect` than `display` does. A tie
 * goes to `display`, so that bounds clamped onto one of two mirrored displays
 * stay there on the next plan.
 */
function liesMostlyOn(
  rect: Rectangle,
  display: DisplayInfo,
  set: DisplaySet,
): boolean {
  const onDisplay = intersectionArea(rect, display.bounds);
  const best = displayWithMostOverlap(rect, set.displays);

  return (
    onDisplay > 0 &&
    (best === null || onDisplay >= intersectionArea(rect, best.bounds))
  );
}

function buildPlacement(
  input: WallInput,
  choice: WallChoice,
  bounds: Rectangle | null,
  prior: WallPlacement | undefined,
): WallPlacement {
  const { display } = choice;
  const kiosk = input.config.mode === 'kiosk';
  const scaleFactor = display?.scaleFactor ?? null;
  const moved =
    display !== null && prior !== undefined && prior.displayId !== display.id;

  return {
    wall: input.config.name,
    displayId: display?.id ?? null,
    bounds,
    // Kiosk windows cannot leave fullscreen; otherwise an operator's choice
    // to leave fullscreen is kept across moves and restarts.
    fullscreen: kiosk || (input.saved?.fullscreen ?? true),
    kiosk,
    visible: display !== null,
    reason: choice.reason,
    assignedDisplayId: input.assignedDisplayId,
    scaleFactor,
    orientation: display ? orientationOf(display) : null,
    sharesDisplayWith: [],
    moved,
    needsVerify: needsVerify(display, prior),
  };
}

/**
 * Reports whether the applier must read the bounds back: after a change of
 * scale factor, and when a hidden window is shown again, because it may still
 * sit on any display.
 */
function needsVerify(
  display: DisplayInfo | null,
  prior: WallPlacement | undefined,
): boolean {
  if (display === null || prior === undefined) {
    return false;
  }
  if (!prior.visible) {
    return true;
  }

  return prior.scaleFactor !== display.scaleFactor;
}

function nextSavedState(
  input: WallInput,
  placement: WallPlacement,
): SavedWallState {
  const onAssigned = placement.reason === 'assigned';
  const savedBounds = input.saved?.bounds ?? null;
  const keptBounds =
    savedBounds !== null && isUsableRect(savedBounds) ? savedBounds : null;

  return {
    displayId: input.assignedDisplayId,
    bounds: onAssigned ? placement.bounds : keptBounds,
    fullscreen: placement.fullscreen,
  };
}

function fillSharedDisplays(placements: WallPlacement[]): void {
  for (const placement of placements) {
    if (placement.displayId === null) {
      continue;
    }
    placement.sharesDisplayWith = placements
      .filter(
        (other) =>
          other !== placement && other.displayId === placement.displayId,
      )
      .map((other) => other.wall);
  }
}

function sameRect(a: Rectangle, b: Rectangle): boolean {
  return (
    a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height
  );
}
