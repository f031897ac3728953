// The duty domain of the reference central: roster, duty log, handover and reporting deadlines on
// the `duty` record stream.
import { RECORD_STREAMS } from '../../../src-shared/contract/records.js';
import { createLogger } from '../../../src-node/logging/index.js';
import { CalendarYearMissingError } from '../../../src-shared/roster/errors.js';
import { publishInitialRoster } from '../../../src-shared/roster/published.js';
import type {
  DutyLogEntryRecord,
  DutyRoster,
} from '../../../src-shared/roster/records.js';
import { DUTY_COLLECTIONS } from '../../../src-shared/roster/records.js';
import { localDateOf, MINUTE_MS } from '../../../src-shared/roster/time.js';
import type { CentralDomain, DomainContext } from '../types.js';
import { runDutyChecks } from './alarms.js';
import { dailyReportCommands } from './daily-report.js';
import { handoverCommands } from './handover-commands.js';
import { holidayCommands } from './holiday-commands.js';
import { logCommands } from './log-commands.js';
import { personCommands } from './person-commands.js';
import { generateRoster, rosterCommands } from './roster-commands.js';
import { rosterIdOf } from './roster-state.js';
import { seedDutyOffice } from './seed.js';

export { runDutyChecks } from './alarms.js';
export { followUpLabel } from './log-commands.js';
export {
  seedPeople,
  DUTY_POSTS,
  DUTY_TEMPLATES,
  DUTY_ROTATIONS,
  DUTY_REPORTING_POLICY,
} from './seed.js';

const log = createLogger('central-duty');

export interface DutyDomainOptions {
  seed: number;
  /** Real-time interval in ms of the alarm and swap-expiry check. 30 s when omitted. */
  checkIntervalMs?: number;
  /**
   * Minutes an unsigned handover waits before it alarms the leader, written into the seeded
   * settings. 10 when omitted.
   */
  handoverAlertAfterMinutes?: number;
}

/** Publishes the current month's roster when none exists, so "today" has someone on duty. */
function ensureCurrentRoster(context: DomainContext): void {
  const month = localDateOf(context.now()).slice(0, 7);
  if (context.get(DUTY_COLLECTIONS.roster, rosterIdOf(month))) {
    return;
  }
  try {
    const draft = generateRoster(context, month, 'system');
    const published = publishInitialRoster(
      draft.assignments,
      'system',
      context.now(),
    );
    const roster: DutyRoster = {
      ...draft,
      status: 'published',
      version: published.version,
      audit: [...draft.audit, ...published.audit],
    };
    context.put(DUTY_COLLECTIONS.roster, roster.id, roster);
  } catch (error) {
    if (!(error instanceof CalendarYearMissingError)) {
      throw error;
    }
    log.warn('ensureCurrentRoster: no roster generated', {
      month,
      reason: error.message,
    });
  }
}

/** Writes two open log items, so a fresh console has something to hand over. */
function seedLog(context: DomainContext): void {
  const now = context.now();
  const entries: DutyLogEntryRecord[] = [
    {
      id: 'log-seed-001',
      number: `${localDateOf(now).replaceAll('-', '')}-901`,
      kind: 'call',
      receivedAt: now - 95 * MINUTE_MS,
      callerUnit: '城关镇综治中心',
      callerName: '值班员（合成）',
      callerPhone: '0000-6100100',
      content:
        '城关镇反映某小区供水管道破裂，部分居民停水，已通知自来水公司抢修。',
      recorderId: 'of1',
      ownerId: 'of1',
      status: 'open',
      followUps: [],
      transfers: [],
    },
    {
      id: 'log-seed-002',
      number: `${localDateOf(now).replaceAll('-', '')}-902`,
      kind: 'leader-instruction',
      receivedAt: now - 40 * MINUTE_MS,
      callerUnit: '县委办公室',
      callerName: '带班领导（合成）',
      callerPhone: '',
      content: '关注今晚寒潮降温，做好道路结冰巡查。',
      instruction: '各乡镇值班人员在岗，情况随时报告。',
      instructedAt: now - 38 * MINUTE_MS,
      recorderId: 'of1',
      ownerId: 'of1',
      status: 'open',
      followUps: [],
      transfers: [],
    },
  ];
  for (const entry of entries) {
    context.put(DUTY_COLLECTIONS.logEntry, entry.id, entry);
  }
}

/**
 * Creates the duty domain with the commands in DUTY_COMMANDS on the collections in
 * DUTY_COLLECTIONS. Its `start` seeds an empty office and runs the duty checks on a timer.
 */
export function createDutyDomain(options: DutyDomainOptions): CentralDomain {
  return {
    name: 'duty',
    stream: RECORD_STREAMS.duty,
    commands: {
      ...rosterCommands,
      ...logCommands,
      ...handoverCommands,
      ...personCommands,
      ...dailyReportCommands,
      ...holidayCommands,
    },
    start(context) {
      context.transaction(() => {
        if (context.list(DUTY_COLLECTIONS.person).length === 0) {
          const overrides =
            options.handoverAlertAfterMinutes === undefined
              ? {}
              : {
                  handoverAlertAfterMinutes: options.handoverAlertAfterMinutes,
                };
          seedDutyOffice(context, options.seed, overrides);
          seedLog(context);
        }
        ensureCurrentRoster(context);
      });

      const timer = setInterval(() => {
        try {
          const result = context.transaction(() => runDutyChecks(context));
          if (result.alarms > 0 || result.expiredSwaps > 0) {
            log.info('duty check', result);
          }
        } catch (error) {
          log.error('duty check failed, retrying on the next tick', {
            error: String(error),
          });
        }
      }, options.checkIntervalMs ?? 30_000);
      return () => clearInterval(timer);
    },
  };
}
