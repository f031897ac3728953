// The console's view of the hall records: saved layouts, wall states and the presenter, parsed
// from the followed collections, plus command submission with the rejections the central sends.
import {
  computed,
  onScopeDispose,
  shallowRef,
  type ComputedRef,
  type ShallowRef,
} from 'vue';
import type {
  OptimisticRecord,
  StoredRecord,
} from '../../../../src-shared/contract/index.js';
import {
  HALL_COLLECTIONS,
  parseHallLayout,
  WallStateRecord,
  type PanelLayout,
  type PresenterRecord,
} from '../../../../src-shared/walls/index.js';
import type { RecordsSource } from '../../stores/records-source.js';
import { followCollection } from '../../wall/presenter/hall-records.js';
import { presenterFrom } from '../../wall/presenter/use-presenter.js';

export interface SavedLayout {
  layout: PanelLayout;
  /** Whether the value is optimistic, because its save command is still queued or unconfirmed. */
  pending: boolean;
}

/** Notice for the operator about a submitted command, a failed submit or a rejection. */
export interface HallNotice {
  kind: 'submitted' | 'failed' | 'rejected';
  name: string;
  message: string;
}

export interface HallState {
  layouts: ComputedRef<SavedLayout[]>;
  wallStates: ComputedRef<WallStateRecord[]>;
  presenter: ComputedRef<PresenterRecord | null>;
  ready: ComputedRef<boolean>;
  loadError: ComputedRef<string | null>;
  notices: Readonly<ShallowRef<readonly HallNotice[]>>;
  submit(
    name: string,
    payload: Record<string, unknown>,
    optimistic?: OptimisticRecord[],
  ): Promise<boolean>;
}

/** Maximum number of notices kept on screen. Older ones scroll away. */
const MAX_NOTICES = 5;

export function parseSavedLayouts(
  records: readonly StoredRecord[],
): SavedLayout[] {
  const layouts: SavedLayout[] = [];
  for (const record of records) {
    const parsed = parseHallLayout(record.data);
    if (parsed.ok) {
      layouts.push({
        layout: parsed.layout,
        pending: record.pendingSeq !== undefined,
      });
    }
  }
  return layouts;
}

export function parseWallStates(
  records: readonly StoredRecord[],
): WallStateRecord[] {
  const states: WallStateRecord[] = [];
  for (const record of records) {
    const parsed = WallStateRecord.safeParse(record.data);
    if (parsed.success) {
      states.push(parsed.data);
    }
  }
  return states;
}

export function useHall(source: RecordsSource): HallState {
  const layoutRecords = followCollection(source, HALL_COLLECTIONS.layout);
  const wallRecords = followCollection(source, HALL_COLLECTIONS.wallState);
  const presenterRecords = followCollection(source, HALL_COLLECTIONS.presenter);
  const followed = [layoutRecords, wallRecords, presenterRecords];
  const notices = shallowRef<readonly HallNotice[]>([]);

  function notify(notice: HallNotice): void {
    notices.value = [notice, ...notices.value].slice(0, MAX_NOTICES);
  }

  const stopRejections = source.onRejection((rejection) => {
    if (rejection.name.startsWith('hall.')) {
      notify({
        kind: 'rejected',
        name: rejection.name,
        message: rejection.message,
      });
    }
  });
  onScopeDispose(stopRejections);

  async function submit(
    name: string,
    payload: Record<string, unknown>,
    optimistic?: OptimisticRecord[],
  ): Promise<boolean> {
    try {
      await source.submit(name, payload, optimistic);
      notify({ kind: 'submitted', name, message: '' });
      return true;
    } catch (failure) {
      const message =
        failure instanceof Error ? failure.message : String(failure);
      notify({ kind: 'failed', name, message });
      return false;
    }
  }

  return {
    layouts: computed(() => parseSavedLayouts(layoutRecords.records.value)),
    wallStates: computed(() => parseWallStates(wallRecords.records.value)),
    presenter: computed(() => presenterFrom(presenterRecords.records.value)),
    ready: computed(() =>
      followed.every((collection) => collection.ready.value),
    ),
    loadError: computed(
      () =>
        followed
          .map((collection) => collection.error.value)
          .find((error) => error !== null) ?? null,
    ),
    notices,
    submit,
  };
}
