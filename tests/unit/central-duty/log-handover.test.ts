import { describe, expect, it } from 'vitest';
import { runDutyChecks } from '../../../src-central/domains/duty/alarms.js';
import {
  createDutyDomain,
  followUpLabel,
} from '../../../src-central/domains/duty/index.js';
import { DUTY_REPORTING_POLICY } from '../../../src-central/domains/duty/seed.js';
import {
  DUTY_COLLECTIONS as C,
  DUTY_COMMANDS as CMD,
  DutyAlarmSchema,
  DutyLogEntrySchema,
  HandoverRecordSchema,
} from '../../../src-shared/roster/records.js';
import { at, holidayOffice } from './fixtures.js';
import type { MemoryContext } from './memory-context.js';
import { applied, rejected } from './memory-context.js';

const domain = createDutyDomain({ seed: 1 });
const OCT = 'roster-2026-10';

function officeWithPolicy(now: number): MemoryContext {
  const context = holidayOffice(now);
  for (const row of DUTY_REPORTING_POLICY) {
    context.put(C.reportingPolicy, row.id, row);
  }
  return context;
}

function publishOctober(context: MemoryContext): void {
  applied(domain, context, CMD.rosterGenerate, { month: '2026-10' });
  applied(domain, context, CMD.rosterSubmit, { rosterId: OCT });
  applied(domain, context, CMD.rosterApprove, {
    rosterId: OCT,
    approverId: 'zhao',
  });
  applied(domain, context, CMD.rosterPublish, { rosterId: OCT });
}

function entry(context: MemoryContext, id: string) {
  return DutyLogEntrySchema.parse(context.data(C.logEntry, id));
}

function alarms(context: MemoryContext) {
  return context.list(C.alarm).map((r) => DutyAlarmSchema.parse(r.data));
}

const CALL = {
  kind: 'call',
  callerUnit: '城关镇',
  callerName: '刘某',
  callerPhone: '13800001111',
  content: '某村道路塌方，两辆车受困。',
  recorderId: 'o1',
};

describe('duty.log-create and the follow-ups', () => {
  it('numbers entries and sets owner', () => {
    const context = officeWithPolicy(at('2026-10-03 09:00'));
    const first = applied(domain, context, CMD.logCreate, CALL);
    const second = applied(domain, context, CMD.logCreate, {
      ...CALL,
      kind: 'document',
    });
    expect([first['number'], second['number']]).toEqual([
      '20261003-001',
      '20261003-002',
    ]);
    expect(entry(context, 'log-20261003-001')).toMatchObject({
      ownerId: 'o1',
      recorderId: 'o1',
      status: 'open',
      receivedAt: at('2026-10-03 09:00'),
    });
    expect(entry(context, 'log-20261003-001').reporting).toBeUndefined();
  });

  it('labels follow-ups 续报一, 续报二', () => {
    const context = officeWithPolicy(at('2026-10-03 09:00'));
    applied(domain, context, CMD.logCreate, CALL);
    applied(domain, context, CMD.logFollowUp, {
      entryId: 'log-20261003-001',
      content: '一辆车已脱困。',
      by: 'o1',
    });
    applied(domain, context, CMD.logFollowUp, {
      entryId: 'log-20261003-001',
      content: '道路抢通。',
      by: 'o2',
    });
    expect(
      entry(context, 'log-20261003-001').followUps.map((f) => [
        f.number,
        f.label,
        f.by,
      ]),
    ).toEqual([
      [1, '续报一', 'o1'],
      [2, '续报二', 'o2'],
    ]);
    expect(followUpLabel(10)).toBe('续报十');
    expect(followUpLabel(12)).toBe('续报12');
  });

  it('transfers ownership, links an incident and closes', () => {
    const context = officeWithPolicy(at('2026-10-03 09:00'));
    applied(domain, context, CMD.logCreate, CALL);
    const id = 'log-20261003-001';
    rejected(
      domain,
      context,
      CMD.logTransfer,
      { entryId: id, toPersonId: 'o1' },
      'same-owner',
    );
    rejected(
      domain,
      context,
      CMD.logTransfer,
      { entryId: id, toPersonId: 'ghost' },
      'person-not-found',
    );
    applied(domain, context, CMD.logTransfer, {
      entryId: id,
      toPersonId: 'o2',
      note: '交由白班处理',
    });
    expect(entry(context, id)).toMatchObject({
      ownerId: 'o2',
      recorderId: 'o1',
    });
    expect(entry(context, id).transfers).toEqual([
      {
        from: 'o1',
        to: 'o2',
        at: at('2026-10-03 09:00'),
        by: 'operator',
        note: '交由白班处理',
      },
    ]);

    applied(domain, context, CMD.logLinkIncident, {
      entryId: id,
      incidentId: 'INC-1',
    });
    rejected(
      domain,
      context,
      CMD.logLinkIncident,
      { entryId: id, incidentId: 'INC-2' },
      'already-linked',
    );
    applied(domain, context, CMD.logLinkIncident, {
      entryId: id,
      incidentId: 'INC-2',
      replace: true,
    });
    expect(entry(context, id).linkedIncidentId).toBe('INC-2');

    applied(domain, context, CMD.logClose, { entryId: id });
    rejected(
      domain,
      context,
      CMD.logFollowUp,
      { entryId: id, content: '补充' },
      'log-closed',
    );
    rejected(domain, context, CMD.logClose, { entryId: id }, 'log-closed');
  });

  it('rejects invalid log entries', () => {
    const context = officeWithPolicy(at('2026-10-03 09:00'));
    rejected(
      domain,
      context,
      CMD.logCreate,
      { ...CALL, content: '   ' },
      'invalid-payload',
    );
    rejected(
      domain,
      context,
      CMD.logCreate,
      { ...CALL, kind: 'rumour' },
      'invalid-payload',
    );
    rejected(
      domain,
      context,
      CMD.logCreate,
      { ...CALL, occurredAt: at('2026-10-03 09:30') },
      'invalid-time',
    );
    rejected(
      domain,
      context,
      CMD.logFollowUp,
      { entryId: 'log-none', content: 'x' },
      'log-entry-not-found',
    );
  });
});

