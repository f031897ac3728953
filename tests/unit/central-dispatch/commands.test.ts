import { randomUUID } from 'node:crypto';

import { beforeEach, describe, expect, it } from 'vitest';

import type { Incident, Resource } from '../../../src-shared/dispatch/index.js';
import {
  AuditRecord,
  createDispatchDomain,
  DISPATCH_COLLECTIONS,
  DISPATCH_COMMANDS,
  IncidentRecord,
} from '../../../src-central/domains/dispatch/index.js';
import type {
  CentralDomain,
  CommandActor,
  DomainOutcome,
} from '../../../src-central/domains/types.js';
import {
  alertFixture,
  leader,
  luotian,
  MINUTE,
  officer,
  T0,
} from './fixtures.js';
import { MemoryContext } from './memory-context.js';

function resource(id: string, overrides: Partial<Resource> = {}): Resource {
  return {
    id,
    name: `测试资源 ${id}`,
    kind: 'grid_worker',
    status: 'available',
    place: { divisionCode: '421123100001001', lat: 30.78, lon: 115.4 },
    skills: ['02'],
    contact: { phone: '13300000001', radio: null },
    load: 0,
    ...overrides,
  };
}

let context: MemoryContext;
let domain: CentralDomain;

function run(
  name: string,
  payload: unknown,
  actor: CommandActor = officer,
): DomainOutcome {
  const handler = domain.commands[name];
  if (handler === undefined) {
    throw new Error(`dispatch domain has no command ${name}`);
  }
  return handler(context, actor, payload);
}

function incident(id: string): Incident {
  return IncidentRecord.parse(context.data(DISPATCH_COLLECTIONS.incident, id));
}

function resourceData(id: string): Resource {
  return context.data(DISPATCH_COLLECTIONS.resource, id) as unknown as Resource;
}

function audit(): AuditRecord[] {
  return context
    .list(DISPATCH_COLLECTIONS.audit)
    .map((record) => AuditRecord.parse(record.data));
}

function rejectionCode(outcome: DomainOutcome): string | null {
  return outcome.outcome === 'rejected' ? outcome.error.code : null;
}

/** Opens an incident from a new alert and returns its id. */
function open(alertId = `alert-${randomUUID()}`): string {
  context.addAlert(alertFixture(alertId));
  const incidentId = randomUUID();
  const outcome = run('incident.open', { incidentId, alertId });
  expect(outcome.outcome).toBe('applied');
  return incidentId;
}

let commandCount = 0;

/** Sends one incident command built on the incident's current version. */
function command(
  incidentId: string,
  kind: string,
  fields: Record<string, unknown> = {},
  actor: CommandActor = officer,
  actingRole?: string,
): DomainOutcome {
  commandCount += 1;
  const version = incident(incidentId).version;
  return run(
    'incident.command',
    {
      command: {
        commandId: `cmd-${commandCount}`,
        incidentId,
        expectedVersion: version,
        kind,
        ...fields,
      },
      ...(actingRole === undefined ? {} : { actingRole }),
    },
    actor,
  );
}

beforeEach(() => {
  context = new MemoryContext(T0);
  domain = createDispatchDomain({ divisions: luotian(), seed: 7 });
  for (const id of ['r1', 'r2', 'r3']) {
    context.put(DISPATCH_COLLECTIONS.resource, id, { ...resource(id) });
  }
  context.put(DISPATCH_COLLECTIONS.resource, 'r-off', {
    ...resource('r-off', { status: 'off_duty' }),
  });
});

