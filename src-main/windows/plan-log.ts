import type { Rectangle } from './config.js';
import {
  describeDisplay,
  describeTarget,
  type DisplaySet,
} from './displays.js';
import type { WallChoice } from './plan.js';
import type { PlanLogEntry, WallPlacement, WallPlan } from './types.js';

/** Outcome for a wall's saved bounds, for one log line. */
export type BoundsNote =
  | { kind: 'none' }
  | { kind: 'invalid'; saved: Rectangle }
  | { kind: 'clamped'; saved: Rectangle; rect: Rectangle };

export function logDisplaySet(
  set: DisplaySet,
  previous: WallPlan | null,
  log: PlanLogEntry[],
): void {
  const ids = set.ignoredDisplayIds;
  const before = previous?.ignoredDisplayIds ?? [];
  if (ids.length === 0 || ids.join(',') === before.join(',')) {
    return;
  }

  log.push({
    level: 'warn',
    wall: null,
    message:
      `Left out displays ${ids.join(', ')} from wall placement: the id is ` +
      'unknown (-1) or repeated, or the bounds or work area have no size. ' +
      'Walls use the other displays until the platform reports them fully.',
  });
}

export function logDuplicateWalls(
  duplicates: readonly string[],
  log: PlanLogEntry[],
): void {
  for (const name of duplicates) {
    log.push({
      level: 'error',
      wall: name,
      message:
        `Wall layout names wall "${name}" more than once; only the first ` +
        'entry is placed. Give each wall a unique name.',
    });
  }
}

export function logBoundsNote(
  wall: string,
  note: BoundsNote,
  log: PlanLogEntry[],
): void {
  if (note.kind === 'invalid') {
    log.push({
      level: 'warn',
      wall,
      message:
        `Saved bounds ${formatRect(note.saved)} of wall "${wall}" are ` +
        'invalid (not finite or without size); the wall fills the work area instead.',
    });
  }
  if (note.kind === 'clamped') {
    log.push({
      level: 'info',
      wall,
      message:
        `Saved bounds ${formatRect(note.saved)} of wall "${wall}" reach ` +
        `outside the work area; clamped to ${formatRect(note.rect)}.`,
    });
  }
}

/**
 * Adds one entry when a wall's situation differs from the previous plan, so a
 * fallback is logged when it happens and not again on every re-plan.
 */
export function logSituation(
  placement: WallPlacement,
  choice: WallChoice,
  prior: WallPlacement | undefined,
  displayCount: number,
  log: PlanLogEntry[],
): void {
  if (!situationChanged(placement, choice, prior)) {
    return;
  }

  const entry = situationEntry(placement, choice, prior, displayCount);
  if (entry) {
    log.push(entry);
  }
}

function situationChanged(
  placement: WallPlacement,
  choice: WallChoice,
  prior: WallPlacement | undefined,
): boolean {
  if (prior === undefined) {
    return placement.reason !== 'assigned' || choice.placedBefore.length > 0;
  }
  if (
    prior.reason !== placement.reason ||
    prior.displayId !== placement.displayId
  ) {
    return true;
  }

  return choice.placedBefore.some(
    (name) => !prior.sharesDisplayWith.includes(name),
  );
}

function situationEntry(
  placement: WallPlacement,
  choice: WallChoice,
  prior: WallPlacement | undefined,
  displayCount: number,
): PlanLogEntry | null {
  const wall = placement.wall;
  const assigned = `display ${placement.assignedDisplayId ?? 'none'}`;
  const shared = sharedSuffix(choice);

  switch (placement.reason) {
    case 'assigned':
      return assignedEntry(placement, choice, prior);
    case 'fallback':
      return {
        level: 'warn',
        wall,
        message:
          `Wall "${wall}": assigned ${assigned} is not connected; moved to ` +
          `${placedOn(choice)}. The wall returns to ${assigned} when it is ` +
          `connected again.${shared}`,
      };
    case 'unassigned':
      return {
        level: 'info',
        wall,
        message:
          `Wall "${wall}" has no assigned display; placed on ` +
          `${placedOn(choice)}. Set displayId in the wall layout to pin it.${shared}`,
      };
    case 'hidden-by-policy':
      return {
        level: 'warn',
        wall,
        message:
          `Wall "${wall}": assigned ${assigned} is not connected; hidden ` +
          `because its policy is "hide". It is shown again when ${assigned} ` +
          'is connected.',
      };
    case 'no-display':
      return {
        level: 'error',
        wall,
        message: noDisplayMessage(placement, displayCount),
      };
  }
}

function assignedEntry(
  placement: WallPlacement,
  choice: WallChoice,
  prior: WallPlacement | undefined,
): PlanLogEntry | null {
  const wall = placement.wall;
  const display = choice.display ? describeDisplay(choice.display) : '';

  if (choice.placedBefore.length > 0) {
    return {
      level: 'warn',
      wall,
      message:
        `Walls ${quoteAll(choice.placedBefore)} and "${wall}" are all ` +
        `assigned to ${display}, so one covers the other. Assign each wall ` +
        'its own display in the wall layout.',
    };
  }
  if (prior !== undefined && prior.reason !== 'assigned') {
    return {
      level: 'info',
      wall,
      message: `Wall "${wall}" is back on its assigned ${display}.`,
    };
  }
  if (prior !== undefined) {
    return {
      level: 'info',
      wall,
      message: `Wall "${wall}" moved to its newly assigned ${display}.`,
    };
  }

  return null;
}

function noDisplayMessage(
  placement: WallPlacement,
  displayCount: number,
): string {
  const wall = placement.wall;
  const why =
    displayCount === 0
      ? 'no display is connected'
      : 'no connected display fits its assignment or fallback list';

  return (
    `Wall "${wall}" is hidden: ${why}. Add { by: 'position', position: ` +
    "'primary' } to its fallback list to always show it on some display."
  );
}

function placedOn(choice: WallChoice): string {
  const display = choice.display ? describeDisplay(choice.display) : 'none';
  const via = choice.via ? ` (fallback: ${describeTarget(choice.via)})` : '';

  return `${display}${via}`;
}

function sharedSuffix(choice: WallChoice): string {
  if (choice.placedBefore.length === 0) {
    return '';
  }

  return (
    ` No free display matched, so it shares the display with wall ` +
    `${quoteAll(choice.placedBefore)} and one covers the other.`
  );
}

function quoteAll(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
}

function formatRect(rect: Rectangle): string {
  return `(${rect.x}, ${rect.y}, ${rect.width}x${rect.height})`;
}
