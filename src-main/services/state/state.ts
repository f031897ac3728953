import {
  AlertQuery,
  RECORD_STREAMS,
  RecordQuery,
  type Alert,
  type TownAlertAggregates,
  type RecordChange,
  type StoredRecord,
  type ChangeBatch,
  type SessionStatus,
  type StateChange,
  type StateSnapshot,
  type StreamFreshness,
} from '../../../src-shared/contract/index.js';
import { compareNewestFirst } from '../../../src-shared/alerts/order.js';
import {
  OPEN_SEVERE_LIMIT,
  mergeOpenSevere,
} from '../../../src-shared/alerts/severe.js';
import type { Scope } from '../../../src-shared/opinion/scope.js';
import type { PointsWallView } from '../../../src-shared/points/index.js';
import { createLogger } from '../../../src-node/logging/index.js';
import type { StateService } from '../../core/api.js';
import type {
  AlertChange,
  ApplyResult,
  Cache,
  StoredPosition,
} from '../cache/index.js';
import { AggregateCounters } from './aggregate-counters.js';
import { POINTS_WALL_VIEW, PointsViewService } from './points-view.js';
import { ScopedPointsViews } from './scoped-points.js';

const log = createLogger('state');

/** Number of newest alerts a snapshot carries. */
export const LATEST_ALERTS = 200;

function freshness(position: StoredPosition): StreamFreshness {
  return {
    seq: position.seq,
    lastEventAt: position.lastEventAt,
    confirmedAt: position.confirmedAt,
  };
}

/**
 * The domain state served to renderers. It mirrors the cache: every committed change arrives here
 * once, becomes one change batch with the next revision, and updates the snapshot.
 */
export class ConsoleState implements StateService {
  private cache: Cache | null = null;
  private revision = 0;
  private session: SessionStatus;
  private latest: Alert[] = [];
  /** Open severe alerts, level 1 first and then newest first, at most `severeLimit`. */
  private severe: Alert[] = [];
  /** False once `severe` cut alerts off its end: the cache may then hold more than it lists. */
  private severeComplete = true;
  private readonly counters = new AggregateCounters();
  private streams: Record<string, StreamFreshness> = {};
  private readonly listeners = new Set<(batch: ChangeBatch) => void>();
  private readonly pointsView = new PointsViewService(Date.now, (change) =>
    this.emit([change]),
  );
  private readonly scopedPoints = new ScopedPointsViews(Date.now);

  constructor(
    initialSession: SessionStatus,
    private readonly latestLimit = LATEST_ALERTS,
    private readonly severeLimit = OPEN_SEVERE_LIMIT,
  ) {
    this.session = { ...initialSession };
  }

  /** Loads the state from `cache` and emits `reset`, so subscribers take a new snapshot. */
  async attach(cache: Cache): Promise<void> {
    this.cache = cache;
    this.scopedPoints.attach((collection, limit) =>
      cache.queryRecords({ collection, limit }),
    );
    await this.reload();
    this.emit([{ type: 'reset', reason: 'cache opened' }]);
    this.loadPointsView(cache);
  }

  detach(): void {
    this.cache = null;
    this.pointsView.stop();
    this.scopedPoints.attach(null);
  }

  private loadPointsView(cache: Cache): void {
    this.pointsView
      .load((collection, limit) => cache.queryRecords({ collection, limit }))
      .catch((error: unknown) => {
        log.error('attach: the points view could not be built', {
          error: (error as Error).message,
        });
      });
  }

  snapshot(): StateSnapshot {
    return {
      revision: this.revision,
      session: { ...this.session },
      latestAlerts: structuredClone(this.latest),
      severeAlerts: structuredClone(this.severe),
      aggregates: this.counters.value(),
      streams: structuredClone(this.streams),
    };
  }