describe('incident.open', () => {
  it('opens an incident from an alert', () => {
    context.addAlert(alertFixture('alert-1'));
    const incidentId = randomUUID();

    const outcome = run('incident.open', { incidentId, alertId: 'alert-1' });

    expect(outcome).toEqual({
      outcome: 'applied',
      result: { incidentId, version: 0, changed: true },
    });
    const opened = incident(incidentId);
    expect(opened.state).toBe('reported');
    expect(opened.originAlertIds).toEqual(['alert-1']);
    expect(opened.place.divisionCode).toBe('421123100001');
    expect(opened.reportedAt).toBe(T0);
    expect(opened.timeline[0]?.who).toBe('officer-li');
  });

  it('is idempotent for the same id and alert', () => {
    context.addAlert(alertFixture('alert-1'));
    const incidentId = randomUUID();
    run('incident.open', { incidentId, alertId: 'alert-1' });
    const eventsBefore = context.events.filter(
      (event) => event.collection === DISPATCH_COLLECTIONS.incident,
    ).length;

    const again = run('incident.open', { incidentId, alertId: 'alert-1' });

    expect(again).toEqual({
      outcome: 'applied',
      result: { incidentId, version: 0, changed: false },
    });
    const eventsAfter = context.events.filter(
      (event) => event.collection === DISPATCH_COLLECTIONS.incident,
    ).length;
    expect(eventsAfter).toBe(eventsBefore);
  });

  it('rejects an existing id with another alert', () => {
    const incidentId = open('alert-1');
    context.addAlert(alertFixture('alert-2'));

    const outcome = run('incident.open', { incidentId, alertId: 'alert-2' });

    expect(rejectionCode(outcome)).toBe('already-exists');
  });

  it('rejects an unknown alert', () => {
    const outcome = run('incident.open', {
      incidentId: randomUUID(),
      alertId: 'no-such-alert',
    });
    expect(rejectionCode(outcome)).toBe('alert-not-found');
  });

  it('rejects a second open incident for one alert', () => {
    const first = open('alert-1');

    const outcome = run('incident.open', {
      incidentId: randomUUID(),
      alertId: 'alert-1',
    });

    expect(rejectionCode(outcome)).toBe('alert-already-open');
    expect(outcome.outcome === 'rejected' && outcome.error.message).toContain(
      first,
    );
  });

  it('allows a new incident after a cancel', () => {
    const first = open('alert-1');
    command(first, 'cancel', { reason: '误报' });

    const outcome = run('incident.open', {
      incidentId: randomUUID(),
      alertId: 'alert-1',
    });

    expect(outcome.outcome).toBe('applied');
  });

  it('rejects a payload without a uuid', () => {
    context.addAlert(alertFixture('alert-1'));
    const outcome = run('incident.open', {
      incidentId: 'x',
      alertId: 'alert-1',
    });
    expect(rejectionCode(outcome)).toBe('invalid-payload');
  });
});

