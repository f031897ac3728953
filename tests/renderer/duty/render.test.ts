// Renders the duty tabs to HTML on the server renderer, with a store loaded from records, to check
// that each template runs on real data and carries the test ids the end-to-end tests use.
import { createSSRApp, h, type Component } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { describe, expect, it } from 'vitest';
import DutyHandoverTab from '../../../src-renderer/src/console/duty/DutyHandoverTab.vue';
import DutyLogTab from '../../../src-renderer/src/console/duty/DutyLogTab.vue';
import DutyRosterTab from '../../../src-renderer/src/console/duty/DutyRosterTab.vue';
import DutyView from '../../../src-renderer/src/console/duty/DutyView.vue';
import DutyTodayTab from '../../../src-renderer/src/console/duty/DutyTodayTab.vue';
import DutyWallList from '../../../src-renderer/src/console/duty/DutyWallList.vue';
import {
  createDutyStore,
  type DutyStore,
} from '../../../src-renderer/src/console/duty/store.js';
import { currentLocale } from '../../../src-renderer/src/i18n/index.js';
import { createChinaHolidayCalendar } from '../../../src-shared/roster/holidays-cn.js';
import type {
  DutyLogEntryRecord,
  DutyRoster,
  HandoverRecordData,
} from '../../../src-shared/roster/records.js';
import { DUTY_COLLECTIONS as C } from '../../../src-shared/roster/records.js';
import { buildRoster } from '../../../src-shared/roster/roster.js';
import { parseLocalDateTime as at } from '../../../src-shared/roster/time.js';
import { MemorySource, stored } from './memory-source.js';

const NOW = at('2026-10-03 09:00');

/** Exporter for tabs whose export buttons these tests never press. */
const noExport = () => Promise.reject(new Error('no export in this test'));

const TEMPLATE = {
  id: 'full-day',
  name: '24小时班',
  startTime: '08:30',
  endTime: '08:30',
  endDayOffset: 1,
  appliesOn: 'allDays',
  posts: [
    { post: 'leader', headcount: 1 },
    { post: 'officer', headcount: 1 },
  ],
} as const;

function person(
  id: string,
  name: string,
  mobile: string,
  posts: string[],
  rank: number,
) {
  return {
    id,
    name,
    unit: '县综治中心',
    title: '科员',
    rank,
    officePhone: '0000-6000100',
    mobile,
    eligiblePosts: posts,
    qualifications: [],
    absences: [],
  };
}

const PEOPLE = [
  person('wang', '王建国', '13800000001', ['leader'], 3),
  person('li', '李海燕', '13800000002', ['leader'], 3),
  person('o1', '张志强', '13800000003', ['officer'], 1),
  person('o2', '刘丽华', '13800000004', ['officer'], 1),
];

/** Builds October 2026 from two rotations, with no leader on 10-05. */
function octoberRoster(): DutyRoster {
  const rotation = (id: string, post: string, participants: string[]) => ({
    id,
    name: id,
    templateId: 'full-day',
    post,
    participants,
    anchorDate: '2026-10-01',
    dayFilter: 'allDays' as const,
    validFrom: '2026-10-01',
  });
  const assignments = buildRoster({
    calendar: createChinaHolidayCalendar(),
    templates: [{ ...TEMPLATE, posts: [...TEMPLATE.posts] }],
    // 10-05 has no leader, so the grid shows a gap.
    rotations: [
      rotation('r-leader', 'leader', ['wang', 'li']),
      rotation('r-officer', 'officer', ['o1', 'o2']),
    ],
    from: '2026-10-01',
    to: '2026-10-31',
  }).filter((a) => !(a.post === 'leader' && a.shiftDate === '2026-10-05'));

  return {
    id: 'roster-2026-10',
    month: '2026-10',
    from: '2026-10-01',
    to: '2026-10-31',
    status: 'published',
    version: 1,
    assignments,
    audit: [],
    generatedAt: 0,
    generatedBy: 'system',
  };
}

/** Builds an open call with a follow-up and a late written report. */
function logEntry(): DutyLogEntryRecord {
  return {
    id: 'log-1',
    number: '20261003-001',
    kind: 'call',
    receivedAt: at('2026-10-03 08:00'),
    callerUnit: '城关镇',
    callerName: '刘某',
    callerPhone: '13800009999',
    content: '道路塌方',
    recorderId: 'o1',
    ownerId: 'o1',
    status: 'open',
    followUps: [
      {
        number: 1,
        label: '续报一',
        at: at('2026-10-03 08:30'),
        by: 'o1',
        content: '已抢通',
      },
    ],
    transfers: [],
    reporting: {
      policyId: 'p',
      level: 'large',
      eventClass: '*',
      recipient: '县委县政府总值班室',
      isTarget: false,
      clockStart: at('2026-10-03 08:00'),
      phoneDue: at('2026-10-03 08:30'),
      writtenDue: at('2026-10-03 09:00'),
      escalated: true,
    },
  };
}

/** Builds a handover signed by both sides. */
function signedHandover(): HandoverRecordData {
  return {
    id: 'h1',
    shiftEnd: at('2026-10-03 08:30'),
    outgoingId: 'o2',
    incomingId: 'o1',
    items: [{ logEntryId: 'log-1', text: '20261003-001 道路塌方' }],
    instructions: [],
    openIncidents: [],
    watchItems: ['寒潮'],
    equipment: [{ item: '值班电话', ok: true, note: '' }],
    outgoingSignature: { personId: 'o2', at: at('2026-10-03 08:31') },
    incomingSignature: { personId: 'o1', at: at('2026-10-03 08:35') },
    amendments: [],
    status: 'complete',
    responsibleId: 'o1',
    preparedAt: 0,
    preparedBy: 'o2',
  };
}

