// Presenter commands of a joint consultation. One install presents at a time. Another install
// takes over only when its command sets `takeOver`, so two leaders cannot steer the walls at once.
import {
  HALL_COLLECTIONS,
  PresentEndPayload,
  PresentFocusPayload,
  PresentStartPayload,
  type PresenterFocus,
  type PresenterRecord,
} from '../../../src-shared/walls/index.js';
import type {
  CommandActor,
  CommandHandler,
  DomainContext,
  DomainOutcome,
} from '../types.js';
import { applied, parsePayload, rejected } from './outcomes.js';
import {
  IDLE_PRESENTER,
  readPresenter,
  readWallStates,
  writePresenter,
  writeWallState,
} from './state.js';

export const presentStart: CommandHandler = (context, actor, payload) => {
  const input = parsePayload(
    PresentStartPayload,
    'hall.present-start',
    payload,
  );
  if (!input.ok) {
    return input.outcome;
  }
  const { focus, presenterName, takeOver } = input.value;

  const current = readPresenter(context);
  const blocked = checkPresenter(current, actor, takeOver === true);
  if (blocked !== null) {
    return blocked;
  }
  const missing = checkFocusTarget(context, focus);
  if (missing !== null) {
    return missing;
  }

  // A take-over or a repeated start keeps the consultation's start and the layouts to restore.
  const continuing = current.active;
  const record: PresenterRecord = {
    active: true,
    focus,
    presenterInstall: actor.installId,
    presenterName: presenterName ?? actor.operatorId,
    startedAt: continuing ? current.startedAt : context.now(),
    previousLayouts: continuing
      ? (current.previousLayouts ?? {})
      : currentLayouts(context),
  };
  const { version } = writePresenter(context, record);
  return applied({
    version,
    tookOver: continuing && current.presenterInstall !== actor.installId,
  });
};

export const presentFocus: CommandHandler = (context, actor, payload) => {
  const input = parsePayload(
    PresentFocusPayload,
    'hall.present-focus',
    payload,
  );
  if (!input.ok) {
    return input.outcome;
  }
  const { focus, takeOver } = input.value;

  const current = readPresenter(context);
  if (!current.active) {
    return notPresenting('hall.present-focus');
  }
  const blocked = checkPresenter(current, actor, takeOver === true);
  if (blocked !== null) {
    return blocked;
  }
  const missing = checkFocusTarget(context, focus);
  if (missing !== null) {
    return missing;
  }

  const { version } = writePresenter(context, {
    ...current,
    focus,
    presenterInstall: actor.installId,
  });
  return applied({ version });
};

export const presentEnd: CommandHandler = (context, actor, payload) => {
  const input = parsePayload(PresentEndPayload, 'hall.present-end', payload);
  if (!input.ok) {
    return input.outcome;
  }

  const current = readPresenter(context);
  if (!current.active) {
    return notPresenting('hall.present-end');
  }
  const blocked = checkPresenter(current, actor, input.value.takeOver === true);
  if (blocked !== null) {
    return blocked;
  }

  const restored = restoreLayouts(context, current.previousLayouts ?? {});
  const { version } = writePresenter(context, IDLE_PRESENTER);
  return applied({ version, restoredWalls: restored });
};

function checkPresenter(
  current: PresenterRecord,
  actor: CommandActor,
  takeOver: boolean,
): DomainOutcome | null {
  if (
    !current.active ||
    takeOver ||
    current.presenterInstall === actor.installId
  ) {
    return null;
  }
  return rejected(
    'not-presenter',
    `${current.presenterName ?? current.presenterInstall ?? 'Another console'} presents now ` +
      `(install ${current.presenterInstall ?? 'unknown'}); send the command with takeOver: true ` +
      'to take the presenter mode over.',
  );
}

function checkFocusTarget(
  context: DomainContext,
  focus: PresenterFocus,
): DomainOutcome | null {
  // NOTE: incident and town ids are not checked, because their records belong to other domains
  // that a central may run without. The walls show the label that the presenter sends.
  if (focus.kind !== 'layout') {
    return null;
  }
  if (context.get(HALL_COLLECTIONS.layout, focus.id) !== null) {
    return null;
  }
  return rejected(
    'layout-not-found',
    `Layout "${focus.id}" not found; save the layout first or focus an existing one.`,
  );
}

function notPresenting(command: string): DomainOutcome {
  return rejected(
    'not-presenting',
    `${command} needs an active joint consultation; start presenting first.`,
  );
}

function currentLayouts(context: DomainContext): Record<string, string> {
  const layouts: Record<string, string> = {};
  for (const state of readWallStates(context)) {
    if (state.layoutId !== null) {
      layouts[state.wall] = state.layoutId;
    }
  }
  return layouts;
}

/**
 * Puts back the layout each wall had at the start, where a wall was switched during the
 * consultation and that layout still exists. Returns the names of the walls changed.
 */
function restoreLayouts(
  context: DomainContext,
  previous: Readonly<Record<string, string>>,
): string[] {
  const restored: string[] = [];

  for (const state of readWallStates(context)) {
    const layoutId = previous[state.wall];
    if (
      layoutId === undefined ||
      layoutId === state.layoutId ||
      context.get(HALL_COLLECTIONS.layout, layoutId) === null
    ) {
      continue;
    }
    writeWallState(context, { ...state, layoutId, updatedAt: context.now() });
    restored.push(state.wall);
  }
  return restored;
}
