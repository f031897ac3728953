import { describe, expect, it } from 'vitest';

import type {
  CommandKind,
  Incident,
  IncidentCommand,
  IncidentState,
} from '../../../src-shared/dispatch/index.js';
import {
  applyCommand,
  applyTransition,
  attachAlert,
  COMMAND_KINDS,
  DispatchInputError,
  IllegalTransitionError,
  IncidentState as IncidentStateSchema,
  MergeTargetError,
  MissingReasonError,
  parseCommand,
  StaleVersionError,
  UnknownIncidentError,
} from '../../../src-shared/dispatch/index.js';
import {
  commandFor,
  leader,
  officer,
  openIncident,
  step,
  t,
} from './fixtures.js';

const T0 = t('2026-07-15T02:20:00Z');
const minutes = (n: number): number => T0 + n * 60_000;

describe('incident lifecycle happy path', () => {
  it('walks reported to closed with one entry per step', () => {
    let incident = openIncident();
    expect(incident.state).toBe('reported');
    expect(incident.version).toBe(0);

    incident = step(incident, { kind: 'accept' }, minutes(1));
    incident = step(
      incident,
      { kind: 'dispatch', resourceIds: ['r1', 'r2'] },
      minutes(2),
    );
    incident = step(
      incident,
      { kind: 'dispatch', resourceIds: ['r2', 'r3'] },
      minutes(3),
    );
    incident = step(incident, { kind: 'start' }, minutes(20));
    incident = step(
      incident,
      { kind: 'feedback', result: '已疏散人员，现场封控' },
      minutes(90),
    );
    incident = step(incident, { kind: 'verify' }, minutes(120));
    incident = step(incident, { kind: 'close', note: '结案' }, minutes(130));

    expect(incident.state).toBe('closed');
    expect(incident.version).toBe(7);
    expect(incident.assignedResourceIds).toEqual(['r1', 'r2', 'r3']);
    expect(incident.feedback).toBe('已疏散人员，现场封控');
    expect(incident.timeline.map((e) => [e.from, e.to])).toEqual([
      [null, 'reported'],
      ['reported', 'accepted'],
      ['accepted', 'dispatched'],
      ['dispatched', 'dispatched'],
      ['dispatched', 'in_progress'],
      ['in_progress', 'feedback'],
      ['feedback', 'verified'],
      ['verified', 'closed'],
    ]);
    expect(incident.timeline.at(-1)?.why).toBe('结案');
    expect(incident.timeline.at(-1)?.who).toBe('officer-li');
    expect(incident.timeline.at(-1)?.when).toBe(minutes(130));
    expect(incident.enteredAt.accepted).toBe(minutes(1));
    expect(incident.enteredAt.closed).toBe(minutes(130));
  });

  it('returns the entry it appended and leaves the input alone', () => {
    const incident = openIncident();
    const command = commandFor(incident, { kind: 'accept' });
    const result = applyTransition(incident, command, officer, minutes(1));

    expect(result.entry).toEqual({
      who: 'officer-li',
      when: minutes(1),
      from: 'reported',
      to: 'accepted',
      why: '受理',
      action: 'accept',
      commandId: command.commandId,
    });
    expect(result.incident.timeline.at(-1)).toEqual(result.entry);
    expect(incident.state).toBe('reported');
    expect(incident.timeline).toHaveLength(1);
  });

  it('reopens a closed incident into in_progress', () => {
    let incident = openIncident();
    for (const body of [
      { kind: 'accept' },
      { kind: 'dispatch', resourceIds: ['r1'] },
      { kind: 'start' },
      { kind: 'feedback', result: '已处理' },
      { kind: 'verify' },
      { kind: 'close' },
    ] as const) {
      incident = step(incident, body, minutes(incident.version + 1));
    }
    const closedAt = incident.enteredAt.closed;

    incident = step(
      incident,
      { kind: 'reopen', reason: '群众回访不满意' },
      minutes(200),
    );
    expect(incident.state).toBe('in_progress');
    expect(incident.timeline.at(-1)?.why).toContain('群众回访不满意');
    expect(incident.assignedResourceIds).toEqual(['r1']);
    expect(incident.enteredAt.closed).toBe(closedAt);

    incident = step(
      incident,
      { kind: 'feedback', result: '二次处理完毕' },
      minutes(300),
    );
    incident = step(incident, { kind: 'verify' }, minutes(310));
    incident = step(incident, { kind: 'close' }, minutes(320));
    expect(incident.state).toBe('closed');
    expect(incident.version).toBe(10);
  });

  it('cancels with the reason on the timeline', () => {
    const incident = step(
      openIncident(),
      { kind: 'cancel', reason: '误报' },
      minutes(5),
    );
    expect(incident.state).toBe('cancelled');
    expect(incident.timeline.at(-1)?.why).toBe('撤销：误报');
  });
});

