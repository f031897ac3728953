import { randomUUID } from 'node:crypto';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { Incident, Resource } from '../../../src-shared/dispatch/index.js';
import {
  AuditRecord,
  createDispatchDomain,
  DISPATCH_COLLECTIONS,
  IncidentRecord,
} from '../../../src-central/domains/dispatch/index.js';
import type {
  CentralDomain,
  DomainContext,
  DomainOutcome,
} from '../../../src-central/domains/types.js';
import {
  accidentAlert,
  alertFixture,
  luotian,
  MINUTE,
  officer,
  T0,
} from './fixtures.js';
import { MemoryContext } from './memory-context.js';

const TICK_MS = 1_000;

interface Started {
  context: MemoryContext;
  domain: CentralDomain;
  stop: () => void;
}

/**
 * Returns a second context object over the same records. The central hands the timer a different
 * context object from the one its command handlers get.
 */
function separateView(context: MemoryContext): DomainContext {
  return {
    now: () => context.now(),
    get: (collection, id) => context.get(collection, id),
    list: (collection) => context.list(collection),
    put: (collection, id, data) => context.put(collection, id, data),
    remove: (collection, id) => context.remove(collection, id),
    alert: (alertId) => context.alert(alertId),
    publishAlerts: (alerts) => context.publishAlerts(alerts),
    transaction: (work) => context.transaction(work),
  };
}

function startDomain(seed = 42): Started {
  const context = new MemoryContext(T0);
  const domain = createDispatchDomain({
    divisions: luotian(),
    seed,
    tickMs: TICK_MS,
  });
  const stop = domain.start?.(separateView(context), {
    seed,
    speed: 60,
    scenario: 'none',
  });
  if (stop === undefined) {
    throw new Error('dispatch domain has no start');
  }
  return { context, domain, stop };
}

function run(started: Started, name: string, payload: unknown): DomainOutcome {
  const handler = started.domain.commands[name];
  if (handler === undefined) {
    throw new Error(`dispatch domain has no command ${name}`);
  }
  return handler(started.context, officer, payload);
}

function incident(context: MemoryContext, id: string): Incident {
  return IncidentRecord.parse(context.data(DISPATCH_COLLECTIONS.incident, id));
}

/** An available resource of the seeded list in 万密斋社区, the police officer when on duty. */
function availableResource(context: MemoryContext): Resource {
  const candidates = context
    .list(DISPATCH_COLLECTIONS.resource)
    .map((record) => record.data as unknown as Resource)
    .filter(
      (resource) =>
        resource.place.divisionCode.startsWith('421123100001') &&
        resource.status === 'available',
    );
  const chosen =
    candidates.find((resource) => resource.kind === 'auxiliary_police') ??
    candidates[0];
  if (chosen === undefined) {
    throw new Error('seeded list has no available resource in 421123100001');
  }
  return chosen;
}

/** Opens, accepts and dispatches an incident; returns its id and the resource sent. */
function dispatchOne(started: Started): { id: string; resourceId: string } {
  started.context.addAlert(alertFixture('alert-1'));
  const id = randomUUID();
  run(started, 'incident.open', { incidentId: id, alertId: 'alert-1' });
  run(started, 'incident.command', {
    command: {
      commandId: 'c-1',
      incidentId: id,
      expectedVersion: 0,
      kind: 'accept',
    },
  });
  const resourceId = availableResource(started.context).id;
  const outcome = run(started, 'incident.command', {
    command: {
      commandId: 'c-2',
      incidentId: id,
      expectedVersion: 1,
      kind: 'dispatch',
      resourceIds: [resourceId],
    },
  });
  expect(outcome.outcome).toBe('applied');
  return { id, resourceId };
}

/** Advances the server clock and the timers one tick at a time until `done` or `maxTicks`. */
function tickUntil(
  started: Started,
  done: () => boolean,
  maxTicks: number,
): number {
  for (let tick = 1; tick <= maxTicks; tick += 1) {
    started.context.clock += TICK_MS;
    vi.advanceTimersByTime(TICK_MS);
    if (done()) {
      return tick;
    }
  }
  return maxTicks;
}

let started: Started[] = [];

