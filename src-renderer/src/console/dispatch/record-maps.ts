// Record maps of the dispatch panel: one shallow ref per collection, holding a Map that is changed
// in place and triggered once per batch, so 5,000 incidents cost no deep proxies.
import { shallowRef, triggerRef, type ShallowRef } from 'vue';

import type { StoredRecord } from '../../../../src-shared/contract/records.js';
import type {
  Incident,
  Resource,
} from '../../../../src-shared/dispatch/index.js';
import { DISPATCH_COLLECTIONS } from '../../../../src-shared/dispatch/index.js';
import type { QueueChange } from './queue.js';
import {
  parseAudit,
  parseEscalation,
  parseIncident,
  parseResource,
  type AuditData,
  type EscalationData,
  type ParseResult,
} from './records.js';

export interface Entry<T> {
  value: T;
  /** Record version in the cache; optimistic values may repeat the confirmed one. */
  recordVersion: number;
  /** Install sequence of the queued command whose optimistic value this is, or null. */
  pendingSeq: number | null;
  updatedAt: number;
}

export type IncidentEntry = Entry<Incident>;
export type ResourceEntry = Entry<Resource>;
export type EscalationEntry = Entry<EscalationData> & { id: string };
export type AuditEntry = Entry<AuditData> & { id: string };

export interface InvalidRecord {
  collection: string;
  id: string;
  error: string;
}

/** Changes of one batch, for the queue and for settling tracked commands. */
export interface Batch {
  incidentChanges: QueueChange[];
  /** Incidents put without an optimistic value, in the order they arrived. */
  confirmedIncidents: Incident[];
  confirmedEscalations: EscalationEntry[];
  touched: Set<string>;
}

/** At most this many unreadable records are kept for the diagnostics line. */
const INVALID_KEPT = 50;

export type RecordMaps = ReturnType<typeof createRecordMaps>;

