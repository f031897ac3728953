import { describe, expect, it } from 'vitest';

import type { Assignment } from '../../../src-shared/roster/index.js';
import type { RosterExportInput } from '../../../src-main/roster-export/index.js';
import {
  assignmentUid,
  escapeText,
  exportRosterIcal,
  foldLine,
} from '../../../src-main/roster-export/index.js';
import { at, calendar, januarySource, UNIT_NAME } from './fixtures.js';

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

const smallRoster: RosterExportInput = {
  unitName: UNIT_NAME,
  rosterVersion: 2,
  from: '2025-01-01',
  to: '2025-01-01',
  calendar,
  people: [
    { id: 'wang-jianguo', name: '王建国', phone: '13907130001' },
    { id: 'zhou-min', name: '周敏' },
  ],
  assignments: [
    assignment(
      'day-officers:2025-01-01',
      'zhou-min',
      'officer',
      '2025-01-01 08:30',
      '2025-01-01 17:30',
    ),
    assignment(
      'leaders:2025-01-01',
      'wang-jianguo',
      'leader',
      '2025-01-01 08:30',
      '2025-01-02 08:30',
    ),
  ],
};

// Worked out by hand. The DESCRIPTION line holds 12 ASCII octets, 16 Chinese characters,
// " 第2版", the two-octet escape \n and 值: 73 octets. Adding 班 would make 76, so 班 starts the
// continuation line.
const GOLDEN = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//command-hall-console//roster-export//ZH',
  'CALSCALE:GREGORIAN',
  'METHOD:PUBLISH',
  'X-WR-CALNAME:罗田县社会治理综合指挥中心值班表',
  'X-WR-TIMEZONE:Asia/Shanghai',
  'BEGIN:VTIMEZONE',
  'TZID:Asia/Shanghai',
  'BEGIN:STANDARD',
  'DTSTART:19700101T000000',
  'TZOFFSETFROM:+0800',
  'TZOFFSETTO:+0800',
  'TZNAME:CST',
  'END:STANDARD',
  'END:VTIMEZONE',
  'BEGIN:VEVENT',
  'UID:roster-leaders%3A2025-01-01@roster.command-hall.local',
  'DTSTAMP:20250101T000000Z',
  'SEQUENCE:2',
  'DTSTART;TZID=Asia/Shanghai:20250101T083000',
  'DTEND;TZID=Asia/Shanghai:20250102T083000',
  'SUMMARY:带班领导：王建国',
  'DESCRIPTION:罗田县社会治理综合指挥中心值班表 第2版\\n值',
  ' 班电话：0713-5012345',
  'STATUS:CONFIRMED',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:roster-day-officers%3A2025-01-01@roster.command-hall.local',
  'DTSTAMP:20250101T000000Z',
  'SEQUENCE:2',
  'DTSTART;TZID=Asia/Shanghai:20250101T083000',
  'DTEND;TZID=Asia/Shanghai:20250101T173000',
  'SUMMARY:值班员：周敏',
  'DESCRIPTION:罗田县社会治理综合指挥中心值班表 第2版\\n值',
  ' 班电话：0713-5012345',
  'STATUS:CONFIRMED',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

