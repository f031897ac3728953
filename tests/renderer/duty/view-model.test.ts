import { describe, expect, it } from 'vitest';
import {
  buildLogCreatePayload,
  dutyNowAndNext,
  emptyLogForm,
  handoverActions,
  holidayOfDate,
  maskPhone,
  monthGrid,
  readWindow,
  reportState,
  rosterPanel,
  searchLog,
  shiftMonth,
} from '../../../src-renderer/src/console/duty/view-model.js';
import { createChinaHolidayCalendar } from '../../../src-shared/roster/holidays-cn.js';
import type {
  DutyLogEntryRecord,
  DutyPost,
  DutyRoster,
  HandoverRecordData,
  LogReporting,
} from '../../../src-shared/roster/records.js';
import type { Assignment } from '../../../src-shared/roster/shifts.js';
import { parseLocalDateTime as at } from '../../../src-shared/roster/time.js';

const calendar = createChinaHolidayCalendar();

function assignment(
  id: string,
  personId: string,
  post: string,
  start: string,
  end: string,
): Assignment {
  return {
    id,
    personId,
    post,
    source: 'rotation',
    shiftDate: start.slice(0, 10),
    start: at(start),
    end: at(end),
  };
}

const POSTS: DutyPost[] = [
  {
    id: 'officer',
    name: '值班员',
    nameEn: 'Duty officer',
    order: 3,
    minHeadcount: 1,
    maxHeadcount: 3,
  },
  {
    id: 'leader',
    name: '带班领导',
    nameEn: 'Leader on duty',
    order: 1,
    minHeadcount: 1,
    maxHeadcount: 2,
    minRank: 3,
  },
];

describe('maskPhone', () => {
  it('masks middle digits of a mobile', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone(' 138-1234-5678 ')).toBe('138****5678');
  });

  it('keeps landline area code', () => {
    expect(maskPhone('0000-6123400')).toBe('0000-****400');
    expect(maskPhone('61234567')).toBe('*****567');
  });

  it('masks short numbers whole', () => {
    expect(maskPhone('12345')).toBe('*****');
    expect(maskPhone('')).toBe('');
    expect(maskPhone('n/a')).toBe('');
  });
});

describe('dutyNowAndNext', () => {
  const roster = [
    assignment(
      'n1',
      'night-sun',
      'officer',
      '2024-06-02 20:00',
      '2024-06-03 08:00',
    ),
    assignment(
      'd1',
      'day-mon',
      'officer',
      '2024-06-03 08:00',
      '2024-06-03 20:00',
    ),
    assignment(
      'n2',
      'night-mon',
      'officer',
      '2024-06-03 20:00',
      '2024-06-04 08:00',
    ),
  ];

  it('shows night team, day team next', () => {
    const [leader, officer] = dutyNowAndNext(
      roster,
      POSTS,
      at('2024-06-03 01:55'),
    );
    expect(leader?.post.id).toBe('leader');
    expect(leader?.now).toEqual([]);
    expect(officer?.now.map((a) => a.personId)).toEqual(['night-sun']);
    expect(officer?.next.map((a) => a.personId)).toEqual(['day-mon']);
  });

  it('switches to the day team at exactly 08:00', () => {
    const officer = dutyNowAndNext(roster, POSTS, at('2024-06-03 08:00'))[1];
    expect(officer?.now.map((a) => a.personId)).toEqual(['day-mon']);
    expect(officer?.next.map((a) => a.personId)).toEqual(['night-mon']);
  });
});

describe('monthGrid', () => {
  it('labels ISO weeks and day types', () => {
    const weeks = monthGrid(
      '2025-01',
      [
        assignment(
          'a',
          'p1',
          'officer',
          '2025-01-01 08:30',
          '2025-01-02 08:30',
        ),
      ],
      calendar,
    );
    expect(weeks[0]?.label).toBe('2025年第1周');
    expect(weeks[0]?.days[0]).toMatchObject({
      date: '2024-12-30',
      inMonth: false,
      dayType: 'workday',
    });
    expect(weeks.map((w) => w.days.length)).toEqual([7, 7, 7, 7, 7]);
    const newYear = weeks[0]?.days[2];
    expect(newYear).toMatchObject({
      date: '2025-01-01',
      dayType: 'statutoryHoliday',
      holidayName: '元旦',
      byPost: { officer: ['p1'] },
    });
    const makeUp = weeks
      .flatMap((w) => w.days)
      .find((d) => d.date === '2025-01-26');
    expect(makeUp?.dayType).toBe('makeUpWorkday');
  });

  it('leaves unknown-year day types empty', () => {
    const weeks = monthGrid('2027-01', [], calendar);
    expect(weeks[0]?.label).toBe('2026年第53周');
    const days = weeks.flatMap((w) => w.days);
    expect(days.find((d) => d.date === '2027-01-04')?.dayType).toBeNull();
    expect(days.find((d) => d.date === '2026-12-31')?.dayType).toBe('workday');
  });
});

