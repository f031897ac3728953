import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import {
  firstRevision,
  STREAMS,
  type Alert,
  type AlertAggregates,
  type AppInfo,
  type ChangeBatch,
  type SessionStatus,
  type StateChange,
  type StateSnapshot,
  type StreamFreshness,
} from '../../../src-shared/contract/index.js';
import {
  OPEN_SEVERE_LIMIT,
  mergeOpenSevere,
} from '../../../src-shared/alerts/severe.js';
import type { RendererBridge } from '../bridge/types.js';
import { LIVE_LIST_LIMIT, mergeAlerts } from './alert-list.js';
import { dataAsOf, isDataCurrent } from './freshness.js';

/** Batches kept while a snapshot request is in flight; more than this means a new snapshot. */
const MAX_BUFFERED_BATCHES = 1000;
const SNAPSHOT_RETRY_MS = [1000, 2000, 5000, 10_000] as const;

type UpsertListener = (alerts: readonly Alert[]) => void;

/** Returns `current` itself when `upserts` leave the open severe alerts as they were. */
function mergeSevere(
  current: readonly Alert[],
  upserts: readonly Alert[],
): readonly Alert[] {
  const merged = mergeOpenSevere(current, upserts, OPEN_SEVERE_LIMIT).alerts;
  const unchanged =
    merged.length === current.length &&
    merged.every((alert, index) => alert === current[index]);
  return unchanged ? current : merged;
}

/**
 * The window's copy of main's state: a snapshot, then change batches applied in revision order.
 * Lists live in shallow refs and are replaced whole, so thousands of alerts never become deep
 * reactive proxies.
 */
