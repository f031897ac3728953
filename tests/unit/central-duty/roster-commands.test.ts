import { describe, expect, it } from 'vitest';
import { createDutyDomain } from '../../../src-central/domains/duty/index.js';
import { runDutyChecks } from '../../../src-central/domains/duty/alarms.js';
import { createChinaHolidayCalendar } from '../../../src-shared/roster/holidays-cn.js';
import { checkMonthRoster } from '../../../src-shared/roster/requirements.js';
import type { DutyRoster } from '../../../src-shared/roster/records.js';
import {
  DUTY_COLLECTIONS as C,
  DUTY_COMMANDS as CMD,
  DutyPersonSchema,
  DutyPostSchema,
  DutyRosterSchema,
  ShiftTemplateSchema,
  SwapRecordSchema,
} from '../../../src-shared/roster/records.js';
import { formatAssignments } from '../roster/fixtures.js';
import { at, FULL_DAY, holidayOffice, rotation } from './fixtures.js';
import type { MemoryContext } from './memory-context.js';
import { applied, rejected } from './memory-context.js';

const domain = createDutyDomain({ seed: 1 });
const OCT = 'roster-2026-10';

function roster(context: MemoryContext, id = OCT): DutyRoster {
  return DutyRosterSchema.parse(context.data(C.roster, id));
}

/** Generates October 2026 and takes it through submit, approve and publish. */
function publishOctober(context: MemoryContext): DutyRoster {
  applied(domain, context, CMD.rosterGenerate, { month: '2026-10' });
  applied(domain, context, CMD.rosterSubmit, { rosterId: OCT });
  applied(domain, context, CMD.rosterApprove, {
    rosterId: OCT,
    approverId: 'zhao',
  });
  applied(domain, context, CMD.rosterPublish, { rosterId: OCT });
  return roster(context);
}

function leaderLines(r: DutyRoster, from: string, to: string): string[] {
  return formatAssignments(
    r.assignments.filter(
      (a) => a.post === 'leader' && a.start >= at(from) && a.start < at(to),
    ),
  );
}

describe('duty.roster-generate and the approval chain', () => {
  it('builds and publishes version 1', () => {
    const context = holidayOffice(at('2026-09-20 10:00'));
    const result = applied(domain, context, CMD.rosterGenerate, {
      month: '2026-10',
    });

    // 31 days, one leader and two officers each.
    expect(result['assignments']).toBe(93);
    expect(roster(context).status).toBe('draft');
    expect(roster(context).version).toBe(0);

    const published = publishOctober(context);
    expect(published.status).toBe('published');
    expect(published.version).toBe(1);
    expect(published.audit.map((entry) => entry.version)).toEqual([0, 0, 0, 1]);
  });

  it('rejects a month without holiday year', () => {
    const context = holidayOffice(at('2026-12-20 10:00'));
    const message = rejected(
      domain,
      context,
      CMD.rosterGenerate,
      { month: '2027-01' },
      'calendar-year-missing',
    );
    expect(message).toContain('No holiday arrangement for 2027');
    expect(message).toContain('State Council notice');
  });

  it('rejects a malformed month before doing anything', () => {
    const context = holidayOffice(at('2026-09-20 10:00'));
    const message = rejected(
      domain,
      context,
      CMD.rosterGenerate,
      { month: '2026-13' },
      'invalid-payload',
    );
    expect(message).toContain('month');
  });

  it('regenerates drafts only', () => {
    const context = holidayOffice(at('2026-09-20 10:00'));
    applied(domain, context, CMD.rosterGenerate, { month: '2026-10' });
    applied(domain, context, CMD.rosterGenerate, { month: '2026-10' });
    publishOctober(context);
    rejected(
      domain,
      context,
      CMD.rosterGenerate,
      { month: '2026-10' },
      'roster-not-draft',
    );
  });

  it('enforces status order and approver rank', () => {
    const context = holidayOffice(at('2026-09-20 10:00'));
    applied(domain, context, CMD.rosterGenerate, { month: '2026-10' });
    rejected(
      domain,
      context,
      CMD.rosterPublish,
      { rosterId: OCT },
      'invalid-transition',
    );
    rejected(
      domain,
      context,
      CMD.rosterApprove,
      { rosterId: OCT, approverId: 'zhao' },
      'invalid-transition',
    );
    applied(domain, context, CMD.rosterSubmit, { rosterId: OCT });
    rejected(
      domain,
      context,
      CMD.rosterApprove,
      { rosterId: OCT, approverId: 'o1' },
      'not-authorised',
    );
    rejected(
      domain,
      context,
      CMD.rosterApprove,
      { rosterId: OCT, approverId: 'nobody' },
      'person-not-found',
    );

    applied(domain, context, CMD.rosterApprove, {
      rosterId: OCT,
      approverId: 'zhao',
      decision: 'return',
    });
    expect(roster(context).status).toBe('draft');
  });

  it('rejects submit with blocking findings', () => {
    const context = holidayOffice(at('2026-09-20 10:00'));
    applied(domain, context, CMD.rosterGenerate, { month: '2026-10' });
    // o1 goes on leave on a day the rotation gives them.
    const o1 = DutyPersonSchema.parse(context.data(C.person, 'o1'));
    context.put(C.person, 'o1', {
      ...o1,
      absences: [
        {
          id: 'leave-1',
          personId: 'o1',
          kind: 'leave',
          start: at('2026-10-01 00:00'),
          end: at('2026-10-02 00:00'),
        },
      ],
    });
    const message = rejected(
      domain,
      context,
      CMD.rosterSubmit,
      { rosterId: OCT },
      'roster-invalid',
    );
    expect(message).toContain('leave-1');
  });

  it('archives only a published roster', () => {
    const context = holidayOffice(at('2026-09-20 10:00'));
    applied(domain, context, CMD.rosterGenerate, { month: '2026-10' });
    rejected(
      domain,
      context,
      CMD.rosterArchive,
      { rosterId: OCT },
      'invalid-transition',
    );
    publishOctober(context);
    applied(domain, context, CMD.rosterArchive, { rosterId: OCT });
    expect(roster(context).status).toBe('archived');
  });
});

