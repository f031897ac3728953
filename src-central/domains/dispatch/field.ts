// Applies the simulator's events through the domain context, as the field resources would: status
// changes on resources, and `start` and `feedback` commands on incidents from `field:<resourceId>`.
import { createLogger } from '../../../src-node/logging/index.js';
import type {
  Actor,
  Incident,
  IncidentCommand,
  Resource,
} from '../../../src-shared/dispatch/index.js';
import { DISPATCH_COMMANDS } from '../../../src-shared/dispatch/index.js';
import type { DomainContext } from '../types.js';
import { applyIncidentCommand } from './apply.js';
import type { DispatchServices } from './services.js';
import { DispatchRejection, rejectionOf } from './errors.js';
import type { FieldEvent, FieldIncident, FieldResource } from './simulator.js';
import { readResource, writeResource } from './store.js';

const log = createLogger('central-dispatch');

/** Actor id of a simulated field response. */
export function fieldActorId(resourceId: string): string {
  return `field:${resourceId}`;
}

/** Builds the simulator's view of the active incidents and of the resources assigned to them. */
export function fieldWorld(
  context: DomainContext,
  incidents: readonly Incident[],
): { incidents: FieldIncident[]; resources: Map<string, FieldResource> } {
  const active = incidents.filter(
    (incident) =>
      incident.state === 'dispatched' || incident.state === 'in_progress',
  );
  const resources = new Map<string, FieldResource>();
  for (const incident of active) {
    for (const id of incident.assignedResourceIds) {
      if (resources.has(id)) {
        continue;
      }
      const resource = readResourceOrSkip(context, id);
      if (resource !== null) {
        resources.set(id, resource);
      }
    }
  }
  return { incidents: active, resources };
}

/** Reads a resource, treating a record that fails its schema as missing so the timer goes on. */
function readResourceOrSkip(
  context: DomainContext,
  id: string,
): Resource | null {
  try {
    return readResource(context, id);
  } catch (error) {
    if (!(error instanceof DispatchRejection)) {
      throw error;
    }
    log.warn(
      `fieldWorld: resource left out of the simulation: ${error.message}`,
    );
    return null;
  }
}

function applyStatus(
  context: DomainContext,
  event: Extract<FieldEvent, { kind: 'resource-status' }>,
): void {
  const resource = readResourceOrSkip(context, event.resourceId);
  // A released or off-duty resource keeps its status; the simulator drops it on the next step.
  if (
    resource === null ||
    resource.load === 0 ||
    resource.status === 'off_duty'
  ) {
    return;
  }
  if (resource.status !== event.status) {
    writeResource(context, { ...resource, status: event.status });
  }
}

function commandOf(
  event: Extract<FieldEvent, { kind: 'start' | 'feedback' }>,
): IncidentCommand {
  const base = {
    // Derived from the incident version, so a repeated event is the same command.
    commandId: `${fieldActorId(event.resourceId)}:${event.kind}:${event.incidentId}:${event.expectedVersion}`,
    incidentId: event.incidentId,
    expectedVersion: event.expectedVersion,
  };
  return event.kind === 'start'
    ? { ...base, kind: 'start' }
    : { ...base, kind: 'feedback', result: event.result };
}

function applyIncidentEvent(
  context: DomainContext,
  event: Extract<FieldEvent, { kind: 'start' | 'feedback' }>,
  services: DispatchServices,
  now: number,
): void {
  const command = commandOf(event);
  const actor: Actor = {
    id: fieldActorId(event.resourceId),
    role: 'field_worker',
  };
  const entry = {
    when: now,
    who: actor.id,
    installId: null,
    name: DISPATCH_COMMANDS.command,
    kind: command.kind,
    incidentId: command.incidentId,
    commandId: command.commandId,
  };
  try {
    const applied = applyIncidentCommand(context, command, actor, now);
    for (const incident of applied.updated) {
      services.incidents.note(incident.id);
    }
    services.audit.append(context, {
      ...entry,
      outcome: 'applied',
      code: null,
      summary: applied.summary,
    });
  } catch (error) {
    // An operator moved the incident first; the next step looks at the new state.
    const rejected = rejectionOf(error);
    log.debug(
      `applyIncidentEvent: ${event.kind} on incident ${event.incidentId} rejected: ` +
        `${rejected.error.code}`,
    );
    services.audit.append(context, {
      ...entry,
      outcome: 'rejected',
      code: rejected.error.code,
      summary: rejected.error.message,
    });
  }
}

export function applyFieldEvents(
  context: DomainContext,
  events: readonly FieldEvent[],
  services: DispatchServices,
  now: number,
): void {
  for (const event of events) {
    if (event.kind === 'resource-status') {
      applyStatus(context, event);
    } else {
      applyIncidentEvent(context, event, services, now);
    }
  }
}