export function createRecordMaps() {
  const incidents = shallowRef(new Map<string, IncidentEntry>());
  const resources = shallowRef(new Map<string, ResourceEntry>());
  const escalations = shallowRef(new Map<string, EscalationEntry>());
  const audit = shallowRef(new Map<string, AuditEntry>());
  /** Incident id by origin alert id, kept per change so that the intake list updates at once. */
  const alertIncident = shallowRef(new Map<string, string>());
  const invalid: ShallowRef<readonly InvalidRecord[]> = shallowRef([]);

  function noteInvalid(record: StoredRecord, error: string): void {
    const next = [
      ...invalid.value,
      { collection: record.collection, id: record.id, error },
    ];
    invalid.value = next.slice(-INVALID_KEPT);
  }

  /** Older versions are skipped so a change buffered during the initial load cannot undo it. */
  function isStale(
    existing: Entry<unknown> | undefined,
    record: StoredRecord,
  ): boolean {
    return (
      existing !== undefined &&
      existing.pendingSeq === null &&
      record.pendingSeq === undefined &&
      record.version < existing.recordVersion
    );
  }

  function putInto<T>(
    map: Map<string, Entry<T>>,
    record: StoredRecord,
    parse: (data: unknown) => ParseResult<T>,
  ): Entry<T> | null {
    if (isStale(map.get(record.id), record)) {
      return null;
    }
    const parsed = parse(record.data);
    if (!parsed.ok) {
      noteInvalid(record, parsed.error);
      return null;
    }
    const entry: Entry<T> = {
      value: parsed.value,
      recordVersion: record.version,
      pendingSeq: record.pendingSeq ?? null,
      updatedAt: record.updatedAt,
    };
    map.set(record.id, entry);
    return entry;
  }

  function applyOne(
    record: StoredRecord,
    removed: boolean,
    batch: Batch,
  ): void {
    switch (record.collection) {
      case DISPATCH_COLLECTIONS.incident:
        applyIncident(record, removed, batch);
        return;
      case DISPATCH_COLLECTIONS.resource:
        applyPlain(resources.value, record, removed, parseResource);
        batch.touched.add('resources');
        return;
      case DISPATCH_COLLECTIONS.escalation: {
        const entry = applyKeyed(
          escalations.value,
          record,
          removed,
          parseEscalation,
        );
        if (entry !== null && entry.pendingSeq === null) {
          batch.confirmedEscalations.push(entry);
        }
        batch.touched.add('escalations');
        return;
      }
      case DISPATCH_COLLECTIONS.audit:
        applyKeyed(audit.value, record, removed, parseAudit);
        batch.touched.add('audit');
        return;
    }
  }

  function indexAlerts(incident: Incident | undefined, add: boolean): void {
    if (incident === undefined) {
      return;
    }
    for (const alertId of incident.originAlertIds) {
      if (add) {
        alertIncident.value.set(alertId, incident.id);
      } else if (alertIncident.value.get(alertId) === incident.id) {
        alertIncident.value.delete(alertId);
      }
    }
  }

  function applyIncident(
    record: StoredRecord,
    removed: boolean,
    batch: Batch,
  ): void {
    batch.touched.add('incidents');
    const previous = incidents.value.get(record.id)?.value;
    if (removed) {
      indexAlerts(previous, false);
      incidents.value.delete(record.id);
      batch.incidentChanges.push({ id: record.id, incident: null });
      return;
    }
    const entry = putInto(incidents.value, record, (data) => {
      const parsed = parseIncident(data);
      return parsed.ok && parsed.value.id !== record.id
        ? {
            ok: false,
            error: `data.id ${parsed.value.id} differs from the record id`,
          }
        : parsed;
    });
    if (entry === null) {
      return;
    }
    indexAlerts(previous, false);
    indexAlerts(entry.value, true);
    batch.incidentChanges.push({ id: record.id, incident: entry.value });
    if (entry.pendingSeq === null) {
      batch.confirmedIncidents.push(entry.value);
    }
  }

  function applyPlain<T>(
    map: Map<string, Entry<T>>,
    record: StoredRecord,
    removed: boolean,
    parse: (data: unknown) => ParseResult<T>,
  ): void {
    if (removed) {
      map.delete(record.id);
      return;
    }
    putInto(map, record, parse);
  }

  function applyKeyed<T>(
    map: Map<string, Entry<T> & { id: string }>,
    record: StoredRecord,
    removed: boolean,
    parse: (data: unknown) => ParseResult<T>,
  ): (Entry<T> & { id: string }) | null {
    if (removed) {
      map.delete(record.id);
      return null;
    }
    const entry = putInto(map as Map<string, Entry<T>>, record, parse);
    if (entry === null) {
      return null;
    }
    const withId = Object.assign(entry, { id: record.id });
    map.set(record.id, withId);
    return withId;
  }

  /** Applies a batch of records and triggers each changed map once. */
  function apply(
    records: readonly { record: StoredRecord; removed: boolean }[],
  ): Batch {
    const batch: Batch = {
      incidentChanges: [],
      confirmedIncidents: [],
      confirmedEscalations: [],
      touched: new Set(),
    };
    for (const { record, removed } of records) {
      applyOne(record, removed, batch);
    }
    if (batch.touched.has('incidents')) {
      triggerRef(incidents);
      triggerRef(alertIncident);
    }
    if (batch.touched.has('resources')) {
      triggerRef(resources);
    }
    if (batch.touched.has('escalations')) {
      triggerRef(escalations);
    }
    if (batch.touched.has('audit')) {
      triggerRef(audit);
    }
    return batch;
  }

  /** Empties every map, so that a reload shows no record removed meanwhile. */
  function clear(): void {
    for (const map of [
      incidents,
      resources,
      escalations,
      audit,
      alertIncident,
    ]) {
      map.value.clear();
      triggerRef(map);
    }
  }

  return {
    incidents,
    resources,
    escalations,
    audit,
    alertIncident,
    invalid,
    apply,
    clear,
  };
}