  subscribe(listener: (batch: ChangeBatch) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Alert counts of one town, keyed like the snapshot's `byTown`, with its counts per village;
   * served from memory.
   */
  townAggregates(town: string): TownAlertAggregates {
    return {
      ...this.counters.townValue(town),
      byVillage: this.counters.villageValue(town),
    };
  }

  /** Returns the wall view of the points of one town or village, built from the cache on first request. */
  pointsWallView(scope: Scope): Promise<PointsWallView | null> {
    return this.scopedPoints.view(scope);
  }

  async queryAlerts(query: AlertQuery): Promise<Alert[]> {
    return this.requireCache().queryAlerts(AlertQuery.parse(query));
  }

  async queryRecords(query: RecordQuery): Promise<StoredRecord[]> {
    const parsed = RecordQuery.parse(query);
    if (parsed.collection === POINTS_WALL_VIEW) {
      const view = this.pointsView.record();
      return view === null ? [] : [view];
    }
    return this.requireCache().queryRecords(parsed);
  }

  /** Publishes one committed cache batch: changed alerts, the new counts and the stream's position. */
  async applyCommitted(result: ApplyResult): Promise<void> {
    const changes: StateChange[] = await this.alertChanges(result.alertChanges);
    changes.push(...result.recordChanges);
    this.pointsView.apply(result.recordChanges);
    this.scopedPoints.apply(result.recordChanges);
    this.streams[result.stream] = freshness(result.position);
    changes.push({
      type: 'stream',
      stream: result.stream,
      freshness: freshness(result.position),
    });
    this.emit(changes);
  }

  /** Publishes alert changes made locally, such as an optimistic status or its revert. */
  async applyLocal(
    alertChanges: readonly AlertChange[],
    recordChanges: readonly RecordChange[] = [],
  ): Promise<void> {
    if (alertChanges.length === 0 && recordChanges.length === 0) {
      return;
    }
    const changes = await this.alertChanges(alertChanges);
    changes.push(...recordChanges);
    this.pointsView.apply(recordChanges);
    this.scopedPoints.apply(recordChanges);
    this.emit(changes);
  }

  /** Tells renderers that the central rejected a command, with its code and message. */
  reportRejection(rejection: {
    installSeq: number;
    commandId: string;
    name: string;
    code: string;
    message: string;
  }): void {
    this.emit([{ type: 'command.rejected', ...rejection }]);
  }

  setSession(status: SessionStatus): void {
    this.session = { ...status };
    this.emit([{ type: 'session', session: { ...status } }]);
  }

  confirmStream(position: StoredPosition): void {
    this.streams[position.stream] = freshness(position);
    this.emit([
      {
        type: 'stream',
        stream: position.stream,
        freshness: freshness(position),
      },
    ]);
  }

  /** Rebuilds the state after a stream was reset in the cache, then emits `reset`. */
  async resetStream(stream: string, reason: string): Promise<void> {
    await this.reload();
    this.emit([{ type: 'reset', reason: `stream ${stream}: ${reason}` }]);
    if (stream === RECORD_STREAMS.points && this.cache !== null) {
      this.scopedPoints.clear();
      this.loadPointsView(this.cache);
    }
  }

  private async alertChanges(
    alertChanges: readonly AlertChange[],
  ): Promise<StateChange[]> {
    if (alertChanges.length === 0) {
      return [];
    }
    const changes: StateChange[] = alertChanges.map((change) => ({
      type: 'alert.upsert',
      alert: change.after,
    }));
    await this.mergeLatest(alertChanges);
    const severe = await this.mergeSevere(alertChanges);
    if (severe !== null) {
      changes.push(severe);
    }
    if (this.counters.apply(alertChanges)) {
      changes.push({ type: 'aggregates', aggregates: this.counters.value() });
    }
    return changes;
  }

  /**
   * Applies alert changes to the open severe alerts as every window does from the same upserts.
   * When one leaves a list that once cut alerts off, the cache may hold open severe alerts that no
   * window lists, so the list is read again and sent whole.
   */
  private async mergeSevere(
    alertChanges: readonly AlertChange[],
  ): Promise<StateChange | null> {
    const merge = mergeOpenSevere(
      this.severe,
      alertChanges.map((change) => change.after),
      this.severeLimit,
    );
    this.severe = merge.alerts;
    if (merge.cut) {
      this.severeComplete = false;
    }
    if (!merge.removed || this.severeComplete || this.cache === null) {
      return null;
    }
    await this.loadSevere(this.cache);
    return { type: 'severe', alerts: structuredClone(this.severe) };
  }

  private async loadSevere(cache: Cache): Promise<void> {
    const alerts = await cache.openSevereAlerts(this.severeLimit + 1);
    this.severeComplete = alerts.length <= this.severeLimit;
    this.severe = alerts.slice(0, this.severeLimit);
  }

  private async mergeLatest(
    alertChanges: readonly AlertChange[],
  ): Promise<void> {
    const byId = new Map(this.latest.map((alert) => [alert.id, alert]));
    let movedDown = false;
    for (const { before, after } of alertChanges) {
      if (
        before !== null &&
        byId.has(after.id) &&
        after.publishedAt < before.publishedAt
      ) {
        movedDown = true;
      }
      byId.set(after.id, after);
    }

    // An alert re-published with an older time may leave the window. The alert that takes its
    // place is not in memory, so the window is read again from the cache.
    if (movedDown && this.cache !== null) {
      this.latest = await this.cache.latestAlerts(this.latestLimit);
      return;
    }
    this.latest = [...byId.values()]
      .sort(compareNewestFirst)
      .slice(0, this.latestLimit);
  }

  private async reload(): Promise<void> {
    const cache = this.requireCache();
    this.latest = await cache.latestAlerts(this.latestLimit);
    await this.loadSevere(cache);
    this.counters.reset(
      await cache.aggregates(),
      await cache.aggregatesByTown(),
      await cache.villageCountsByTown(),
    );
    const positions = await cache.positions();
    this.streams = {};
    for (const position of Object.values(positions)) {
      this.streams[position.stream] = freshness(position);
    }
  }

  private requireCache(): Cache {
    if (this.cache === null) {
      throw new Error(
        'the cache is not open yet; start the console core first',
      );
    }
    return this.cache;
  }

  private emit(changes: StateChange[]): void {
    this.revision += 1;
    const batch: ChangeBatch = { revision: this.revision, changes };
    for (const listener of this.listeners) {
      try {
        listener(batch);
      } catch (error) {
        log.error('emit: a change listener failed', {
          revision: batch.revision,
          error: (error as Error).message,
        });
      }
    }
  }
}