describe('reporting deadlines', () => {
  const event = {
    ...CALL,
    level: 'large',
    recipient: '县委县政府总值班室',
    occurredAt: at('2026-10-03 20:50'),
    receivedAt: at('2026-10-03 21:05'),
  };

  it('computes phone, written and follow-up deadlines', () => {
    const context = officeWithPolicy(at('2026-10-03 21:06'));
    const result = applied(domain, context, CMD.logCreate, event);
    expect(result).toMatchObject({
      phoneDue: at('2026-10-03 21:35'),
      writtenDue: at('2026-10-03 22:05'),
    });
    expect(entry(context, 'log-20261003-001').reporting).toMatchObject({
      clockStart: at('2026-10-03 21:05'),
      nextFollowUpDue: at('2026-10-04 08:00'),
      isTarget: false,
      escalated: false,
    });
  });

  it('rates reports on time or late', () => {
    const context = officeWithPolicy(at('2026-10-03 21:06'));
    publishOctober(context);
    applied(domain, context, CMD.logCreate, event);
    const id = 'log-20261003-001';
    expect(
      applied(domain, context, CMD.logReport, {
        entryId: id,
        channel: 'phone',
        at: at('2026-10-03 21:30'),
      }),
    ).toMatchObject({ onTime: true, minutesLate: 0 });
    expect(alarms(context)).toEqual([]);

    context.clock = at('2026-10-03 22:10');
    expect(
      applied(domain, context, CMD.logReport, {
        entryId: id,
        channel: 'written',
      }),
    ).toMatchObject({ onTime: false, minutesLate: 5, escalated: true });
    expect(entry(context, id).reporting).toMatchObject({
      writtenMinutesLate: 5,
      escalated: true,
    });
    // 10-03 is 王's day on the leader rotation.
    expect(alarms(context).map((a) => [a.kind, a.recipientId])).toEqual([
      ['report-late', 'wang'],
    ]);
  });

  it('raises one overdue alarm per missing report, once', () => {
    const context = officeWithPolicy(at('2026-10-03 21:06'));
    applied(domain, context, CMD.logCreate, event);
    // 10-03 is a holiday, so its daily report is sent to keep that alarm out of the count.
    applied(domain, context, CMD.dailyReport, { nil: true });
    context.clock = at('2026-10-03 21:35');
    expect(context.transaction(() => runDutyChecks(context)).alarms).toBe(0);
    context.clock = at('2026-10-03 21:36');
    expect(context.transaction(() => runDutyChecks(context)).alarms).toBe(1);
    context.clock = at('2026-10-03 22:30');
    expect(context.transaction(() => runDutyChecks(context)).alarms).toBe(1);
    expect(context.transaction(() => runDutyChecks(context)).alarms).toBe(0);
    expect(
      alarms(context)
        .map((a) => a.id)
        .sort(),
    ).toEqual([
      'alarm-overdue-phone-log-20261003-001',
      'alarm-overdue-written-log-20261003-001',
    ]);
    // No roster is published here, so the alarm is addressed to `unassigned` rather than a guess.
    expect(alarms(context)[0]?.recipientId).toBe('unassigned');
    expect(entry(context, 'log-20261003-001').reporting?.escalated).toBe(true);
  });

  it('applies the national major-event target', () => {
    const context = officeWithPolicy(at('2026-10-03 21:06'));
    applied(domain, context, CMD.logCreate, {
      ...event,
      level: 'major',
      recipient: '国务院总值班室',
    });
    expect(entry(context, 'log-20261003-001').reporting).toMatchObject({
      isTarget: true,
      phoneDue: at('2026-10-03 21:35'),
      writtenDue: at('2026-10-03 22:05'),
    });
    rejected(
      domain,
      context,
      CMD.logCreate,
      { ...event, level: 'especiallyMajor' },
      'no-reporting-policy',
    );
    rejected(
      domain,
      context,
      CMD.logReport,
      { entryId: 'log-20261003-001', channel: 'fax' },
      'invalid-payload',
    );
  });

  it('accepts stricter rule, rejects duplicate', () => {
    const context = officeWithPolicy(at('2026-10-03 21:06'));
    const stricter = {
      ...DUTY_REPORTING_POLICY[2],
      id: 'county-large',
      phoneMinutes: 20,
    };
    applied(domain, context, CMD.reportingPolicyPut, stricter);
    applied(domain, context, CMD.logCreate, event);
    expect(entry(context, 'log-20261003-001').reporting?.phoneDue).toBe(
      at('2026-10-03 21:25'),
    );
    rejected(
      domain,
      context,
      CMD.reportingPolicyPut,
      { ...stricter, id: 'county-large-copy' },
      'policy-duplicate',
    );
  });
});

