import {
  onScopeDispose,
  ref,
  shallowRef,
  watch,
  computed,
  type Ref,
  type ComputedRef,
} from 'vue';
import {
  alertSearchText,
  type Alert,
  type AlertLevel,
  type AlertQuery,
  type EmergencyClass,
} from '../../../src-shared/contract/index.js';
import type { RendererBridge } from '../bridge/types.js';
import { LIVE_LIST_LIMIT, mergeAlerts } from '../stores/alert-list.js';
import type { LiveStore } from '../stores/live.js';

export interface AlertFilter {
  level: AlertLevel | null;
  emergencyClass: EmergencyClass | null;
  town: string | null;
  /** Search text; blank means no text filter. Missing is the same as blank. */
  text?: string;
}

export const NO_FILTER: AlertFilter = {
  level: null,
  emergencyClass: null,
  town: null,
  text: '',
};

/** Maximum length of a search text in the `alerts:query` contract. */
export const MAX_SEARCH_LENGTH = 200;

/** Returns the filter's search text as the cache compares it: trimmed, or '' for none. */
export function searchTextOf(filter: AlertFilter): string {
  return (filter.text ?? '').trim();
}

/** Alerts the list shows, and the cache's total when the list is unfiltered (null otherwise). */
export interface ListCount {
  count: number;
  total: number | null;
}

export function isFilterActive(filter: AlertFilter): boolean {
  return (
    filter.level !== null ||
    filter.emergencyClass !== null ||
    filter.town !== null ||
    searchTextOf(filter) !== ''
  );
}

export function matchesFilter(alert: Alert, filter: AlertFilter): boolean {
  const text = searchTextOf(filter);
  return (
    (filter.level === null || alert.level === filter.level) &&
    (filter.emergencyClass === null ||
      alert.emergencyClass === filter.emergencyClass) &&
    (filter.town === null || alert.place.townName === filter.town) &&
    (text === '' || alertSearchText(alert).includes(text.toLowerCase()))
  );
}

export function toQuery(filter: AlertFilter): AlertQuery {
  const query: AlertQuery = { limit: LIVE_LIST_LIMIT };
  if (filter.level !== null) {
    query.levels = [filter.level];
  }
  if (filter.emergencyClass !== null) {
    query.classes = [filter.emergencyClass];
  }
  if (filter.town !== null) {
    query.townNames = [filter.town];
  }
  const text = searchTextOf(filter);
  if (text !== '') {
    query.text = text;
  }
  return query;
}

/**
 * Applies live upserts to a filtered list: matching alerts are merged in, and alerts that changed
 * so that they no longer match are dropped.
 */
export function applyUpsertsToFiltered(
  current: readonly Alert[],
  upserts: readonly Alert[],
  filter: AlertFilter,
): Alert[] {
  const leaving = new Set<string>();
  const matching: Alert[] = [];
  for (const alert of upserts) {
    if (matchesFilter(alert, filter)) {
      matching.push(alert);
    } else {
      leaving.add(alert.id);
    }
  }
  const remaining =
    leaving.size === 0
      ? current
      : current.filter((alert) => !leaving.has(alert.id));
  return mergeAlerts(remaining, matching, LIVE_LIST_LIMIT);
}

export type QueryState = 'idle' | 'loading' | 'failed';

export interface FilteredAlerts {
  filter: Ref<AlertFilter>;
  rows: ComputedRef<readonly Alert[]>;
  queryState: Ref<QueryState>;
  queryError: Ref<string | null>;
}

/**
 * The console's list: the store's live list when no filter is set, otherwise the result of
 * `alerts:query` on main's cache plus the live upserts that match. The query runs again after
 * every new snapshot, since a snapshot may follow a gap the upserts did not cover.
 */
export function useFilteredAlerts(
  store: LiveStore,
  bridge: RendererBridge,
): FilteredAlerts {
  const filter = ref<AlertFilter>(NO_FILTER);
  const queried = shallowRef<readonly Alert[]>([]);
  const queryState = ref<QueryState>('idle');
  const queryError = ref<string | null>(null);
  let querySeq = 0;
  let upsertsDuringQuery: Alert[] = [];

  async function runQuery(): Promise<void> {
    querySeq += 1;
    const seq = querySeq;
    const current = filter.value;
    if (!isFilterActive(current)) {
      queried.value = [];
      queryState.value = 'idle';
      queryError.value = null;
      return;
    }

    queryState.value = 'loading';
    upsertsDuringQuery = [];
    const result = await bridge.invoke('alerts:query', toQuery(current));
    if (seq !== querySeq) {
      return;
    }
    if (!result.ok) {
      queryState.value = 'failed';
      queryError.value = `${result.error.code}: ${result.error.message}`;
      return;
    }
    queryState.value = 'idle';
    queryError.value = null;
    const base = mergeAlerts([], result.value, LIVE_LIST_LIMIT);
    queried.value = applyUpsertsToFiltered(base, upsertsDuringQuery, current);
    upsertsDuringQuery = [];
  }

  const stopUpserts = store.onUpsert((alerts) => {
    if (!isFilterActive(filter.value)) {
      return;
    }
    if (queryState.value === 'loading') {
      for (const alert of alerts) {
        upsertsDuringQuery.push(alert);
      }
      return;
    }
    queried.value = applyUpsertsToFiltered(queried.value, alerts, filter.value);
  });
  onScopeDispose(stopUpserts);

  watch([filter, () => store.snapshotCount], () => void runQuery());

  const rows = computed(() =>
    isFilterActive(filter.value) ? queried.value : store.latestAlerts,
  );
  return { filter, rows, queryState, queryError };
}