describe('holiday roster missing a leader', () => {
  it('reports the 10-05 leader gap', () => {
    const context = holidayOffice(at('2026-09-20 10:00'));
    // No leader rotation on Mondays, and 2026-10-05 is the only Monday of the National Day week.
    context.put(
      C.rotation,
      'rot-leader',
      rotation('rot-leader', 'leader', ['wang', 'li'], {
        weekdays: [2, 3, 4, 5, 6, 7],
      }),
    );
    applied(domain, context, CMD.rosterGenerate, { month: '2026-10' });

    const check = checkMonthRoster({
      assignments: roster(context).assignments,
      templates: [ShiftTemplateSchema.parse(FULL_DAY)],
      posts: context.list(C.post).map((r) => DutyPostSchema.parse(r.data)),
      people: context.list(C.person).map((r) => DutyPersonSchema.parse(r.data)),
      calendar: createChinaHolidayCalendar(),
      from: '2026-10-01',
      to: '2026-10-07',
    });
    expect(check.gaps).toEqual([
      {
        post: 'leader',
        start: at('2026-10-05 08:30'),
        end: at('2026-10-06 08:30'),
        required: 1,
        present: 0,
        missing: 1,
      },
    ]);
    expect(check.coverage.get('officer')).toBe(100);
  });
});