/** Legal (state, command) pairs, written by hand so the test does not trust the source table. */
const LEGAL: Record<IncidentState, readonly CommandKind[]> = {
  reported: [
    'accept',
    'cancel',
    'merge',
    'request_extension',
    'decide_extension',
  ],
  accepted: [
    'dispatch',
    'cancel',
    'merge',
    'request_extension',
    'decide_extension',
  ],
  dispatched: [
    'dispatch',
    'start',
    'cancel',
    'merge',
    'request_extension',
    'decide_extension',
  ],
  in_progress: [
    'dispatch',
    'feedback',
    'cancel',
    'merge',
    'request_extension',
    'decide_extension',
  ],
  feedback: ['verify', 'cancel', 'request_extension', 'decide_extension'],
  verified: ['close', 'cancel', 'request_extension', 'decide_extension'],
  closed: ['reopen'],
  cancelled: [],
  merged: [],
};

const BODIES: Record<CommandKind, Record<string, unknown>> = {
  accept: {},
  dispatch: { resourceIds: ['r1'] },
  start: {},
  feedback: { result: '已处理' },
  verify: {},
  close: {},
  cancel: { reason: '误报' },
  merge: { targetIncidentId: 'inc-target', targetExpectedVersion: 0 },
  reopen: { reason: '回访不满意' },
  request_extension: { milestone: 'handle', reason: '需要鉴定' },
  decide_extension: { milestone: 'handle', decision: 'approved' },
};

