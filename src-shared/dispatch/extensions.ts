// Deadline extensions: an operator requests one with a reason, and the leader on duty approves
// it (the due instant moves by the milestone's extension step) or rejects it. A rejected request
// does not use up the allowance; only approvals count against `maxExtensions`.
import type { z } from 'zod';

import type {
  DecideExtensionCommand,
  RequestExtensionCommand,
} from './commands.js';
import type { TrackedMilestone } from './deadlines.js';
import {
  ExtensionLimitError,
  ExtensionNotAllowedError,
  ExtensionStateError,
  MissingReasonError,
  PermissionDeniedError,
  UnknownMilestoneError,
} from './errors.js';
import type { Incident } from './incident.js';
import { clockStartOf, metAtOf } from './milestones.js';
import type { Actor, ActorRole, Instant } from './states.js';

/** Role that decides on extension requests. */
export const EXTENSION_APPROVER_ROLE: ActorRole = 'leader_on_duty';

type RequestExtension = z.infer<typeof RequestExtensionCommand>;
type DecideExtension = z.infer<typeof DecideExtensionCommand>;

export interface ExtensionChange {
  milestones: TrackedMilestone[];
  why: string;
}

function findMilestone(incident: Incident, key: string): TrackedMilestone {
  const milestone = incident.milestones.find((m) => m.key === key);
  if (milestone === undefined) {
    throw new UnknownMilestoneError(incident.id, key);
  }
  return milestone;
}

function replaceMilestone(
  incident: Incident,
  updated: TrackedMilestone,
): TrackedMilestone[] {
  return incident.milestones.map((m) => (m.key === updated.key ? updated : m));
}

export function requestExtension(
  incident: Incident,
  command: RequestExtension,
  actor: Actor,
  now: Instant,
): ExtensionChange {
  const milestone = findMilestone(incident, command.milestone);
  if (command.reason.trim() === '') {
    throw new MissingReasonError(incident.id, command.kind);
  }
  if (milestone.extensionStepMs === 0) {
    throw new ExtensionNotAllowedError(
      incident.id,
      milestone.key,
      'its deadline rule allows no extension',
    );
  }
  if (clockStartOf(incident, milestone) === null) {
    throw new ExtensionNotAllowedError(
      incident.id,
      milestone.key,
      'its clock has not started yet',
    );
  }
  if (metAtOf(incident, milestone) !== null) {
    throw new ExtensionNotAllowedError(
      incident.id,
      milestone.key,
      'it is already met',
    );
  }
  if (milestone.extensionsGranted >= milestone.maxExtensions) {
    throw new ExtensionLimitError(
      incident.id,
      milestone.key,
      milestone.maxExtensions,
    );
  }
  if (milestone.pendingExtension !== null) {
    throw new ExtensionStateError(
      `Milestone "${milestone.key}" of incident ${incident.id} already has an open extension ` +
        `request from ${milestone.pendingExtension.requestedBy}; wait for the leader's decision.`,
    );
  }

  const updated: TrackedMilestone = {
    ...milestone,
    pendingExtension: {
      requestedBy: actor.id,
      requestedAt: now,
      reason: command.reason,
      commandId: command.commandId,
    },
  };
  return {
    milestones: replaceMilestone(incident, updated),
    why: `申请延期（${milestone.label}）：${command.reason}`,
  };
}

export function decideExtension(
  incident: Incident,
  command: DecideExtension,
  actor: Actor,
): ExtensionChange {
  if (actor.role !== EXTENSION_APPROVER_ROLE) {
    throw new PermissionDeniedError(
      actor.id,
      actor.role,
      command.kind,
      EXTENSION_APPROVER_ROLE,
    );
  }
  const milestone = findMilestone(incident, command.milestone);
  if (milestone.pendingExtension === null) {
    throw new ExtensionStateError(
      `Milestone "${milestone.key}" of incident ${incident.id} has no open extension request; ` +
        `nothing to decide.`,
    );
  }

  const approved = command.decision === 'approved';
  const updated: TrackedMilestone = {
    ...milestone,
    pendingExtension: null,
    extensionsGranted: milestone.extensionsGranted + (approved ? 1 : 0),
  };
  const verdict = approved ? '批准延期' : '驳回延期';
  const note = command.note ? `：${command.note}` : '';
  return {
    milestones: replaceMilestone(incident, updated),
    why: `${verdict}（${milestone.label}）${note}`,
  };
}
