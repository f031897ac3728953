// What the presenter panel offers and shows, as plain values: the focus choices of each kind and
// the command to send for a button, so the rules are tested without a DOM.
import type {
  PanelLayout,
  PresenterFocus,
  PresenterRecord,
} from '../../../../src-shared/walls/index.js';

export type FocusKind = PresenterFocus['kind'];

export interface FocusChoice {
  id: string;
  label: string;
}

export interface FocusSources {
  incidents: readonly { id: string; title: string }[];
  towns: readonly { code: string; name: string }[];
  layouts: readonly PanelLayout[];
}

export function focusChoices(
  kind: FocusKind,
  sources: FocusSources,
): FocusChoice[] {
  switch (kind) {
    case 'incident':
      return sources.incidents.map((incident) => ({
        id: incident.id,
        label: incident.title,
      }));
    case 'town':
      return sources.towns.map((town) => ({ id: town.code, label: town.name }));
    case 'layout':
      return sources.layouts.map((layout) => ({
        id: layout.id,
        label: layout.name,
      }));
  }
}

/** Builds the focus for a chosen id, or returns null when the id is not among the choices. */
export function buildFocus(
  kind: FocusKind,
  id: string,
  sources: FocusSources,
): PresenterFocus | null {
  const choice = focusChoices(kind, sources).find(
    (candidate) => candidate.id === id,
  );
  return choice === undefined
    ? null
    : { kind, id: choice.id, label: choice.label };
}

export type PresenterRole = 'idle' | 'mine' | 'other';

/**
 * Returns whether this console presents, another one does, or none. Without a known install id,
 * an active presenter counts as another console, so take-over is offered.
 */
export function presenterRole(
  record: PresenterRecord | null,
  installId: string | null,
): PresenterRole {
  if (record === null || !record.active) {
    return 'idle';
  }
  return installId !== null && record.presenterInstall === installId
    ? 'mine'
    : 'other';
}

export type PresenterCommand =
  | {
      name: 'hall.present-start';
      payload: {
        focus: PresenterFocus;
        presenterName?: string;
        takeOver?: true;
      };
    }
  | {
      name: 'hall.present-focus';
      payload: { focus: PresenterFocus; takeOver?: true };
    }
  | { name: 'hall.present-end'; payload: { takeOver?: true } };

/**
 * Returns the command for the focus button: start when idle, change focus when this console
 * presents, and take over when another does (the button label then reads take over).
 */
export function focusCommand(
  role: PresenterRole,
  focus: PresenterFocus,
  presenterName: string,
): PresenterCommand {
  if (role === 'mine') {
    return { name: 'hall.present-focus', payload: { focus } };
  }
  const name = presenterName.trim();
  const payload: {
    focus: PresenterFocus;
    presenterName?: string;
    takeOver?: true;
  } = { focus };
  if (name !== '') {
    payload.presenterName = name;
  }
  if (role === 'other') {
    payload.takeOver = true;
  }
  return { name: 'hall.present-start', payload };
}

export function endCommand(role: PresenterRole): PresenterCommand {
  return {
    name: 'hall.present-end',
    payload: role === 'other' ? { takeOver: true } : {},
  };
}
