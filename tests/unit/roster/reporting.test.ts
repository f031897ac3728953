import { describe, expect, it } from 'vitest';

import type { ReportingPolicyRow } from '../../../src-shared/roster/index.js';
import {
  assessReport,
  computeDeadlines,
  escalationFlags,
  findReportingPolicy,
  formatLocalDateTime,
  NATIONAL_MAJOR_EVENT_TARGETS,
  nextFollowUpDue,
  ReportingPolicyNotFoundError,
  STATE_COUNCIL_DUTY_OFFICE,
} from '../../../src-shared/roster/index.js';
import { at } from './fixtures.js';

const county: ReportingPolicyRow = {
  id: 'county-large',
  level: 'large',
  eventClass: '*',
  recipient: '县值班室',
  clockStartsAt: 'learnedTime',
  phoneMinutes: 30,
  writtenMinutes: 60,
  followUp: { kind: 'dailyAt', times: ['17:00', '08:00'] },
  sourceText:
    '较大突发事件：接报后30分钟内电话报告、60分钟内书面报告县值班室，每日8时、17时续报',
  isTarget: false,
};
const table = [
  county,
  { ...county, id: 'county-large-fire', eventClass: 'fire', phoneMinutes: 20 },
  ...NATIONAL_MAJOR_EVENT_TARGETS,
];
const event = {
  occurredAt: at('2026-07-15 20:50'),
  learnedAt: at('2026-07-15 21:05'),
};

describe('reporting deadlines', () => {
  const row = findReportingPolicy(table, {
    level: 'large',
    eventClass: 'flood',
    recipient: '县值班室',
  });
  const deadlines = computeDeadlines(row, event);

  it('starts the clock when the office learns of it', () => {
    expect(row.id).toBe('county-large');
    expect(formatLocalDateTime(deadlines.phoneDue)).toBe('2026-07-15 21:35');
    expect(formatLocalDateTime(deadlines.writtenDue)).toBe('2026-07-15 22:05');
  });

  it('starts the clock at the event when the policy says so', () => {
    const fromEvent = computeDeadlines(
      { ...row, clockStartsAt: 'eventTime' },
      event,
    );
    expect(formatLocalDateTime(fromEvent.phoneDue)).toBe('2026-07-15 21:20');
  });

  it('accepts a phone report before the deadline', () => {
    expect(assessReport(deadlines.phoneDue, at('2026-07-15 21:30'))).toEqual({
      onTime: true,
      minutesLate: 0,
      escalate: false,
    });
    expect(assessReport(deadlines.phoneDue, deadlines.phoneDue).onTime).toBe(
      true,
    );
  });

  it('escalates a written report 5 min late', () => {
    expect(assessReport(deadlines.writtenDue, at('2026-07-15 22:10'))).toEqual({
      onTime: false,
      minutesLate: 5,
      escalate: true,
    });
    expect(
      assessReport(deadlines.writtenDue, deadlines.writtenDue + 1_000)
        .minutesLate,
    ).toBe(1);
  });

  it('flags missing reports once overdue', () => {
    const flags = escalationFlags(
      deadlines,
      { phoneAt: at('2026-07-15 21:30') },
      at('2026-07-15 22:06'),
    );
    expect(flags).toEqual({ phoneOverdue: false, writtenOverdue: true });
    expect(escalationFlags(deadlines, {}, at('2026-07-15 21:35'))).toEqual({
      phoneOverdue: false,
      writtenOverdue: false,
    });
  });

  it('schedules the next daily follow-up at 08:00', () => {
    const next = nextFollowUpDue(county.followUp!, at('2026-07-15 22:10'));
    expect(formatLocalDateTime(next)).toBe('2026-07-16 08:00');
    expect(
      formatLocalDateTime(
        nextFollowUpDue(county.followUp!, at('2026-07-16 08:00')),
      ),
    ).toBe('2026-07-16 17:00');
  });

  it('schedules interval follow-ups from the last report', () => {
    const rule = { kind: 'every' as const, minutes: 120 };
    expect(
      formatLocalDateTime(nextFollowUpDue(rule, at('2026-07-15 22:10'))),
    ).toBe('2026-07-16 00:10');
    expect(
      formatLocalDateTime(
        nextFollowUpDue(rule, at('2026-07-16 01:00'), at('2026-07-15 22:10')),
      ),
    ).toBe('2026-07-16 02:10');
  });

  it('prefers the row for the exact class', () => {
    expect(
      findReportingPolicy(table, {
        level: 'large',
        eventClass: 'fire',
        recipient: '县值班室',
      }).phoneMinutes,
    ).toBe(20);
  });

  it('seeds the national target for major events', () => {
    const national = findReportingPolicy(table, {
      level: 'major',
      eventClass: 'flood',
      recipient: STATE_COUNCIL_DUTY_OFFICE,
    });
    expect(national.phoneMinutes).toBe(30);
    expect(national.writtenMinutes).toBe(60);
    expect(national.isTarget).toBe(true);
    expect(national.sourceText).toMatch(/国务院总值班室/);
  });

  it('raises when no row matches', () => {
    expect(() =>
      findReportingPolicy(table, {
        level: 'general',
        eventClass: 'fire',
        recipient: '县值班室',
      }),
    ).toThrow(ReportingPolicyNotFoundError);
  });
});
