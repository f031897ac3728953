import type {
  RecordChange,
  StoredRecord,
} from '../../../src-shared/contract/index.js';
import { scopeKey, type Scope } from '../../../src-shared/opinion/scope.js';
import {
  POINTS_COLLECTIONS,
  PointsProjection,
  toPointsWallView,
  type PointsWallView,
} from '../../../src-shared/points/index.js';
import { createLogger } from '../../../src-node/logging/index.js';

const log = createLogger('scoped-points');

/** Most records of one points collection read when a scope is first asked for. */
const LOAD_LIMIT = 100_000;

/** Scopes kept folded at a time; a hall has a few walls, each on one scope. */
const DEFAULT_MAX_SCOPES = 4;

const POINTS_SOURCES: ReadonlySet<string> = new Set(
  Object.values(POINTS_COLLECTIONS),
);

export type ReadRecords = (
  collection: string,
  limit: number,
) => Promise<StoredRecord[]>;

interface ScopedEntry {
  scope: Scope;
  projection: PointsProjection | null;
  /** The read in flight, shared by every request for the scope until it ends. */
  loading: Promise<void> | null;
  /** Changes that arrive while the read runs, applied again on top of it. */
  arrived: RecordChange[];
  view: PointsWallView | null;
  dirty: boolean;
  usedAt: number;
  /** Whether any points record was read or applied, so that an empty ledger returns null. */
  hasData: boolean;
}

/**
 * Points wall views of towns and villages, for walls scoped on the map. The county's view is
 * published by the points view service; a scope's projection is built from the cached records
 * when a wall first requests it, then follows every change like the county's. The view is built
 * on request, at most once per change, and only the few scopes requested last are kept.
 */
export class ScopedPointsViews {
  private readonly entries = new Map<string, ScopedEntry>();
  private read: ReadRecords | null = null;

  constructor(
    private readonly now: () => number,
    private readonly maxScopes = DEFAULT_MAX_SCOPES,
  ) {}

  /** Sets where records are read from, and drops every scope built from the previous source. */
  attach(read: ReadRecords | null): void {
    this.read = read;
    this.entries.clear();
  }

  /** Drops every scope, so the next request reads the records again (after a resync). */
  clear(): void {
    this.entries.clear();
  }

  /** Folds committed or optimistic changes of points collections into every kept scope. */
  apply(changes: readonly RecordChange[]): void {
    const points = changes.filter((change) =>
      POINTS_SOURCES.has(change.record.collection),
    );
    if (points.length === 0) {
      return;
    }
    for (const entry of this.entries.values()) {
      if (entry.loading !== null) {
        entry.arrived.push(...points);
      }
      if (entry.projection === null) {
        continue;
      }
      for (const change of points) {
        const { collection, id, data } = change.record;
        entry.projection.applyRecord(
          collection,
          id,
          change.removed ? null : data,
        );
      }
      entry.dirty = true;
      entry.hasData = true;
    }
  }

  /** Returns the wall view of `scope`, or null before any points record exists. */
  async view(scope: Scope): Promise<PointsWallView | null> {
    const entry = this.entry(scope);
    if (entry.projection === null) {
      entry.loading ??= this.load(entry).finally(() => {
        entry.loading = null;
      });
      await entry.loading;
    }
    if (entry.projection === null || !entry.hasData) {
      return null;
    }
    if (entry.dirty || entry.view === null) {
      entry.view = toPointsWallView(entry.projection, this.now());
      entry.dirty = false;
    }
    return entry.view;
  }

  private entry(scope: Scope): ScopedEntry {
    const key = scopeKey(scope);
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = {
        scope,
        projection: null,
        loading: null,
        arrived: [],
        view: null,
        dirty: true,
        usedAt: 0,
        hasData: false,
      };
      this.entries.set(key, entry);
      this.evict(key);
    }
    entry.usedAt = this.now();
    return entry;
  }

  private evict(keep: string): void {
    while (this.entries.size > this.maxScopes) {
      let oldest: [string, ScopedEntry] | null = null;
      for (const pair of this.entries) {
        if (
          pair[0] !== keep &&
          (oldest === null || pair[1].usedAt < oldest[1].usedAt)
        ) {
          oldest = pair;
        }
      }
      if (oldest === null) {
        return;
      }
      this.entries.delete(oldest[0]);
    }
  }

  private async load(entry: ScopedEntry): Promise<void> {
    const read = this.read;
    if (read === null) {
      throw new Error(
        'points of a scope were asked for before the cache was open; start the console core first',
      );
    }
    entry.arrived = [];
    const [rules, subjects, ledger] = await Promise.all([
      read(POINTS_COLLECTIONS.rule, LOAD_LIMIT),
      read(POINTS_COLLECTIONS.subject, LOAD_LIMIT),
      read(POINTS_COLLECTIONS.entry, LOAD_LIMIT),
    ]);
    const projection = new PointsProjection({ scope: entry.scope });
    const versions = new Map<string, number>();
    let problems = 0;
    for (const record of [...rules, ...subjects, ...ledger]) {
      versions.set(`${record.collection}/${record.id}`, record.version);
      if (
        projection.applyRecord(record.collection, record.id, record.data) !==
        null
      ) {
        problems += 1;
      }
    }

    // The read may predate changes that arrived meanwhile; one at or above the version read is
    // newer, so it is applied again.
    for (const change of entry.arrived) {
      const key = `${change.record.collection}/${change.record.id}`;
      if (change.record.version >= (versions.get(key) ?? 0)) {
        const { collection, id, data } = change.record;
        projection.applyRecord(collection, id, change.removed ? null : data);
      }
    }
    entry.hasData =
      entry.arrived.length + rules.length + subjects.length + ledger.length > 0;
    entry.arrived = [];
    entry.projection = projection;
    entry.dirty = true;
    if (problems > 0) {
      log.warn('load: points records that do not parse were left out', {
        scope: scopeKey(entry.scope),
        problems,
      });
    }
  }
}