function octets(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

describe('iCal export', () => {
  it('matches the hand-written document', () => {
    const text = exportRosterIcal(smallRoster, {
      generatedAt: at('2025-01-01 08:00'),
      dutyPhone: '0713-5012345',
    });
    expect(text).toBe(GOLDEN);
  });

  it('uses CRLF only', () => {
    const text = exportRosterIcal(januarySource(), { generatedAt: 0 });
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });

  it('writes one event per assignment', () => {
    const source = januarySource();
    const text = exportRosterIcal(source, { generatedAt: 0 });
    const events = text.match(/BEGIN:VEVENT/g) ?? [];
    expect(events).toHaveLength(source.assignments.length);
  });

  it('keeps UIDs stable across versions', () => {
    const source = januarySource();
    const uids = (version: number): string[] =>
      exportRosterIcal(
        { ...source, rosterVersion: version },
        { generatedAt: version },
      )
        .split('\r\n')
        .filter((l) => l.startsWith('UID:'));
    expect(uids(3)).toEqual(uids(4));
    expect(new Set(uids(3)).size).toBe(source.assignments.length);
  });

  it('filters one person', () => {
    const text = exportRosterIcal(januarySource(), {
      generatedAt: 0,
      personId: 'zheng-li',
    });
    const summaries = text.split('\r\n').filter((l) => l.startsWith('SUMMARY'));
    // 16 night shifts on odd days plus the 代班 on 2025-01-10.
    expect(summaries).toHaveLength(17);
    expect(new Set(summaries)).toEqual(new Set(['SUMMARY:值班员：郑丽']));
    expect(text).toContain('DTSTART;TZID=Asia/Shanghai:20250110T120000');
  });
});

describe('iCal line folding', () => {
  it('folds Chinese at character bounds', () => {
    const summary = '罗'.repeat(60);
    const folded = foldLine(`SUMMARY:${summary}`);
    const lines = folded.split('\r\n');

    // 8 + 22 × 3 = 74, then " " + 24 × 3 = 73, then " " + 14 × 3 = 43.
    expect(lines.map(octets)).toEqual([74, 73, 43]);
    expect(lines[1]?.startsWith(' ')).toBe(true);
    expect(lines[2]?.startsWith(' ')).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(`SUMMARY:${summary}`);
  });

  it('keeps each line valid UTF-8', () => {
    const text = `SUMMARY:${'a'.repeat(66)}😀${'值班'.repeat(40)}`;
    const lines = foldLine(text).split('\r\n');
    for (const line of lines) {
      expect(octets(line)).toBeLessThanOrEqual(75);
      const bytes = Buffer.from(line, 'utf8');
      expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toBe(
        line,
      );
    }
    expect(lines[0]).toBe(`SUMMARY:${'a'.repeat(66)}`);
    expect(lines[1]?.startsWith(' 😀')).toBe(true);
  });

  it('leaves short lines alone', () => {
    expect(foldLine('VERSION:2.0')).toBe('VERSION:2.0');
    const exact = `X:${'b'.repeat(73)}`;
    expect(foldLine(exact)).toBe(exact);
    expect(foldLine(`${exact}c`)).toBe(`${exact}\r\n c`);
  });

  it('folds long summaries in the export', () => {
    const input: RosterExportInput = {
      ...smallRoster,
      posts: [
        {
          id: 'leader',
          label: '县社会治理综合指挥中心带班领导兼应急指挥部值班负责人',
        },
        { id: 'officer', label: '值班员' },
      ],
    };
    const text = exportRosterIcal(input, { generatedAt: 0 });
    const physical = text.split('\r\n');
    for (const line of physical) {
      expect(octets(line)).toBeLessThanOrEqual(75);
    }
    const unfolded = text.replace(/\r\n /g, '');
    expect(unfolded).toContain(
      'SUMMARY:县社会治理综合指挥中心带班领导兼应急指挥部值班负责人：王建国\r\n',
    );
  });
});

describe('iCal text escaping', () => {
  it('escapes separators and newlines', () => {
    expect(escapeText('a,b;c\\d\ne\r\nf')).toBe('a\\,b\\;c\\\\d\\ne\\nf');
    expect(escapeText('时间: 08:30')).toBe('时间: 08:30');
  });

  it('escapes names in events', () => {
    const input: RosterExportInput = {
      ...smallRoster,
      people: [
        { id: 'wang-jianguo', name: '王建国,组长;A\\B' },
        { id: 'zhou-min', name: '周敏' },
      ],
    };
    const text = exportRosterIcal(input, {
      generatedAt: 0,
      calendarName: '值班\n一月',
    });
    expect(text).toContain('SUMMARY:带班领导：王建国\\,组长\\;A\\\\B\r\n');
    expect(text).toContain('X-WR-CALNAME:值班\\n一月\r\n');
  });

  it('percent-encodes UIDs', () => {
    expect(assignmentUid('rot;1:2025-01-01/a', 'example.test')).toBe(
      'roster-rot%3B1%3A2025-01-01%2Fa@example.test',
    );
  });
});