describe('rosterPanel', () => {
  it('reports the 10-05 leader gap', () => {
    const dates = [
      '2026-10-01',
      '2026-10-02',
      '2026-10-03',
      '2026-10-04',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
    ];
    const next = (date: string): string =>
      `2026-10-${String(Number(date.slice(8)) + 1).padStart(2, '0')}`;
    const assignments = dates.flatMap((date, index) => [
      assignment(
        `o1-${date}`,
        index % 2 === 0 ? 'o1' : 'o2',
        'officer',
        `${date} 08:30`,
        `${next(date)} 08:30`,
      ),
      assignment(
        `o3-${date}`,
        'o3',
        'officer',
        `${date} 08:30`,
        `${next(date)} 08:30`,
      ),
      ...(date === '2026-10-05'
        ? []
        : [
            assignment(
              `l-${date}`,
              'wang',
              'leader',
              `${date} 08:30`,
              `${next(date)} 08:30`,
            ),
          ]),
    ]);
    const roster: DutyRoster = {
      id: 'r',
      month: '2026-10',
      from: '2026-10-01',
      to: '2026-10-07',
      status: 'draft',
      version: 0,
      assignments,
      audit: [],
      generatedAt: 0,
      generatedBy: 'test',
    };
    const panel = rosterPanel({
      roster,
      templates: [
        {
          id: 't',
          name: '24h',
          startTime: '08:30',
          endTime: '08:30',
          endDayOffset: 1,
          appliesOn: 'allDays',
          posts: [
            { post: 'officer', headcount: 2 },
            { post: 'leader', headcount: 1 },
          ],
        },
      ],
      posts: POSTS,
      people: [],
      calendar,
      minRestHours: 8,
    });
    expect(panel.gaps).toEqual([
      {
        post: 'leader',
        start: at('2026-10-05 08:30'),
        end: at('2026-10-06 08:30'),
        missing: 1,
      },
    ]);
    expect(panel.coverage['officer']).toBe(100);
    expect(panel.coverage['leader']).toBe(85.7);
    // o1 96 h, o2 72 h, o3 168 h, wang 144 h: the average is 120 h, so o3 is +40 % and wang +20 %.
    expect(panel.aboveAverage).toEqual([
      { personId: 'o3', hours: 168, label: '+40 %' },
      { personId: 'wang', hours: 144, label: '+20 %' },
    ]);
  });
});

function logEntry(
  id: string,
  receivedAt: number,
  content: string,
  extra: Partial<DutyLogEntryRecord> = {},
): DutyLogEntryRecord {
  return {
    id,
    number: id,
    kind: 'call',
    receivedAt,
    callerUnit: '城关镇',
    callerName: '刘某',
    callerPhone: '',
    content,
    recorderId: 'o1',
    ownerId: 'o1',
    status: 'open',
    followUps: [],
    transfers: [],
    ...extra,
  };
}

describe('searchLog', () => {
  const entries = [
    logEntry('a', 1, '道路塌方'),
    logEntry('b', 3, '供水管道破裂', { status: 'closed' }),
    logEntry('c', 2, '来文', {
      followUps: [
        { number: 1, label: '续报一', at: 5, by: 'o1', content: '道路已抢通' },
      ],
    }),
  ];

  it('matches every word, newest first', () => {
    expect(searchLog(entries, '道路').map((e) => e.id)).toEqual(['c', 'a']);
    expect(searchLog(entries, '道路 抢通').map((e) => e.id)).toEqual(['c']);
    expect(searchLog(entries, '').map((e) => e.id)).toEqual(['b', 'c', 'a']);
  });

  it('filters by status', () => {
    expect(searchLog(entries, '', 'closed').map((e) => e.id)).toEqual(['b']);
    expect(searchLog(entries, '城关镇', 'open').map((e) => e.id)).toEqual([
      'c',
      'a',
    ]);
  });
});

