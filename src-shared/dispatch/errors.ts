// Typed errors of the dispatch rules. Each carries the values a screen needs to explain the
// problem, so callers branch on the class instead of parsing messages.
import type { CommandKind } from './commands.js';
import type { ActorRole, IncidentState } from './states.js';

/** Formats one zod issue as `path: message`, with `(root)` for an issue on the whole value. */
export function describeIssue(issue: {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}): string {
  return `${issue.path.join('.') || '(root)'}: ${issue.message}`;
}

/** Base class of every error the dispatch rules raise on purpose. */
export class DispatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** No incident with this id is known to the caller's store. */
export class UnknownIncidentError extends DispatchError {
  constructor(readonly incidentId: string) {
    super(
      `Incident ${incidentId} not found; reload the incident list and retry the command.`,
    );
  }
}

/** The command was built on an older version of the incident than the current one. */
export class StaleVersionError extends DispatchError {
  constructor(
    readonly incidentId: string,
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(
      `Incident ${incidentId} is at version ${currentVersion}, but the command was based on ` +
        `version ${expectedVersion}; reload the incident and decide again.`,
    );
  }
}

/** The transition table has no entry for this command in the incident's current state. */
export class IllegalTransitionError extends DispatchError {
  constructor(
    readonly incidentId: string,
    readonly currentState: IncidentState,
    readonly attempted: CommandKind,
  ) {
    super(
      `Incident ${incidentId} cannot take "${attempted}" while it is "${currentState}"; ` +
        `see the transition table for the commands this state allows.`,
    );
  }
}

/** A cancel, reopen or extension request came without a non-blank reason. */
export class MissingReasonError extends DispatchError {
  constructor(
    readonly incidentId: string,
    readonly attempted: CommandKind,
  ) {
    super(
      `Command "${attempted}" on incident ${incidentId} needs a reason; enter one and retry.`,
    );
  }
}

/** Input that does not match its schema or breaks a documented precondition. */
export class DispatchInputError extends DispatchError {
  constructor(
    message: string,
    readonly issues: readonly string[] = [],
  ) {
    super(message);
  }
}

/** The actor's role may not run this command. */
export class PermissionDeniedError extends DispatchError {
  constructor(
    readonly actorId: string,
    readonly role: ActorRole,
    readonly attempted: CommandKind,
    readonly requiredRole: ActorRole,
  ) {
    super(
      `${actorId} (${role}) may not run "${attempted}"; it needs the ${requiredRole} role.`,
    );
  }
}

/** The incident tracks no milestone with this key. */
export class UnknownMilestoneError extends DispatchError {
  constructor(
    readonly incidentId: string,
    readonly milestone: string,
  ) {
    super(
      `Incident ${incidentId} has no milestone "${milestone}"; pick one of its tracked milestones.`,
    );
  }
}

/** An extension request that the milestone's rule or state does not allow. */
export class ExtensionNotAllowedError extends DispatchError {
  constructor(
    readonly incidentId: string,
    readonly milestone: string,
    detail: string,
  ) {
    super(
      `Milestone "${milestone}" of incident ${incidentId} cannot be extended: ${detail}.`,
    );
  }
}

/** The milestone already had as many approved extensions as its rule allows. */
export class ExtensionLimitError extends DispatchError {
  constructor(
    readonly incidentId: string,
    readonly milestone: string,
    readonly maxExtensions: number,
  ) {
    super(
      `Milestone "${milestone}" of incident ${incidentId} already used its ${maxExtensions} ` +
        `allowed extension(s); escalate to the leader on duty instead.`,
    );
  }
}

/** A decision arrived for a milestone with no open extension request, or a second request. */
export class ExtensionStateError extends DispatchError {}

/** The merge target cannot take the merged incident. */
export class MergeTargetError extends DispatchError {}
