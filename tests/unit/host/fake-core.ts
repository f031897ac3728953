import type { ConsoleCore, QueuedCommand } from '../../../src-main/core/api.js';
import type {
  Alert,
  AlertQuery,
  ChangeBatch,
  CommandRequest,
  SessionStatus,
  StateSnapshot,
} from '../../../src-shared/contract/index.js';

/**
 * A ConsoleCore double for host tests: records the calls it gets and lets the test push change
 * batches. The real core is tested in its own suites.
 */
export interface FakeCore extends ConsoleCore {
  submitted: CommandRequest[];
  queries: AlertQuery[];
  emit(batch: ChangeBatch): void;
  listenerCount(): number;
  /** Makes the next queryAlerts call reject with this message. */
  failNextQuery(message: string): void;
}

export function sampleSession(): SessionStatus {
  return {
    phase: 'online',
    centralUrl: 'ws://127.0.0.1:1/console',
    lastSeenAt: 1_700_000_000_000,
    offlineSince: null,
    progress: null,
    queuedCommands: 0,
    lastError: null,
    nextRetryAt: null,
  };
}

export function sampleAlert(id: string): Alert {
  return {
    id,
    platform: 'test',
    source: { adapter: 'test', externalId: id },
    title: `Alert ${id}`,
    description: '',
    eventType: { code: null, label: 'test' },
    emergencyClass: 'accident',
    level: 3,
    place: {
      divisionCode: null,
      townCode: null,
      townName: '城关镇',
      villageName: null,
      address: null,
      lat: null,
      lon: null,
    },
    occurredAt: 1_700_000_000_000,
    publishedAt: 1_700_000_001_000,
    status: 'new',
    original: {},
  };
}

export function sampleSnapshot(): StateSnapshot {
  return {
    revision: 4,
    session: sampleSession(),
    latestAlerts: [sampleAlert('a-1')],
    severeAlerts: [],
    aggregates: {
      total: 1,
      byLevel: { '3': 1 },
      byClass: { accident: 1 },
      byType: {},
      byTown: {},
      byHour: {},
    },
    streams: { alerts: { seq: 10, lastEventAt: null, confirmedAt: null } },
  };
}

export function createFakeCore(): FakeCore {
  const listeners = new Set<(batch: ChangeBatch) => void>();
  const submitted: CommandRequest[] = [];
  const queries: AlertQuery[] = [];
  let nextQueryError: string | null = null;

  return {
    submitted,
    queries,
    state: {
      snapshot: () => sampleSnapshot(),
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      queryAlerts(query) {
        queries.push(query);
        if (nextQueryError !== null) {
          const message = nextQueryError;
          nextQueryError = null;
          return Promise.reject(new Error(message));
        }
        return Promise.resolve([sampleAlert('a-1')]);
      },
      queryRecords(query) {
        return Promise.resolve([
          {
            collection: query.collection,
            id: 'r-1',
            version: 1,
            updatedAt: 0,
            data: { name: 'sample' },
          },
        ]);
      },
    },
    sessionStatus: () => sampleSession(),
    submitCommand(request): Promise<QueuedCommand> {
      submitted.push(request);
      return Promise.resolve({
        commandId: `cmd-${submitted.length}`,
        installSeq: submitted.length,
      });
    },
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
    emit(batch) {
      for (const listener of listeners) {
        listener(batch);
      }
    },
    listenerCount: () => listeners.size,
    failNextQuery(message) {
      nextQueryError = message;
    },
  };
}
