// The roster:export call through the invoke router, over a fake core whose cache contains records
// that the real duty domain wrote: a published October 2026 roster and a logged call.
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';

import { createDutyDomain } from '../../../src-central/domains/duty/index.js';
import type { ConsoleCore } from '../../../src-main/core/api.js';
import { readRosterBackup } from '../../../src-main/roster-export/index.js';
import {
  createInvokeRouter,
  type InvokeCaller,
} from '../../../src-main/router/index.js';
import type {
  RosterExportFile,
  StoredRecord,
} from '../../../src-shared/contract/index.js';
import type { DutyRoster } from '../../../src-shared/roster/records.js';
import {
  DUTY_COLLECTIONS as C,
  DUTY_COMMANDS as CMD,
  DutyRosterSchema,
} from '../../../src-shared/roster/records.js';
import { at, holidayOffice } from '../central-duty/fixtures.js';
import type { MemoryContext } from '../central-duty/memory-context.js';
import { applied } from '../central-duty/memory-context.js';

const domain = createDutyDomain({ seed: 1 });
const CONSOLE: InvokeCaller = {
  windowKind: 'console',
  windowName: 'console',
  readOnly: false,
};
const WALL: InvokeCaller = {
  windowKind: 'wall',
  windowName: 'wall-1',
  readOnly: true,
};

function publishedOctober(): MemoryContext {
  const context = holidayOffice(at('2026-09-20 10:00'));
  applied(domain, context, CMD.rosterGenerate, { month: '2026-10' });
  applied(domain, context, CMD.rosterSubmit, { rosterId: 'roster-2026-10' });
  applied(domain, context, CMD.rosterApprove, {
    rosterId: 'roster-2026-10',
    approverId: 'zhao',
  });
  applied(domain, context, CMD.rosterPublish, { rosterId: 'roster-2026-10' });
  context.clock = at('2026-10-01 09:15');
  applied(domain, context, CMD.logCreate, {
    kind: 'call',
    receivedAt: at('2026-10-01 09:10'),
    callerUnit: '城关派出所',
    callerName: '值班民警',
    callerPhone: '13912345678',
    content: '城关镇一处路口积水，请求协调排水。',
    recorderId: 'o1',
  });
  return context;
}

function fakeCore(context: MemoryContext): ConsoleCore {
  const unused = (): never => {
    throw new Error('not used by roster:export');
  };
  return {
    state: {
      snapshot: unused,
      subscribe: unused,
      queryAlerts: unused,
      queryRecords: (query): Promise<StoredRecord[]> =>
        Promise.resolve(context.list(query.collection)),
    },
    sessionStatus: unused,
    submitCommand: unused,
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
  };
}

const APP = {
  name: 'test',
  version: '0.0.0',
  host: 'browser',
  locale: 'zh-CN',
} as const;

async function exportFile(
  context: MemoryContext,
  request: Record<string, unknown>,
  caller = CONSOLE,
): Promise<RosterExportFile> {
  const router = createInvokeRouter(fakeCore(context), APP);
  const result = await router.handle('roster:export', request, caller);
  if (!result.ok) {
    throw new Error(`${result.error.code}: ${result.error.message}`);
  }
  return result.value as RosterExportFile;
}

async function reopen(file: RosterExportFile): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(
    Buffer.from(file.base64, 'base64') as unknown as ExcelJS.Buffer,
  );
  return workbook;
}

function text(file: RosterExportFile): string {
  return Buffer.from(file.base64, 'base64').toString('utf8');
}

