// Applies commands to incidents. Every applied command raises the version by one and appends one
// timeline entry. The input incident is never mutated.
import type { IncidentCommand } from './commands.js';
import {
  DispatchInputError,
  IllegalTransitionError,
  MergeTargetError,
  MissingReasonError,
  StaleVersionError,
  UnknownIncidentError,
} from './errors.js';
import { decideExtension, requestExtension } from './extensions.js';
import type { Incident, TimelineEntry } from './incident.js';
import type { Actor, Instant } from './states.js';
import { isOpenState } from './states.js';
import { nextState } from './transitions.js';

export interface TransitionResult {
  incident: Incident;
  entry: TimelineEntry;
}

/** Fields a command changes, and the timeline text that explains it. */
interface Effect {
  patch: Partial<Incident>;
  why: string;
}

function requireReason(
  incident: Incident,
  command: IncidentCommand,
  text: string,
): string {
  if (text.trim() === '') {
    throw new MissingReasonError(incident.id, command.kind);
  }
  return text.trim();
}

function union(
  existing: readonly string[],
  added: readonly string[],
): string[] {
  return [...new Set([...existing, ...added])];
}

function effectOf(
  incident: Incident,
  command: IncidentCommand,
  actor: Actor,
  now: Instant,
): Effect {
  switch (command.kind) {
    case 'accept':
      return { patch: {}, why: command.note ?? '受理' };
    case 'dispatch':
      return {
        patch: {
          assignedResourceIds: union(
            incident.assignedResourceIds,
            command.resourceIds,
          ),
        },
        why: `派遣资源：${command.resourceIds.join('、')}`,
      };
    case 'start':
      return { patch: {}, why: '开始处置' };
    case 'feedback': {
      const result = requireReason(incident, command, command.result);
      return { patch: { feedback: result }, why: `反馈结果：${result}` };
    }
    case 'verify':
      return { patch: {}, why: command.note ?? '核查通过' };
    case 'close':
      return { patch: {}, why: command.note ?? '办结' };
    case 'cancel':
      return {
        patch: {},
        why: `撤销：${requireReason(incident, command, command.reason)}`,
      };
    case 'merge':
      if (command.targetIncidentId === incident.id) {
        throw new MergeTargetError(
          `Incident ${incident.id} cannot be merged into itself; pick another target.`,
        );
      }
      return {
        patch: { mergedInto: command.targetIncidentId },
        why: `并入事件 ${command.targetIncidentId}`,
      };
    case 'reopen':
      return {
        patch: {},
        why: `重新打开：${requireReason(incident, command, command.reason)}`,
      };
    case 'request_extension': {
      const change = requestExtension(incident, command, actor, now);
      return { patch: { milestones: change.milestones }, why: change.why };
    }
    case 'decide_extension': {
      const change = decideExtension(incident, command, actor);
      return { patch: { milestones: change.milestones }, why: change.why };
    }
  }
}

function withEntry(
  incident: Incident,
  patch: Partial<Incident>,
  entry: TimelineEntry,
): Incident {
  const enteredAt =
    incident.enteredAt[entry.to] === undefined
      ? { ...incident.enteredAt, [entry.to]: entry.when }
      : incident.enteredAt;
  return {
    ...incident,
    ...patch,
    state: entry.to,
    version: incident.version + 1,
    enteredAt,
    timeline: [...incident.timeline, entry],
  };
}

/**
 * Applies one command to one incident. Raises StaleVersionError when the command was based on
 * another version, IllegalTransitionError when the table has no entry for the command in the
 * current state, and MissingReasonError for a blank reason. For a merge this updates only the
 * merged incident; `applyCommand` also updates the target.
 */
