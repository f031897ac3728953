import { describe, expect, it } from 'vitest';

import { mulberry32 } from '../../../src-central/adapters/random.js';
import type {
  FieldEvent,
  FieldProgress,
} from '../../../src-central/domains/dispatch/index.js';
import {
  DEFAULT_FIELD_TIMING,
  simulateFieldStep,
} from '../../../src-central/domains/dispatch/index.js';
import type {
  FieldIncident,
  FieldResource,
} from '../../../src-central/domains/dispatch/simulator.js';
import { MINUTE, T0 } from './fixtures.js';

const RESOURCES: FieldResource[] = [
  {
    id: 'grid:421123100001001',
    name: '张伟',
    kind: 'grid_worker',
    status: 'assigned',
  },
  {
    id: 'police:421123100001',
    name: '李强',
    kind: 'auxiliary_police',
    status: 'assigned',
  },
  {
    id: 'mediator:421123100-1',
    name: '王芳',
    kind: 'mediator',
    status: 'off_duty',
  },
];

interface Run {
  events: FieldEvent[];
  incident: FieldIncident;
  steps: number;
}

/**
 * Steps the simulator once per scenario minute and applies its incident events to the incident,
 * as the central does, until feedback arrives or `maxSteps` pass.
 */
function runUntilFeedback(
  seed: number,
  resourceIds: string[],
  maxSteps = 300,
): Run {
  const random = mulberry32(seed);
  const resources = new Map(
    RESOURCES.map((resource) => [resource.id, resource]),
  );
  let incident: FieldIncident = {
    id: 'inc-1',
    state: 'dispatched',
    version: 2,
    assignedResourceIds: resourceIds,
  };
  let progress: FieldProgress[] = [];
  const events: FieldEvent[] = [];

  for (let step = 0; step < maxSteps; step += 1) {
    const result = simulateFieldStep(
      {
        timing: DEFAULT_FIELD_TIMING,
        incidents: [incident],
        resources,
        progress,
      },
      T0 + step * MINUTE,
      random,
    );
    progress = result.progress;
    events.push(...result.events);
    for (const event of result.events) {
      if (event.kind === 'start') {
        incident = {
          ...incident,
          state: 'in_progress',
          version: incident.version + 1,
        };
      }
      if (event.kind === 'feedback') {
        incident = {
          ...incident,
          state: 'feedback',
          version: incident.version + 1,
        };
        return { events, incident, steps: step };
      }
    }
  }
  return { events, incident, steps: maxSteps };
}

function describeEvent(event: FieldEvent): string {
  const detail = event.kind === 'resource-status' ? event.status : event.kind;
  return `${event.at - T0} ${event.resourceId} ${detail}`;
}

