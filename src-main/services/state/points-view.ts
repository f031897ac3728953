import {
  RECORD_STREAMS,
  type RecordChange,
  type StoredRecord,
} from '../../../src-shared/contract/index.js';
import {
  POINTS_COLLECTIONS,
  PointsProjection,
  toPointsWallView,
} from '../../../src-shared/points/index.js';
import { createLogger } from '../../../src-node/logging/index.js';

const log = createLogger('points-view');

/** Collection of the derived, wall-safe points view: aggregates and masked names only. */
export const POINTS_WALL_VIEW = 'points.wall-view';
const VIEW_ID = 'county';

/** Most records of one points collection read at start. */
const LOAD_LIMIT = 100_000;

const POINTS_SOURCES: ReadonlySet<string> = new Set(
  Object.values(POINTS_COLLECTIONS),
);

/**
 * Keeps the points ledger folded into aggregates in main, so that walls receive the wall-safe view
 * and never the residents or their entries. The view is rebuilt at most once per `intervalMs`.
 */
export class PointsViewService {
  private projection = new PointsProjection();
  private version = 0;
  private dirty = false;
  private current: StoredRecord | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** Changes that arrive while the cached records are read, applied again on top of the read. */
  private arrivedDuringLoad: RecordChange[] | null = null;

  constructor(
    private readonly now: () => number,
    private readonly publish: (change: RecordChange) => void,
    private readonly intervalMs = 5_000,
  ) {}

  /** Rebuilds the projection from cached records and starts the refresh timer. */
  load(
    read: (collection: string, limit: number) => Promise<StoredRecord[]>,
  ): Promise<void> {
    this.arrivedDuringLoad = [];
    this.dirty = false;
    return Promise.all([
      read(POINTS_COLLECTIONS.rule, LOAD_LIMIT),
      read(POINTS_COLLECTIONS.subject, LOAD_LIMIT),
      read(POINTS_COLLECTIONS.entry, LOAD_LIMIT),
    ]).then(
      ([rules, subjects, entries]) => {
        this.projection = new PointsProjection();
        const versions = new Map<string, number>();
        let problems = 0;
        for (const record of [...rules, ...subjects, ...entries]) {
          versions.set(`${record.collection}/${record.id}`, record.version);
          if (
            this.projection.applyRecord(
              record.collection,
              record.id,
              record.data,
            ) !== null
          ) {
            problems += 1;
          }
        }
        // The read may predate changes that arrived meanwhile; a change at or above the version
        // read is newer, so it is applied again.
        const arrived = this.arrivedDuringLoad ?? [];
        this.arrivedDuringLoad = null;
        this.apply(
          arrived.filter(
            (change) =>
              change.record.version >=
              (versions.get(
                `${change.record.collection}/${change.record.id}`,
              ) ?? 0),
          ),
        );
        if (problems > 0) {
          log.warn('load: points records that do not parse were left out', {
            problems,
          });
        }
        if (entries.length >= LOAD_LIMIT) {
          // NOTE: a ledger above this size is counted from its first LOAD_LIMIT entries at start.
          log.warn('load: the points ledger is larger than one read', {
            limit: LOAD_LIMIT,
          });
        }
        // apply() above set the flag for changes that arrived during the read; an empty read with
        // none of them leaves nothing to publish.
        if (rules.length + subjects.length + entries.length > 0) {
          this.dirty = true;
        }
        this.refresh();
        this.timer ??= setInterval(() => this.refresh(), this.intervalMs);
        this.timer.unref();
      },
      (error: unknown) => {
        this.arrivedDuringLoad = null;
        throw error;
      },
    );
  }

  stop(): void {
    if (this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  /** Folds committed or optimistic changes of points collections into the projection. */
  apply(changes: readonly RecordChange[]): void {
    this.arrivedDuringLoad?.push(...changes);
    for (const change of changes) {
      const { collection, id, data } = change.record;
      if (!POINTS_SOURCES.has(collection)) {
        continue;
      }
      this.projection.applyRecord(collection, id, change.removed ? null : data);
      this.dirty = true;
    }
  }

  /** The current view as a record, or null before any points data arrived. */
  record(): StoredRecord | null {
    return this.current;
  }

  /** Publishes a new view when something changed since the last one. */
  refresh(): void {
    if (!this.dirty) {
      return;
    }
    this.dirty = false;
    const now = this.now();
    this.version += 1;
    this.current = {
      collection: POINTS_WALL_VIEW,
      id: VIEW_ID,
      version: this.version,
      updatedAt: now,
      data: toPointsWallView(this.projection, now) as unknown as Record<
        string,
        unknown
      >,
    };
    this.publish({
      type: 'record',
      stream: RECORD_STREAMS.points,
      record: this.current,
      removed: false,
    });
  }
}
