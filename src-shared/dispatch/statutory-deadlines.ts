// Seeded deadline table: statutory reporting and handling limits. Each figure below was checked
// against a published copy of the article it names (government sites carrying the text).
import type { DeadlineConfig, DeadlineRule } from './deadlines.js';

/**
 * Work-safety accidents: the unit head reports to the county-level safety regulator within
 * 1 hour of learning of the accident (生产安全事故报告和调查处理条例, in force since
 * 1 June 2007, art. 9).
 * NOTE: the statute starts the clock when the unit head learns of the accident. The console
 * records only when it occurred, so the clock starts there, which is the stricter reading. The
 * rule matches the whole accident class (事故灾难); narrow it with a type code prefix where a
 * county wants that.
 */
export const WORK_SAFETY_RULE: DeadlineRule = {
  id: 'work-safety-accident',
  match: { emergencyClass: 'accident' },
  milestones: [
    {
      key: 'report_to_county',
      label: '1小时内报告县级',
      startsAt: 'occurred',
      within: { amount: 1, unit: 'hours' },
      metWhen: 'accepted',
      source: '生产安全事故报告和调查处理条例 第九条',
    },
  ],
};

/**
 * Public-health emergencies: monitoring bodies, medical institutions and other units report to
 * the county health authority within 2 hours of discovery (突发公共卫生事件应急条例,
 * art. 20).
 * NOTE: the statute starts at discovery; the console starts at the occurrence time it has.
 */
export const PUBLIC_HEALTH_RULE: DeadlineRule = {
  id: 'public-health-emergency',
  match: { emergencyClass: 'public_health' },
  milestones: [
    {
      key: 'report_to_county',
      label: '2小时内报告县级',
      startsAt: 'occurred',
      within: { amount: 2, unit: 'hours' },
      metWhen: 'accepted',
      source: '突发公共卫生事件应急条例 第二十条',
    },
  ],
};

/**
 * Petitions: decide on acceptance within 15 days of receipt (信访条例, art. 21), and
 * finish handling within 60 days of acceptance, extendable once by at most 30 days with the
 * approval of the agency head (art. 33; the later 信访工作条例 keeps 60 + 30 days).
 * NOTE: days here are exact 24-hour spans from the clock start. The console applies no local
 * rule that starts counting on the next day or skips public holidays.
 */
export const PETITION_RULE: DeadlineRule = {
  id: 'petition',
  match: { channel: 'petition' },
  milestones: [
    {
      key: 'register',
      label: '15日内登记受理',
      startsAt: 'reported',
      within: { amount: 15, unit: 'days' },
      metWhen: 'accepted',
      source: '信访条例 第二十一条',
    },
    {
      key: 'handle',
      label: '60日内办结',
      startsAt: 'accepted',
      within: { amount: 60, unit: 'days' },
      metWhen: 'closed',
      extension: { step: { amount: 30, unit: 'days' }, maxCount: 1 },
      source: '信访条例 第三十三条；信访工作条例',
    },
  ],
};

/** Seeded table: statutory limits only. Counties add their own rows for other classes. */
export const DEFAULT_DEADLINE_CONFIG: DeadlineConfig = {
  rules: [WORK_SAFETY_RULE, PUBLIC_HEALTH_RULE, PETITION_RULE],
  near: { fraction: 0.2, minMinutes: 15 },
  escalation: {
    near: ['leader_on_duty'],
    overdue: ['leader_on_duty', 'center_director'],
  },
};
