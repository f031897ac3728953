// Simulated field responses: each resource sent to an incident sets off after a while, arrives
// later, works on scene and reports back. The step function is pure: the same state, instants and
// random draws give the same events, so a seeded run is reproducible.
import type {
  IncidentState,
  ResourceKind,
  ResourceStatus,
} from '../../../src-shared/dispatch/index.js';
import { MINUTE_MS } from '../../../src-shared/dispatch/index.js';

/** Ranges of scenario minutes for each leg of a field response. */
export interface FieldTiming {
  /** From assignment until the resource sets off. */
  setOffMinutes: readonly [number, number];
  /** From setting off until arrival on scene. */
  travelMinutes: readonly [number, number];
  /** From arrival until the result is reported. */
  workMinutes: readonly [number, number];
  /** Scenario time runs this many times faster than the server clock. */
  speed: number;
}

export const DEFAULT_FIELD_TIMING: FieldTiming = {
  setOffMinutes: [1, 5],
  travelMinutes: [5, 25],
  workMinutes: [10, 40],
  speed: 1,
};

/** The part of an incident the simulator looks at. */
export interface FieldIncident {
  id: string;
  state: IncidentState;
  version: number;
  assignedResourceIds: readonly string[];
}

/** The part of a resource the simulator looks at. */
export interface FieldResource {
  id: string;
  name: string;
  kind: ResourceKind;
  status: ResourceStatus;
}

export type FieldStage = 'assigned' | 'en_route' | 'on_scene' | 'done';

/** Progress of one resource on one incident. */
export interface FieldProgress {
  incidentId: string;
  resourceId: string;
  stage: FieldStage;
  /** Instant of the next stage; null once done. */
  nextAt: number | null;
  arrivedAt: number | null;
  doneAt: number | null;
}

export interface FieldState {
  timing: FieldTiming;
  /** Incidents in `dispatched` or `in_progress`; others are ignored. */
  incidents: readonly FieldIncident[];
  resources: ReadonlyMap<string, FieldResource>;
  /** Progress carried from the previous step; empty at the first one. */
  progress: readonly FieldProgress[];
}

export type FieldEvent =
  | {
      kind: 'resource-status';
      at: number;
      incidentId: string;
      resourceId: string;
      status: 'en_route' | 'on_scene';
    }
  | {
      kind: 'start';
      at: number;
      incidentId: string;
      resourceId: string;
      expectedVersion: number;
    }
  | {
      kind: 'feedback';
      at: number;
      incidentId: string;
      resourceId: string;
      expectedVersion: number;
      result: string;
    };

export interface FieldStepResult {
  progress: FieldProgress[];
  events: FieldEvent[];
}

/** Result phrases by kind; the resource's name is put in front. */
const RESULT_PHRASES: Readonly<Record<ResourceKind, readonly string[]>> = {
  grid_worker: [
    '到场核实，经劝导双方达成一致，现场秩序已恢复。',
    '入户走访核实，问题已登记并交村（居）委会跟进。',
  ],
  auxiliary_police: [
    '到场处置，现场已控制，相关人员已疏导离开。',
    '到场核查，未发现违法行为，已做好登记。',
  ],
  mediator: [
    '组织双方调解，已签订调解协议。',
    '组织调解，双方同意按村规民约处理。',
  ],
  legal_adviser: ['现场释法说理，当事人接受处理意见。'],
  expert: ['现场研判并提出处置建议，风险已排除。'],
  emergency_team: ['完成现场处置，险情已排除，无人员伤亡。'],
  supplies: ['应急物资已送达现场并完成交接。'],
};

const ACTIVE: readonly IncidentState[] = ['dispatched', 'in_progress'];

function drawMs(
  random: () => number,
  range: readonly [number, number],
  speed: number,
): number {
  const minutes = range[0] + random() * (range[1] - range[0]);
  return Math.max(1, Math.round((minutes * MINUTE_MS) / speed));
}

function compareIds(a: { id: string }, b: { id: string }): number {
  if (a.id === b.id) {
    return 0;
  }
  return a.id < b.id ? -1 : 1;
}

function keyOf(incidentId: string, resourceId: string): string {
  return `${incidentId}\u0000${resourceId}`;
}

/** Progress for a resource seen on an incident for the first time, from its current status. */
function firstProgress(
  incidentId: string,
  resource: FieldResource,
  timing: FieldTiming,
  now: number,
  random: () => number,
): FieldProgress {
  const base = { incidentId, resourceId: resource.id, doneAt: null };
  if (resource.status === 'on_scene') {
    const nextAt = now + drawMs(random, timing.workMinutes, timing.speed);
    return { ...base, stage: 'on_scene', nextAt, arrivedAt: now };
  }
  if (resource.status === 'en_route') {
    const nextAt = now + drawMs(random, timing.travelMinutes, timing.speed);
    return { ...base, stage: 'en_route', nextAt, arrivedAt: null };
  }
  const nextAt = now + drawMs(random, timing.setOffMinutes, timing.speed);
  return { ...base, stage: 'assigned', nextAt, arrivedAt: null };
}

