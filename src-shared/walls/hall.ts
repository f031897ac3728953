// Records and commands of the hall domain: the joint-consultation presenter, the layouts saved by
// consoles and the state of each wall. Central and consoles parse record data with these schemas.
import { z } from 'zod';
import { validateLayout, type PanelLayout } from './layout.js';
import { PanelLayoutSchema } from './file.js';
import type { PanelId } from './panels.js';
import { Playlist } from './playlist.js';

export const HALL_COLLECTIONS = {
  presenter: 'hall.presenter',
  layout: 'hall.layout',
  wallState: 'hall.wall-state',
} as const;

/** Id of the only record of `hall.presenter`. */
export const PRESENTER_RECORD_ID = 'current';

export const HALL_COMMANDS = {
  presentStart: 'hall.present-start',
  presentFocus: 'hall.present-focus',
  presentEnd: 'hall.present-end',
  layoutSave: 'hall.layout-save',
  layoutDelete: 'hall.layout-delete',
  playlistPause: 'hall.playlist-pause',
  playlistSave: 'hall.playlist-save',
  wallShow: 'hall.wall-show',
} as const;

/** Rejection codes of the hall commands. */
export type HallRejectionCode =
  | 'invalid-payload'
  | 'not-presenter'
  | 'not-presenting'
  | 'invalid-layout'
  | 'layout-not-found'
  | 'layout-in-use';

export const WallName = z.string().trim().min(1).max(64);

/** Subject that every wall shows during a joint consultation. */
export const PresenterFocus = z.object({
  kind: z.enum(['incident', 'town', 'layout']),
  id: z.string().min(1).max(200),
  /** Title shown on the walls, in the presenter's words, so walls need no lookup. */
  label: z.string().min(1).max(200),
});
export type PresenterFocus = z.infer<typeof PresenterFocus>;

export const PresenterRecord = z.object({
  active: z.boolean(),
  focus: PresenterFocus.nullable(),
  presenterInstall: z.string().nullable(),
  presenterName: z.string().nullable(),
  startedAt: z.number().int().nullable(),
  /** Layout of each wall when the consultation started, restored when it ends. */
  previousLayouts: z.record(z.string(), z.string()).optional(),
});
export type PresenterRecord = z.infer<typeof PresenterRecord>;

export const WallStateRecord = z.object({
  wall: WallName,
  /** Layout an operator put on the wall. The playlist, when set, rotates from it. */
  layoutId: z.string().min(1).nullable(),
  playlist: Playlist.nullable(),
  paused: z.boolean(),
  updatedAt: z.number().int(),
});
export type WallStateRecord = z.infer<typeof WallStateRecord>;

/**
 * Parses a layout record and runs the panel rules. `problems` lists each
 * message with its path, such as `panels[2].w: …`.
 */
export function parseHallLayout(
  value: unknown,
): { ok: true; layout: PanelLayout } | { ok: false; problems: string[] } {
  const parsed = PanelLayoutSchema.safeParse(value);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || 'layout'}: ${issue.message}`,
      ),
    };
  }

  const problems = validateLayout(parsed.data);
  if (problems.length > 0) {
    return {
      ok: false,
      problems: problems.map(
        (problem) => `${problem.path.join('.')}: ${problem.message}`,
      ),
    };
  }

  // validateLayout accepted every panel id, so the narrowing holds.
  const layout: PanelLayout = {
    ...parsed.data,
    panels: parsed.data.panels.map((placement) => ({
      ...placement,
      panel: placement.panel as PanelId,
    })),
  };
  return { ok: true, layout };
}

export const PresentStartPayload = z.object({
  focus: PresenterFocus,
  presenterName: z.string().trim().min(1).max(100).optional(),
  /** Whether to take the presenter mode over from another install that presents now. */
  takeOver: z.boolean().optional(),
});

export const PresentFocusPayload = z.object({
  focus: PresenterFocus,
  takeOver: z.boolean().optional(),
});

export const PresentEndPayload = z.object({
  takeOver: z.boolean().optional(),
});

export const LayoutSavePayload = z.object({ layout: z.unknown() });

export const LayoutDeletePayload = z.object({
  layoutId: z.string().min(1).max(64),
});

export const PlaylistPausePayload = z.object({
  wall: WallName,
  paused: z.boolean(),
});

export const PlaylistSavePayload = z.object({
  wall: WallName,
  /** Null removes the playlist, so the wall keeps its current layout. */
  playlist: Playlist.nullable(),
});

export const WallShowPayload = z.object({
  wall: WallName,
  layoutId: z.string().min(1).max(64),
});
