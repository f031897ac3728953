// Payloads of the dispatch commands, the versions they expect, and the optimistic values the
// outbox shows until the central returns a result.
//
// Version rule: an incident's `version` counts the commands the central has applied to it. A
// command expects the version it will find when the central reaches it, which is the current
// version plus the commands for that incident still queued before it. Optimistic values keep the
// version they were predicted from, so the rule holds for them too.
import type { Alert } from '../../../../src-shared/contract/domain.js';
import type { OptimisticRecord } from '../../../../src-shared/contract/records.js';
import { RECORD_STREAMS } from '../../../../src-shared/contract/records.js';
import type {
  Actor,
  DeadlineConfig,
  Incident,
  IncidentChannel,
  IncidentCommand,
} from '../../../../src-shared/dispatch/index.js';
import {
  absorbMergedIncident,
  applyTransition,
  attachAlert,
  createIncidentFromAlert,
  DISPATCH_COLLECTIONS,
  parseCommand,
  PermissionDeniedError,
} from '../../../../src-shared/dispatch/index.js';

/** An incident command as the officer fills it in, before ids and versions are added. */
export type CommandDraft = IncidentCommand extends infer C
  ? C extends IncidentCommand
    ? Omit<
        C,
        'commandId' | 'incidentId' | 'expectedVersion' | 'targetExpectedVersion'
      >
    : never
  : never;

/** A command this panel submitted and has not yet seen applied or rejected. */
export interface TrackedCommand {
  /** Idempotency key in the payload; incident timelines carry it once applied. */
  key: string;
  /** Outbox id returned by `submit`, once known. */
  outboxId: string | null;
  installSeq: number | null;
  name: string;
  /** `incident.command` kind, or null for the other commands. */
  kind: IncidentCommand['kind'] | null;
  /** The incident shown with the command, or null for an escalation. */
  incidentId: string | null;
  alertId: string | null;
  escalationId: string | null;
  /** Version each affected incident must have when the command runs. */
  expected: Readonly<Record<string, number>>;
  /** Draft fields the command was built from, with the text submitted. */
  drafts: Readonly<Record<string, string>>;
  submittedAt: number;
  /** Instant the outbox no longer listed the command, or null while it does. */
  leftOutboxAt: number | null;
}

/** How long a command that left the outbox still counts as queued while its result travels. */
export const RESULT_GRACE_MS = 15_000;

/** True while a command can still change the incident after the version shown now. */
export function isStillQueued(command: TrackedCommand, now: number): boolean {
  return (
    command.leftOutboxAt === null ||
    now - command.leftOutboxAt <= RESULT_GRACE_MS
  );
}

/** Counts this incident's queued commands that expect its current version or a later one. */
export function queuedCountFor(
  incident: Pick<Incident, 'id' | 'version'>,
  tracked: Iterable<TrackedCommand>,
  now: number,
): number {
  let count = 0;
  for (const command of tracked) {
    const expected = command.expected[incident.id];
    if (
      expected !== undefined &&
      expected >= incident.version &&
      isStillQueued(command, now)
    ) {
      count += 1;
    }
  }
  return count;
}

export function expectedVersionFor(
  incident: Pick<Incident, 'id' | 'version'>,
  tracked: Iterable<TrackedCommand>,
  now: number,
): number {
  return incident.version + queuedCountFor(incident, tracked, now);
}

export interface BuildContext {
  tracked: Iterable<TrackedCommand>;
  now: number;
  newId: () => string;
  lookup: (id: string) => Incident | undefined;
}

/**
 * Builds and validates an `incident.command` payload. Raises the shared `DispatchInputError` when
 * a field is invalid, for example a blank reason, and an Error when a merge target is not loaded.
 */
export function buildIncidentCommand(
  incident: Incident,
  draft: CommandDraft,
  context: BuildContext,
): IncidentCommand {
  const base = {
    commandId: context.newId(),
    incidentId: incident.id,
    expectedVersion: expectedVersionFor(incident, context.tracked, context.now),
  };
  if (draft.kind !== 'merge') {
    return parseCommand({ ...dropBlankNotes(draft), ...base });
  }
  const target = context.lookup(draft.targetIncidentId);
  if (target === undefined) {
    throw new Error(
      `merge target ${draft.targetIncidentId} is not loaded; pick an incident from the queue`,
    );
  }
  return parseCommand({
    ...draft,
    ...base,
    targetExpectedVersion: expectedVersionFor(
      target,
      context.tracked,
      context.now,
    ),
  });
}

