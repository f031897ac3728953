// Applies one incident command through the domain context: the shared lifecycle rules decide, and
// this file writes the changed incidents and the resources the command engages or releases.
// Every check runs before the first write, so a rejected command changes nothing.
import type {
  Actor,
  Incident,
  IncidentCommand,
  Resource,
} from '../../../src-shared/dispatch/index.js';
import {
  applyCommand,
  UnknownIncidentError,
} from '../../../src-shared/dispatch/index.js';
import type { DomainContext } from '../types.js';
import { DispatchRejection } from './errors.js';
import {
  readIncident,
  readResource,
  writeIncident,
  writeResource,
} from './store.js';

export interface AppliedIncidentCommand {
  /** Every incident the command changed, the commanded incident first. */
  updated: Incident[];
  /** Timeline text of the commanded incident's new entry. */
  summary: string;
}

/** Incidents the command reads: the commanded one, and the target of a merge. */
function loadIncidents(
  context: DomainContext,
  command: IncidentCommand,
): Map<string, Incident> {
  const ids = [command.incidentId];
  if (command.kind === 'merge') {
    ids.push(command.targetIncidentId);
  }
  const incidents = new Map<string, Incident>();
  for (const id of ids) {
    const incident = readIncident(context, id);
    if (incident === null) {
      throw new UnknownIncidentError(id);
    }
    incidents.set(id, incident);
  }
  return incidents;
}

/** Loads the resources a dispatch adds; raises when one is unknown or off duty. */
function resourcesToEngage(
  context: DomainContext,
  incident: Incident,
  resourceIds: readonly string[],
): Resource[] {
  const added = resourceIds.filter(
    (id) => !incident.assignedResourceIds.includes(id),
  );
  return added.map((id) => {
    const resource = readResource(context, id);
    if (resource === null) {
      throw new DispatchRejection(
        'resource-not-found',
        `Resource ${id} not found; reload the resource board and pick another resource.`,
      );
    }
    if (resource.status === 'off_duty') {
      throw new DispatchRejection(
        'resource-unavailable',
        `Resource ${id} (${resource.name}) is off duty; pick another resource.`,
      );
    }
    return resource;
  });
}

function engage(context: DomainContext, resources: readonly Resource[]): void {
  for (const resource of resources) {
    writeResource(context, {
      ...resource,
      status: 'assigned',
      load: resource.load + 1,
    });
  }
}

/** Frees the incident's resources: one task less each, and available once they have none. */
export function releaseResources(
  context: DomainContext,
  resourceIds: readonly string[],
): void {
  for (const id of resourceIds) {
    const resource = readResource(context, id);
    if (resource === null) {
      continue;
    }
    const load = Math.max(0, resource.load - 1);
    const status =
      load === 0 && resource.status !== 'off_duty'
        ? 'available'
        : resource.status;
    writeResource(context, { ...resource, load, status });
  }
}

/** Resources of a reopened incident that can go back to work on it. */
function resourcesToReengage(
  context: DomainContext,
  incident: Incident,
): Resource[] {
  return incident.assignedResourceIds
    .map((id) => readResource(context, id))
    .filter(
      (resource): resource is Resource =>
        resource !== null && resource.status !== 'off_duty',
    );
}

/**
 * Applies an incident command with the shared lifecycle rules and writes its effects. Raises the
 * errors of the shared rules and DispatchRejection for unknown or off-duty resources.
 */
export function applyIncidentCommand(
  context: DomainContext,
  command: IncidentCommand,
  actor: Actor,
  now: number,
): AppliedIncidentCommand {
  const incidents = loadIncidents(context, command);
  const before = incidents.get(command.incidentId) as Incident;
  const outcome = applyCommand(incidents, command, actor, now);

  const engaged =
    command.kind === 'dispatch'
      ? resourcesToEngage(context, before, command.resourceIds)
      : command.kind === 'reopen'
        ? resourcesToReengage(context, before)
        : [];

  for (const incident of outcome.updated) {
    writeIncident(context, incident);
  }
  engage(context, engaged);
  if (
    command.kind === 'close' ||
    command.kind === 'cancel' ||
    command.kind === 'merge'
  ) {
    releaseResources(context, before.assignedResourceIds);
  }

  return {
    updated: outcome.updated,
    summary: outcome.entries[0]?.why ?? command.kind,
  };
}
