import type {
  Alert,
  AlertAggregates,
  BridgeResult,
  ChangeBatch,
  InvokeChannel,
  InvokeRequest,
  InvokeResponse,
  SessionStatus,
  StateChange,
  StateSnapshot,
  StreamFreshness,
} from '../../src-shared/contract/index.js';
import {
  OPEN_SEVERE_LIMIT,
  compareSevereFirst,
  isOpenSevere,
} from '../../src-shared/alerts/severe.js';
import type {
  BridgeLink,
  RendererBridge,
} from '../../src-renderer/src/bridge/types.js';

/** Builds a valid alert; `index` sets the id and orders `publishedAt`. */
export function makeAlert(
  index: number,
  overrides: Partial<Alert> = {},
): Alert {
  return {
    id: `alert-${index}`,
    platform: 'police-110',
    source: { adapter: 'test', externalId: `EXT-${index}` },
    title: `警情 ${index}`,
    description: '',
    eventType: { code: '0101', label: '恋爱及婚姻' },
    emergencyClass: 'social_security',
    level: ((index % 4) + 1) as 1 | 2 | 3 | 4,
    place: {
      divisionCode: null,
      townCode: null,
      townName: index % 2 === 0 ? '凤山镇' : '骆驼坳镇',
      villageName: null,
      address: null,
      lat: null,
      lon: null,
    },
    occurredAt: 1_760_000_000_000 + index * 1000,
    publishedAt: 1_760_000_000_000 + index * 1000 + 500,
    status: 'new',
    original: { seq: index },
    ...overrides,
  };
}

export function onlineSession(at: number): SessionStatus {
  return {
    phase: 'online',
    centralUrl: 'ws://127.0.0.1:9/console',
    lastSeenAt: at,
    offlineSince: null,
    progress: null,
    queuedCommands: 0,
    lastError: null,
    nextRetryAt: null,
  };
}

export function offlineSession(since: number, queued: number): SessionStatus {
  return {
    ...onlineSession(since),
    phase: 'offline',
    offlineSince: since,
    queuedCommands: queued,
  };
}

/**
 * A reference model of main's state service: applies changes, numbers batches and serves
 * snapshots computed from the same state, so a test can compare what the store built from
 * batches with what a fresh snapshot contains.
 */
export class FakeMain {
  revision = 0;
  session: SessionStatus = onlineSession(1_760_000_000_000);
  alerts = new Map<string, Alert>();
  streams: Record<string, StreamFreshness> = {};

  aggregates(): AlertAggregates {
    const result: AlertAggregates = {
      total: 0,
      byLevel: {},
      byClass: {},
      byType: {},
      byTown: {},
      byHour: {},
    };
    const bump = (table: Record<string, number>, key: string): void => {
      table[key] = (table[key] ?? 0) + 1;
    };
    for (const alert of this.alerts.values()) {
      result.total += 1;
      bump(result.byLevel, alert.level === null ? 'none' : String(alert.level));
      bump(result.byClass, alert.emergencyClass ?? 'none');
      bump(result.byType, alert.eventType.label);
      bump(result.byTown, alert.place.townName ?? '');
      bump(
        result.byHour,
        String(Math.floor(alert.occurredAt / 3_600_000) * 3_600_000),
      );
    }
    return result;
  }

  snapshot(): StateSnapshot {
    return {
      revision: this.revision,
      session: this.session,
      latestAlerts: Array.from(this.alerts.values()),
      severeAlerts: Array.from(this.alerts.values())
        .filter(isOpenSevere)
        .sort(compareSevereFirst)
        .slice(0, OPEN_SEVERE_LIMIT),
      aggregates: this.aggregates(),
      streams: { ...this.streams },
    };
  }

  /** Applies `changes` and returns the batch that announces them. */
  commit(changes: StateChange[]): ChangeBatch {
    for (const change of changes) {
      if (change.type === 'alert.upsert') {
        this.alerts.set(change.alert.id, change.alert);
      } else if (change.type === 'session') {
        this.session = change.session;
      } else if (change.type === 'stream') {
        this.streams[change.stream] = change.freshness;
      }
    }
    this.revision += 1;
    return { revision: this.revision, changes };
  }

  /** Commits a batch upserting `alerts` together with the matching aggregates and stream position. */
  upsertBatch(alerts: Alert[], at: number): ChangeBatch {
    for (const alert of alerts) {
      this.alerts.set(alert.id, alert);
    }
    const freshness: StreamFreshness = {
      seq: this.revision + 1,
      lastEventAt: at,
      confirmedAt: at,
    };
    return this.commit([
      ...alerts.map((alert): StateChange => ({ type: 'alert.upsert', alert })),
      { type: 'aggregates', aggregates: this.aggregates() },
      { type: 'stream', stream: 'alerts', freshness },
    ]);
  }
}

type Listener = (batch: ChangeBatch) => void;

export class FakeLink implements BridgeLink {
  connected = true;
  readonly listeners = new Set<(connected: boolean) => void>();

  subscribe(listener: (connected: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  set(connected: boolean): void {
    this.connected = connected;
    for (const listener of [...this.listeners]) {
      listener(connected);
    }
  }
}

/** In-memory ConsoleBridge over a FakeMain, with a switchable link and a gate on snapshots. */
export class FakeBridge implements RendererBridge {
  readonly listeners = new Set<Listener>();
  snapshotCalls = 0;
  readonly link = new FakeLink();
  /** When set, snapshot requests wait until `releaseSnapshots()`. */
  holdSnapshots = false;
  failSnapshots = false;
  private heldSnapshots: (() => void)[] = [];

  constructor(readonly main: FakeMain) {}

  invoke<C extends InvokeChannel>(
    channel: C,
    _request: InvokeRequest<C>,
  ): Promise<BridgeResult<InvokeResponse<C>>> {
    if (channel !== 'state:snapshot') {
      return Promise.resolve({
        ok: false,
        error: { code: 'not-found', message: `fake has no ${channel}` },
      });
    }
    this.snapshotCalls += 1;
    // The snapshot is taken when requested, as main would, so batches committed while it is
    // held back arrive after it.
    const snapshot = structuredClone(this.main.snapshot());
    const failed = this.failSnapshots;
    const answer = (): BridgeResult<InvokeResponse<C>> =>
      failed
        ? {
            ok: false,
            error: { code: 'unavailable', message: 'fake main is down' },
          }
        : ({ ok: true, value: snapshot } as BridgeResult<InvokeResponse<C>>);
    if (!this.holdSnapshots) {
      return Promise.resolve(answer());
    }
    return new Promise((resolve) => {
      this.heldSnapshots.push(() => resolve(answer()));
    });
  }

  releaseSnapshots(): void {
    this.holdSnapshots = false;
    const waiting = this.heldSnapshots;
    this.heldSnapshots = [];
    for (const release of waiting) {
      release();
    }
  }

  onChanges(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  push(batch: ChangeBatch): void {
    for (const listener of [...this.listeners]) {
      listener(structuredClone(batch));
    }
  }

  setConnected(connected: boolean): void {
    this.link.set(connected);
  }
}

/** Lets pending promise callbacks (a resolved snapshot, say) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) {
    await Promise.resolve();
  }
  await new Promise((resolve) => setTimeout(resolve, 0));
}
