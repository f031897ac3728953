// A January 2025 roster of a made-up 罗田县 command center, built with the roster core: 24-hour
// leader and chief shifts, day and night officers, IT support on working days, department
// liaisons on days off, and one approved 代班 on 2025-01-10.
import type {
  Rotation,
  ShiftTemplate,
  Substitution,
} from '../../../src-shared/roster/index.js';
import {
  buildRoster,
  createChinaHolidayCalendar,
  parseLocalDateTime,
} from '../../../src-shared/roster/index.js';
import type {
  DutyLogRecord,
  DutyPerson,
  RosterBackupSource,
} from '../../../src-main/roster-export/index.js';

export const UNIT_NAME = '罗田县社会治理综合指挥中心';

export const people: DutyPerson[] = [
  { id: 'wang-jianguo', name: '王建国', phone: '13907130001' },
  { id: 'li-weidong', name: '李卫东', phone: '13907130002' },
  { id: 'chen-zhiqiang', name: '陈志强', phone: '13907130003' },
  { id: 'liu-xiaoyan', name: '刘晓燕', phone: '13807130011' },
  { id: 'zhang-haitao', name: '张海涛', phone: '13807130012' },
  { id: 'zhou-min', name: '周敏', phone: '15907130021' },
  { id: 'wu-jie', name: '吴杰', phone: '15907130022' },
  { id: 'zheng-li', name: '郑丽', phone: '15907130023' },
  { id: 'sun-hao', name: '孙浩', phone: '15907130024' },
  { id: 'hu-bin', name: '胡斌', phone: '0713-5061234' },
  { id: 'he-lei', name: '何磊', phone: '0713-5061235' },
  { id: 'cheng-fang', name: '程芳', phone: '18607130031' },
  { id: 'wang-yang', name: '汪洋' },
];

export const templates: ShiftTemplate[] = [
  {
    id: 'full-day',
    name: '24小时班',
    startTime: '08:30',
    endTime: '08:30',
    endDayOffset: 1,
    posts: [
      { post: 'leader', headcount: 1 },
      { post: 'chief', headcount: 1 },
      { post: 'liaison', headcount: 1 },
    ],
  },
  {
    id: 'day',
    name: '白班',
    startTime: '08:30',
    endTime: '17:30',
    endDayOffset: 0,
    posts: [
      { post: 'officer', headcount: 1 },
      { post: 'itSupport', headcount: 1 },
    ],
  },
  {
    id: 'night',
    name: '夜班',
    startTime: '17:30',
    endTime: '08:30',
    endDayOffset: 1,
    posts: [{ post: 'officer', headcount: 1 }],
  },
];

function rotation(
  id: string,
  templateId: string,
  post: string,
  participants: string[],
  dayFilter: Rotation['dayFilter'] = 'allDays',
): Rotation {
  return {
    id,
    templateId,
    post,
    participants,
    anchorDate: '2025-01-01',
    dayFilter,
    validFrom: '2025-01-01',
  };
}

export const rotations: Rotation[] = [
  rotation('leaders', 'full-day', 'leader', [
    'wang-jianguo',
    'li-weidong',
    'chen-zhiqiang',
  ]),
  rotation('chiefs', 'full-day', 'chief', ['liu-xiaoyan', 'zhang-haitao']),
  rotation('day-officers', 'day', 'officer', ['zhou-min', 'wu-jie']),
  rotation('night-officers', 'night', 'officer', ['zheng-li', 'sun-hao']),
  rotation(
    'it-support',
    'day',
    'itSupport',
    ['hu-bin', 'he-lei'],
    'workingDays',
  ),
  rotation(
    'liaisons',
    'full-day',
    'liaison',
    ['cheng-fang', 'wang-yang'],
    'offDays',
  ),
];

export const substitutions: Substitution[] = [
  {
    id: 'sub-0110',
    substituteId: 'zheng-li',
    replacedId: 'wu-jie',
    post: 'officer',
    start: parseLocalDateTime('2025-01-10 12:00'),
    end: parseLocalDateTime('2025-01-10 17:30'),
    status: 'approved',
    approvedAt: parseLocalDateTime('2025-01-08 09:00'),
  },
];

export const calendar = createChinaHolidayCalendar();

/** Builds the January 2025 roster source with the core's `buildRoster`. */
export function januarySource(): RosterBackupSource {
  const assignments = buildRoster({
    calendar,
    templates,
    rotations,
    substitutions,
    from: '2025-01-01',
    to: '2025-01-31',
  });
  return {
    unitName: UNIT_NAME,
    rosterVersion: 3,
    from: '2025-01-01',
    to: '2025-01-31',
    assignments,
    people,
    calendar,
    rotations,
    templates,
    substitutions,
  };
}

export const at = parseLocalDateTime;

export const dutyLog: DutyLogRecord[] = [
  {
    id: 'log-2',
    receivedAt: at('2025-01-10 21:47'),
    kind: 'systemAlert',
    callerUnit: '县公安局110指挥中心',
    content: '凤山镇某小区居民反映楼道内有烟雾，已推送消防救援大队。',
    recorderName: '孙浩',
    ownerName: '孙浩',
    status: 'closed',
    followUps: [
      {
        at: at('2025-01-10 22:05'),
        text: '消防到场，系电动车电池冒烟，已处置。',
      },
      { at: at('2025-01-10 22:40'), text: '现场清理完毕，无人员伤亡。' },
    ],
  },
  {
    id: 'log-1',
    receivedAt: at('2025-01-10 09:12'),
    kind: 'call',
    callerUnit: '三里畈镇综治中心',
    callerName: '黄志刚',
    callerPhone: '13972771234',
    content: '三里畈镇一村道路塌方，约20米路段车辆无法通行。',
    instruction: {
      leaderName: '李卫东',
      text: '请县交通运输局立即派员核实，设置警示标志，12时前报告处置情况。',
      at: at('2025-01-10 09:30'),
    },
    recorderName: '吴杰',
    ownerName: '县交通运输局',
    status: 'inProgress',
    followUps: [
      { at: at('2025-01-10 11:50'), text: '已设置警示标志，抢修队伍到场。' },
    ],
  },
  {
    id: 'log-3',
    receivedAt: at('2025-01-11 08:05'),
    kind: 'document',
    callerUnit: '县应急管理局',
    content: '转发关于做好春节期间安全防范工作的通知。',
    recorderName: '郑丽',
    status: 'open',
    followUps: [],
  },
];