describe('duty.check-in', () => {
  it('checks in night and day teams', () => {
    const context = holidayOffice(at('2024-05-20 10:00'));
    for (const id of ['rot-leader', 'rot-officer-a', 'rot-officer-b']) {
      context.remove(C.rotation, id);
    }
    context.put(C.shiftTemplate, 'night', {
      id: 'night',
      name: '夜班',
      startTime: '20:00',
      endTime: '08:00',
      endDayOffset: 1,
      appliesOn: 'allDays',
      posts: [{ post: 'officer', headcount: 1 }],
    });
    context.put(C.shiftTemplate, 'day', {
      id: 'day',
      name: '白班',
      startTime: '08:00',
      endTime: '20:00',
      endDayOffset: 0,
      appliesOn: 'allDays',
      posts: [{ post: 'officer', headcount: 1 }],
    });
    const base = {
      anchorDate: '2024-06-02',
      dayFilter: 'allDays',
      validFrom: '2024-06-01',
      post: 'officer',
    };
    context.put(C.rotation, 'rot-night', {
      id: 'rot-night',
      name: '夜班',
      templateId: 'night',
      participants: ['o1', 'o2'],
      ...base,
    });
    context.put(C.rotation, 'rot-day', {
      id: 'rot-day',
      name: '白班',
      templateId: 'day',
      participants: ['o3', 'o4'],
      ...base,
    });
    applied(domain, context, 'duty.roster-generate', { month: '2024-06' });
    applied(domain, context, CMD.rosterSubmit, { rosterId: 'roster-2024-06' });
    applied(domain, context, CMD.rosterApprove, {
      rosterId: 'roster-2024-06',
      approverId: 'zhao',
    });
    applied(domain, context, CMD.rosterPublish, { rosterId: 'roster-2024-06' });

    // Sunday's night team is o1 (anchor day), and Monday's day team is o4.
    context.clock = at('2024-06-03 01:55');
    rejected(domain, context, CMD.checkIn, { personId: 'o4' }, 'not-on-duty');
    expect(
      applied(domain, context, CMD.checkIn, { personId: 'o1' }),
    ).toMatchObject({ post: 'officer', minutesLate: 355 });
    rejected(
      domain,
      context,
      CMD.checkIn,
      { personId: 'o1' },
      'already-checked-in',
    );

    context.clock = at('2024-06-03 08:00');
    rejected(domain, context, CMD.checkIn, {}, 'not-on-duty', 'o1');
    expect(applied(domain, context, CMD.checkIn, {}, 'o4')).toMatchObject({
      minutesLate: 0,
    });
  });
});

