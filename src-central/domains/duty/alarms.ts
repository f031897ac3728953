// Alarms for the leader on duty: reports missing past their deadline, late reports and handovers
// still unsigned after the configured delay. Each subject raises one alarm, and alarm ids are
// deterministic, so a repeated check changes nothing.
import { handoverAlert } from '../../../src-shared/roster/handover.js';
import type {
  DutyAlarm,
  DutyLogEntryRecord,
  HandoverRecordData,
} from '../../../src-shared/roster/records.js';
import {
  DUTY_COLLECTIONS,
  DutyLogEntrySchema,
  HandoverRecordSchema,
  SwapRecordSchema,
} from '../../../src-shared/roster/records.js';
import { escalationFlags } from '../../../src-shared/roster/reporting.js';
import { expireSwap } from '../../../src-shared/roster/swaps.js';
import { formatLocalDateTime } from '../../../src-shared/roster/time.js';
import type { DomainContext } from '../types.js';
import { listData, readSettings } from './common.js';
import { checkDailyReport } from './daily-report.js';
import { leaderOnDuty } from './roster-state.js';

type AlarmInput = Omit<DutyAlarm, 'recipientId' | 'raisedAt'>;

/**
 * Stores an alarm for the leader on duty unless one with the same id exists. Returns true when
 * the alarm was raised.
 */
export function raiseAlarm(context: DomainContext, alarm: AlarmInput): boolean {
  if (context.get(DUTY_COLLECTIONS.alarm, alarm.id)) {
    return false;
  }
  const now = context.now();
  const record: DutyAlarm = {
    ...alarm,
    recipientId: leaderOnDuty(context, now),
    raisedAt: now,
  };
  context.put(DUTY_COLLECTIONS.alarm, alarm.id, record);
  return true;
}

function checkReports(
  context: DomainContext,
  entry: DutyLogEntryRecord,
  now: number,
): number {
  const reporting = entry.reporting;
  if (!reporting || entry.status !== 'open') {
    return 0;
  }
  const reports = {
    ...(reporting.phoneAt === undefined ? {} : { phoneAt: reporting.phoneAt }),
    ...(reporting.writtenAt === undefined
      ? {}
      : { writtenAt: reporting.writtenAt }),
  };
  const flags = escalationFlags(reporting, reports, now);
  const missing = [
    {
      channel: 'phone',
      overdue: flags.phoneOverdue && reporting.phoneAt === undefined,
      due: reporting.phoneDue,
    },
    {
      channel: 'written',
      overdue: flags.writtenOverdue && reporting.writtenAt === undefined,
      due: reporting.writtenDue,
    },
  ].filter((item) => item.overdue);

  let raised = 0;
  for (const item of missing) {
    const target = reporting.isTarget ? ' (national target)' : '';
    if (
      raiseAlarm(context, {
        id: `alarm-overdue-${item.channel}-${entry.id}`,
        kind: 'report-overdue',
        subjectCollection: DUTY_COLLECTIONS.logEntry,
        subjectId: entry.id,
        dueSince: item.due,
        message:
          `The ${item.channel} report of ${entry.number} to ${reporting.recipient} was due ` +
          `${formatLocalDateTime(item.due)}${target} and is not recorded.`,
      })
    ) {
      raised += 1;
    }
  }
  if (missing.length > 0 && !reporting.escalated) {
    context.put(DUTY_COLLECTIONS.logEntry, entry.id, {
      ...entry,
      reporting: { ...reporting, escalated: true },
    });
  }
  return raised;
}

function checkHandover(
  context: DomainContext,
  record: HandoverRecordData,
  now: number,
  delayMinutes: number,
): number {
  const alert = handoverAlert(record, now, {
    alertAfterMinutes: delayMinutes,
    leaderOnDutyId: leaderOnDuty(context, now),
  });
  if (!alert) {
    return 0;
  }
  const raised = raiseAlarm(context, {
    id: `alarm-handover-${record.id}`,
    kind: 'handover-unsigned',
    subjectCollection: DUTY_COLLECTIONS.handover,
    subjectId: record.id,
    dueSince: alert.dueSince,
    message: alert.message,
  });
  return raised ? 1 : 0;
}

function expireSwaps(context: DomainContext, now: number): number {
  let expired = 0;
  for (const swap of listData(
    context,
    DUTY_COLLECTIONS.swap,
    SwapRecordSchema,
  )) {
    const next = expireSwap(swap, now);
    if (next !== swap) {
      context.put(DUTY_COLLECTIONS.swap, swap.id, {
        ...next,
        rosterId: swap.rosterId,
      });
      expired += 1;
    }
  }
  return expired;
}

// NOTE: only prepared handovers can raise the unsigned alarm. A shift that ends with no handover
// prepared raises nothing.
/** Runs one pass of the duty timer and returns how many alarms it raised and swaps it expired. */
export function runDutyChecks(context: DomainContext): {
  alarms: number;
  expiredSwaps: number;
} {
  const now = context.now();
  const delay = readSettings(context).handoverAlertAfterMinutes;
  let alarms = 0;
  for (const entry of listData(
    context,
    DUTY_COLLECTIONS.logEntry,
    DutyLogEntrySchema,
  )) {
    alarms += checkReports(context, entry, now);
  }
  for (const record of listData(
    context,
    DUTY_COLLECTIONS.handover,
    HandoverRecordSchema,
  )) {
    alarms += checkHandover(context, record, now, delay);
  }
  alarms += checkDailyReport(context);
  return { alarms, expiredSwaps: expireSwaps(context, now) };
}