describe('roster:export of a published roster', () => {
  let context: MemoryContext;
  let roster: DutyRoster;
  let workbook: ExcelJS.Workbook;
  let xlsx: RosterExportFile;

  beforeAll(async () => {
    context = publishedOctober();
    roster = DutyRosterSchema.parse(context.data(C.roster, 'roster-2026-10'));
    xlsx = await exportFile(context, {
      month: '2026-10',
      format: 'xlsx',
      what: 'roster',
    });
    workbook = await reopen(xlsx);
  });

  it('names the file after month and version', () => {
    expect(xlsx.fileName).toBe('duty-roster-2026-10-v1.xlsx');
    expect(xlsx.mimeType).toContain('spreadsheetml');
  });

  it('writes one sheet per ISO week', () => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      '2026年第40周',
      '2026年第41周',
      '2026年第42周',
      '2026年第43周',
      '2026年第44周',
    ]);
  });

  it('heads the sheet with title and posts', () => {
    const sheet = workbook.getWorksheet('2026年第40周');
    expect(sheet?.getCell('A1').value).toBe(
      '县社会治理综合指挥中心值班表（第1版）',
    );
    expect(sheet?.getRow(3).values).toEqual([
      undefined,
      '日期',
      '星期',
      '日类型',
      '带班领导',
      '值班员',
    ]);
  });

  it('writes October 1 and 2 by the rotations', () => {
    const sheet = workbook.getWorksheet('2026年第40周');
    const first = sheet?.getRow(4);
    expect((first?.getCell(1).value as Date).toISOString()).toBe(
      '2026-10-01T00:00:00.000Z',
    );
    expect(first?.getCell(2).value).toBe('星期四');
    expect(first?.getCell(3).value).toBe('法定节假日（国庆节）');
    expect(first?.getCell(4).value).toBe('wang 08:30–次日08:30 138****0000');
    expect(String(first?.getCell(5).value).split('\n').sort()).toEqual([
      'o1 08:30–次日08:30 138****0000',
      'o3 08:30–次日08:30 138****0000',
    ]);
    expect(sheet?.getRow(5).getCell(4).value).toBe(
      'li 08:30–次日08:30 138****0000',
    );
  });

  it('matches the roster record on every leader cell', () => {
    const leaderOf = new Map(
      roster.assignments
        .filter((a) => a.post === 'leader')
        .map((a) => [a.shiftDate, a.personId]),
    );
    let checked = 0;
    for (const sheet of workbook.worksheets) {
      for (let row = 4; row <= sheet.rowCount; row += 1) {
        const date = (sheet.getRow(row).getCell(1).value as Date)
          .toISOString()
          .slice(0, 10);
        const cell = String(sheet.getRow(row).getCell(4).value);
        expect(cell.split(' ')[0], date).toBe(leaderOf.get(date));
        checked += 1;
      }
    }
    expect(checked).toBe(31);
  });

  it('writes iCal events with the Shanghai zone', async () => {
    const file = await exportFile(context, {
      month: '2026-10',
      format: 'ics',
      what: 'roster',
    });
    const calendar = text(file);
    expect(file.fileName).toBe('duty-roster-2026-10-v1.ics');
    expect(calendar).toContain('DTSTART;TZID=Asia/Shanghai:20261001T083000');
    expect(calendar.match(/BEGIN:VEVENT/g)).toHaveLength(
      roster.assignments.length,
    );
  });

  it('writes an A4 notice with the approver', async () => {
    const file = await exportFile(context, {
      month: '2026-10',
      format: 'html',
      what: 'roster',
    });
    const html = text(file);
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain('zhao');
  });

  it('writes a backup that reads back', async () => {
    const file = await exportFile(context, {
      month: '2026-10',
      format: 'json',
      what: 'roster',
    });
    const backup = readRosterBackup(JSON.parse(text(file)));
    expect(backup.assignments).toHaveLength(roster.assignments.length);
    expect(backup.rotations.map((r) => r.id)).toEqual([
      'rot-leader',
      'rot-officer-a',
      'rot-officer-b',
    ]);
    expect(backup.calendarYears.map((y) => y.year)).toEqual([2026]);
  });

  it('writes the duty log register', async () => {
    const file = await exportFile(context, {
      month: '2026-10',
      format: 'xlsx',
      what: 'duty-log',
    });
    const sheet = (await reopen(file)).getWorksheet('值班日志');
    const row = sheet?.getRow(3);
    expect(file.fileName).toBe('duty-log-2026-10.xlsx');
    expect(sheet?.rowCount).toBe(3);
    expect((row?.getCell(2).value as Date).toISOString()).toBe(
      '2026-10-01T09:10:00.000Z',
    );
    expect(row?.getCell(3).value).toBe('来电');
    expect(row?.getCell(4).value).toBe('城关派出所');
    expect(row?.getCell(6).value).toBe('139****5678');
    expect(row?.getCell(7).value).toBe('城关镇一处路口积水，请求协调排水。');
    expect(row?.getCell(11).value).toBe('o1');
  });
});

describe('roster:export rejections', () => {
  it('rejects a wall window', async () => {
    const router = createInvokeRouter(fakeCore(publishedOctober()), APP);
    const result = await router.handle(
      'roster:export',
      { month: '2026-10', format: 'xlsx', what: 'roster' },
      WALL,
    );
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error.code).toBe('forbidden');
  });

  it('rejects a month without roster', async () => {
    const router = createInvokeRouter(fakeCore(publishedOctober()), APP);
    const result = await router.handle(
      'roster:export',
      { month: '2026-11', format: 'xlsx', what: 'roster' },
      CONSOLE,
    );
    expect(result.ok ? '' : result.error.code).toBe('not-found');
    expect(result.ok ? '' : result.error.message).toContain('2026-11');
  });

  it('rejects an iCal duty log', async () => {
    const router = createInvokeRouter(fakeCore(publishedOctober()), APP);
    const result = await router.handle(
      'roster:export',
      { month: '2026-10', format: 'ics', what: 'duty-log' },
      CONSOLE,
    );
    expect(result.ok ? '' : result.error.code).toBe('invalid-request');
  });

  it('rejects a malformed month', async () => {
    const router = createInvokeRouter(fakeCore(publishedOctober()), APP);
    const result = await router.handle(
      'roster:export',
      { month: '2026-13', format: 'xlsx', what: 'roster' },
      CONSOLE,
    );
    expect(result.ok ? '' : result.error.code).toBe('invalid-request');
  });
});
