// Holiday daily reports (节假日日报): on each day of a holiday period the duty office reports to
// its superior by a configured time, with a nil report (零报告) when nothing happened.
import { z } from 'zod';
import type { DailyReport } from '../../../src-shared/roster/records.js';
import {
  DUTY_COLLECTIONS,
  DUTY_COMMANDS,
} from '../../../src-shared/roster/records.js';
import {
  formatLocalDateTime,
  instantAt,
  localDateOf,
  MINUTE_MS,
  parseLocalDate,
} from '../../../src-shared/roster/time.js';
import type { CommandHandler, DomainContext } from '../types.js';
import { actingPerson, handler, readSettings, Rejection } from './common.js';
import { raiseAlarm } from './alarms.js';
import { holidayCalendar } from './roster-state.js';

/** Returns the holiday name of a date in a holiday period, or undefined on other days. */
export function holidayOf(
  context: DomainContext,
  date: string,
): string | undefined {
  const calendar = holidayCalendar(context);
  if (!calendar.hasYear(parseLocalDate(date).year)) {
    return undefined;
  }
  const info = calendar.dayInfo(date);
  return info.type === 'makeUpWorkday' ? undefined : info.holidayName;
}

function dueAt(context: DomainContext, date: string): number {
  return instantAt(date, readSettings(context).holidayDailyReportTime);
}

const dailyReport = handler(
  DUTY_COMMANDS.dailyReport,
  z.object({
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    nil: z.boolean(),
    content: z.string().max(4000).default(''),
    by: z.string().min(1).max(200).optional(),
  }),
  (context, payload, actor) => {
    const date = payload.date ?? localDateOf(context.now());
    const holiday = holidayOf(context, date);
    if (holiday === undefined) {
      throw new Rejection(
        'not-a-holiday',
        `${date} is not in a holiday period, so no daily report is due; log the item instead.`,
      );
    }
    if (!payload.nil && payload.content.trim() === '') {
      throw new Rejection(
        'empty-report',
        `The daily report for ${date} has no content; write it or send a nil report.`,
      );
    }
    const id = `daily-${date}`;
    if (context.get(DUTY_COLLECTIONS.dailyReport, id)) {
      throw new Rejection(
        'already-reported',
        `The daily report for ${date} (${holiday}) is already sent; add a log entry for later news.`,
      );
    }

    const now = context.now();
    const due = dueAt(context, date);
    const report: DailyReport = {
      id,
      date,
      dueAt: due,
      reportedAt: now,
      by: actingPerson(payload.by, actor),
      nil: payload.nil,
      content: payload.content.trim(),
      minutesLate: Math.max(0, Math.ceil((now - due) / MINUTE_MS)),
    };
    context.put(DUTY_COLLECTIONS.dailyReport, id, report);
    return { reportId: id, minutesLate: report.minutesLate };
  },
);

/**
 * Raises an alarm when today's holiday daily report is past due and not sent. Returns the number
 * of alarms raised, 0 or 1.
 */
export function checkDailyReport(context: DomainContext): number {
  const now = context.now();
  const date = localDateOf(now);
  const holiday = holidayOf(context, date);
  const due = dueAt(context, date);
  if (
    holiday === undefined ||
    now <= due ||
    context.get(DUTY_COLLECTIONS.dailyReport, `daily-${date}`)
  ) {
    return 0;
  }
  const raised = raiseAlarm(context, {
    id: `alarm-daily-${date}`,
    kind: 'daily-report-overdue',
    subjectCollection: DUTY_COLLECTIONS.dailyReport,
    subjectId: `daily-${date}`,
    dueSince: due,
    message: `The ${holiday} daily report for ${date} was due ${formatLocalDateTime(due)} and is not sent; send it, or a nil report.`,
  });
  return raised ? 1 : 0;
}

export const dailyReportCommands: Record<string, CommandHandler> = {
  [DUTY_COMMANDS.dailyReport]: dailyReport,
};
