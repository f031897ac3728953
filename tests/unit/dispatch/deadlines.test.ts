import { describe, expect, it } from 'vitest';

import type {
  Actor,
  DeadlineConfig,
  Incident,
  MilestoneStatus,
} from '../../../src-shared/dispatch/index.js';
import {
  applyTransition,
  DEFAULT_DEADLINE_CONFIG,
  DispatchInputError,
  escalationTargets,
  ExtensionLimitError,
  ExtensionNotAllowedError,
  ExtensionStateError,
  findDeadlineRule,
  milestoneStatuses,
  parseDeadlineConfig,
  PermissionDeniedError,
  UnknownMilestoneError,
} from '../../../src-shared/dispatch/index.js';
import { commandFor, leader, officer, openIncident, t } from './fixtures.js';

const MIN = 60_000;

function statusAt(
  incident: Incident,
  key: string,
  now: number,
): MilestoneStatus {
  const found = milestoneStatuses(incident, DEFAULT_DEADLINE_CONFIG, now).find(
    (s) => s.key === key,
  );
  if (found === undefined) {
    throw new Error(`milestone ${key} missing`);
  }
  return found;
}

function run(
  incident: Incident,
  body: Record<string, unknown> & {
    kind: Parameters<typeof commandFor>[1]['kind'];
  },
  at: number,
  actor: Actor = officer,
): Incident {
  return applyTransition(incident, commandFor(incident, body), actor, at)
    .incident;
}

describe('seeded deadline rules', () => {
  it('gives a work-safety accident 1 hour from occurrence', () => {
    const incident = openIncident({ emergencyClass: 'accident' });
    const status = statusAt(
      incident,
      'report_to_county',
      t('2026-07-15T02:20:00Z'),
    );

    expect(incident.milestones.map((m) => m.ruleId)).toEqual([
      'work-safety-accident',
    ]);
    expect(status.startAt).toBe(t('2026-07-15T02:10:00Z'));
    expect(status.dueAt).toBe(t('2026-07-15T03:10:00Z'));
    expect(status.state).toBe('ok');
    expect(status.remainingMs).toBe(50 * MIN);
  });

  it('gives a public-health emergency 2 hours from occurrence', () => {
    const incident = openIncident({
      emergencyClass: 'public_health',
      eventType: { code: null, label: '聚集性腹泻' },
    });
    const status = statusAt(
      incident,
      'report_to_county',
      t('2026-07-15T02:20:00Z'),
    );

    expect(incident.milestones.map((m) => m.ruleId)).toEqual([
      'public-health-emergency',
    ]);
    expect(status.dueAt).toBe(t('2026-07-15T04:10:00Z'));
  });

  it('gives a petition 15 days to register and 60 to handle', () => {
    const reportedAt = t('2026-03-01T01:00:00Z');
    const petition = openIncident(
      {
        channel: 'petition',
        emergencyClass: null,
        eventType: { code: '0902', label: '宅基地使用' },
      },
      reportedAt,
    );

    const register = statusAt(petition, 'register', reportedAt);
    expect(register.dueAt).toBe(t('2026-03-16T01:00:00Z'));
    const handleBefore = statusAt(petition, 'handle', reportedAt);
    expect(handleBefore.state).toBe('not_started');
    expect(handleBefore.dueAt).toBeNull();

    const acceptedAt = t('2026-03-05T08:30:00Z');
    const accepted = run(petition, { kind: 'accept' }, acceptedAt);
    expect(statusAt(accepted, 'register', acceptedAt).state).toBe('met');
    const handle = statusAt(accepted, 'handle', acceptedAt);
    expect(handle.startAt).toBe(acceptedAt);
    expect(handle.dueAt).toBe(t('2026-05-04T08:30:00Z'));
  });

  it('tracks nothing for a class without a rule', () => {
    const incident = openIncident({ emergencyClass: 'social_security' });
    expect(incident.milestones).toEqual([]);
    expect(milestoneStatuses(incident, DEFAULT_DEADLINE_CONFIG, 0)).toEqual([]);
  });
});

