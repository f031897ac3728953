// Typed reads and writes of dispatch records through the domain context. Every value read back is
// parsed with its schema, because the log may hold records written by an older central.
import type { z } from 'zod';

import type {
  RecordData,
  StoredRecord,
} from '../../../src-shared/contract/index.js';
import type {
  EscalationRecord,
  Incident,
  Resource as ResourceValue,
} from '../../../src-shared/dispatch/index.js';
import {
  describeIssue,
  DISPATCH_COLLECTIONS,
  EscalationRecord as EscalationSchema,
  IncidentRecord,
  Resource,
} from '../../../src-shared/dispatch/index.js';
import type { DomainContext } from '../types.js';
import { DispatchRejection } from './errors.js';

/** Copies a typed value into the plain object shape that records carry. */
export function toRecordData(value: object): RecordData {
  return { ...value };
}

export function parseStored<T>(schema: z.ZodType<T>, record: StoredRecord): T {
  const parsed = schema.safeParse(record.data);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? describeIssue(first) : '';
    throw new DispatchRejection(
      'corrupt-record',
      `Record ${record.collection}/${record.id} (version ${record.version}) does not match ` +
        `its schema (${where}); repair or remove it in the central's log.`,
    );
  }
  return parsed.data;
}

export function readIncident(
  context: DomainContext,
  id: string,
): Incident | null {
  const record = context.get(DISPATCH_COLLECTIONS.incident, id);
  return record === null ? null : parseStored(IncidentRecord, record);
}

export function writeIncident(
  context: DomainContext,
  incident: Incident,
): void {
  context.put(
    DISPATCH_COLLECTIONS.incident,
    incident.id,
    toRecordData(incident),
  );
}

export function readResource(
  context: DomainContext,
  id: string,
): ResourceValue | null {
  const record = context.get(DISPATCH_COLLECTIONS.resource, id);
  return record === null ? null : parseStored(Resource, record);
}

export function writeResource(
  context: DomainContext,
  resource: ResourceValue,
): void {
  context.put(
    DISPATCH_COLLECTIONS.resource,
    resource.id,
    toRecordData(resource),
  );
}

export function readEscalation(
  context: DomainContext,
  id: string,
): EscalationRecord | null {
  const record = context.get(DISPATCH_COLLECTIONS.escalation, id);
  return record === null ? null : parseStored(EscalationSchema, record);
}
