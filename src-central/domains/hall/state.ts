// Reads of the hall records through the domain context. A stored value that no longer parses is
// logged and read as absent, so one damaged record cannot block the presenter or the walls.
import { createLogger } from '../../../src-node/logging/index.js';
import {
  HALL_COLLECTIONS,
  PRESENTER_RECORD_ID,
  PresenterRecord,
  WallStateRecord,
} from '../../../src-shared/walls/index.js';
import type { StoredRecord } from '../../../src-shared/contract/index.js';
import type { DomainContext } from '../types.js';

const log = createLogger('hall');

export const IDLE_PRESENTER: PresenterRecord = {
  active: false,
  focus: null,
  presenterInstall: null,
  presenterName: null,
  startedAt: null,
};

export function readPresenter(context: DomainContext): PresenterRecord {
  const stored = context.get(HALL_COLLECTIONS.presenter, PRESENTER_RECORD_ID);
  if (stored === null) {
    return IDLE_PRESENTER;
  }

  const parsed = PresenterRecord.safeParse(stored.data);
  if (!parsed.success) {
    log.error(
      'readPresenter: stored presenter record is invalid; read as idle',
      {
        version: stored.version,
        issues: parsed.error.issues.map((issue) => issue.message),
      },
    );
    return IDLE_PRESENTER;
  }
  return parsed.data;
}

export function readWallStates(context: DomainContext): WallStateRecord[] {
  const states: WallStateRecord[] = [];

  for (const stored of context.list(HALL_COLLECTIONS.wallState)) {
    const state = parseWallState(stored);
    if (state !== null) {
      states.push(state);
    }
  }
  return states;
}

export function readWallState(
  context: DomainContext,
  wall: string,
): WallStateRecord | null {
  const stored = context.get(HALL_COLLECTIONS.wallState, wall);
  return stored === null ? null : parseWallState(stored);
}

function parseWallState(stored: StoredRecord): WallStateRecord | null {
  const parsed = WallStateRecord.safeParse(stored.data);
  if (parsed.success) {
    return parsed.data;
  }
  log.error('parseWallState: stored wall state is invalid; read as absent', {
    wall: stored.id,
    issues: parsed.error.issues.map((issue) => issue.message),
  });
  return null;
}

export function writePresenter(
  context: DomainContext,
  record: PresenterRecord,
): { version: number } {
  return context.put(HALL_COLLECTIONS.presenter, PRESENTER_RECORD_ID, {
    ...record,
  });
}

export function writeWallState(
  context: DomainContext,
  record: WallStateRecord,
): { version: number } {
  return context.put(HALL_COLLECTIONS.wallState, record.wall, { ...record });
}

/** Returns the state of a wall that no command has touched yet. */
export function blankWallState(wall: string, now: number): WallStateRecord {
  return {
    wall,
    layoutId: null,
    playlist: null,
    paused: false,
    updatedAt: now,
  };
}
