// The dispatch record schemas and rejection codes that the central and the console share.
import { describe, expect, it } from 'vitest';

import {
  AuditRecord,
  describeIssue,
  DISPATCH_REJECTION_CODES,
  DispatchInputError,
  EscalationRecord,
  ExtensionLimitError,
  ExtensionNotAllowedError,
  ExtensionStateError,
  IllegalTransitionError,
  IncidentRecord,
  MergeTargetError,
  MissingReasonError,
  PermissionDeniedError,
  ruleErrorCode,
  StaleVersionError,
  UnknownIncidentError,
  UnknownMilestoneError,
} from '../../../src-shared/dispatch/index.js';
import { openIncident, step, t } from './fixtures.js';

const T0 = t('2026-07-15T02:20:00Z');

describe('IncidentRecord', () => {
  it('accepts incidents the rules build', () => {
    const reported = openIncident();
    const accepted = step(reported, { kind: 'accept' }, T0 + 60_000);
    const cancelled = step(
      accepted,
      { kind: 'cancel', reason: '重复上报' },
      T0 + 120_000,
    );

    for (const incident of [reported, accepted, cancelled]) {
      expect(IncidentRecord.safeParse(incident).success).toBe(true);
    }
  });

  it('rejects an unknown timeline action', () => {
    const incident = openIncident();
    const [first] = incident.timeline;
    const broken = {
      ...incident,
      timeline: [{ ...first, action: 'teleport' }],
    };

    const result = IncidentRecord.safeParse(broken);

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['timeline', 0, 'action']);
  });

  it('rejects a fractional instant', () => {
    const incident = { ...openIncident(), reportedAt: T0 + 0.5 };

    expect(IncidentRecord.safeParse(incident).success).toBe(false);
  });
});

describe('escalation and audit records', () => {
  it('parse the values the central writes', () => {
    const escalation = {
      incidentId: 'inc-1',
      incidentTitle: '凤山镇某厂房坍塌',
      milestone: 'report_to_county',
      milestoneLabel: '报县级',
      dueAt: T0,
      state: 'near',
      roles: ['leader_on_duty'],
      raisedAt: T0 - 60_000,
      acknowledgedAt: null,
      acknowledgedBy: null,
    };
    const audit = {
      when: T0,
      who: 'officer-li',
      installId: null,
      name: 'incident.command',
      kind: 'accept',
      incidentId: 'inc-1',
      commandId: 'cmd-1',
      outcome: 'rejected',
      code: 'stale-version',
      summary: '版本过期',
    };

    expect(EscalationRecord.parse(escalation)).toEqual(escalation);
    expect(AuditRecord.parse(audit)).toEqual(audit);
  });

  it('reject an outcome other than applied or rejected', () => {
    const audit = {
      when: T0,
      who: 'officer-li',
      installId: null,
      name: 'incident.command',
      kind: null,
      incidentId: null,
      commandId: null,
      outcome: 'queued',
      code: null,
      summary: '',
    };

    expect(AuditRecord.safeParse(audit).success).toBe(false);
  });
});

describe('ruleErrorCode', () => {
  const cases: [Error, string][] = [
    [new UnknownIncidentError('inc-1'), 'incident-not-found'],
    [new StaleVersionError('inc-1', 1, 2), 'stale-version'],
    [
      new IllegalTransitionError('inc-1', 'reported', 'close'),
      'illegal-transition',
    ],
    [new MissingReasonError('inc-1', 'cancel'), 'missing-reason'],
    [
      new PermissionDeniedError(
        'officer-li',
        'duty_officer',
        'decide_extension',
        'leader_on_duty',
      ),
      'permission-denied',
    ],
    [new UnknownMilestoneError('inc-1', 'verify'), 'milestone-not-found'],
    [
      new ExtensionNotAllowedError('inc-1', 'verify', 'no extension step'),
      'extension-not-allowed',
    ],
    [new ExtensionLimitError('inc-1', 'verify', 1), 'extension-limit-reached'],
    [new ExtensionStateError('no open request'), 'extension-state'],
    [new MergeTargetError('target is closed'), 'merge-target-invalid'],
    [new DispatchInputError('bad payload'), 'invalid-payload'],
  ];

  it.each(cases)('maps %s', (error, code) => {
    expect(ruleErrorCode(error)).toBe(code);
  });

  it('maps only to codes of the shared list', () => {
    for (const [error] of cases) {
      const code = ruleErrorCode(error);
      expect(DISPATCH_REJECTION_CODES).toContain(code);
    }
  });

  it('maps an error the rules raised', () => {
    const incident = openIncident();

    let raised: unknown;
    try {
      step(incident, { kind: 'close' }, T0 + 60_000);
    } catch (error) {
      raised = error;
    }

    expect(raised).toBeInstanceOf(IllegalTransitionError);
    expect(ruleErrorCode(raised)).toBe('illegal-transition');
  });

  it('returns null for other errors', () => {
    expect(ruleErrorCode(new Error('disk full'))).toBeNull();
    expect(ruleErrorCode('not an error')).toBeNull();
  });
});

describe('describeIssue', () => {
  it('joins the path with dots', () => {
    expect(
      describeIssue({ path: ['timeline', 0, 'action'], message: 'invalid' }),
    ).toBe('timeline.0.action: invalid');
  });

  it('names the root for an empty path', () => {
    expect(describeIssue({ path: [], message: 'expected object' })).toBe(
      '(root): expected object',
    );
  });
});