describe('near and overdue boundaries', () => {
  // Work-safety: due 03:10Z, span 60 min, near band max(20 % of 60, 15) = 15 min.
  const incident = openIncident();
  const due = t('2026-07-15T03:10:00Z');

  it('is ok one millisecond before the near band', () => {
    expect(
      statusAt(incident, 'report_to_county', due - 15 * MIN - 1).state,
    ).toBe('ok');
  });

  it('is near at the start of the band', () => {
    const status = statusAt(incident, 'report_to_county', due - 15 * MIN);
    expect(status.state).toBe('near');
    expect(status.remainingMs).toBe(15 * MIN);
  });

  it('is near, not overdue, exactly at the due instant', () => {
    const status = statusAt(incident, 'report_to_county', due);
    expect(status.state).toBe('near');
    expect(status.remainingMs).toBe(0);
    expect(status.overdueMs).toBe(0);
  });

  it('is overdue one millisecond after due', () => {
    const status = statusAt(incident, 'report_to_county', due + 1);
    expect(status.state).toBe('overdue');
    expect(status.remainingMs).toBe(0);
    expect(status.overdueMs).toBe(1);
  });

  it('uses the fraction when it is wider than the minimum', () => {
    // Public health: 2 h span, 20 % = 24 min.
    const health = openIncident({ emergencyClass: 'public_health' });
    const healthDue = t('2026-07-15T04:10:00Z');
    expect(
      statusAt(health, 'report_to_county', healthDue - 24 * MIN).state,
    ).toBe('near');
    expect(
      statusAt(health, 'report_to_county', healthDue - 24 * MIN - 1).state,
    ).toBe('ok');
  });

  it('counts a milestone met at the due instant as on time', () => {
    const accepted = run(incident, { kind: 'accept' }, due);
    const status = statusAt(accepted, 'report_to_county', due + 60 * MIN);
    expect(status.state).toBe('met');
    expect(status.late).toBe(false);
  });

  it('counts a milestone met after due as late', () => {
    const accepted = run(incident, { kind: 'accept' }, due + 1);
    const status = statusAt(accepted, 'report_to_county', due + 60 * MIN);
    expect(status.state).toBe('met');
    expect(status.late).toBe(true);
    expect(status.overdueMs).toBe(1);
  });

  it('stops the clock of a cancelled incident', () => {
    const cancelled = run(
      incident,
      { kind: 'cancel', reason: '误报' },
      due - MIN,
    );
    expect(statusAt(cancelled, 'report_to_county', due + MIN).state).toBe(
      'stopped',
    );
  });
});

describe('escalation', () => {
  const incident = openIncident();
  const due = t('2026-07-15T03:10:00Z');
  const onDuty = { leader_on_duty: 'leader-wang' };

  it('tells the leader on duty when near', () => {
    const statuses = milestoneStatuses(
      incident,
      DEFAULT_DEADLINE_CONFIG,
      due - 5 * MIN,
    );
    expect(
      escalationTargets(
        incident,
        statuses,
        DEFAULT_DEADLINE_CONFIG.escalation,
        onDuty,
      ),
    ).toEqual([
      {
        role: 'leader_on_duty',
        personId: 'leader-wang',
        incidentId: 'inc-1',
        milestone: 'report_to_county',
        state: 'near',
      },
    ]);
  });

  it('adds the director when overdue', () => {
    const statuses = milestoneStatuses(
      incident,
      DEFAULT_DEADLINE_CONFIG,
      due + MIN,
    );
    const targets = escalationTargets(
      incident,
      statuses,
      DEFAULT_DEADLINE_CONFIG.escalation,
      onDuty,
    );
    expect(targets.map((x) => [x.role, x.personId, x.state])).toEqual([
      ['leader_on_duty', 'leader-wang', 'overdue'],
      ['center_director', null, 'overdue'],
    ]);
  });

  it('escalates nothing while ok', () => {
    const statuses = milestoneStatuses(
      incident,
      DEFAULT_DEADLINE_CONFIG,
      due - 30 * MIN,
    );
    expect(
      escalationTargets(
        incident,
        statuses,
        DEFAULT_DEADLINE_CONFIG.escalation,
        onDuty,
      ),
    ).toEqual([]);
  });
});