/** Optional notes left blank are omitted, so the timeline shows no empty text. */
function dropBlankNotes(draft: CommandDraft): CommandDraft {
  if ('note' in draft && (draft.note ?? '').trim() === '') {
    const copy = { ...draft };
    delete copy.note;
    return copy;
  }
  return draft;
}

/** Versions each incident must have when the command runs. */
export function expectedVersionsOf(
  command: IncidentCommand,
): Record<string, number> {
  const expected: Record<string, number> = {
    [command.incidentId]: command.expectedVersion,
  };
  if (command.kind === 'merge') {
    expected[command.targetIncidentId] = command.targetExpectedVersion;
  }
  return expected;
}

export function buildOpenPayload(
  alert: Alert,
  incidentId: string,
  channel?: IncidentChannel,
): { incidentId: string; alertId: string; channel?: IncidentChannel } {
  return channel === undefined
    ? { incidentId, alertId: alert.id }
    : { incidentId, alertId: alert.id, channel };
}

export function buildAttachPayload(
  incident: Incident,
  alertId: string,
  tracked: Iterable<TrackedCommand>,
  now: number,
): { incidentId: string; alertId: string; expectedVersion: number } {
  return {
    incidentId: incident.id,
    alertId,
    expectedVersion: expectedVersionFor(incident, tracked, now),
  };
}

export function buildEscalationAckPayload(escalationId: string): {
  escalationId: string;
} {
  return { escalationId };
}

function optimisticIncident(incident: Incident): OptimisticRecord {
  return {
    stream: RECORD_STREAMS.dispatch,
    collection: DISPATCH_COLLECTIONS.incident,
    id: incident.id,
    data: incident as unknown as Record<string, unknown>,
  };
}

/** Runs the shared rule on a copy at the expected version, then restores the shown version. */
function predictAt<T extends Incident>(
  incident: Incident,
  expectedVersion: number,
  run: (copy: Incident) => T,
): Incident {
  const result = run({ ...incident, version: expectedVersion });
  return { ...result, version: incident.version };
}

/**
 * Predicts what the command does, with the shared lifecycle rules, for the outbox to show while
 * it waits. Returns no values when only the central can decide, such as a leader-only command.
 * Raises the shared rule's error when the command is illegal in the state shown, so the
 * officer sees the message before anything is queued.
 */
export function predictCommand(
  command: IncidentCommand,
  incident: Incident,
  actor: Actor,
  now: number,
  lookup: (id: string) => Incident | undefined,
): OptimisticRecord[] {
  try {
    const updated = predictAt(
      incident,
      command.expectedVersion,
      (copy) => applyTransition(copy, command, actor, now).incident,
    );
    const records = [optimisticIncident(updated)];
    if (command.kind === 'merge') {
      const target = lookup(command.targetIncidentId);
      if (target !== undefined) {
        const absorbed = predictAt(
          target,
          command.targetExpectedVersion,
          (copy) =>
            absorbMergedIncident(copy, incident, command, actor, now).incident,
        );
        records.push(optimisticIncident(absorbed));
      }
    }
    return records;
  } catch (error) {
    if (error instanceof PermissionDeniedError) {
      return [];
    }
    throw error;
  }
}

export function predictAttach(
  incident: Incident,
  alertId: string,
  expectedVersion: number,
  actor: Actor,
  now: number,
): OptimisticRecord[] {
  const updated = predictAt(
    incident,
    expectedVersion,
    (copy) => attachAlert(copy, alertId, expectedVersion, actor, now).incident,
  );
  return [optimisticIncident(updated)];
}

/** Predicts the incident the central would open, for the outbox to show while it waits. */
export function predictOpen(
  alert: Alert,
  incidentId: string,
  channel: IncidentChannel | undefined,
  config: DeadlineConfig,
  actor: Actor,
  now: number,
): OptimisticRecord[] {
  const incident = createIncidentFromAlert(
    alert,
    channel === undefined ? { id: incidentId } : { id: incidentId, channel },
    config,
    actor,
    now,
  );
  return [optimisticIncident(incident)];
}