describe('duty.assign', () => {
  function dayAndNight(context: MemoryContext): void {
    applied(domain, context, CMD.rosterGenerate, { month: '2026-05' });
    applied(domain, context, CMD.assign, {
      rosterId: 'roster-2026-05',
      personId: 'o1',
      post: 'officer',
      start: at('2026-05-02 08:30'),
      end: at('2026-05-02 17:30'),
    });
    applied(domain, context, CMD.assign, {
      rosterId: 'roster-2026-05',
      personId: 'o1',
      post: 'officer',
      start: at('2026-05-02 17:30'),
      end: at('2026-05-03 08:30'),
    });
  }

  it('warns on short rest between shifts', () => {
    const context = holidayOffice(at('2026-04-20 10:00'));
    for (const id of ['rot-leader', 'rot-officer-a', 'rot-officer-b']) {
      context.remove(C.rotation, id);
    }
    dayAndNight(context);
    const check = checkMonthRoster({
      assignments: roster(context, 'roster-2026-05').assignments,
      templates: [],
      posts: [],
      people: [],
      calendar: createChinaHolidayCalendar(),
      from: '2026-05-01',
      to: '2026-05-31',
      minRestHours: 8,
    });
    expect(check.findings.map((f) => [f.kind, f.severity])).toEqual([
      ['shortRest', 'warning'],
    ]);
  });

  it('rejects overlapping leader assignment', () => {
    const context = holidayOffice(at('2026-04-20 10:00'));
    for (const id of ['rot-leader', 'rot-officer-a', 'rot-officer-b']) {
      context.remove(C.rotation, id);
    }
    const o1 = DutyPersonSchema.parse(context.data(C.person, 'o1'));
    context.put(C.person, 'o1', {
      ...o1,
      rank: 3,
      eligiblePosts: ['officer', 'leader'],
    });
    dayAndNight(context);
    const message = rejected(
      domain,
      context,
      CMD.assign,
      {
        rosterId: 'roster-2026-05',
        personId: 'o1',
        post: 'leader',
        start: at('2026-05-02 12:00'),
        end: at('2026-05-02 20:00'),
      },
      'double-booking',
    );
    const ids = roster(context, 'roster-2026-05').assignments.map((a) => a.id);
    expect(ids).toHaveLength(2);
    expect(message).toContain(ids[0]);
    expect(message).toContain('roster-2026-05:m3');
  });

  it('rejects ineligible, absent, unknown-post assignments', () => {
    const context = holidayOffice(at('2026-09-20 10:00'));
    applied(domain, context, CMD.rosterGenerate, { month: '2026-10' });
    const window = {
      start: at('2026-10-10 08:30'),
      end: at('2026-10-10 12:00'),
    };
    expect(
      rejected(
        domain,
        context,
        CMD.assign,
        { rosterId: OCT, personId: 'o1', post: 'leader', ...window },
        'ineligible',
      ),
    ).toContain('rank 1');
    rejected(
      domain,
      context,
      CMD.assign,
      { rosterId: OCT, personId: 'o1', post: 'chef', ...window },
      'post-not-found',
    );
    rejected(
      domain,
      context,
      CMD.assign,
      {
        rosterId: 'roster-2031-01',
        personId: 'o1',
        post: 'officer',
        ...window,
      },
      'roster-not-found',
    );
    rejected(
      domain,
      context,
      CMD.assign,
      {
        rosterId: OCT,
        personId: 'o1',
        post: 'officer',
        start: window.end,
        end: window.start,
      },
      'invalid-input',
    );

    const clerk = DutyPersonSchema.parse(context.data(C.person, 'clerk'));
    context.put(C.person, 'clerk', {
      ...clerk,
      absences: [{ id: 'trip', personId: 'clerk', kind: 'travel', ...window }],
    });
    rejected(
      domain,
      context,
      CMD.assign,
      { rosterId: OCT, personId: 'clerk', post: 'officer', ...window },
      'person-absent',
    );
  });

  it('publishes changes as next version', () => {
    const context = holidayOffice(at('2026-09-20 10:00'));
    publishOctober(context);
    const result = applied(domain, context, CMD.assign, {
      rosterId: OCT,
      personId: 'clerk',
      post: 'officer',
      start: at('2026-10-10 08:30'),
      end: at('2026-10-10 12:00'),
    });
    expect(result['version']).toBe(2);
    expect(roster(context).audit.at(-1)?.who).toBe('operator');
  });

  it('rejects a holder beyond the post maximum', () => {
    const context = holidayOffice(at('2026-09-20 10:00'));
    applied(domain, context, CMD.rosterGenerate, { month: '2026-10' });
    const window = {
      start: at('2026-10-10 08:30'),
      end: at('2026-10-10 12:00'),
    };
    // 10-10 has o2 and o4 on, and the officer post allows at most three people.
    applied(domain, context, CMD.assign, {
      rosterId: OCT,
      personId: 'clerk',
      post: 'officer',
      ...window,
    });
    const message = rejected(
      domain,
      context,
      CMD.assign,
      { rosterId: OCT, personId: 'o1', post: 'officer', ...window },
      'over-headcount',
    );
    expect(message).toContain('clerk, o2, o4');
    expect(message).toContain('maximum is 3');
  });

  it('freezes a submitted roster', () => {
    const context = holidayOffice(at('2026-09-20 10:00'));
    applied(domain, context, CMD.rosterGenerate, { month: '2026-10' });
    applied(domain, context, CMD.rosterSubmit, { rosterId: OCT });
    rejected(
      domain,
      context,
      CMD.assign,
      {
        rosterId: OCT,
        personId: 'clerk',
        post: 'officer',
        start: at('2026-10-10 08:30'),
        end: at('2026-10-10 12:00'),
      },
      'roster-locked',
    );
  });
});

