// The pasted holiday lines of the roster tab and the incident payload of the log detail.
import { describe, expect, it } from 'vitest';
import { parseHolidayLines } from '../../../src-renderer/src/console/duty/holiday-entry.js';
import { incidentReportPayload } from '../../../src-renderer/src/console/duty/log-incident.js';
import type { DutyLogEntryRecord } from '../../../src-shared/roster/records.js';

describe('parseHolidayLines', () => {
  it('reads types, aliases and names', () => {
    const result = parseHolidayLines(
      [
        '# 2027',
        '2027-10-01 statutoryHoliday 国庆节',
        '',
        '2027-10-04 休',
        '2027-10-09 班',
        '  2027-10-02   法定  ',
        '2027-10-03 weekend',
      ].join('\n'),
    );
    expect(result).toEqual({
      ok: true,
      days: [
        { date: '2027-10-01', type: 'statutoryHoliday', name: '国庆节' },
        { date: '2027-10-04', type: 'restInLieu' },
        { date: '2027-10-09', type: 'makeUpWorkday' },
        { date: '2027-10-02', type: 'statutoryHoliday' },
        { date: '2027-10-03', type: 'weekend' },
      ],
    });
  });

  it('reports an unknown type with its line', () => {
    expect(parseHolidayLines('2027-10-01 法定\n2027-10-02 holiday')).toEqual({
      ok: false,
      line: 2,
      text: '2027-10-02 holiday',
    });
  });

  it('reports a malformed date', () => {
    const result = parseHolidayLines('2027/10/01 法定');
    expect(result.ok).toBe(false);
  });
});

describe('incidentReportPayload', () => {
  const entry: DutyLogEntryRecord = {
    id: 'log-20261204-001',
    number: '20261204-001',
    kind: 'call',
    receivedAt: 1_000_000,
    occurredAt: 900_000,
    callerUnit: '城关派出所',
    callerName: '值班民警',
    callerPhone: '0000-6110110',
    content: '迎宾路两车相撞，一人受伤，请求协调救护。',
    recorderId: 'of1',
    ownerId: 'of1',
    status: 'open',
    followUps: [],
    transfers: [],
    reporting: {
      policyId: 'p1',
      level: 'major',
      eventClass: 'accident',
      recipient: '县委县政府总值班室',
      isTarget: false,
      clockStart: 900_000,
      phoneDue: 2_700_000,
      writtenDue: 4_500_000,
      escalated: false,
    },
  };

  it('takes title, place and level', () => {
    const payload = incidentReportPayload(
      entry,
      { title: ' 迎宾路车祸 ', place: '迎宾路' },
      'id-1',
    );
    expect(payload['title']).toBe('迎宾路车祸');
    expect(payload['place']).toEqual({ address: '迎宾路' });
    expect(payload['level']).toBe(2);
    expect(payload['occurredAt']).toBe(900_000);
    expect(payload['logEntryId']).toBe('log-20261204-001');
    expect(payload['incidentId']).toBe('id-1');
  });

  it('falls back to the content as title', () => {
    const payload = incidentReportPayload(
      { ...entry, reporting: undefined, occurredAt: undefined },
      { title: '', place: '' },
      'id-2',
    );
    expect(payload['title']).toBe('迎宾路两车相撞，一人受伤，请求协调救护。');
    expect(payload['place']).toEqual({});
    expect(payload['level']).toBeNull();
    expect(payload['occurredAt']).toBe(1_000_000);
  });
});