function attempt(state: IncidentState, kind: CommandKind): unknown {
  const incident: Incident = {
    ...openIncident({ channel: 'petition' }),
    state,
  };
  const command = commandFor(incident, { kind, ...BODIES[kind] });
  try {
    applyTransition(incident, command, leader, minutes(1));
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('transition table', () => {
  const cases = IncidentStateSchema.options.flatMap((state) =>
    COMMAND_KINDS.map((kind) => ({
      state,
      kind,
      legal: LEGAL[state].includes(kind),
    })),
  );

  it('covers every command kind', () => {
    expect([...COMMAND_KINDS].sort()).toEqual(Object.keys(BODIES).sort());
  });

  it.each(cases.filter((c) => !c.legal))(
    'rejects $kind from $state',
    ({ state, kind }) => {
      const error = attempt(state, kind);
      expect(error).toBeInstanceOf(IllegalTransitionError);
      expect((error as IllegalTransitionError).currentState).toBe(state);
      expect((error as IllegalTransitionError).attempted).toBe(kind);
      expect((error as Error).message).toContain(`"${state}"`);
      expect((error as Error).message).toContain(`"${kind}"`);
    },
  );

  it.each(cases.filter((c) => c.legal))(
    'allows $kind from $state',
    ({ state, kind }) => {
      // Some legal moves still fail on their own preconditions (no pending extension here);
      // what matters is that the table lets them through.
      expect(attempt(state, kind)).not.toBeInstanceOf(IllegalTransitionError);
    },
  );
});

describe('concurrency and lookup', () => {
  it('rejects a command based on a stale version', () => {
    const reported = openIncident();
    const staleCommand = commandFor(reported, { kind: 'accept' });
    const accepted = applyTransition(
      reported,
      staleCommand,
      officer,
      minutes(1),
    ).incident;

    const retry = { ...staleCommand, commandId: 'cmd-retry' };
    const error = (() => {
      try {
        applyTransition(accepted, retry, officer, minutes(2));
        return undefined;
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(StaleVersionError);
    expect((error as StaleVersionError).expectedVersion).toBe(0);
    expect((error as StaleVersionError).currentVersion).toBe(1);
  });

  it('checks the version before the state', () => {
    const incident: Incident = {
      ...openIncident(),
      state: 'closed',
      version: 4,
    };
    const command = parseCommand({
      commandId: 'c',
      incidentId: incident.id,
      expectedVersion: 3,
      kind: 'accept',
    });
    expect(() =>
      applyTransition(incident, command, officer, minutes(1)),
    ).toThrow(StaleVersionError);
  });

  it('raises UnknownIncidentError for a missing id', () => {
    const command = commandFor(openIncident({ id: 'inc-ghost' }), {
      kind: 'accept',
    });
    expect(() => applyCommand(new Map(), command, officer, minutes(1))).toThrow(
      UnknownIncidentError,
    );
  });

  it('rejects a command aimed at another incident', () => {
    const command = commandFor(openIncident({ id: 'inc-other' }), {
      kind: 'accept',
    });
    expect(() =>
      applyTransition(openIncident(), command, officer, minutes(1)),
    ).toThrow(DispatchInputError);
  });
});

describe('reasons', () => {
  it('rejects a blank reopen reason at the schema', () => {
    expect(() =>
      parseCommand({
        commandId: 'c',
        incidentId: 'inc-1',
        expectedVersion: 7,
        kind: 'reopen',
        reason: '   ',
      }),
    ).toThrow(DispatchInputError);
  });

  it('rejects a reopen without reason', () => {
    expect(() =>
      parseCommand({
        commandId: 'c',
        incidentId: 'inc-1',
        expectedVersion: 7,
        kind: 'reopen',
      }),
    ).toThrow(/reason/);
  });

  it('rejects a blank reason that skipped the schema', () => {
    const closed: Incident = { ...openIncident(), state: 'closed' };
    const command: IncidentCommand = {
      commandId: 'c',
      incidentId: closed.id,
      expectedVersion: closed.version,
      kind: 'reopen',
      reason: ' ',
    };
    expect(() => applyTransition(closed, command, officer, minutes(1))).toThrow(
      MissingReasonError,
    );
  });

  it('rejects repeated resource ids in dispatch', () => {
    expect(() =>
      parseCommand({
        commandId: 'c',
        incidentId: 'inc-1',
        expectedVersion: 0,
        kind: 'dispatch',
        resourceIds: ['r1', 'r1'],
      }),
    ).toThrow(/unique/);
  });
});

describe('merging incidents', () => {
  const source = openIncident({
    id: 'inc-dup',
    originAlertIds: ['alert-7', 'alert-8'],
  });
  const target = openIncident({
    id: 'inc-main',
    originAlertIds: ['alert-1', 'alert-7'],
  });
  const store = new Map([
    [source.id, source],
    [target.id, target],
  ]);

  it('keeps the merged alert ids on the target', () => {
    const command = commandFor(source, {
      kind: 'merge',
      targetIncidentId: target.id,
      targetExpectedVersion: target.version,
    });
    const outcome = applyCommand(store, command, officer, minutes(4));
    const [merged, absorbed] = outcome.updated;

    expect(merged?.state).toBe('merged');
    expect(merged?.mergedInto).toBe('inc-main');
    expect(absorbed?.state).toBe('reported');
    expect(absorbed?.version).toBe(1);
    expect(absorbed?.originAlertIds).toEqual(['alert-1', 'alert-7', 'alert-8']);
    expect(outcome.entries[1]?.action).toBe('absorb_incident');
    expect(outcome.entries[1]?.commandId).toBe(command.commandId);
  });

  it('rejects a merge into itself', () => {
    const command = commandFor(source, {
      kind: 'merge',
      targetIncidentId: source.id,
      targetExpectedVersion: source.version,
    });
    expect(() => applyCommand(store, command, officer, minutes(4))).toThrow(
      MergeTargetError,
    );
  });

  it('rejects a merge into a closed incident', () => {
    const closed: Incident = { ...target, state: 'closed' };
    const command = commandFor(source, {
      kind: 'merge',
      targetIncidentId: closed.id,
      targetExpectedVersion: closed.version,
    });
    const closedStore = new Map([
      [source.id, source],
      [closed.id, closed],
    ]);
    expect(() =>
      applyCommand(closedStore, command, officer, minutes(4)),
    ).toThrow(MergeTargetError);
  });

  it('rejects a stale target version', () => {
    const command = commandFor(source, {
      kind: 'merge',
      targetIncidentId: target.id,
      targetExpectedVersion: target.version + 1,
    });
    expect(() => applyCommand(store, command, officer, minutes(4))).toThrow(
      StaleVersionError,
    );
  });

  it('raises UnknownIncidentError for a missing target', () => {
    const command = commandFor(source, {
      kind: 'merge',
      targetIncidentId: 'inc-gone',
      targetExpectedVersion: 0,
    });
    expect(() => applyCommand(store, command, officer, minutes(4))).toThrow(
      UnknownIncidentError,
    );
  });

  it('attaches a duplicate alert to an open incident', () => {
    const result = attachAlert(
      target,
      'alert-9',
      target.version,
      officer,
      minutes(5),
    );
    expect(result.incident.originAlertIds).toEqual([
      'alert-1',
      'alert-7',
      'alert-9',
    ]);
    expect(result.entry.from).toBe(result.entry.to);
    expect(() =>
      attachAlert(target, 'alert-9', 5, officer, minutes(5)),
    ).toThrow(StaleVersionError);
  });
});