export function applyTransition(
  incident: Incident,
  command: IncidentCommand,
  actor: Actor,
  now: Instant,
): TransitionResult {
  if (command.incidentId !== incident.id) {
    throw new DispatchInputError(
      `Command ${command.commandId} is for incident ${command.incidentId}, not ${incident.id}; ` +
        `look the incident up by the command's incidentId.`,
    );
  }
  if (command.expectedVersion !== incident.version) {
    throw new StaleVersionError(
      incident.id,
      command.expectedVersion,
      incident.version,
    );
  }

  const to = nextState(incident.state, command.kind);
  if (to === undefined) {
    throw new IllegalTransitionError(incident.id, incident.state, command.kind);
  }

  const effect = effectOf(incident, command, actor, now);
  const entry: TimelineEntry = {
    who: actor.id,
    when: now,
    from: incident.state,
    to,
    why: effect.why,
    action: command.kind,
    commandId: command.commandId,
  };
  return { incident: withEntry(incident, effect.patch, entry), entry };
}

/**
 * Records on the merge target that `source` was merged into it, keeping the source's origin
 * alert ids. The target stays in its state; the entry is a self-transition.
 */
export function absorbMergedIncident(
  target: Incident,
  source: Incident,
  command: Extract<IncidentCommand, { kind: 'merge' }>,
  actor: Actor,
  now: Instant,
): TransitionResult {
  if (command.targetExpectedVersion !== target.version) {
    throw new StaleVersionError(
      target.id,
      command.targetExpectedVersion,
      target.version,
    );
  }
  if (!isOpenState(target.state)) {
    throw new MergeTargetError(
      `Incident ${target.id} is "${target.state}" and cannot take merged incident ` +
        `${source.id}; merge into an open incident.`,
    );
  }

  const entry: TimelineEntry = {
    who: actor.id,
    when: now,
    from: target.state,
    to: target.state,
    why: `合并事件 ${source.id}（警情 ${source.originAlertIds.join('、') || '无'}）`,
    action: 'absorb_incident',
    commandId: command.commandId,
  };
  const patch = {
    originAlertIds: union(target.originAlertIds, source.originAlertIds),
  };
  return { incident: withEntry(target, patch, entry), entry };
}

/**
 * Attaches a duplicate alert to an open incident without opening a new one. Raises
 * StaleVersionError when `expectedVersion` is not the incident's version.
 */
export function attachAlert(
  incident: Incident,
  alertId: string,
  expectedVersion: number,
  actor: Actor,
  now: Instant,
): TransitionResult {
  if (expectedVersion !== incident.version) {
    throw new StaleVersionError(incident.id, expectedVersion, incident.version);
  }
  if (!isOpenState(incident.state)) {
    throw new MergeTargetError(
      `Incident ${incident.id} is "${incident.state}" and cannot take alert ${alertId}; ` +
        `open a new incident for it instead.`,
    );
  }

  const entry: TimelineEntry = {
    who: actor.id,
    when: now,
    from: incident.state,
    to: incident.state,
    why: `归并重复警情 ${alertId}`,
    action: 'attach_alert',
    commandId: null,
  };
  const patch = { originAlertIds: union(incident.originAlertIds, [alertId]) };
  return { incident: withEntry(incident, patch, entry), entry };
}

export interface CommandOutcome {
  /** Every incident the command changed, the commanded incident first. */
  updated: Incident[];
  entries: TimelineEntry[];
}

/**
 * Looks the commanded incident up and applies the command, including the target side of a
 * merge. Raises UnknownIncidentError for an id missing from `incidents`.
 */
export function applyCommand(
  incidents: ReadonlyMap<string, Incident>,
  command: IncidentCommand,
  actor: Actor,
  now: Instant,
): CommandOutcome {
  const incident = incidents.get(command.incidentId);
  if (incident === undefined) {
    throw new UnknownIncidentError(command.incidentId);
  }
  if (command.kind !== 'merge') {
    const result = applyTransition(incident, command, actor, now);
    return { updated: [result.incident], entries: [result.entry] };
  }

  const target = incidents.get(command.targetIncidentId);
  if (target === undefined) {
    throw new UnknownIncidentError(command.targetIncidentId);
  }
  const merged = applyTransition(incident, command, actor, now);
  const absorbed = absorbMergedIncident(target, incident, command, actor, now);
  return {
    updated: [merged.incident, absorbed.incident],
    entries: [merged.entry, absorbed.entry],
  };
}
