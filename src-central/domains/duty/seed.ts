// Synthetic duty office of a county: people, posts, shift templates, rotations, the reporting
// policy and settings. Names are drawn from a seeded generator. Phone numbers use the pattern
// 138-0000-xxxx and an 0000 area code, so they cannot be mistaken for real ones.
import { mulberry32 } from '../../adapters/random.js';
import { NATIONAL_MAJOR_EVENT_TARGETS } from '../../../src-shared/roster/reporting.js';
import type {
  DutyPerson,
  DutyPost,
  ReportingPolicyRecord,
  RotationRecord,
  ShiftTemplateRecord,
} from '../../../src-shared/roster/records.js';
import { DUTY_COLLECTIONS } from '../../../src-shared/roster/records.js';
import { COMMON_SURNAMES } from '../../data/surnames.js';
import type { DomainContext } from '../types.js';
import { DEFAULT_SETTINGS } from './common.js';

/** The twenty most common surnames, enough for a duty team. */
const SURNAMES = COMMON_SURNAMES.slice(0, 20);
const GIVEN = [
  '建国',
  '海燕',
  '志强',
  '丽华',
  '文博',
  '晓东',
  '春梅',
  '国平',
  '明轩',
  '秀英',
  '立新',
  '静怡',
  '卫东',
  '雪峰',
  '红霞',
  '子涵',
  '振华',
  '佳琪',
  '德胜',
  '慧敏',
];

export const DUTY_POSTS: DutyPost[] = [
  {
    id: 'leader',
    name: '带班领导',
    nameEn: 'Leader on duty',
    order: 1,
    minHeadcount: 1,
    maxHeadcount: 2,
    minRank: 3,
  },
  {
    id: 'shift-lead',
    name: '值班长',
    nameEn: 'Shift lead',
    order: 2,
    minHeadcount: 1,
    maxHeadcount: 1,
    minRank: 2,
  },
  {
    id: 'officer',
    name: '值班员',
    nameEn: 'Duty officer',
    order: 3,
    minHeadcount: 1,
    maxHeadcount: 3,
  },
  {
    id: 'it',
    name: '技术保障',
    nameEn: 'IT support',
    order: 4,
    minHeadcount: 0,
    maxHeadcount: 1,
    requiredQualifications: ['it'],
  },
  {
    id: 'liaison',
    name: '部门联络员',
    nameEn: 'Department liaison',
    order: 5,
    minHeadcount: 0,
    maxHeadcount: 2,
  },
];

export const DUTY_TEMPLATES: ShiftTemplateRecord[] = [
  {
    id: 'full-day',
    name: '24小时班',
    startTime: '08:30',
    endTime: '08:30',
    endDayOffset: 1,
    appliesOn: 'allDays',
    posts: [
      { post: 'leader', headcount: 1 },
      { post: 'shift-lead', headcount: 1 },
    ],
  },
  {
    id: 'day',
    name: '白班',
    startTime: '08:30',
    endTime: '17:30',
    endDayOffset: 0,
    appliesOn: 'workingDays',
    posts: [
      { post: 'officer', headcount: 1 },
      { post: 'it', headcount: 1 },
      { post: 'liaison', headcount: 1 },
    ],
  },
  {
    id: 'night',
    name: '夜班',
    startTime: '17:30',
    endTime: '08:30',
    endDayOffset: 1,
    appliesOn: 'workingDays',
    posts: [{ post: 'officer', headcount: 1 }],
  },
  {
    id: 'holiday',
    name: '节假日24小时班',
    startTime: '08:30',
    endTime: '08:30',
    endDayOffset: 1,
    appliesOn: 'offDays',
    posts: [
      { post: 'officer', headcount: 2 },
      { post: 'it', headcount: 1 },
    ],
  },
];

interface Group {
  prefix: string;
  count: number;
  rank: number;
  posts: string[];
  qualifications: string[];
  units: string[];
  titles: string[];
}

