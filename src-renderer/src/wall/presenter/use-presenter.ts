// The wall's view of the joint consultation: the focus every wall shows while a presenter is
// active, or null. Walls on other PCs follow the same record through the central.
import { computed, type ComputedRef, type Ref } from 'vue';
import {
  HALL_COLLECTIONS,
  PRESENTER_RECORD_ID,
  PresenterRecord,
  type PresenterFocus,
} from '../../../../src-shared/walls/index.js';
import type { StoredRecord } from '../../../../src-shared/contract/index.js';
import type { RecordsSource } from '../../stores/records-source.js';
import { followCollection } from './hall-records.js';

export interface PresenterView {
  /** Focus shown on every wall; null while nobody presents or before the record is known. */
  focus: ComputedRef<PresenterFocus | null>;
  /** The whole presenter record; null before it is known or when it does not parse. */
  presenter: ComputedRef<PresenterRecord | null>;
  ready: Readonly<Ref<boolean>>;
}

/** Reads the presenter record out of the records of `hall.presenter`. */
export function presenterFrom(
  records: readonly StoredRecord[],
): PresenterRecord | null {
  const stored = records.find((record) => record.id === PRESENTER_RECORD_ID);
  if (stored === undefined) {
    return null;
  }
  const parsed = PresenterRecord.safeParse(stored.data);
  return parsed.success ? parsed.data : null;
}

/** Returns the active focus of a presenter record, or null. */
export function activeFocus(
  record: PresenterRecord | null,
): PresenterFocus | null {
  return record !== null && record.active ? record.focus : null;
}

/** Follows `hall.presenter` until the calling component or scope ends. */
export function usePresenter(source: RecordsSource): PresenterView {
  const followed = followCollection(source, HALL_COLLECTIONS.presenter);
  const presenter = computed(() => presenterFrom(followed.records.value));
  const focus = computed(() => activeFocus(presenter.value));
  return { focus, presenter, ready: followed.ready };
}