export const useLiveStore = defineStore('live', () => {
  const revision = ref<number | null>(null);
  const session = shallowRef<SessionStatus | null>(null);
  const latestAlerts = shallowRef<readonly Alert[]>([]);
  /** Unacknowledged level-1 and level-2 alerts, level 1 first, however old (see the contract). */
  const severeAlerts = shallowRef<readonly Alert[]>([]);
  const aggregates = shallowRef<AlertAggregates | null>(null);
  const streams = shallowRef<Readonly<Record<string, StreamFreshness>>>({});
  const linkConnected = ref(true);
  const snapshotError = ref<string | null>(null);
  const snapshotCount = ref(0);
  const appInfo = shallowRef<AppInfo | null>(null);

  let bridge: RendererBridge | null = null;
  let attachments = 0;
  let unsubscribe: (() => void)[] = [];
  let loading = false;
  let reloadRequested = false;
  let buffered: ChangeBatch[] = [];
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let failedSnapshots = 0;
  const upsertListeners = new Set<UpsertListener>();

  const synced = computed(() => revision.value !== null);
  const alertStream = computed(() => streams.value[STREAMS.alerts]);
  const dataCurrent = computed(() =>
    isDataCurrent({
      synced: synced.value,
      linkConnected: linkConnected.value,
      session: session.value,
      stream: alertStream.value,
    }),
  );
  const asOf = computed(() => dataAsOf(alertStream.value));

  // ---- applying state ----

  function applySnapshot(snapshot: StateSnapshot): void {
    revision.value = snapshot.revision;
    session.value = snapshot.session;
    latestAlerts.value = mergeAlerts(
      [],
      snapshot.latestAlerts,
      LIVE_LIST_LIMIT,
    );
    severeAlerts.value = snapshot.severeAlerts;
    aggregates.value = snapshot.aggregates;
    streams.value = snapshot.streams;
    snapshotCount.value += 1;
  }

  /** Applies one batch's changes; returns false when a `reset` requires a new snapshot. */
  function applyChanges(changes: readonly StateChange[]): boolean {
    const upserts: Alert[] = [];
    let nextStreams: Record<string, StreamFreshness> | null = null;
    // A `severe` list already contains the upserts before it, so only later ones merge into it.
    let severe = severeAlerts.value;
    let severeUpserts: Alert[] = [];

    for (const change of changes) {
      switch (change.type) {
        case 'alert.upsert':
          upserts.push(change.alert);
          severeUpserts.push(change.alert);
          break;
        case 'severe':
          severe = change.alerts;
          severeUpserts = [];
          break;
        case 'aggregates':
          aggregates.value = change.aggregates;
          break;
        case 'session':
          session.value = change.session;
          break;
        case 'stream':
          nextStreams ??= { ...streams.value };
          nextStreams[change.stream] = change.freshness;
          break;
        case 'reset':
          return false;
      }
    }

    if (nextStreams !== null) {
      streams.value = nextStreams;
    }
    if (severeUpserts.length > 0) {
      severe = mergeSevere(severe, severeUpserts);
    }
    if (severe !== severeAlerts.value) {
      severeAlerts.value = severe;
    }
    if (upserts.length > 0) {
      latestAlerts.value = mergeAlerts(
        latestAlerts.value,
        upserts,
        LIVE_LIST_LIMIT,
      );
      for (const listener of [...upsertListeners]) {
        listener(upserts);
      }
    }
    return true;
  }

  function handleBatch(batch: ChangeBatch): void {
    if (loading) {
      buffered.push(batch);
      if (buffered.length > MAX_BUFFERED_BATCHES) {
        buffered = [];
        reloadRequested = true;
      }
      return;
    }
    if (revision.value === null) {
      void loadSnapshot();
      return;
    }
    if (batch.revision <= revision.value) {
      return;
    }
    // A merged batch that starts at or before the current revision cannot be split by revision,
    // so it counts as a gap like one that starts later than the next revision.
    if (firstRevision(batch) !== revision.value + 1) {
      void loadSnapshot();
      return;
    }
    if (!applyChanges(batch.changes)) {
      void loadSnapshot();
      return;
    }
    revision.value = batch.revision;
  }

  // ---- snapshot loading ----

  function scheduleSnapshotRetry(): void {
    if (retryTimer !== null || attachments === 0) {
      return;
    }
    const index = Math.min(failedSnapshots, SNAPSHOT_RETRY_MS.length) - 1;
    const delay = SNAPSHOT_RETRY_MS[Math.max(0, index)] ?? 10_000;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void loadSnapshot();
    }, delay);
  }

  /**
   * Fetches a snapshot and replays the batches that arrived meanwhile. A call while one is in
   * flight makes that one run again instead of starting a second request.
   */
  async function loadSnapshot(): Promise<void> {
    if (bridge === null) {
      return;
    }
    if (loading) {
      reloadRequested = true;
      return;
    }
    loading = true;
    buffered = [];
    reloadRequested = false;
    const result = await bridge.invoke('state:snapshot', {});
    loading = false;

    if (!result.ok) {
      failedSnapshots += 1;
      snapshotError.value = `${result.error.code}: ${result.error.message}`;
      buffered = [];
      scheduleSnapshotRetry();
      return;
    }

    failedSnapshots = 0;
    snapshotError.value = null;
    applySnapshot(result.value);
    replayBuffered();
  }

  function replayBuffered(): void {
    const pending = buffered;
    buffered = [];
    if (reloadRequested) {
      void loadSnapshot();
      return;
    }
    pending.sort((a, b) => a.revision - b.revision);
    for (const batch of pending) {
      handleBatch(batch);
    }
  }

  // ---- attachment to a bridge ----

  function subscribeAll(target: RendererBridge): void {
    unsubscribe.push(target.onChanges(handleBatch));
    if (target.link !== undefined) {
      linkConnected.value = target.link.connected;
      unsubscribe.push(
        target.link.subscribe((connected) => {
          linkConnected.value = connected;
          // A snapshot request still in flight here was queued while the link was down, so it goes
          // out on the new connection. One sent before the drop has already failed.
          if (connected && !loading) {
            void loadSnapshot();
          }
        }),
      );
    }
  }

  /**
   * Starts following `target` for as long as someone holds an attachment; returns the release
   * function. Every window component may attach: the store still subscribes once.
   */
  function attach(target: RendererBridge): () => void {
    if (bridge !== null && bridge !== target) {
      throw new Error(
        'the live store is already attached to another bridge; release it first',
      );
    }
    attachments += 1;
    if (attachments === 1) {
      bridge = target;
      subscribeAll(target);
      void loadSnapshot();
    }

    let released = false;
    return () => {
      if (released) {
        return;
      }
      released = true;
      attachments -= 1;
      if (attachments === 0) {
        detach();
      }
    };
  }

  function detach(): void {
    for (const stop of unsubscribe) {
      stop();
    }
    unsubscribe = [];
    if (retryTimer !== null) {
      clearTimeout(retryTimer);
      retryTimer = null;
    }
    bridge = null;
  }

  /** Calls `listener` with the alerts of every applied batch that upserts some. */
  function onUpsert(listener: UpsertListener): () => void {
    upsertListeners.add(listener);
    return () => {
      upsertListeners.delete(listener);
    };
  }

  function currentBridge(): RendererBridge | null {
    return bridge;
  }

  return {
    revision,
    session,
    latestAlerts,
    severeAlerts,
    aggregates,
    streams,
    linkConnected,
    snapshotError,
    snapshotCount,
    appInfo,
    synced,
    alertStream,
    dataCurrent,
    asOf,
    attach,
    loadSnapshot,
    onUpsert,
    currentBridge,
  };
});

export type LiveStore = ReturnType<typeof useLiveStore>;