const GROUPS: Group[] = [
  {
    prefix: 'ld',
    count: 6,
    rank: 3,
    posts: ['leader'],
    qualifications: [],
    units: ['县委', '县政府', '县委政法委', '县人大常委会办公室'],
    titles: ['副县长', '县委常委', '县政府党组成员', '县委政法委书记'],
  },
  {
    prefix: 'sl',
    count: 5,
    rank: 2,
    posts: ['shift-lead', 'officer'],
    qualifications: [],
    units: ['县综治中心', '县委办公室', '县政府办公室'],
    titles: ['副主任', '科长', '督查室主任'],
  },
  {
    prefix: 'of',
    count: 10,
    rank: 1,
    posts: ['officer'],
    qualifications: [],
    units: ['县综治中心', '县应急管理局', '县信访局', '县委办公室'],
    titles: ['科员', '值班员', '四级主任科员'],
  },
  {
    prefix: 'it',
    count: 4,
    rank: 1,
    posts: ['it'],
    qualifications: ['it'],
    units: ['县大数据中心'],
    titles: ['工程师', '助理工程师'],
  },
  {
    prefix: 'li',
    count: 5,
    rank: 1,
    posts: ['liaison'],
    qualifications: [],
    units: ['县公安局', '县卫健局', '县城管局', '县住建局', '县自然资源局'],
    titles: ['联络员', '办公室副主任'],
  },
];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** Builds the ~30 synthetic people. The same seed always gives the same office. */
export function seedPeople(seed: number): DutyPerson[] {
  const random = mulberry32(seed);
  const used = new Set<string>();
  let serial = 0;
  return GROUPS.flatMap((group) =>
    Array.from({ length: group.count }, (_, index) => {
      serial += 1;
      let name = `${pick(random, SURNAMES)}${pick(random, GIVEN)}`;
      // A duplicate name on one roster confuses the duty office, so append the serial.
      if (used.has(name)) {
        name = `${name}${serial}`;
      }
      used.add(name);
      const number = String(serial).padStart(4, '0');
      return {
        id: `${group.prefix}${index + 1}`,
        name,
        unit: pick(random, group.units),
        title: pick(random, group.titles),
        rank: group.rank,
        officePhone: `0000-6${number.slice(1)}00`,
        mobile: `1380000${number}`,
        eligiblePosts: group.posts,
        qualifications: group.qualifications,
        absences: [],
      };
    }),
  );
}

function ids(prefix: string, from: number, to: number): string[] {
  return Array.from(
    { length: to - from + 1 },
    (_, index) => `${prefix}${from + index}`,
  );
}

// Anchored on a fixed Monday so adding people later never reshuffles who was on before.
const ANCHOR = '2026-01-05';