describe('simulateFieldStep', () => {
  it('ends each response with feedback', () => {
    const run = runUntilFeedback(11, [
      'grid:421123100001001',
      'police:421123100001',
    ]);

    expect(run.incident.state).toBe('feedback');
    const feedback = run.events.at(-1);
    expect(feedback?.kind).toBe('feedback');
    if (feedback?.kind === 'feedback') {
      expect(feedback.expectedVersion).toBe(3);
      expect(feedback.result.length).toBeGreaterThan(0);
      const name = RESOURCES.find(
        (resource) => resource.id === feedback.resourceId,
      )?.name;
      expect(feedback.result.startsWith(`${name ?? '?'}：`)).toBe(true);
    }
  });

  it('moves each resource through its legs in order', () => {
    const run = runUntilFeedback(11, [
      'grid:421123100001001',
      'police:421123100001',
    ]);

    for (const resourceId of ['grid:421123100001001', 'police:421123100001']) {
      const own = run.events.filter(
        (event) =>
          event.kind === 'resource-status' && event.resourceId === resourceId,
      );
      expect(
        own.map((event) => event.kind === 'resource-status' && event.status),
      ).toEqual(['en_route', 'on_scene']);
      expect(own[0]?.at).toBeGreaterThanOrEqual(T0 + 1 * MINUTE);
      expect(own[0]?.at).toBeLessThanOrEqual(T0 + 5 * MINUTE);
    }
    const start = run.events.findIndex((event) => event.kind === 'start');
    const firstArrival = run.events.findIndex(
      (event) =>
        event.kind === 'resource-status' && event.status === 'on_scene',
    );
    expect(firstArrival).toBeGreaterThanOrEqual(0);
    expect(start).toBeGreaterThan(firstArrival);
  });

  it('repeats the same events for the same seed', () => {
    const ids = ['grid:421123100001001', 'police:421123100001'];
    const first = runUntilFeedback(11, ids).events.map(describeEvent);
    const second = runUntilFeedback(11, ids).events.map(describeEvent);
    const other = runUntilFeedback(12, ids).events.map(describeEvent);

    expect(second).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('leaves an off-duty resource where it is', () => {
    const run = runUntilFeedback(11, ['mediator:421123100-1'], 200);

    expect(run.events).toEqual([]);
    expect(run.incident.state).toBe('dispatched');
  });

  it('drops progress of released resources', () => {
    const random = mulberry32(5);
    const resources = new Map(
      RESOURCES.map((resource) => [resource.id, resource]),
    );
    const incident: FieldIncident = {
      id: 'inc-1',
      state: 'dispatched',
      version: 2,
      assignedResourceIds: ['grid:421123100001001'],
    };
    const first = simulateFieldStep(
      {
        timing: DEFAULT_FIELD_TIMING,
        incidents: [incident],
        resources,
        progress: [],
      },
      T0,
      random,
    );
    expect(first.progress).toHaveLength(1);

    const cancelled = simulateFieldStep(
      {
        timing: DEFAULT_FIELD_TIMING,
        incidents: [{ ...incident, state: 'cancelled' }],
        resources,
        progress: first.progress,
      },
      T0 + 60 * MINUTE,
      random,
    );
    expect(cancelled.progress).toEqual([]);
    expect(cancelled.events).toEqual([]);
  });

  it('catches up on a late step', () => {
    const random = mulberry32(11);
    const resources = new Map(
      RESOURCES.map((resource) => [resource.id, resource]),
    );
    const incident: FieldIncident = {
      id: 'inc-1',
      state: 'dispatched',
      version: 2,
      assignedResourceIds: ['police:421123100001'],
    };
    const first = simulateFieldStep(
      {
        timing: DEFAULT_FIELD_TIMING,
        incidents: [incident],
        resources,
        progress: [],
      },
      T0,
      random,
    );

    // Both legs together take at most 5 + 25 minutes, so both events fall due by then.
    const late = simulateFieldStep(
      {
        timing: DEFAULT_FIELD_TIMING,
        incidents: [incident],
        resources,
        progress: first.progress,
      },
      T0 + 31 * MINUTE,
      random,
    );

    expect(late.events.map((event) => event.kind)).toEqual([
      'resource-status',
      'resource-status',
      'start',
    ]);
    const times = late.events.map((event) => event.at);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('scales the legs by the speed', () => {
    const resources = new Map(
      RESOURCES.map((resource) => [resource.id, resource]),
    );
    const incident: FieldIncident = {
      id: 'inc-1',
      state: 'dispatched',
      version: 2,
      assignedResourceIds: ['police:421123100001'],
    };
    const slow = simulateFieldStep(
      {
        timing: DEFAULT_FIELD_TIMING,
        incidents: [incident],
        resources,
        progress: [],
      },
      T0,
      mulberry32(3),
    );
    const fast = simulateFieldStep(
      {
        timing: { ...DEFAULT_FIELD_TIMING, speed: 60 },
        incidents: [incident],
        resources,
        progress: [],
      },
      T0,
      mulberry32(3),
    );

    const slowDelay = (slow.progress[0]?.nextAt ?? 0) - T0;
    const fastDelay = (fast.progress[0]?.nextAt ?? 0) - T0;
    expect(Math.abs(fastDelay - slowDelay / 60)).toBeLessThanOrEqual(1);
  });
});