async function loadedStore(): Promise<DutyStore> {
  const source = new MemorySource(NOW);
  const roster = octoberRoster();
  const entry = logEntry();
  const handover = signedHandover();
  source.lists.set(
    C.person,
    PEOPLE.map((p) => stored(C.person, p.id, 1, p)),
  );
  source.lists.set(C.post, [
    stored(C.post, 'leader', 1, {
      id: 'leader',
      name: '带班领导',
      nameEn: 'Leader on duty',
      order: 1,
      minHeadcount: 1,
      maxHeadcount: 2,
      minRank: 3,
    }),
    stored(C.post, 'officer', 1, {
      id: 'officer',
      name: '值班员',
      nameEn: 'Duty officer',
      order: 2,
      minHeadcount: 1,
      maxHeadcount: 3,
    }),
  ]);
  source.lists.set(C.shiftTemplate, [
    stored(C.shiftTemplate, 'full-day', 1, { ...TEMPLATE }),
  ]);
  source.lists.set(C.roster, [stored(C.roster, roster.id, 2, roster)]);
  source.lists.set(C.logEntry, [stored(C.logEntry, entry.id, 1, entry)]);
  source.lists.set(C.handover, [stored(C.handover, handover.id, 3, handover)]);

  const store = createDutyStore(source);
  await store.start();
  return store;
}

async function render(
  component: Component,
  props: Record<string, unknown>,
): Promise<string> {
  return renderToString(createSSRApp({ render: () => h(component, props) }));
}

describe('duty components on the server renderer', () => {
  it('renders today with check-in', async () => {
    const html = await render(DutyTodayTab, {
      store: await loadedStore(),
      now: NOW,
      actingId: 'o1',
    });
    expect(html).toContain('data-testid="check-in"');
    // 10-03 is in the National Day holiday, so the daily report is offered.
    expect(html).toContain('data-testid="daily-report-nil"');
    expect(html).toContain('王建国');
    expect(html).toContain('13800000001');
  });

  it('renders month grid with gap', async () => {
    const html = await render(DutyRosterTab, {
      store: await loadedStore(),
      now: NOW,
      actingId: 'wang',
      exporter: noExport,
    });
    expect(html).toContain('2026年第40周');
    expect(html).toContain('data-testid="roster-generate"');
    expect(html).toContain('data-testid="roster-publish"');
    expect(html).toContain('data-testid="substitute-submit"');
    expect(html).toContain('data-testid="roster-gap"');
    expect(html).toContain('2026-10-05 08:30');
  });

  it('renders roster form fields', async () => {
    const props = {
      store: await loadedStore(),
      now: NOW,
      actingId: 'wang',
      exporter: noExport,
    };

    const zh = await render(DutyRosterTab, props);
    currentLocale.value = 'en';
    const en = await render(DutyRosterTab, props).finally(() => {
      currentLocale.value = 'zh-CN';
    });

    for (const testId of [
      'assign-person',
      'assign-start',
      'assign-end',
      'assign-submit',
      'substitute-start',
      'substitute-end',
      'withdraw-date',
      'withdraw-submit',
      'holiday-year-days',
      'holiday-year-submit',
      'export-xlsx',
    ]) {
      expect(zh).toContain(`data-testid="${testId}"`);
    }
    expect(zh).toContain('<h3>撤回排班</h3>');
    expect(zh).toContain('<h3>录入节假日安排</h3>');
    expect(zh).toContain('导出Excel');
    expect(en).toContain('<h3>Withdraw an assignment</h3>');
    expect(en).toContain('<h3>Enter a holiday arrangement</h3>');
    expect(en).toContain('Export Excel');
  });

  it('renders the duty log rows', async () => {
    const html = await render(DutyLogTab, {
      store: await loadedStore(),
      now: NOW,
      actingId: 'o1',
      exporter: noExport,
    });
    expect(html).toContain('data-testid="log-create"');
    expect(html.match(/data-testid="log-row"/g)).toHaveLength(1);
    expect(html).toContain('道路塌方');
  });

  it('renders a signed handover as read-only', async () => {
    const html = await render(DutyHandoverTab, {
      store: await loadedStore(),
      now: NOW,
      actingId: 'o1',
    });
    expect(html).toContain('data-testid="handover-read-only"');
    expect(html).toMatch(
      /data-testid="handover-sign-incoming"[^>]*disabled|disabled[^>]*data-testid="handover-sign-incoming"/,
    );
    expect(html).toContain('data-testid="handover-amend-submit"');
    expect(html).toContain('data-testid="handover-prepare"');
    expect(html).toMatch(/<label class="wide">补正原因 /);
  });

  it('renders shell tabs before loading', async () => {
    const html = await render(DutyView, { source: new MemorySource(NOW) });
    for (const tab of ['today', 'roster', 'log', 'handover']) {
      expect(html).toContain(`data-testid="duty-tab-${tab}"`);
    }
    expect(html).toContain('正在读取值班数据');
  });

  it('masks phone numbers on the wall list', async () => {
    const html = await render(DutyWallList, {
      store: await loadedStore(),
      now: NOW,
    });
    expect(html).toContain('138****0001');
    expect(html).not.toContain('13800000001');
  });
});
