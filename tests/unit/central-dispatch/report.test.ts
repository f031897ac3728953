// incident.report: an incident opened from a logged call, without an alert behind it.
import { randomUUID } from 'node:crypto';

import { beforeEach, describe, expect, it } from 'vitest';

import type { Incident } from '../../../src-shared/dispatch/index.js';
import {
  AuditRecord,
  createDispatchDomain,
  DISPATCH_COLLECTIONS,
  IncidentRecord,
} from '../../../src-central/domains/dispatch/index.js';
import type {
  CentralDomain,
  DomainOutcome,
} from '../../../src-central/domains/types.js';
import { luotian, MINUTE, officer, T0 } from './fixtures.js';
import { MemoryContext } from './memory-context.js';

let context: MemoryContext;
let domain: CentralDomain;

beforeEach(() => {
  context = new MemoryContext(T0);
  domain = createDispatchDomain({ divisions: luotian(), seed: 7 });
});

function report(payload: Record<string, unknown>): DomainOutcome {
  const handler = domain.commands['incident.report'];
  if (handler === undefined) {
    throw new Error('dispatch domain has no command incident.report');
  }
  return handler(context, officer, payload);
}

function payload(
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    incidentId: randomUUID(),
    title: '凤山大道路口两车相撞',
    place: { townName: '凤山镇', address: '凤山大道与义水路口' },
    eventType: { code: null, label: '道路交通事故' },
    emergencyClass: 'accident',
    level: 4,
    channel: 'platform',
    occurredAt: T0 - 15 * MINUTE,
    logEntryId: 'log-20260715-001',
    ...overrides,
  };
}

function incident(id: string): Incident {
  return IncidentRecord.parse(context.data(DISPATCH_COLLECTIONS.incident, id));
}

function audit(): AuditRecord[] {
  return context
    .list(DISPATCH_COLLECTIONS.audit)
    .map((record) => AuditRecord.parse(record.data));
}

function rejection(outcome: DomainOutcome): { code: string; message: string } {
  if (outcome.outcome !== 'rejected') {
    expect.fail(`expected a rejection, got ${JSON.stringify(outcome)}`);
  }
  return outcome.error;
}

describe('incident.report', () => {
  it('opens a reported incident without alert', () => {
    const input = payload();
    const outcome = report(input);

    expect(outcome).toEqual({
      outcome: 'applied',
      result: {
        incidentId: input['incidentId'],
        version: 0,
        changed: true,
        logEntryId: 'log-20260715-001',
      },
    });
    const opened = incident(String(input['incidentId']));
    expect(opened.state).toBe('reported');
    expect(opened.originAlertIds).toEqual([]);
    expect(opened.title).toBe('凤山大道路口两车相撞');
    expect(opened.place).toEqual({
      divisionCode: null,
      townCode: null,
      townName: '凤山镇',
      villageName: null,
      address: '凤山大道与义水路口',
      lat: null,
      lon: null,
    });
    expect(opened.occurredAt).toBe(T0 - 15 * MINUTE);
    expect(opened.reportedAt).toBe(T0);
    expect(opened.timeline[0]?.who).toBe('officer-li');
    // The accident deadlines of the default table apply, as for an incident from an alert.
    expect(opened.milestones.length).toBeGreaterThan(0);
  });

  it('audits the log entry it came from', () => {
    report(payload());
    const entry = audit()[0];
    expect(entry?.name).toBe('incident.report');
    expect(entry?.outcome).toBe('applied');
    expect(entry?.summary).toContain('log-20260715-001');
  });

  it('is idempotent for a replay', () => {
    const input = payload();
    report(input);
    const before = context.events.length;

    const again = report(input);

    expect(again.outcome === 'applied' && again.result['changed']).toBe(false);
    const incidentWrites = context.events
      .slice(before)
      .filter((event) => event.collection === DISPATCH_COLLECTIONS.incident);
    expect(incidentWrites).toHaveLength(0);
  });

  it('rejects an existing id of another incident', () => {
    const input = payload();
    report(input);

    const outcome = report({ ...input, title: '另一起事件' });

    expect(rejection(outcome).code).toBe('already-exists');
  });

  it('rejects a future occurrence', () => {
    const error = rejection(report(payload({ occurredAt: T0 + MINUTE })));
    expect(error.code).toBe('invalid-payload');
    expect(error.message).toContain('occurredAt');
  });

  it('rejects a blank title', () => {
    const error = rejection(report(payload({ title: '  ' })));
    expect(error.code).toBe('invalid-payload');
    expect(error.message).toContain('title');
  });

  it('rejects an unknown level', () => {
    expect(rejection(report(payload({ level: 5 }))).code).toBe(
      'invalid-payload',
    );
  });

  it('rejects an id that is not a uuid', () => {
    expect(rejection(report(payload({ incidentId: 'x' }))).code).toBe(
      'invalid-payload',
    );
  });

  it('audits a rejection', () => {
    report(payload({ title: '' }));
    const entry = audit()[0];
    expect(entry?.outcome).toBe('rejected');
    expect(entry?.code).toBe('invalid-payload');
  });
});
