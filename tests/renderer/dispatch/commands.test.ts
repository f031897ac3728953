import { describe, expect, it } from 'vitest';

import { IncidentCommand } from '../../../src-shared/dispatch/index.js';
import type {
  CommandDraft,
  TrackedCommand,
} from '../../../src-renderer/src/console/dispatch/commands.js';
import {
  buildAttachPayload,
  buildEscalationAckPayload,
  buildIncidentCommand,
  buildOpenPayload,
  expectedVersionFor,
  expectedVersionsOf,
  predictCommand,
  RESULT_GRACE_MS,
} from '../../../src-renderer/src/console/dispatch/commands.js';
import { makeAlert, makeIncident, T0 } from './fixtures.js';

function tracked(
  key: string,
  expected: Record<string, number>,
  leftOutboxAt: number | null = null,
): TrackedCommand {
  return {
    key,
    outboxId: `outbox-${key}`,
    installSeq: 1,
    name: 'incident.command',
    kind: 'accept',
    incidentId: Object.keys(expected)[0] ?? null,
    alertId: null,
    escalationId: null,
    expected,
    drafts: {},
    submittedAt: T0,
    leftOutboxAt,
  };
}

function context(list: TrackedCommand[] = []) {
  let counter = 0;
  const incidents = new Map([
    ['target', makeIncident({ id: 'target', version: 7 })],
  ]);
  return {
    tracked: list,
    now: T0,
    newId: () => `cmd-${++counter}`,
    lookup: (id: string) => incidents.get(id),
  };
}

describe('expected version', () => {
  const incident = makeIncident({ id: 'inc', version: 3 });

  it('equals the version when nothing is queued', () => {
    expect(expectedVersionFor(incident, [], T0)).toBe(3);
  });

  it('adds the commands still queued for the incident', () => {
    const queue = [
      tracked('a', { inc: 3 }),
      tracked('b', { inc: 4 }),
      tracked('c', { other: 0 }),
    ];
    expect(expectedVersionFor(incident, queue, T0)).toBe(5);
  });

  it('ignores queued commands the version has already passed', () => {
    const queue = [tracked('a', { inc: 2 }), tracked('b', { inc: 3 })];
    expect(expectedVersionFor(incident, queue, T0)).toBe(4);
  });

  it('stops counting a command once its result grace has passed', () => {
    const left = tracked('a', { inc: 3 }, T0);
    expect(expectedVersionFor(incident, [left], T0 + RESULT_GRACE_MS)).toBe(4);
    expect(expectedVersionFor(incident, [left], T0 + RESULT_GRACE_MS + 1)).toBe(
      3,
    );
  });

  it('counts a queued merge on both incidents', () => {
    const merge = tracked('m', { inc: 3, target: 7 });
    expect(expectedVersionFor({ id: 'target', version: 7 }, [merge], T0)).toBe(
      8,
    );
  });
});

describe('incident command payloads', () => {
  const incident = makeIncident({
    id: 'inc',
    version: 2,
    state: 'in_progress',
  });
  const drafts: CommandDraft[] = [
    { kind: 'accept' },
    { kind: 'accept', note: '已电话核实' },
    { kind: 'dispatch', resourceIds: ['r1', 'r2'] },
    { kind: 'start' },
    { kind: 'feedback', result: '火已扑灭' },
    { kind: 'verify' },
    { kind: 'close', note: '' },
    { kind: 'cancel', reason: '重复报警' },
    { kind: 'merge', targetIncidentId: 'target' },
    { kind: 'reopen', reason: '现场复燃' },
    { kind: 'request_extension', milestone: 'handle', reason: '等待鉴定' },
    { kind: 'decide_extension', milestone: 'handle', decision: 'approved' },
  ];

  for (const draft of drafts) {
    it(`builds a valid ${draft.kind} command`, () => {
      const command = buildIncidentCommand(incident, draft, context());
      expect(IncidentCommand.parse(command)).toEqual(command);
      expect(command.incidentId).toBe('inc');
      expect(command.expectedVersion).toBe(2);
      expect(command.commandId).toBe('cmd-1');
    });
  }

  it('omits a blank optional note', () => {
    const command = buildIncidentCommand(
      incident,
      { kind: 'close', note: '  ' },
      context(),
    );
    expect('note' in command).toBe(false);
  });

  it('gives a merge the target version plus its queue', () => {
    const command = buildIncidentCommand(
      incident,
      { kind: 'merge', targetIncidentId: 'target' },
      context([tracked('q', { target: 7 })]),
    );
    expect(command.kind).toBe('merge');
    expect(
      command.kind === 'merge' ? command.targetExpectedVersion : null,
    ).toBe(8);
    expect(expectedVersionsOf(command)).toEqual({ inc: 2, target: 8 });
  });

  it('raises on a blank reason', () => {
    expect(() =>
      buildIncidentCommand(
        incident,
        { kind: 'cancel', reason: '   ' },
        context(),
      ),
    ).toThrow(/reason/);
  });

  it('raises on an unknown merge target', () => {
    expect(() =>
      buildIncidentCommand(
        incident,
        { kind: 'merge', targetIncidentId: 'gone' },
        context(),
      ),
    ).toThrow(/gone is not loaded/);
  });
});

describe('other payloads', () => {
  it('opens an incident from an alert', () => {
    expect(buildOpenPayload(makeAlert({ id: 'al-9' }), 'new-1')).toEqual({
      incidentId: 'new-1',
      alertId: 'al-9',
    });
    expect(
      buildOpenPayload(makeAlert({ id: 'al-9' }), 'new-1', 'petition'),
    ).toEqual({
      incidentId: 'new-1',
      alertId: 'al-9',
      channel: 'petition',
    });
  });

  it('attaches an alert at the queued version', () => {
    const incident = makeIncident({ id: 'inc', version: 5 });
    expect(
      buildAttachPayload(incident, 'al-2', [tracked('a', { inc: 5 })], T0),
    ).toEqual({
      incidentId: 'inc',
      alertId: 'al-2',
      expectedVersion: 6,
    });
  });

  it('acknowledges an escalation by id', () => {
    expect(buildEscalationAckPayload('esc-1')).toEqual({
      escalationId: 'esc-1',
    });
  });
});

describe('optimistic prediction', () => {
  const actor = { id: 'officer-1', role: 'duty_officer' as const };

  it('shows the next state and keeps the shown version', () => {
    const incident = makeIncident({ id: 'inc', version: 2 });
    const command = buildIncidentCommand(
      incident,
      { kind: 'accept' },
      context(),
    );
    const [record] = predictCommand(
      command,
      incident,
      actor,
      T0,
      () => undefined,
    );
    expect(record?.data['state']).toBe('accepted');
    expect(record?.data['version']).toBe(2);
  });

  it('raises on a transition the state does not allow', () => {
    const incident = makeIncident({ id: 'inc', state: 'closed' });
    const command = buildIncidentCommand(
      incident,
      { kind: 'accept' },
      context(),
    );
    expect(() =>
      predictCommand(command, incident, actor, T0, () => undefined),
    ).toThrow(/cannot take "accept"/);
  });

  it('leaves a leader-only decision to the central', () => {
    const incident = makeIncident({ id: 'inc', channel: 'petition' });
    const command = buildIncidentCommand(
      incident,
      { kind: 'decide_extension', milestone: 'handle', decision: 'rejected' },
      context(),
    );
    expect(
      predictCommand(command, incident, actor, T0, () => undefined),
    ).toEqual([]);
  });
});