describe('incident.command', () => {
  it('runs the happy path to closed', () => {
    const id = open();

    expect(command(id, 'accept').outcome).toBe('applied');
    expect(command(id, 'dispatch', { resourceIds: ['r1', 'r2'] }).outcome).toBe(
      'applied',
    );
    context.clock = T0 + 20 * MINUTE;
    expect(command(id, 'start').outcome).toBe('applied');
    expect(command(id, 'feedback', { result: '已调解' }).outcome).toBe(
      'applied',
    );
    expect(command(id, 'verify').outcome).toBe('applied');
    const closed = command(id, 'close', { note: '办结' });

    expect(closed).toEqual({
      outcome: 'applied',
      result: { incidentId: id, versions: { [id]: 6 }, state: 'closed' },
    });
    const final = incident(id);
    expect(final.state).toBe('closed');
    expect(final.feedback).toBe('已调解');
    expect(final.timeline.map((entry) => entry.action)).toEqual([
      'report',
      'accept',
      'dispatch',
      'start',
      'feedback',
      'verify',
      'close',
    ]);
    expect(final.timeline[3]?.when).toBe(T0 + 20 * MINUTE);
    expect(final.timeline[6]?.commandId).toBe(`cmd-${commandCount}`);
    expect(final.timeline[6]?.who).toBe('officer-li');
  });

  it('assigns and releases resources', () => {
    const id = open();
    command(id, 'accept');
    command(id, 'dispatch', { resourceIds: ['r1', 'r2'] });

    expect(resourceData('r1').status).toBe('assigned');
    expect(resourceData('r1').load).toBe(1);
    expect(resourceData('r2').load).toBe(1);
    expect(resourceData('r3').status).toBe('available');

    command(id, 'cancel', { reason: '重复上报' });

    expect(resourceData('r1').status).toBe('available');
    expect(resourceData('r1').load).toBe(0);
    expect(resourceData('r2').load).toBe(0);
  });

  it('keeps a resource busy until its last incident ends', () => {
    const first = open();
    const second = open();
    for (const id of [first, second]) {
      command(id, 'accept');
      command(id, 'dispatch', { resourceIds: ['r1'] });
    }
    expect(resourceData('r1').load).toBe(2);

    command(first, 'cancel', { reason: '已由其他部门处理' });
    expect(resourceData('r1').load).toBe(1);
    expect(resourceData('r1').status).toBe('assigned');

    command(second, 'cancel', { reason: '已由其他部门处理' });
    expect(resourceData('r1').load).toBe(0);
    expect(resourceData('r1').status).toBe('available');
  });

  it('counts a resource sent twice once', () => {
    const id = open();
    command(id, 'accept');
    command(id, 'dispatch', { resourceIds: ['r1'] });
    command(id, 'dispatch', { resourceIds: ['r1', 'r2'] });

    expect(resourceData('r1').load).toBe(1);
    expect(incident(id).assignedResourceIds).toEqual(['r1', 'r2']);
  });

  it('rejects an unknown incident', () => {
    const outcome = run('incident.command', {
      command: {
        commandId: 'c-1',
        incidentId: 'missing',
        expectedVersion: 0,
        kind: 'accept',
      },
    });
    expect(rejectionCode(outcome)).toBe('incident-not-found');
  });

  it('rejects an illegal transition', () => {
    const id = open();

    const outcome = command(id, 'close');

    expect(rejectionCode(outcome)).toBe('illegal-transition');
    expect(incident(id).state).toBe('reported');
    expect(incident(id).version).toBe(0);
  });

  it('rejects a stale version', () => {
    const id = open();
    command(id, 'accept');

    const outcome = run('incident.command', {
      command: {
        commandId: 'c-old',
        incidentId: id,
        expectedVersion: 0,
        kind: 'cancel',
        reason: '误报',
      },
    });

    expect(rejectionCode(outcome)).toBe('stale-version');
    expect(incident(id).state).toBe('accepted');
  });

  it('rejects a blank or missing reason', () => {
    const id = open();

    expect(rejectionCode(command(id, 'cancel', { reason: '   ' }))).toBe(
      'missing-reason',
    );
    expect(rejectionCode(command(id, 'cancel'))).toBe('missing-reason');
    expect(incident(id).state).toBe('reported');
  });

  it('rejects an unknown resource without writing', () => {
    const id = open();
    command(id, 'accept');
    const eventsBefore = context.events.length;

    const outcome = command(id, 'dispatch', { resourceIds: ['r1', 'ghost'] });

    expect(rejectionCode(outcome)).toBe('resource-not-found');
    expect(incident(id).state).toBe('accepted');
    expect(resourceData('r1').load).toBe(0);
    // Only the audit entry of the rejection was written.
    expect(
      context.events.slice(eventsBefore).map((event) => event.collection),
    ).toEqual([DISPATCH_COLLECTIONS.audit]);
  });

  it('rejects an off-duty resource', () => {
    const id = open();
    command(id, 'accept');

    const outcome = command(id, 'dispatch', { resourceIds: ['r-off'] });

    expect(rejectionCode(outcome)).toBe('resource-unavailable');
  });

  it('rejects a corrupt incident record', () => {
    context.put(DISPATCH_COLLECTIONS.incident, 'broken', {
      id: 'broken',
      state: 'nowhere',
    });

    const outcome = run('incident.command', {
      command: {
        commandId: 'c-1',
        incidentId: 'broken',
        expectedVersion: 0,
        kind: 'accept',
      },
    });

    expect(rejectionCode(outcome)).toBe('corrupt-record');
  });

  it('rejects an unknown command kind', () => {
    const id = open();
    expect(rejectionCode(command(id, 'teleport'))).toBe('invalid-payload');
  });

  it('merges and keeps the origins', () => {
    const target = open('alert-a');
    const source = open('alert-b');
    command(source, 'accept');
    command(source, 'dispatch', { resourceIds: ['r3'] });

    const outcome = command(source, 'merge', {
      targetIncidentId: target,
      targetExpectedVersion: incident(target).version,
    });

    expect(outcome.outcome).toBe('applied');
    expect(incident(source).state).toBe('merged');
    expect(incident(source).mergedInto).toBe(target);
    expect(incident(target).originAlertIds).toEqual(['alert-a', 'alert-b']);
    expect(incident(target).state).toBe('reported');
    expect(resourceData('r3').status).toBe('available');
    expect(resourceData('r3').load).toBe(0);
  });

  it('lets only the leader decide an extension', () => {
    context.addAlert(alertFixture('petition-1'));
    const id = randomUUID();
    run('incident.open', {
      incidentId: id,
      alertId: 'petition-1',
      channel: 'petition',
    });
    command(id, 'accept');
    command(id, 'request_extension', {
      milestone: 'handle',
      reason: '需要补充调查',
    });

    const asOfficer = command(id, 'decide_extension', {
      milestone: 'handle',
      decision: 'approved',
    });
    expect(rejectionCode(asOfficer)).toBe('permission-denied');

    const asLeader = command(
      id,
      'decide_extension',
      { milestone: 'handle', decision: 'approved' },
      leader,
      'leader_on_duty',
    );
    expect(asLeader.outcome).toBe('applied');
    const handle = incident(id).milestones.find((m) => m.key === 'handle');
    expect(handle?.extensionsGranted).toBe(1);
    expect(handle?.pendingExtension).toBeNull();
    expect(incident(id).timeline.at(-1)?.who).toBe('leader-wang');
  });

  it('reopens with the resources engaged again', () => {
    const id = open();
    command(id, 'accept');
    command(id, 'dispatch', { resourceIds: ['r1'] });
    for (const kind of ['start', 'feedback', 'verify', 'close']) {
      command(id, kind, kind === 'feedback' ? { result: '已处理' } : {});
    }
    expect(resourceData('r1').status).toBe('available');

    const outcome = command(id, 'reopen', { reason: '群众反映问题未解决' });

    expect(outcome.outcome).toBe('applied');
    expect(incident(id).state).toBe('in_progress');
    expect(resourceData('r1').status).toBe('assigned');
    expect(resourceData('r1').load).toBe(1);
  });
});