/** Moves one progress through every stage due by `now`, each from the instant the last one was. */
function advance(
  progress: FieldProgress,
  timing: FieldTiming,
  now: number,
  random: () => number,
  events: FieldEvent[],
): FieldProgress {
  let current = progress;
  while (current.nextAt !== null && current.nextAt <= now) {
    const at = current.nextAt;
    const ids = {
      incidentId: current.incidentId,
      resourceId: current.resourceId,
    };
    if (current.stage === 'assigned') {
      events.push({ kind: 'resource-status', at, ...ids, status: 'en_route' });
      const nextAt = at + drawMs(random, timing.travelMinutes, timing.speed);
      current = { ...current, stage: 'en_route', nextAt };
    } else if (current.stage === 'en_route') {
      events.push({ kind: 'resource-status', at, ...ids, status: 'on_scene' });
      const nextAt = at + drawMs(random, timing.workMinutes, timing.speed);
      current = { ...current, stage: 'on_scene', nextAt, arrivedAt: at };
    } else {
      current = { ...current, stage: 'done', nextAt: null, doneAt: at };
    }
  }
  return current;
}

function earliest(
  entries: readonly FieldProgress[],
  instant: (entry: FieldProgress) => number | null,
): FieldProgress | null {
  let best: FieldProgress | null = null;
  for (const entry of entries) {
    const at = instant(entry);
    if (at !== null && (best === null || at < (instant(best) ?? Infinity))) {
      best = entry;
    }
  }
  return best;
}

/**
 * Returns the incident-level event of this step, if any: `start` once the first resource is on
 * scene of a dispatched incident, `feedback` once the first one has finished on an incident in
 * progress. The event follows from the state alone, so an event the caller could not apply is
 * sent again on the next step.
 */
function incidentEvent(
  incident: FieldIncident,
  entries: readonly FieldProgress[],
  resources: ReadonlyMap<string, FieldResource>,
  random: () => number,
): FieldEvent | null {
  if (incident.state === 'dispatched') {
    const first = earliest(entries, (entry) => entry.arrivedAt);
    if (first === null || first.arrivedAt === null) {
      return null;
    }
    return {
      kind: 'start',
      at: first.arrivedAt,
      incidentId: incident.id,
      resourceId: first.resourceId,
      expectedVersion: incident.version,
    };
  }

  const first = earliest(entries, (entry) => entry.doneAt);
  const resource = first === null ? undefined : resources.get(first.resourceId);
  if (first === null || first.doneAt === null || resource === undefined) {
    return null;
  }
  const phrases = RESULT_PHRASES[resource.kind];
  const phrase = phrases[Math.floor(random() * phrases.length)] ?? phrases[0];
  return {
    kind: 'feedback',
    at: first.doneAt,
    incidentId: incident.id,
    resourceId: first.resourceId,
    expectedVersion: incident.version,
    result: `${resource.name}：${phrase ?? '已完成处置。'}`,
  };
}

/**
 * Advances every field response to `now` and returns the events that happened, ordered by
 * instant. Progress of resources no longer on an active incident is dropped; resources that are
 * missing or off duty do not move.
 */
export function simulateFieldStep(
  state: FieldState,
  now: number,
  random: () => number,
): FieldStepResult {
  const previous = new Map(
    state.progress.map((entry) => [
      keyOf(entry.incidentId, entry.resourceId),
      entry,
    ]),
  );
  const incidents = state.incidents
    .filter((incident) => ACTIVE.includes(incident.state))
    .sort(compareIds);

  const progress: FieldProgress[] = [];
  const events: FieldEvent[] = [];
  for (const incident of incidents) {
    const entries: FieldProgress[] = [];
    for (const resourceId of incident.assignedResourceIds) {
      const resource = state.resources.get(resourceId);
      if (resource === undefined || resource.status === 'off_duty') {
        continue;
      }
      const known =
        previous.get(keyOf(incident.id, resourceId)) ??
        firstProgress(incident.id, resource, state.timing, now, random);
      entries.push(advance(known, state.timing, now, random, events));
    }
    progress.push(...entries);

    const event = incidentEvent(incident, entries, state.resources, random);
    if (event !== null) {
      events.push(event);
    }
  }

  // Array.prototype.sort is stable, so events of one instant keep the order they were made in.
  events.sort((a, b) => a.at - b.at);
  return { progress, events };
}