describe('duty.assignment-withdraw', () => {
  it('withdraws running, future and past duty', () => {
    const context = holidayOffice(at('2026-09-20 10:00'));
    publishOctober(context);
    context.clock = at('2026-10-03 12:00');
    const running = roster(context).assignments.find(
      (a) => a.personId === 'wang' && a.shiftDate === '2026-10-03',
    );
    const future = roster(context).assignments.find(
      (a) => a.personId === 'wang' && a.shiftDate === '2026-10-05',
    );
    const past = roster(context).assignments.find(
      (a) => a.personId === 'wang' && a.shiftDate === '2026-10-01',
    );

    applied(domain, context, CMD.assignmentWithdraw, {
      rosterId: OCT,
      assignmentId: running?.id,
    });
    applied(domain, context, CMD.assignmentWithdraw, {
      rosterId: OCT,
      assignmentId: future?.id,
    });
    const after = roster(context);
    expect(after.assignments.find((a) => a.id === running?.id)?.end).toBe(
      at('2026-10-03 12:00'),
    );
    expect(after.assignments.some((a) => a.id === future?.id)).toBe(false);
    expect(after.version).toBe(3);

    rejected(
      domain,
      context,
      CMD.assignmentWithdraw,
      { rosterId: OCT, assignmentId: past?.id },
      'invalid-transition',
    );
  });
});

describe('duty.substitute', () => {
  it('splits shifts and applies chains', () => {
    const context = holidayOffice(at('2026-09-20 10:00'));
    publishOctober(context);
    const first = applied(domain, context, CMD.substitute, {
      rosterId: OCT,
      substituteId: 'li',
      replacedId: 'wang',
      start: at('2026-10-03 12:00'),
      end: at('2026-10-03 18:00'),
      approverId: 'zhao',
    });
    expect(first).toMatchObject({
      substitutionId: 'sub-1',
      post: 'leader',
      version: 2,
    });
    expect(
      leaderLines(roster(context), '2026-10-03 08:30', '2026-10-04 08:30'),
    ).toEqual([
      'wang leader 10-03T08:30–10-03T12:00',
      'li leader 10-03T12:00–10-03T18:00',
      'wang leader 10-03T18:00–10-04T08:30',
    ]);

    applied(domain, context, CMD.substitute, {
      rosterId: OCT,
      substituteId: 'zhang',
      replacedId: 'li',
      start: at('2026-10-03 15:00'),
      end: at('2026-10-03 17:00'),
      approverId: 'zhao',
    });
    expect(
      leaderLines(roster(context), '2026-10-03 12:00', '2026-10-03 18:00'),
    ).toEqual([
      'li leader 10-03T12:00–10-03T15:00',
      'zhang leader 10-03T15:00–10-03T17:00',
      'li leader 10-03T17:00–10-03T18:00',
    ]);
    expect(roster(context).version).toBe(3);
    expect(context.data(C.substitution, 'sub-2')).toMatchObject({
      status: 'approved',
      replacedId: 'li',
    });
  });

  it('rejects partly off-duty replacement window', () => {
    const context = holidayOffice(at('2026-09-20 10:00'));
    publishOctober(context);
    applied(domain, context, CMD.substitute, {
      rosterId: OCT,
      substituteId: 'li',
      replacedId: 'wang',
      start: at('2026-10-03 12:00'),
      end: at('2026-10-03 18:00'),
      approverId: 'zhao',
    });
    const message = rejected(
      domain,
      context,
      CMD.substitute,
      {
        rosterId: OCT,
        substituteId: 'zhang',
        replacedId: 'wang',
        start: at('2026-10-03 15:00'),
        end: at('2026-10-03 20:00'),
        approverId: 'zhao',
      },
      'replacement-rejected',
    );
    expect(message).toContain('wang is not on duty for the whole window');
    expect(message).toContain('li on leader');
  });

  it('substitutes on drafts without approver', () => {
    const context = holidayOffice(at('2026-09-20 10:00'));
    applied(domain, context, CMD.rosterGenerate, { month: '2026-10' });
    applied(domain, context, CMD.substitute, {
      rosterId: OCT,
      substituteId: 'li',
      replacedId: 'wang',
      start: at('2026-10-03 12:00'),
      end: at('2026-10-03 18:00'),
    });
    expect(roster(context).version).toBe(0);
    expect(
      leaderLines(roster(context), '2026-10-03 08:30', '2026-10-04 08:30'),
    ).toHaveLength(3);
    rejected(
      domain,
      context,
      CMD.substitute,
      {
        rosterId: OCT,
        substituteId: 'clerk',
        replacedId: 'wang',
        start: at('2026-10-05 12:00'),
        end: at('2026-10-05 18:00'),
      },
      'ineligible',
    );
  });

  it('rejects started windows and low-rank approvers', () => {
    const context = holidayOffice(at('2026-09-20 10:00'));
    publishOctober(context);
    const payload = {
      rosterId: OCT,
      substituteId: 'li',
      replacedId: 'wang',
      start: at('2026-10-03 12:00'),
      end: at('2026-10-03 18:00'),
    };
    rejected(
      domain,
      context,
      CMD.substitute,
      { ...payload, approverId: 'o1' },
      'not-authorised',
    );
    context.clock = at('2026-10-03 13:00');
    rejected(
      domain,
      context,
      CMD.substitute,
      { ...payload, approverId: 'zhao' },
      'invalid-transition',
    );
  });
});

