// Small duty offices for the command tests, put straight into a MemoryContext.
import { DEFAULT_SETTINGS } from '../../../src-central/domains/duty/common.js';
import type {
  DutyPerson,
  DutyPost,
  RotationRecord,
  ShiftTemplateRecord,
} from '../../../src-shared/roster/records.js';
import { DUTY_COLLECTIONS } from '../../../src-shared/roster/records.js';
import { parseLocalDateTime } from '../../../src-shared/roster/time.js';
import { MemoryContext } from './memory-context.js';

export const at = parseLocalDateTime;

export function person(
  id: string,
  rank: number,
  posts: string[],
  qualifications: string[] = [],
): DutyPerson {
  return {
    id,
    name: id,
    unit: '县综治中心',
    title: '测试',
    rank,
    officePhone: '0000-6000000',
    mobile: '13800000000',
    eligiblePosts: posts,
    qualifications,
    absences: [],
  };
}

export const POSTS: DutyPost[] = [
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
    id: 'officer',
    name: '值班员',
    nameEn: 'Duty officer',
    order: 3,
    minHeadcount: 1,
    maxHeadcount: 3,
  },
];

export const FULL_DAY: ShiftTemplateRecord = {
  id: 'full-day',
  name: '24小时班',
  startTime: '08:30',
  endTime: '08:30',
  endDayOffset: 1,
  appliesOn: 'allDays',
  posts: [
    { post: 'officer', headcount: 2 },
    { post: 'leader', headcount: 1 },
  ],
};

export function rotation(
  id: string,
  post: string,
  participants: string[],
  extra: Partial<RotationRecord> = {},
): RotationRecord {
  return {
    id,
    name: id,
    templateId: 'full-day',
    post,
    participants,
    anchorDate: '2026-10-01',
    dayFilter: 'allDays',
    validFrom: '2026-01-01',
    ...extra,
  };
}

/** Builds an office with leaders 王/李/张/赵, officers o1..o4, the 24 h template and its rotations. */
export function holidayOffice(
  now: number,
  settings: Partial<typeof DEFAULT_SETTINGS> = {},
): MemoryContext {
  const context = new MemoryContext(now);
  const people = [
    person('wang', 3, ['leader']),
    person('li', 3, ['leader']),
    person('zhang', 3, ['leader']),
    person('zhao', 3, ['leader']),
    person('o1', 1, ['officer']),
    person('o2', 1, ['officer']),
    person('o3', 1, ['officer']),
    person('o4', 1, ['officer']),
    person('clerk', 1, ['officer']),
  ];
  for (const p of people) {
    context.put(DUTY_COLLECTIONS.person, p.id, p);
  }
  for (const post of POSTS) {
    context.put(DUTY_COLLECTIONS.post, post.id, post);
  }
  context.put(DUTY_COLLECTIONS.shiftTemplate, FULL_DAY.id, FULL_DAY);
  // Anchored on 10-01: 王 10-01, 李 10-02, 王 10-03, 李 10-04, ...
  const rotations = [
    rotation('rot-leader', 'leader', ['wang', 'li']),
    rotation('rot-officer-a', 'officer', ['o1', 'o2']),
    rotation('rot-officer-b', 'officer', ['o3', 'o4']),
  ];
  for (const r of rotations) {
    context.put(DUTY_COLLECTIONS.rotation, r.id, r);
  }
  context.put(DUTY_COLLECTIONS.settings, DEFAULT_SETTINGS.id, {
    ...DEFAULT_SETTINGS,
    ...settings,
  });
  return context;
}
