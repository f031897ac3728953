// Runs one wall's rotation: follows its `hall.wall-state` record and the presenter, keeps the
// playlist state between steps, and re-evaluates at each deadline and on every input change.
import {
  computed,
  onScopeDispose,
  shallowRef,
  watch,
  type ComputedRef,
  type Ref,
} from 'vue';
import {
  HALL_COLLECTIONS,
  nextPlaylistState,
  startPlaylist,
  WallStateRecord,
  type Playlist,
  type PlaylistState,
} from '../../../../src-shared/walls/index.js';
import type { RecordsSource } from '../../stores/records-source.js';
import { followCollection } from './hall-records.js';
import { resolveWallLayout, type WallLayout } from './resolve-layout.js';
import { usePresenter } from './use-presenter.js';

export interface WallLayoutOptions {
  source: RecordsSource;
  /** Wall name, as in the page URL (`wall.html?name=wall-1`). */
  wall: string;
  /** Some level 1 or 2 alert is unacknowledged; the wall's alert store computes it. */
  unacknowledgedSevereAlert: Readonly<Ref<boolean>>;
}

export interface WallLayoutView {
  /** Layout decision for the wall now, recomputed on every input change and deadline. */
  current: ComputedRef<WallLayout>;
  presenterName: ComputedRef<string | null>;
}

/** Maximum wait between two evaluations, so a missed deadline cannot stall the rotation. */
const MAX_WAIT_MS = 60_000;

export function useWallLayout(options: WallLayoutOptions): WallLayoutView {
  const { source, wall } = options;
  const states = followCollection(source, HALL_COLLECTIONS.wallState);
  const presenter = usePresenter(source);
  const result = shallowRef<WallLayout>(idle());
  let rotation: PlaylistState | null = null;
  let playlistKey = 'null';
  let timer: ReturnType<typeof setTimeout> | null = null;

  const wallState = computed(() => {
    const stored = states.records.value.find((record) => record.id === wall);
    const parsed = WallStateRecord.safeParse(stored?.data);
    return parsed.success ? parsed.data : null;
  });

  function adoptPlaylist(playlist: Playlist | null, now: number): void {
    const key = JSON.stringify(playlist);
    if (key === playlistKey) {
      return;
    }
    playlistKey = key;
    if (playlist === null) {
      rotation = null;
    } else if (rotation === null) {
      rotation = startPlaylist(playlist, now).state;
    } else {
      rotation = nextPlaylistState(
        rotation,
        { type: 'playlist-changed', playlist },
        now,
      ).state;
    }
  }

  function evaluate(): void {
    const now = source.serverNow();
    const state = wallState.value;
    adoptPlaylist(state?.playlist ?? null, now);

    const next = resolveWallLayout({
      playlist: rotation,
      now,
      paused: state?.paused ?? false,
      presenter: presenter.focus.value,
      unacknowledgedSevereAlert: options.unacknowledgedSevereAlert.value,
      fixedLayoutId: state?.layoutId ?? null,
    });
    rotation = next.playlist;
    result.value = next;
    schedule(next.deadline, now);
  }

  function schedule(deadline: number | null, now: number): void {
    if (timer !== null) {
      clearTimeout(timer);
    }
    const wait =
      deadline === null
        ? MAX_WAIT_MS
        : Math.min(Math.max(deadline - now, 0), MAX_WAIT_MS);
    timer = setTimeout(evaluate, wait);
  }

  watch(
    [wallState, presenter.focus, options.unacknowledgedSevereAlert],
    evaluate,
    {
      immediate: true,
    },
  );
  onScopeDispose(() => {
    if (timer !== null) {
      clearTimeout(timer);
    }
  });

  return {
    current: computed(() => result.value),
    presenterName: computed(
      () => presenter.presenter.value?.presenterName ?? null,
    ),
  };
}

function idle(): WallLayout {
  return {
    layoutId: null,
    reason: 'fixed',
    overlay: null,
    playlist: null,
    deadline: null,
  };
}