describe('deadline extensions', () => {
  const acceptedAt = t('2026-03-05T08:30:00Z');
  const baseDue = t('2026-05-04T08:30:00Z');
  const extendedDue = t('2026-06-03T08:30:00Z');
  const petition = run(
    openIncident(
      { channel: 'petition', emergencyClass: null },
      t('2026-03-01T01:00:00Z'),
    ),
    { kind: 'accept' },
    acceptedAt,
  );
  const later = t('2026-04-20T00:00:00Z');

  function requested(incident: Incident = petition): Incident {
    return run(
      incident,
      {
        kind: 'request_extension',
        milestone: 'handle',
        reason: '需要土地权属鉴定',
      },
      later,
    );
  }

  it('moves the deadline by 30 days on approval', () => {
    const pending = requested();
    expect(statusAt(pending, 'handle', later).extensionPending).toBe(true);
    expect(statusAt(pending, 'handle', later).dueAt).toBe(baseDue);

    const approved = run(
      pending,
      { kind: 'decide_extension', milestone: 'handle', decision: 'approved' },
      later + MIN,
      leader,
    );
    const status = statusAt(approved, 'handle', later + MIN);
    expect(status.dueAt).toBe(extendedDue);
    expect(status.extensionsGranted).toBe(1);
    expect(status.extensionPending).toBe(false);

    const [request, decision] = approved.timeline.slice(-2);
    expect(request?.action).toBe('request_extension');
    expect(request?.who).toBe('officer-li');
    expect(request?.from).toBe('accepted');
    expect(request?.to).toBe('accepted');
    expect(request?.why).toContain('需要土地权属鉴定');
    expect(decision?.action).toBe('decide_extension');
    expect(decision?.who).toBe('leader-wang');
    expect(decision?.why).toContain('批准延期');
  });

  it('keeps the deadline on rejection', () => {
    const rejected = run(
      requested(),
      {
        kind: 'decide_extension',
        milestone: 'handle',
        decision: 'rejected',
        note: '材料不足',
      },
      later + MIN,
      leader,
    );
    const status = statusAt(rejected, 'handle', later + MIN);
    expect(status.dueAt).toBe(baseDue);
    expect(status.extensionsGranted).toBe(0);
    expect(rejected.timeline.at(-1)?.why).toBe(
      '驳回延期（60日内办结）：材料不足',
    );
  });

  it('lets a rejected request be made again', () => {
    const rejected = run(
      requested(),
      { kind: 'decide_extension', milestone: 'handle', decision: 'rejected' },
      later + MIN,
      leader,
    );
    expect(
      statusAt(requested(rejected), 'handle', later).extensionPending,
    ).toBe(true);
  });

  it('allows only one approved extension', () => {
    const approved = run(
      requested(),
      { kind: 'decide_extension', milestone: 'handle', decision: 'approved' },
      later + MIN,
      leader,
    );
    expect(() => requested(approved)).toThrow(ExtensionLimitError);
  });

  it('rejects a decision by a duty officer', () => {
    const pending = requested();
    const command = commandFor(pending, {
      kind: 'decide_extension',
      milestone: 'handle',
      decision: 'approved',
    });
    expect(() => applyTransition(pending, command, officer, later)).toThrow(
      PermissionDeniedError,
    );
  });

  it('rejects a second request while one is pending', () => {
    expect(() => requested(requested())).toThrow(ExtensionStateError);
  });

  it('rejects a decision with nothing pending', () => {
    const command = commandFor(petition, {
      kind: 'decide_extension',
      milestone: 'handle',
      decision: 'approved',
    });
    expect(() => applyTransition(petition, command, leader, later)).toThrow(
      ExtensionStateError,
    );
  });

  it('rejects extending a milestone whose rule allows none', () => {
    expect(() =>
      run(
        petition,
        {
          kind: 'request_extension',
          milestone: 'register',
          reason: '人手不足',
        },
        later,
      ),
    ).toThrow(ExtensionNotAllowedError);
  });

  it('rejects an unknown milestone', () => {
    expect(() =>
      run(
        petition,
        { kind: 'request_extension', milestone: 'nope', reason: '测试' },
        later,
      ),
    ).toThrow(UnknownMilestoneError);
  });
});

describe('deadline table', () => {
  const specific: DeadlineConfig = {
    ...DEFAULT_DEADLINE_CONFIG,
    rules: [
      ...DEFAULT_DEADLINE_CONFIG.rules,
      {
        id: 'mine-accident-major',
        match: {
          emergencyClass: 'accident',
          typeCodePrefix: '1304',
          levels: [1, 2],
        },
        milestones: [
          {
            key: 'report_to_county',
            label: '30分钟内报告县级',
            startsAt: 'occurred',
            within: { amount: 30, unit: 'minutes' },
            metWhen: 'accepted',
            source: '县级预案（示例）',
          },
        ],
      },
    ],
  };
  const subject = {
    channel: 'platform' as const,
    emergencyClass: 'accident' as const,
    eventTypeCode: '1304',
  };

  it('prefers the most specific matching rule', () => {
    expect(findDeadlineRule(specific, { ...subject, level: 2 })?.id).toBe(
      'mine-accident-major',
    );
  });

  it('skips a rule whose levels do not match', () => {
    expect(findDeadlineRule(specific, { ...subject, level: 4 })?.id).toBe(
      'work-safety-accident',
    );
  });

  it('parses the seeded table', () => {
    expect(
      parseDeadlineConfig(structuredClone(DEFAULT_DEADLINE_CONFIG)),
    ).toEqual(DEFAULT_DEADLINE_CONFIG);
  });

  it('rejects duplicate rule ids', () => {
    const doubled = {
      ...DEFAULT_DEADLINE_CONFIG,
      rules: [
        ...DEFAULT_DEADLINE_CONFIG.rules,
        DEFAULT_DEADLINE_CONFIG.rules[0],
      ],
    };
    expect(() => parseDeadlineConfig(doubled)).toThrow(/appears twice/);
  });

  it('rejects a non-positive span', () => {
    const broken = structuredClone(DEFAULT_DEADLINE_CONFIG) as unknown as {
      rules: { milestones: { within: { amount: number } }[] }[];
    };
    const first = broken.rules[0]?.milestones[0];
    if (first) {
      first.within.amount = 0;
    }
    expect(() => parseDeadlineConfig(broken)).toThrow(DispatchInputError);
  });
});

describe('extension before the clock starts', () => {
  it('rejects a request before acceptance', () => {
    const petition = openIncident({
      channel: 'petition',
      emergencyClass: null,
    });
    expect(() =>
      run(
        petition,
        { kind: 'request_extension', milestone: 'handle', reason: '需要鉴定' },
        t('2026-07-16T00:00:00Z'),
      ),
    ).toThrow(/clock has not started/);
  });
});