describe('incident.attach-alert', () => {
  it('attaches a duplicate alert once', () => {
    const id = open('alert-a');
    context.addAlert(alertFixture('alert-b'));

    const first = run('incident.attach-alert', {
      incidentId: id,
      alertId: 'alert-b',
      expectedVersion: 0,
    });
    const again = run('incident.attach-alert', {
      incidentId: id,
      alertId: 'alert-b',
      expectedVersion: 0,
    });

    expect(first).toEqual({
      outcome: 'applied',
      result: { incidentId: id, version: 1, changed: true },
    });
    expect(again.outcome === 'applied' && again.result.changed).toBe(false);
    expect(incident(id).originAlertIds).toEqual(['alert-a', 'alert-b']);
    expect(incident(id).timeline.at(-1)?.action).toBe('attach_alert');
  });

  it('rejects a stale version and an unknown alert', () => {
    const id = open('alert-a');
    command(id, 'accept');
    context.addAlert(alertFixture('alert-b'));

    const stale = run('incident.attach-alert', {
      incidentId: id,
      alertId: 'alert-b',
      expectedVersion: 0,
    });
    const unknown = run('incident.attach-alert', {
      incidentId: id,
      alertId: 'alert-z',
      expectedVersion: 1,
    });

    expect(rejectionCode(stale)).toBe('stale-version');
    expect(rejectionCode(unknown)).toBe('alert-not-found');
  });
});

describe('audit trail', () => {
  it('records applied and rejected commands in order', () => {
    const id = open('alert-1');
    command(id, 'close');
    command(id, 'accept');

    const entries = audit();

    expect(
      entries.map((entry) => [
        entry.name,
        entry.kind,
        entry.outcome,
        entry.code,
      ]),
    ).toEqual([
      ['incident.open', null, 'applied', null],
      ['incident.command', 'close', 'rejected', 'illegal-transition'],
      ['incident.command', 'accept', 'applied', null],
    ]);
    expect(entries.every((entry) => entry.incidentId === id)).toBe(true);
    expect(entries[1]?.who).toBe('officer-li');
    expect(entries[1]?.installId).toBe('install-a');
    expect(
      context.list(DISPATCH_COLLECTIONS.audit).map((record) => record.id),
    ).toEqual(['0000000001', '0000000002', '0000000003']);
  });

  it('continues the sequence after a restart', () => {
    open('alert-1');
    const restarted = createDispatchDomain({ divisions: luotian(), seed: 7 });
    context.addAlert(alertFixture('alert-2'));

    restarted.commands['incident.open']?.(context, officer, {
      incidentId: randomUUID(),
      alertId: 'alert-2',
    });

    expect(
      context.list(DISPATCH_COLLECTIONS.audit).map((record) => record.id),
    ).toEqual(['0000000001', '0000000002']);
  });
});

describe('dispatch command names', () => {
  it('has one handler per shared name', () => {
    expect(Object.keys(domain.commands).sort()).toEqual(
      Object.values(DISPATCH_COMMANDS).sort(),
    );
  });
});