describe('reportState', () => {
  const reporting: LogReporting = {
    policyId: 'county-large',
    level: 'large',
    eventClass: '*',
    recipient: '县委县政府总值班室',
    isTarget: false,
    clockStart: at('2026-10-03 21:05'),
    phoneDue: at('2026-10-03 21:35'),
    writtenDue: at('2026-10-03 22:05'),
    escalated: false,
  };

  it('rates reports against deadlines', () => {
    expect(
      reportState(
        { ...reporting, phoneAt: at('2026-10-03 21:30') },
        'phone',
        at('2026-10-03 23:00'),
      ),
    ).toBe('done');
    expect(
      reportState(
        { ...reporting, writtenAt: at('2026-10-03 22:10') },
        'written',
        at('2026-10-03 23:00'),
      ),
    ).toBe('late');
    expect(reportState(reporting, 'written', at('2026-10-03 22:05'))).toBe(
      'due',
    );
    expect(reportState(reporting, 'written', at('2026-10-03 22:06'))).toBe(
      'overdue',
    );
  });
});

describe('handoverActions', () => {
  const record: HandoverRecordData = {
    id: 'h',
    shiftEnd: 0,
    outgoingId: 'o1',
    incomingId: 'o2',
    items: [],
    instructions: [],
    openIncidents: [],
    watchItems: [],
    equipment: [],
    amendments: [],
    status: 'draft',
    responsibleId: 'o1',
    preparedAt: 0,
    preparedBy: 'o1',
  };

  it('lets only the outgoing officer sign a draft', () => {
    expect(handoverActions(record, 'o1')).toEqual({
      canSignOutgoing: true,
      canSignIncoming: false,
      readOnly: false,
      canAmend: false,
    });
    expect(handoverActions(record, 'o2').canSignIncoming).toBe(false);
  });

  it('lets incoming sign, then only amend', () => {
    expect(
      handoverActions({ ...record, status: 'awaitingIncoming' }, 'o2'),
    ).toEqual({
      canSignOutgoing: false,
      canSignIncoming: true,
      readOnly: true,
      canAmend: false,
    });
    expect(handoverActions({ ...record, status: 'complete' }, 'o2')).toEqual({
      canSignOutgoing: false,
      canSignIncoming: false,
      readOnly: true,
      canAmend: true,
    });
  });
});

describe('form payloads', () => {
  it('rejects empty entry and bad time', () => {
    expect(
      buildLogCreatePayload({ ...emptyLogForm(), content: '  ' }, 'o1'),
    ).toMatchObject({ ok: false, field: 'content' });
    expect(
      buildLogCreatePayload(
        { ...emptyLogForm(), content: 'x', occurredAt: '2026-13-01T10:00' },
        'o1',
      ),
    ).toMatchObject({ ok: false, field: 'occurredAt' });
  });

  it('reads Beijing time, adds level', () => {
    const result = buildLogCreatePayload(
      {
        ...emptyLogForm(),
        content: ' 道路塌方 ',
        receivedAt: '2026-10-03T21:05',
        level: 'large',
        recipient: '县委县政府总值班室',
      },
      'o1',
    );
    expect(result).toEqual({
      ok: true,
      payload: {
        kind: 'call',
        callerUnit: '',
        callerName: '',
        callerPhone: '',
        content: '道路塌方',
        recorderId: 'o1',
        receivedAt: Date.UTC(2026, 9, 3, 13, 5),
        level: 'large',
        recipient: '县委县政府总值班室',
      },
    });
  });

  it('checks windows and steps months', () => {
    expect(
      readWindow({ start: '2026-10-03T12:00', end: '2026-10-03T18:00' }),
    ).toEqual({ start: at('2026-10-03 12:00'), end: at('2026-10-03 18:00') });
    expect(
      readWindow({ start: '2026-10-03T18:00', end: '2026-10-03T12:00' }),
    ).toEqual({ error: 'end must come after start' });
    expect(readWindow({ start: '', end: '2026-10-03T12:00' })).toHaveProperty(
      'error',
    );
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
  });
});

describe('holidayOfDate', () => {
  it('names holiday days only', () => {
    expect(holidayOfDate(calendar, '2026-10-03')).toBe('国庆节');
    expect(holidayOfDate(calendar, '2026-10-10')).toBe('');
    expect(holidayOfDate(calendar, '2026-10-12')).toBe('');
    expect(holidayOfDate(calendar, '2027-10-01')).toBe('');
  });
});