describe('duty.swap-*', () => {
  // The leader rotation gives 10-02 to 李 and 10-05 to 王.
  function swapPayload(r: DutyRoster) {
    const mine = r.assignments.find(
      (a) => a.post === 'leader' && a.shiftDate === '2026-10-02',
    );
    const theirs = r.assignments.find(
      (a) => a.post === 'leader' && a.shiftDate === '2026-10-05',
    );
    return {
      rosterId: OCT,
      requesterId: mine?.personId ?? '',
      requesterAssignmentId: mine?.id ?? '',
      counterpartId: theirs?.personId ?? '',
      counterpartAssignmentId: theirs?.id ?? '',
    };
  }

  it('exchanges shifts only on approval', () => {
    const context = holidayOffice(at('2026-09-20 10:00'));
    const before = publishOctober(context);
    const payload = swapPayload(before);
    expect([payload.requesterId, payload.counterpartId]).toEqual([
      'li',
      'wang',
    ]);

    const request = applied(domain, context, CMD.swapRequest, payload);
    rejected(
      domain,
      context,
      CMD.swapAccept,
      { swapId: request['swapId'], personId: 'zhang' },
      'invalid-transition',
    );
    applied(domain, context, CMD.swapAccept, {
      swapId: request['swapId'],
      personId: 'wang',
    });
    expect(roster(context)).toEqual(before);

    const result = applied(domain, context, CMD.swapApprove, {
      swapId: request['swapId'],
      approverId: 'zhao',
    });
    expect(result['version']).toBe(2);
    const after = roster(context);
    expect(
      after.assignments.find((a) => a.id === payload.requesterAssignmentId)
        ?.personId,
    ).toBe('wang');
    expect(
      after.assignments.find((a) => a.id === payload.counterpartAssignmentId)
        ?.personId,
    ).toBe('li');
    expect(after.audit.at(-1)).toMatchObject({ who: 'zhao', version: 2 });
    expect(after.audit.at(-1)?.what).toContain('Swap swap-1');
  });

  it('rejects early or draft-roster approval', () => {
    const context = holidayOffice(at('2026-09-20 10:00'));
    applied(domain, context, CMD.rosterGenerate, { month: '2026-10' });
    rejected(
      domain,
      context,
      CMD.swapRequest,
      swapPayload(roster(context)),
      'roster-not-published',
    );
    applied(domain, context, CMD.rosterSubmit, { rosterId: OCT });
    applied(domain, context, CMD.rosterApprove, {
      rosterId: OCT,
      approverId: 'zhao',
    });
    applied(domain, context, CMD.rosterPublish, { rosterId: OCT });
    const request = applied(
      domain,
      context,
      CMD.swapRequest,
      swapPayload(roster(context)),
    );
    rejected(
      domain,
      context,
      CMD.swapApprove,
      { swapId: request['swapId'], approverId: 'zhao' },
      'invalid-transition',
    );
  });

  it('rejects short holiday lead time', () => {
    const context = holidayOffice(at('2026-09-20 10:00'));
    publishOctober(context);
    context.clock = at('2026-10-01 02:30');
    const message = rejected(
      domain,
      context,
      CMD.swapRequest,
      swapPayload(roster(context)),
      'swap-lead-time',
    );
    expect(message).toContain('30.0 h');
    expect(message).toContain('48 h');
  });

  it('escalates late requests when configured', () => {
    const context = holidayOffice(at('2026-09-20 10:00'), {
      whenSwapTooLate: 'escalate',
      higherApproverMinRank: 4,
    });
    publishOctober(context);
    context.clock = at('2026-10-01 02:30');
    const request = applied(
      domain,
      context,
      CMD.swapRequest,
      swapPayload(roster(context)),
    );
    expect(request['needsHigherApproval']).toBe(true);
    applied(domain, context, CMD.swapAccept, {
      swapId: request['swapId'],
      personId: 'wang',
    });
    rejected(
      domain,
      context,
      CMD.swapApprove,
      { swapId: request['swapId'], approverId: 'zhao' },
      'invalid-transition',
    );
  });

  it('limits who may reject a swap', () => {
    const context = holidayOffice(at('2026-09-20 10:00'));
    publishOctober(context);
    const first = applied(
      domain,
      context,
      CMD.swapRequest,
      swapPayload(roster(context)),
    );
    rejected(
      domain,
      context,
      CMD.swapReject,
      { swapId: first['swapId'], personId: 'o1', reason: '不同意' },
      'not-authorised',
    );
    rejected(
      domain,
      context,
      CMD.swapReject,
      { swapId: first['swapId'], personId: 'wang', reason: ' ' },
      'invalid-payload',
    );
    applied(domain, context, CMD.swapReject, {
      swapId: first['swapId'],
      personId: 'wang',
      reason: '当天有会',
    });
    expect(SwapRecordSchema.parse(context.data(C.swap, 'swap-1')).status).toBe(
      'rejected',
    );
    rejected(
      domain,
      context,
      CMD.swapAccept,
      { swapId: 'swap-1', personId: 'wang' },
      'invalid-transition',
    );

    const second = applied(
      domain,
      context,
      CMD.swapRequest,
      swapPayload(roster(context)),
    );
    applied(domain, context, CMD.swapReject, {
      swapId: second['swapId'],
      personId: 'zhao',
      reason: '节日期间不换班',
    });
    expect(roster(context).version).toBe(1);
  });

  it('expires at shift start unchanged', () => {
    const context = holidayOffice(at('2026-09-20 10:00'));
    const before = publishOctober(context);
    const request = applied(
      domain,
      context,
      CMD.swapRequest,
      swapPayload(before),
    );
    applied(domain, context, CMD.swapAccept, {
      swapId: request['swapId'],
      personId: 'wang',
    });

    context.clock = at('2026-10-02 08:30');
    expect(context.transaction(() => runDutyChecks(context)).expiredSwaps).toBe(
      1,
    );
    expect(SwapRecordSchema.parse(context.data(C.swap, 'swap-1')).status).toBe(
      'pastDue',
    );
    rejected(
      domain,
      context,
      CMD.swapApprove,
      { swapId: 'swap-1', approverId: 'zhao' },
      'invalid-transition',
    );
    expect(roster(context)).toEqual(before);
  });
});

