import type { Alert } from '../../src-shared/contract/index.js';
import type { EventLog } from '../log/event-log.js';
import type { RecordStore } from '../log/record-store.js';
import type { DomainContext } from './types.js';

export interface DomainContextDeps {
  log: EventLog;
  records: RecordStore;
  clock: () => number;
  alert(alertId: string): Alert | null;
  publishAlerts(alerts: readonly Alert[]): void;
}

/** Builds the context of one domain, whose writes go to its own stream only. */
export function createDomainContext(
  stream: string,
  deps: DomainContextDeps,
): DomainContext {
  return {
    now: deps.clock,
    get: (collection, id) => deps.records.get(collection, id),
    list: (collection) => deps.records.list(collection),
    put: (collection, id, data) =>
      deps.records.put(stream, collection, id, data),
    remove: (collection, id) => deps.records.remove(stream, collection, id),
    alert: (alertId) => deps.alert(alertId),
    publishAlerts: (alerts) => deps.publishAlerts(alerts),
    transaction: (work) => deps.log.transaction(work),
  };
}
