// Shift handover (交接班). The outgoing officer signs first and stays responsible until the
// incoming officer signs too. A record signed by both is read-only: later corrections are
// amendments stored beside the original items, which stay as they were signed.
import {
  HandoverReadOnlyError,
  InvalidTransitionError,
  RosterInputError,
} from './errors.js';
import type { Instant } from './time.js';
import { formatLocalDateTime, MINUTE_MS } from './time.js';

/** A duty-log entry as the handover needs it. */
export interface DutyLogEntry {
  id: string;
  summary: string;
  open: boolean;
}

export interface HandoverItem {
  /** Duty-log entry it came from. Absent for items typed into the handover. */
  logEntryId?: string;
  text: string;
}

export interface Signature {
  personId: string;
  at: Instant;
}

export interface HandoverAmendment {
  by: string;
  at: Instant;
  reason: string;
  items: readonly HandoverItem[];
}

export interface HandoverRecord {
  id: string;
  shiftEnd: Instant;
  outgoingId: string;
  incomingId: string;
  items: readonly HandoverItem[];
  outgoingSignature?: Signature;
  incomingSignature?: Signature;
  amendments: readonly HandoverAmendment[];
}

export type HandoverStatus = 'draft' | 'awaitingIncoming' | 'complete';

/** Creates a draft pre-filled with every open duty-log entry. */
export function createHandover(input: {
  id: string;
  shiftEnd: Instant;
  outgoingId: string;
  incomingId: string;
  log: readonly DutyLogEntry[];
}): HandoverRecord {
  if (input.outgoingId === input.incomingId) {
    throw new RosterInputError(
      `Handover ${input.id} names ${input.outgoingId} on both sides.`,
    );
  }
  const items = input.log
    .filter((entry) => entry.open)
    .map((entry) => ({ logEntryId: entry.id, text: entry.summary }));
  return {
    id: input.id,
    shiftEnd: input.shiftEnd,
    outgoingId: input.outgoingId,
    incomingId: input.incomingId,
    items,
    amendments: [],
  };
}

export function handoverStatus(record: HandoverRecord): HandoverStatus {
  if (record.incomingSignature) {
    return 'complete';
  }
  return record.outgoingSignature ? 'awaitingIncoming' : 'draft';
}

/** Returns who is responsible for the duty: the outgoing officer until the incoming one signs. */
export function responsiblePerson(record: HandoverRecord): string {
  return handoverStatus(record) === 'complete'
    ? record.incomingId
    : record.outgoingId;
}

/** Signs for one side. The outgoing officer signs first, then the incoming officer. */
export function signHandover(
  record: HandoverRecord,
  personId: string,
  at: Instant,
): HandoverRecord {
  const status = handoverStatus(record);
  if (status === 'complete') {
    throw new HandoverReadOnlyError(
      `Handover ${record.id} is already signed by both sides.`,
    );
  }

  if (personId === record.outgoingId) {
    if (status !== 'draft') {
      throw new InvalidTransitionError(
        `Handover ${record.id}: ${personId} has already signed as outgoing.`,
      );
    }
    return { ...record, outgoingSignature: { personId, at } };
  }

  if (personId === record.incomingId) {
    if (status !== 'awaitingIncoming') {
      throw new InvalidTransitionError(
        `Handover ${record.id}: the outgoing officer ${record.outgoingId} must sign before ${personId}.`,
      );
    }
    return { ...record, incomingSignature: { personId, at } };
  }

  throw new InvalidTransitionError(
    `Handover ${record.id} is between ${record.outgoingId} and ${record.incomingId}; ${personId} cannot sign it.`,
  );
}

/** Replaces the items of an unsigned draft. */
export function editHandoverItems(
  record: HandoverRecord,
  items: readonly HandoverItem[],
): HandoverRecord {
  if (handoverStatus(record) !== 'draft') {
    throw new HandoverReadOnlyError(
      `Handover ${record.id} is signed and read-only; record the change with amendHandover.`,
    );
  }
  return { ...record, items };
}

/** Adds an amendment to a record signed by both sides, keeping the signed items unchanged. */
export function amendHandover(
  record: HandoverRecord,
  amendment: HandoverAmendment,
): HandoverRecord {
  if (handoverStatus(record) !== 'complete') {
    throw new InvalidTransitionError(
      `Handover ${record.id} is not complete yet; edit its items instead of amending.`,
    );
  }
  if (amendment.reason.trim() === '') {
    throw new RosterInputError(
      `Amendment of handover ${record.id} needs a reason.`,
    );
  }
  return { ...record, amendments: [...record.amendments, amendment] };
}

/** Returns the items as currently valid: the latest amendment's, or the signed originals. */
export function currentHandoverItems(
  record: HandoverRecord,
): readonly HandoverItem[] {
  return record.amendments[record.amendments.length - 1]?.items ?? record.items;
}

export interface HandoverAlert {
  handoverId: string;
  /** Leader on duty to notify. */
  recipientId: string;
  dueSince: Instant;
  message: string;
}

/**
 * Returns an alert for the leader on duty when the handover is still incomplete
 * `alertAfterMinutes` after the shift end, or undefined when no alert is due.
 */
export function handoverAlert(
  record: HandoverRecord,
  now: Instant,
  options: { alertAfterMinutes: number; leaderOnDutyId: string },
): HandoverAlert | undefined {
  const dueSince = record.shiftEnd + options.alertAfterMinutes * MINUTE_MS;
  if (handoverStatus(record) === 'complete' || now < dueSince) {
    return undefined;
  }
  const missing = record.outgoingSignature
    ? record.incomingId
    : `${record.outgoingId} and ${record.incomingId}`;
  return {
    handoverId: record.id,
    recipientId: options.leaderOnDutyId,
    dueSince,
    message:
      `Handover ${record.id} for the shift ending ${formatLocalDateTime(record.shiftEnd)} is not ` +
      `signed by ${missing}; ${record.outgoingId} remains responsible until it is.`,
  };
}