describe('duty.handover-*', () => {
  function prepared(): MemoryContext {
    const context = officeWithPolicy(at('2026-10-03 07:30'));
    publishOctober(context);
    applied(domain, context, CMD.logCreate, CALL);
    applied(domain, context, CMD.logCreate, {
      ...CALL,
      kind: 'leader-instruction',
      content: '加强夜间巡查',
      instruction: '各乡镇值班人员在岗',
    });
    applied(domain, context, CMD.logCreate, {
      ...CALL,
      content: '已办结的来电',
    });
    applied(domain, context, CMD.logClose, { entryId: 'log-20261003-003' });
    context.put('incident', 'INC-7', {
      state: 'in_progress',
      title: '城关镇积水',
    });
    context.put('incident', 'INC-8', { state: 'closed', title: '已结案' });
    context.put('incident', 'INC-9', { state: 'merged', title: '已并案' });
    context.clock = at('2026-10-03 08:25');
    applied(domain, context, CMD.handoverPrepare, {
      outgoingId: 'o1',
      incomingId: 'o2',
      shiftEnd: at('2026-10-03 08:30'),
      watchItems: ['寒潮预警'],
    });
    return context;
  }
  const ID = 'handover-2026-10-03T08:30-o1';

  function handover(context: MemoryContext) {
    return HandoverRecordSchema.parse(context.data(C.handover, ID));
  }

  it('prefills open entries and incidents', () => {
    const record = handover(prepared());
    expect(record.items.map((i) => i.logEntryId)).toEqual([
      'log-20261003-001',
      'log-20261003-002',
    ]);
    expect(record.instructions).toEqual([
      { logEntryId: 'log-20261003-002', text: '各乡镇值班人员在岗' },
    ]);
    expect(record.openIncidents).toEqual([
      { incidentId: 'INC-7', text: '城关镇积水' },
    ]);
    expect(record.watchItems).toEqual(['寒潮预警']);
    expect(record.equipment.every((e) => e.ok === null)).toBe(true);
    expect(record).toMatchObject({ status: 'draft', responsibleId: 'o1' });
  });

  it('alerts leader on unsigned handover', () => {
    const context = prepared();
    rejected(
      domain,
      context,
      CMD.handoverSign,
      { handoverId: ID, side: 'incoming', personId: 'o2' },
      'invalid-transition',
    );
    rejected(
      domain,
      context,
      CMD.handoverSign,
      { handoverId: ID, side: 'outgoing', personId: 'o2' },
      'wrong-signer',
    );
    const equipment = handover(context).equipment.map((e) => ({
      ...e,
      ok: true,
    }));
    applied(domain, context, CMD.handoverSign, {
      handoverId: ID,
      side: 'outgoing',
      personId: 'o1',
      equipment,
    });
    expect(handover(context)).toMatchObject({
      status: 'awaitingIncoming',
      responsibleId: 'o1',
    });
    expect(handover(context).equipment.every((e) => e.ok === true)).toBe(true);

    context.clock = at('2026-10-03 08:39');
    expect(context.transaction(() => runDutyChecks(context)).alarms).toBe(0);
    context.clock = at('2026-10-03 08:40');
    expect(context.transaction(() => runDutyChecks(context)).alarms).toBe(1);
    // 王 is the leader from 10-03 08:30.
    expect(alarms(context)).toMatchObject([
      {
        kind: 'handover-unsigned',
        recipientId: 'wang',
        dueSince: at('2026-10-03 08:40'),
      },
    ]);
    applied(domain, context, CMD.alarmAcknowledge, {
      alarmId: `alarm-handover-${ID}`,
      by: 'wang',
    });
    rejected(
      domain,
      context,
      CMD.alarmAcknowledge,
      { alarmId: `alarm-handover-${ID}` },
      'already-acknowledged',
    );
  });

  it('locks after signing, accepts amendments', () => {
    const context = prepared();
    applied(
      domain,
      context,
      CMD.handoverSign,
      { handoverId: ID, side: 'outgoing' },
      'o1',
    );
    rejected(
      domain,
      context,
      CMD.handoverAmend,
      { handoverId: ID, reason: '补充', items: [] },
      'invalid-transition',
    );
    applied(
      domain,
      context,
      CMD.handoverSign,
      { handoverId: ID, side: 'incoming' },
      'o2',
    );
    expect(handover(context)).toMatchObject({
      status: 'complete',
      responsibleId: 'o2',
    });

    rejected(
      domain,
      context,
      CMD.handoverSign,
      { handoverId: ID, side: 'incoming' },
      'handover-read-only',
      'o2',
    );
    rejected(
      domain,
      context,
      CMD.handoverPrepare,
      { outgoingId: 'o1', incomingId: 'o2', shiftEnd: at('2026-10-03 08:30') },
      'handover-read-only',
    );
    rejected(
      domain,
      context,
      CMD.handoverAmend,
      { handoverId: ID, reason: ' ', items: [] },
      'invalid-input',
    );

    const original = handover(context).items;
    applied(domain, context, CMD.handoverAmend, {
      handoverId: ID,
      reason: '漏记一项',
      items: [...original, { text: '补记：备用电源待检修' }],
      by: 'o2',
    });
    const record = handover(context);
    expect(record.items).toEqual(original);
    expect(record.amendments).toHaveLength(1);
    expect(record.amendments[0]?.items).toHaveLength(3);

    context.clock = at('2026-10-03 09:00');
    expect(context.transaction(() => runDutyChecks(context)).alarms).toBe(0);
  });

  it('takes shift end from roster', () => {
    const context = officeWithPolicy(at('2026-10-03 07:30'));
    publishOctober(context);
    // o2 is on the 10-02 shift of rotation a, which ends 10-03 08:30.
    applied(domain, context, CMD.handoverPrepare, {
      outgoingId: 'o2',
      incomingId: 'o1',
    });
    expect(
      context.get(C.handover, 'handover-2026-10-03T08:30-o2'),
    ).not.toBeNull();
    rejected(
      domain,
      context,
      CMD.handoverPrepare,
      { outgoingId: 'clerk', incomingId: 'o1' },
      'shift-end-unknown',
    );
    rejected(
      domain,
      context,
      CMD.handoverPrepare,
      { outgoingId: 'o1', incomingId: 'o1', shiftEnd: at('2026-10-03 08:30') },
      'invalid-input',
    );
  });
});

