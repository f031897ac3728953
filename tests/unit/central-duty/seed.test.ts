import { describe, expect, it } from 'vitest';
import { createDutyDomain } from '../../../src-central/domains/duty/index.js';
import { seedPeople } from '../../../src-central/domains/duty/seed.js';
import { createChinaHolidayCalendar } from '../../../src-shared/roster/holidays-cn.js';
import { STATE_COUNCIL_DUTY_OFFICE } from '../../../src-shared/roster/reporting.js';
import { checkMonthRoster } from '../../../src-shared/roster/requirements.js';
import {
  DUTY_COLLECTIONS as C,
  DUTY_COMMANDS as CMD,
  DutyPersonSchema,
  DutyPostSchema,
  DutyRosterSchema,
  ReportingPolicySchema,
  ShiftTemplateSchema,
} from '../../../src-shared/roster/records.js';
import { at } from './fixtures.js';
import { applied, MemoryContext, rejected } from './memory-context.js';

const OPTIONS = { seed: 7, speed: 1, scenario: 'county' };

function started(now = at('2026-12-04 10:00')): MemoryContext {
  const context = new MemoryContext(now);
  const domain = createDutyDomain({ seed: 7, checkIntervalMs: 3_600_000 });
  const stop = domain.start?.(context, OPTIONS);
  stop?.();
  return context;
}

describe('createDutyDomain start()', () => {
  it('seeds a plausible office once', () => {
    const context = started();
    const people = context
      .list(C.person)
      .map((r) => DutyPersonSchema.parse(r.data));
    expect(people).toHaveLength(30);
    expect(new Set(people.map((p) => p.name)).size).toBe(30);
    expect(people.every((p) => /^1380000\d{4}$/.test(p.mobile))).toBe(true);
    expect(
      context
        .list(C.post)
        .map((r) => DutyPostSchema.parse(r.data).name)
        .sort(),
    ).toEqual(
      ['值班员', '值班长', '带班领导', '技术保障', '部门联络员'].sort(),
    );
    expect(context.list(C.shiftTemplate).map((r) => r.id)).toEqual([
      'day',
      'full-day',
      'holiday',
      'night',
    ]);

    const events = context.events.length;
    const again = createDutyDomain({ seed: 7, checkIntervalMs: 3_600_000 });
    again.start?.(context, OPTIONS)();
    expect(context.events.length).toBe(events);
  });

  it('gives the same people per seed', () => {
    expect(seedPeople(7)).toEqual(seedPeople(7));
    expect(seedPeople(7).map((p) => p.name)).not.toEqual(
      seedPeople(8).map((p) => p.name),
    );
  });

  it('seeds the national major-event target', () => {
    const rows = started()
      .list(C.reportingPolicy)
      .map((r) => ReportingPolicySchema.parse(r.data));
    const major = rows.find((row) => row.level === 'major');
    expect(major).toMatchObject({
      recipient: STATE_COUNCIL_DUTY_OFFICE,
      phoneMinutes: 30,
      writtenMinutes: 60,
      isTarget: true,
    });
  });

  it('publishes a clean current month', () => {
    const context = started();
    const roster = DutyRosterSchema.parse(
      context.data(C.roster, 'roster-2026-12'),
    );
    expect(roster).toMatchObject({ status: 'published', version: 1 });
    const check = checkMonthRoster({
      assignments: roster.assignments,
      templates: context
        .list(C.shiftTemplate)
        .map((r) => ShiftTemplateSchema.parse(r.data)),
      posts: context.list(C.post).map((r) => DutyPostSchema.parse(r.data)),
      people: context.list(C.person).map((r) => DutyPersonSchema.parse(r.data)),
      calendar: createChinaHolidayCalendar(),
      from: roster.from,
      to: roster.to,
    });
    expect(check.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(check.gaps).toEqual([]);
  });

  it('skips months outside holiday table', () => {
    const context = started(at('2027-01-04 10:00'));
    expect(context.get(C.roster, 'roster-2027-01')).toBeNull();
    const domain = createDutyDomain({ seed: 7 });
    rejected(
      domain,
      context,
      CMD.rosterGenerate,
      { month: '2027-01' },
      'calendar-year-missing',
    );
  });

  it('lets seeded leader check in, hand over', () => {
    const context = started();
    const domain = createDutyDomain({ seed: 7 });
    const roster = DutyRosterSchema.parse(
      context.data(C.roster, 'roster-2026-12'),
    );
    const leader = roster.assignments.find(
      (a) =>
        a.post === 'leader' &&
        a.start <= context.clock &&
        context.clock < a.end,
    );
    expect(leader).toBeDefined();
    applied(domain, context, CMD.checkIn, { personId: leader?.personId });

    const prepared = applied(domain, context, CMD.handoverPrepare, {
      outgoingId: leader?.personId,
      incomingId: 'ld1' === leader?.personId ? 'ld2' : 'ld1',
    });
    expect(prepared['items']).toBe(2);
  });
});