describe('duty.absence-put and duty.absence-remove', () => {
  it('blocks assignments during leave', () => {
    const context = holidayOffice(at('2026-09-20 10:00'));
    applied(domain, context, CMD.rosterGenerate, { month: '2026-10' });
    const window = {
      start: at('2026-10-10 08:30'),
      end: at('2026-10-10 12:00'),
    };
    const result = applied(domain, context, CMD.absencePut, {
      personId: 'clerk',
      kind: 'leave',
      start: at('2026-10-09 00:00'),
      end: at('2026-10-12 00:00'),
    });
    expect(result['absenceId']).toBe('clerk-absence-1');
    rejected(
      domain,
      context,
      CMD.assign,
      { rosterId: OCT, personId: 'clerk', post: 'officer', ...window },
      'person-absent',
    );

    applied(domain, context, CMD.absenceRemove, {
      personId: 'clerk',
      absenceId: 'clerk-absence-1',
    });
    applied(domain, context, CMD.assign, {
      rosterId: OCT,
      personId: 'clerk',
      post: 'officer',
      ...window,
    });
    rejected(
      domain,
      context,
      CMD.absenceRemove,
      { personId: 'clerk', absenceId: 'clerk-absence-1' },
      'absence-not-found',
    );
    rejected(
      domain,
      context,
      CMD.absencePut,
      { personId: 'clerk', kind: 'holiday', ...window },
      'invalid-payload',
    );
  });
});

describe('createDutyDomain commands', () => {
  it('registers every duty command name', () => {
    expect(Object.keys(domain.commands).sort()).toEqual(
      Object.values(CMD).sort(),
    );
    expect(domain.stream).toBe('duty');
  });
});