describe('duty.daily-report', () => {
  it('alarms once when report is overdue', () => {
    const context = officeWithPolicy(at('2026-10-02 16:00'));
    expect(context.transaction(() => runDutyChecks(context)).alarms).toBe(0);
    context.clock = at('2026-10-02 16:01');
    expect(context.transaction(() => runDutyChecks(context)).alarms).toBe(1);
    expect(context.transaction(() => runDutyChecks(context)).alarms).toBe(0);
    expect(alarms(context)[0]).toMatchObject({
      id: 'alarm-daily-2026-10-02',
      kind: 'daily-report-overdue',
      dueSince: at('2026-10-02 16:00'),
    });
    expect(alarms(context)[0]?.message).toContain('国庆节');

    const late = applied(domain, context, CMD.dailyReport, {
      nil: true,
      by: 'o1',
    });
    expect(late).toMatchObject({
      reportId: 'daily-2026-10-02',
      minutesLate: 1,
    });
  });

  it('accepts nil report before deadline', () => {
    const context = officeWithPolicy(at('2026-10-02 15:00'));
    applied(domain, context, CMD.dailyReport, { nil: true });
    rejected(
      domain,
      context,
      CMD.dailyReport,
      { nil: true },
      'already-reported',
    );
    context.clock = at('2026-10-02 18:00');
    expect(context.transaction(() => runDutyChecks(context)).alarms).toBe(0);
  });

  it('rejects workdays, make-up days and empty reports', () => {
    const context = officeWithPolicy(at('2026-10-12 10:00'));
    rejected(domain, context, CMD.dailyReport, { nil: true }, 'not-a-holiday');
    rejected(
      domain,
      context,
      CMD.dailyReport,
      { date: '2026-10-10', nil: true },
      'not-a-holiday',
    );
    rejected(
      domain,
      context,
      CMD.dailyReport,
      { date: '2026-10-03', nil: false, content: ' ' },
      'empty-report',
    );
    context.clock = at('2026-10-12 17:00');
    expect(context.transaction(() => runDutyChecks(context)).alarms).toBe(0);
  });
});
