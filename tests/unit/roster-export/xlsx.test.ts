import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  DUTY_LOG_SHEET_NAME,
  RosterExportError,
  writeRosterWorkbook,
} from '../../../src-main/roster-export/index.js';
import { dutyLog, januarySource, people } from './fixtures.js';

// Expectations below are written from the rotation rules by hand, not with export code.
const SHEETS = [
  { name: '2025年第1周', first: 1, last: 5 },
  { name: '2025年第2周', first: 6, last: 12 },
  { name: '2025年第3周', first: 13, last: 19 },
  { name: '2025年第4周', first: 20, last: 26 },
  { name: '2025年第5周', first: 27, last: 31 },
];
const WORKING_DAYS = [
  2, 3, 6, 7, 8, 9, 10, 13, 14, 15, 16, 17, 20, 21, 22, 23, 24, 26, 27,
];
const OFF_DAYS = [1, 4, 5, 11, 12, 18, 19, 25, 28, 29, 30, 31];
const WEEKDAYS = [
  '星期三',
  '星期四',
  '星期五',
  '星期六',
  '星期日',
  '星期一',
  '星期二',
];

function dayType(day: number): string {
  if (day === 1) {
    return '法定节假日（元旦）';
  }
  if (day === 26) {
    return '调休上班（春节）';
  }
  if (day >= 28) {
    return '法定节假日（春节）';
  }
  return WORKING_DAYS.includes(day) ? '工作日' : '周末';
}

