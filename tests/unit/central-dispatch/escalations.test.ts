import { randomUUID } from 'node:crypto';

import { beforeEach, describe, expect, it } from 'vitest';

import type { Incident } from '../../../src-shared/dispatch/index.js';
import {
  DAY_MS,
  DEFAULT_DEADLINE_CONFIG,
} from '../../../src-shared/dispatch/index.js';
import {
  createDispatchDomain,
  DISPATCH_COLLECTIONS,
  EscalationRecord,
  findEscalations,
  IncidentRecord,
} from '../../../src-central/domains/dispatch/index.js';
import { raiseEscalations } from '../../../src-central/domains/dispatch/escalations.js';
import type {
  CentralDomain,
  CommandActor,
  DomainOutcome,
} from '../../../src-central/domains/types.js';
import {
  accidentAlert,
  alertFixture,
  leader,
  luotian,
  MINUTE,
  officer,
  T0,
} from './fixtures.js';
import { MemoryContext } from './memory-context.js';

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

function incidents(): Incident[] {
  return context
    .list(DISPATCH_COLLECTIONS.incident)
    .map((record) => IncidentRecord.parse(record.data));
}

/** Runs the escalation check at `now` and returns the ids it wrote. */
function checkAt(now: number): string[] {
  context.clock = now;
  return raiseEscalations(
    context,
    findEscalations(incidents(), DEFAULT_DEADLINE_CONFIG, now),
    DEFAULT_DEADLINE_CONFIG.escalation,
    now,
  );
}

function escalation(id: string): EscalationRecord {
  return EscalationRecord.parse(
    context.data(DISPATCH_COLLECTIONS.escalation, id),
  );
}

function escalationPuts(): number {
  return context.events.filter(
    (event) => event.collection === DISPATCH_COLLECTIONS.escalation,
  ).length;
}

function openAccident(): string {
  context.addAlert(accidentAlert('accident-1', T0));
  const id = randomUUID();
  run('incident.open', { incidentId: id, alertId: 'accident-1' });
  return id;
}

beforeEach(() => {
  context = new MemoryContext(T0);
  domain = createDispatchDomain({ divisions: luotian(), seed: 7 });
});

describe('escalation check', () => {
  it('raises nothing while time remains', () => {
    openAccident();
    // The 1-hour milestone is near in its last 15 minutes (the larger of 20 % and 15 min).
    expect(checkAt(T0 + 44 * MINUTE)).toEqual([]);
  });

  it('raises near once', () => {
    const id = openAccident();

    expect(checkAt(T0 + 46 * MINUTE)).toEqual([`${id}:report_to_county:near`]);
    expect(checkAt(T0 + 50 * MINUTE)).toEqual([]);

    const raised = escalation(`${id}:report_to_county:near`);
    expect(raised.state).toBe('near');
    expect(raised.dueAt).toBe(T0 + 60 * MINUTE);
    expect(raised.raisedAt).toBe(T0 + 46 * MINUTE);
    expect(raised.roles).toEqual(['leader_on_duty']);
    expect(raised.acknowledgedAt).toBeNull();
    expect(escalationPuts()).toBe(1);
  });

  it('raises overdue once after near', () => {
    const id = openAccident();
    checkAt(T0 + 50 * MINUTE);

    expect(checkAt(T0 + 61 * MINUTE)).toEqual([
      `${id}:report_to_county:overdue`,
    ]);
    expect(checkAt(T0 + 90 * MINUTE)).toEqual([]);

    const overdue = escalation(`${id}:report_to_county:overdue`);
    expect(overdue.roles).toEqual(['leader_on_duty', 'center_director']);
    expect(escalationPuts()).toBe(2);
  });

  it('stops once the milestone is met', () => {
    const id = openAccident();
    run('incident.command', {
      command: {
        commandId: 'c-1',
        incidentId: id,
        expectedVersion: 0,
        kind: 'accept',
      },
    });
    expect(checkAt(T0 + 90 * MINUTE)).toEqual([]);
  });

  it('raises again when an extension moves the due instant', () => {
    context.addAlert(alertFixture('petition-1'));
    const id = randomUUID();
    run('incident.open', {
      incidentId: id,
      alertId: 'petition-1',
      channel: 'petition',
    });
    run('incident.command', {
      command: {
        commandId: 'c-1',
        incidentId: id,
        expectedVersion: 0,
        kind: 'accept',
      },
    });
    const key = `${id}:handle:near`;

    expect(checkAt(T0 + 50 * DAY_MS)).toEqual([key]);
    run('dispatch.escalation-ack', { escalationId: key }, leader);
    run('incident.command', {
      command: {
        commandId: 'c-2',
        incidentId: id,
        expectedVersion: 1,
        kind: 'request_extension',
        milestone: 'handle',
        reason: '需要补充调查',
      },
    });
    run(
      'incident.command',
      {
        command: {
          commandId: 'c-3',
          incidentId: id,
          expectedVersion: 2,
          kind: 'decide_extension',
          milestone: 'handle',
          decision: 'approved',
        },
        actingRole: 'leader_on_duty',
      },
      leader,
    );

    expect(checkAt(T0 + 60 * DAY_MS)).toEqual([]);
    expect(checkAt(T0 + 80 * DAY_MS)).toEqual([key]);
    expect(escalation(key).dueAt).toBe(T0 + 90 * DAY_MS);
    expect(escalation(key).acknowledgedAt).toBeNull();
  });
});

describe('dispatch.escalation-ack', () => {
  it('acknowledges once', () => {
    const id = openAccident();
    checkAt(T0 + 50 * MINUTE);
    const key = `${id}:report_to_county:near`;
    context.clock = T0 + 52 * MINUTE;

    const first = run('dispatch.escalation-ack', { escalationId: key }, leader);
    const again = run(
      'dispatch.escalation-ack',
      { escalationId: key },
      officer,
    );

    expect(first).toEqual({
      outcome: 'applied',
      result: { escalationId: key, changed: true },
    });
    expect(again).toEqual({
      outcome: 'applied',
      result: { escalationId: key, changed: false },
    });
    expect(escalation(key).acknowledgedAt).toBe(T0 + 52 * MINUTE);
    expect(escalation(key).acknowledgedBy).toBe('leader-wang');
  });

  it('rejects an unknown escalation', () => {
    const outcome = run('dispatch.escalation-ack', { escalationId: 'nope' });
    expect(outcome.outcome === 'rejected' && outcome.error.code).toBe(
      'escalation-not-found',
    );
  });
});