beforeEach(() => {
  vi.useFakeTimers();
  started = [];
});

afterEach(() => {
  for (const one of started) {
    one.stop();
  }
  vi.useRealTimers();
});

function track(one: Started): Started {
  started.push(one);
  return one;
}

describe('dispatch domain start', () => {
  it('seeds resources once', () => {
    const first = track(startDomain());
    const count = first.context.list(DISPATCH_COLLECTIONS.resource).length;
    expect(count).toBeGreaterThan(1_900);

    const again = first.domain.start?.(first.context, {
      seed: 42,
      speed: 60,
      scenario: 'none',
    });
    if (again !== undefined) {
      started.push({ ...first, stop: again });
    }

    expect(first.context.events).toHaveLength(count);
  });

  it('brings field feedback to a dispatched incident', () => {
    const one = track(startDomain());
    const { id, resourceId } = dispatchOne(one);

    // At speed 60 the legs take at most 70 scenario minutes, that is 70 s of server clock.
    tickUntil(one, () => incident(one.context, id).state === 'feedback', 200);

    const final = incident(one.context, id);
    expect(final.state).toBe('feedback');
    const field = final.timeline.filter(
      (entry) => entry.who === `field:${resourceId}`,
    );
    expect(field.map((entry) => entry.action)).toEqual(['start', 'feedback']);
    expect(final.feedback).toMatch(/：/);
    const resource = one.context.data(
      DISPATCH_COLLECTIONS.resource,
      resourceId,
    );
    expect(resource.status).toBe('on_scene');

    const audit = one.context
      .list(DISPATCH_COLLECTIONS.audit)
      .map((record) => AuditRecord.parse(record.data))
      .filter((entry) => entry.who === `field:${resourceId}`);
    const verified = run(one, 'incident.command', {
      command: {
        commandId: 'c-3',
        incidentId: id,
        expectedVersion: final.version,
        kind: 'verify',
      },
    });
    expect(verified.outcome).toBe('applied');

    // Handlers and the timer append to one sequence, so no audit entry was written twice.
    const auditPuts = one.context.events.filter(
      (event) => event.collection === DISPATCH_COLLECTIONS.audit,
    );
    expect(auditPuts.every((event) => event.version === 1)).toBe(true);
    expect(auditPuts).toHaveLength(6);
    expect(audit.map((entry) => [entry.kind, entry.outcome])).toEqual([
      ['start', 'applied'],
      ['feedback', 'applied'],
    ]);
  });

  it('repeats the same field timeline for the same seed', () => {
    const timelines = [42, 42, 43].map((seed) => {
      const one = track(startDomain(seed));
      const { id } = dispatchOne(one);
      tickUntil(one, () => incident(one.context, id).state === 'feedback', 200);
      return incident(one.context, id)
        .timeline.slice(3)
        .map(
          (entry) =>
            `${entry.when - T0} ${entry.who} ${entry.action} ${entry.why}`,
        );
    });

    expect(timelines[0]?.length).toBe(2);
    expect(timelines[1]).toEqual(timelines[0]);
    expect(timelines[2]).not.toEqual(timelines[0]);
  });

  it('raises an escalation on the timer', () => {
    const one = track(startDomain());
    // One tick before the incident exists, so the timer must pick up an incident opened later.
    vi.advanceTimersByTime(TICK_MS);
    one.context.addAlert(accidentAlert('accident-1', T0));
    const id = randomUUID();
    run(one, 'incident.open', { incidentId: id, alertId: 'accident-1' });

    one.context.clock = T0 + 61 * MINUTE;
    vi.advanceTimersByTime(TICK_MS);

    const record = one.context.get(
      DISPATCH_COLLECTIONS.escalation,
      `${id}:report_to_county:overdue`,
    );
    expect(record?.data.state).toBe('overdue');
  });

  it('stops its timer', () => {
    const one = startDomain();
    const { id } = dispatchOne(one);
    one.stop();
    const events = one.context.events.length;

    one.context.clock += 200 * TICK_MS;
    vi.advanceTimersByTime(200 * TICK_MS);

    expect(one.context.events).toHaveLength(events);
    expect(incident(one.context, id).state).toBe('dispatched');
  });
});