function masked(personId: string): string {
  const person = people.find((p) => p.id === personId);
  if (!person?.phone) {
    return person?.name ?? personId;
  }
  const digits = person.phone;
  const phone = digits.startsWith('0713')
    ? `071*-***${digits.slice(-4)}`
    : `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  return `${person.name} ${phone}`;
}

function line(personId: string, span: string): string {
  const [name, ...phone] = masked(personId).split(' ');
  return [name, span, ...phone].join(' ');
}

function expectedPosts(day: number): string[] {
  const leader = ['wang-jianguo', 'li-weidong', 'chen-zhiqiang'][(day - 1) % 3];
  const chief = ['liu-xiaoyan', 'zhang-haitao'][(day - 1) % 2];
  const dayOfficer = ['zhou-min', 'wu-jie'][(day - 1) % 2];
  const nightOfficer = ['zheng-li', 'sun-hao'][(day - 1) % 2];
  const full = '08:30–次日08:30';

  const officers =
    day === 10
      ? [
          line('wu-jie', '08:30–12:00'),
          line('zheng-li', '12:00–17:30'),
          line('sun-hao', '17:30–次日08:30'),
        ]
      : [
          line(dayOfficer ?? '', '08:30–17:30'),
          line(nightOfficer ?? '', '17:30–次日08:30'),
        ];

  const itIndex = WORKING_DAYS.indexOf(day);
  const it =
    itIndex < 0
      ? ''
      : line(['hu-bin', 'he-lei'][itIndex % 2] ?? '', '08:30–17:30');
  const liaisonIndex = OFF_DAYS.indexOf(day);
  const liaison =
    liaisonIndex < 0
      ? ''
      : line(['cheng-fang', 'wang-yang'][liaisonIndex % 2] ?? '', full);

  return [
    line(leader ?? '', full),
    line(chief ?? '', full),
    officers.join('\n'),
    it,
    liaison,
  ];
}

async function reopen(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return workbook;
}

function sheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const found = workbook.getWorksheet(name);
  if (!found) {
    throw new Error(`Sheet ${name} is missing`);
  }
  return found;
}

describe('roster workbook', () => {
  let workbook: ExcelJS.Workbook;

  beforeAll(async () => {
    const buffer = await writeRosterWorkbook(januarySource(), {
      dutyLog,
      createdAt: new Date(Date.UTC(2025, 0, 1)),
    });
    workbook = await reopen(buffer);
  });

  it('has one sheet per ISO week and the log', () => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      ...SHEETS.map((s) => s.name),
      DUTY_LOG_SHEET_NAME,
    ]);
  });

  it('writes merged title and week header', () => {
    const first = sheet(workbook, '2025年第1周');
    expect(first.getCell('A1').value).toBe(
      '罗田县社会治理综合指挥中心值班表（第3版）',
    );
    expect(first.getCell('A2').value).toBe(
      '2025年第1周（2025-01-01至2025-01-05）',
    );
    expect(first.getCell('H1').isMerged).toBe(true);
    expect(first.getCell('H1').master.address).toBe('A1');
    expect(first.getCell('H2').master.address).toBe('A2');
    expect(first.getCell('I1').isMerged).toBe(false);

    const last = sheet(workbook, '2025年第5周');
    expect(last.getCell('A2').value).toBe(
      '2025年第5周（2025-01-27至2025-01-31）',
    );
  });

  it('writes the column headers', () => {
    const headers = sheet(workbook, '2025年第2周').getRow(3).values;
    expect(headers).toEqual([
      undefined,
      '日期',
      '星期',
      '日类型',
      '带班领导',
      '值班长',
      '值班员',
      '技术保障',
      '部门联络员',
    ]);
  });

  it('writes every day cell by cell', () => {
    for (const { name, first, last } of SHEETS) {
      const week = sheet(workbook, name);
      expect(week.rowCount, name).toBe(3 + last - first + 1);

      for (let day = first; day <= last; day += 1) {
        const row = week.getRow(4 + day - first);
        const where = `${name} 2025-01-${day}`;
        const date = row.getCell(1).value;

        expect(date, where).toBeInstanceOf(Date);
        expect((date as Date).getTime(), where).toBe(Date.UTC(2025, 0, day));
        expect(row.getCell(1).numFmt, where).toBe('yyyy-mm-dd');
        expect(row.getCell(2).value, where).toBe(WEEKDAYS[(day - 1) % 7]);
        expect(row.getCell(3).value, where).toBe(dayType(day));

        const posts = [4, 5, 6, 7, 8].map((c) => row.getCell(c).text);
        expect(posts, where).toEqual(expectedPosts(day));
      }
    }
  });

  it('spells out the 代班 day', () => {
    const row = sheet(workbook, '2025年第2周').getRow(8);
    expect((row.getCell(1).value as Date).getTime()).toBe(
      Date.UTC(2025, 0, 10),
    );
    expect(row.getCell(6).value).toBe(
      '吴杰 08:30–12:00 159****0022\n' +
        '郑丽 12:00–17:30 159****0023\n' +
        '孙浩 17:30–次日08:30 159****0024',
    );
  });

  it('sets A4 landscape print setup', () => {
    for (const { name } of SHEETS) {
      const setup = sheet(workbook, name).pageSetup;
      expect(setup.paperSize, name).toBe(9);
      expect(setup.orientation, name).toBe('landscape');
      expect(setup.fitToPage, name).toBe(true);
      expect(setup.fitToWidth, name).toBe(1);
      expect(setup.fitToHeight, name).toBe(0);
      expect(setup.printTitlesRow, name).toBe('1:3');
    }
  });

  it('writes the duty log register', () => {
    const log = sheet(workbook, DUTY_LOG_SHEET_NAME);
    expect(log.getCell('A1').value).toBe('罗田县社会治理综合指挥中心值班日志');
    expect(log.getRow(2).values).toEqual([
      undefined,
      '序号',
      '接报时间',
      '类型',
      '来电（文）单位',
      '姓名',
      '电话',
      '内容',
      '领导批示',
      '批示领导',
      '批示时间',
      '记录人',
      '责任人',
      '状态',
      '续报一时间',
      '续报一',
      '续报二时间',
      '续报二',
    ]);

    const call = log.getRow(3);
    expect(call.getCell(1).value).toBe(1);
    expect((call.getCell(2).value as Date).getTime()).toBe(
      Date.UTC(2025, 0, 10, 9, 12),
    );
    expect(call.getCell(2).numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(call.getCell(3).value).toBe('来电');
    expect(call.getCell(4).value).toBe('三里畈镇综治中心');
    expect(call.getCell(5).value).toBe('黄志刚');
    expect(call.getCell(6).value).toBe('139****1234');
    expect(call.getCell(8).value).toBe(
      '请县交通运输局立即派员核实，设置警示标志，12时前报告处置情况。',
    );
    expect(call.getCell(9).value).toBe('李卫东');
    expect((call.getCell(10).value as Date).getTime()).toBe(
      Date.UTC(2025, 0, 10, 9, 30),
    );
    expect(call.getCell(10).numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(call.getCell(11).value).toBe('吴杰');
    expect(call.getCell(12).value).toBe('县交通运输局');
    expect(call.getCell(13).value).toBe('办理中');
    expect((call.getCell(14).value as Date).getTime()).toBe(
      Date.UTC(2025, 0, 10, 11, 50),
    );
    expect(call.getCell(15).value).toBe('已设置警示标志，抢修队伍到场。');
    expect(call.getCell(16).value).toBeNull();

    const alert = log.getRow(4);
    expect(alert.getCell(3).value).toBe('系统警情');
    expect(alert.getCell(6).value).toBeNull();
    expect(alert.getCell(10).value).toBeNull();
    expect(alert.getCell(13).value).toBe('已办结');
    expect((alert.getCell(16).value as Date).getTime()).toBe(
      Date.UTC(2025, 0, 10, 22, 40),
    );
    expect(alert.getCell(16).numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(alert.getCell(17).value).toBe('现场清理完毕，无人员伤亡。');

    const document = log.getRow(5);
    expect(document.getCell(3).value).toBe('来文');
    expect(document.getCell(13).value).toBe('待办');
  });
});

describe('roster workbook options', () => {
  it('prints full phone numbers on request', async () => {
    const buffer = await writeRosterWorkbook(januarySource(), {
      phoneDisplay: 'full',
    });
    const week = sheet(await reopen(buffer), '2025年第1周');
    expect(week.getCell('D4').value).toBe('王建国 08:30–次日08:30 13907130001');
    expect(week.getCell('G5').value).toBe('胡斌 08:30–17:30 0713-5061234');
  });

  it('leaves phones out with none', async () => {
    const buffer = await writeRosterWorkbook(januarySource(), {
      phoneDisplay: 'none',
    });
    const week = sheet(await reopen(buffer), '2025年第1周');
    expect(week.getCell('D4').value).toBe('王建国 08:30–次日08:30');
  });

  it('omits the log sheet without entries', async () => {
    const buffer = await writeRosterWorkbook(januarySource());
    const names = (await reopen(buffer)).worksheets.map((s) => s.name);
    expect(names).not.toContain(DUTY_LOG_SHEET_NAME);
  });

  it('rejects unknown people', async () => {
    const source = { ...januarySource(), people: people.slice(1) };
    await expect(writeRosterWorkbook(source)).rejects.toThrow(
      RosterExportError,
    );
    await expect(writeRosterWorkbook(source)).rejects.toThrow(/wang-jianguo/);
  });

  it('rejects posts without a column', async () => {
    const source = {
      ...januarySource(),
      posts: [{ id: 'leader', label: '带班领导' }],
    };
    await expect(writeRosterWorkbook(source)).rejects.toThrow(/chief/);
  });
});