export const DUTY_ROTATIONS: RotationRecord[] = [
  {
    id: 'rot-leader',
    name: '带班领导轮值',
    templateId: 'full-day',
    post: 'leader',
    participants: ids('ld', 1, 6),
    anchorDate: ANCHOR,
    dayFilter: 'allDays',
    validFrom: '2026-01-01',
  },
  {
    id: 'rot-shift-lead',
    name: '值班长轮值',
    templateId: 'full-day',
    post: 'shift-lead',
    participants: ids('sl', 1, 5),
    anchorDate: ANCHOR,
    dayFilter: 'allDays',
    validFrom: '2026-01-01',
  },
  {
    id: 'rot-officer-day',
    name: '工作日白班',
    templateId: 'day',
    post: 'officer',
    participants: ids('of', 1, 3),
    anchorDate: ANCHOR,
    dayFilter: 'workingDays',
    validFrom: '2026-01-01',
  },
  {
    id: 'rot-officer-night',
    name: '工作日夜班',
    templateId: 'night',
    post: 'officer',
    participants: ids('of', 4, 6),
    anchorDate: ANCHOR,
    dayFilter: 'workingDays',
    validFrom: '2026-01-01',
  },
  {
    id: 'rot-officer-holiday-a',
    name: '节假日值班员甲',
    templateId: 'holiday',
    post: 'officer',
    participants: ids('of', 7, 8),
    anchorDate: ANCHOR,
    dayFilter: 'offDays',
    validFrom: '2026-01-01',
  },
  {
    id: 'rot-officer-holiday-b',
    name: '节假日值班员乙',
    templateId: 'holiday',
    post: 'officer',
    participants: ids('of', 9, 10),
    anchorDate: ANCHOR,
    dayFilter: 'offDays',
    validFrom: '2026-01-01',
  },
  {
    id: 'rot-it-day',
    name: '技术保障白班',
    templateId: 'day',
    post: 'it',
    participants: ids('it', 1, 2),
    anchorDate: ANCHOR,
    dayFilter: 'workingDays',
    validFrom: '2026-01-01',
  },
  {
    id: 'rot-it-holiday',
    name: '技术保障节假日',
    templateId: 'holiday',
    post: 'it',
    participants: ids('it', 3, 4),
    anchorDate: ANCHOR,
    dayFilter: 'offDays',
    validFrom: '2026-01-01',
  },
  {
    id: 'rot-liaison',
    name: '部门联络员',
    templateId: 'day',
    post: 'liaison',
    participants: ids('li', 1, 5),
    anchorDate: ANCHOR,
    dayFilter: 'workingDays',
    validFrom: '2026-01-01',
  },
];

export const COUNTY_DUTY_OFFICE = '县委县政府总值班室';

/**
 * Reporting policy rows: the national targets plus sample county rows. A county replaces the
 * samples with its own rules.
 */
export const DUTY_REPORTING_POLICY: ReportingPolicyRecord[] = [
  ...NATIONAL_MAJOR_EVENT_TARGETS.map((row) => ({ ...row })),
  {
    id: 'county-large',
    level: 'large',
    eventClass: '*',
    recipient: COUNTY_DUTY_OFFICE,
    clockStartsAt: 'learnedTime',
    phoneMinutes: 30,
    writtenMinutes: 60,
    followUp: { kind: 'dailyAt', times: ['08:00', '17:00'] },
    sourceText:
      '示例：较大事件接报后30分钟内电话、60分钟内书面报县委县政府总值班室，每日08:00、17:00续报（合成数据，须按本县文件核对）',
    isTarget: false,
  },
  {
    id: 'county-general',
    level: 'general',
    eventClass: '*',
    recipient: COUNTY_DUTY_OFFICE,
    clockStartsAt: 'learnedTime',
    phoneMinutes: 60,
    writtenMinutes: 120,
    sourceText:
      '示例：一般事件接报后1小时内电话、2小时内书面报告（合成数据，须按本县文件核对）',
    isTarget: false,
  },
];

/**
 * Writes the office's reference records and settings. The caller checks first that no person
 * record exists.
 */
export function seedDutyOffice(
  context: DomainContext,
  seed: number,
  overrides: { handoverAlertAfterMinutes?: number } = {},
): void {
  for (const person of seedPeople(seed)) {
    context.put(DUTY_COLLECTIONS.person, person.id, person);
  }
  for (const post of DUTY_POSTS) {
    context.put(DUTY_COLLECTIONS.post, post.id, post);
  }
  for (const template of DUTY_TEMPLATES) {
    context.put(DUTY_COLLECTIONS.shiftTemplate, template.id, template);
  }
  for (const rotation of DUTY_ROTATIONS) {
    context.put(DUTY_COLLECTIONS.rotation, rotation.id, rotation);
  }
  for (const row of DUTY_REPORTING_POLICY) {
    context.put(DUTY_COLLECTIONS.reportingPolicy, row.id, row);
  }
  context.put(DUTY_COLLECTIONS.settings, DEFAULT_SETTINGS.id, {
    ...DEFAULT_SETTINGS,
    ...overrides,
  });
}
