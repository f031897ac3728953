// Holiday arrangements an admin enters from the State Council notice for a year the built-in
// table lacks. Once stored, roster generation and the calendar checks use the year like a
// built-in one.
import { z } from 'zod';
import {
  checkHolidayEntry,
  isBuiltInHolidayYear,
} from '../../../src-shared/roster/holidays-cn.js';
import type { HolidayYearRecord } from '../../../src-shared/roster/records.js';
import {
  DUTY_COLLECTIONS,
  DUTY_COMMANDS,
  HolidayDaySchema,
} from '../../../src-shared/roster/records.js';
import { localDateOf } from '../../../src-shared/roster/time.js';
import type { CommandHandler } from '../types.js';
import { actingPerson, handler, readSettings, Rejection } from './common.js';
import { requirePerson } from './roster-state.js';

export function holidayYearIdOf(year: number): string {
  return `holiday-${year}`;
}

// Converts a camelCase problem kind of the rules into a kebab-case rejection code, like the others.
function codeOf(kind: string): string {
  return `holiday-${kind.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

const HolidayYearPutPayload = z.object({
  year: z.number().int().min(1991).max(2200),
  noticeNumber: z.string().trim().min(1).max(100),
  /** Issue date of the notice. The entry date is used when omitted. */
  issuedOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  days: z.array(HolidayDaySchema).min(1).max(366),
  /** Admin entering the year. The sending operator is used when omitted. */
  by: z.string().min(1).max(200).optional(),
});

const holidayYearPut = handler(
  DUTY_COMMANDS.holidayYearPut,
  HolidayYearPutPayload,
  (context, payload, actor) => {
    const by = actingPerson(payload.by, actor);
    const admin = requirePerson(context, by);
    const minRank = readSettings(context).approverMinRank;
    if (admin.rank < minRank) {
      throw new Rejection(
        'not-authorised',
        `${admin.name} (${admin.id}) has rank ${admin.rank}; entering a holiday year needs rank ${minRank} or higher.`,
      );
    }
    if (isBuiltInHolidayYear(payload.year)) {
      throw new Rejection(
        'holiday-year-built-in',
        `${payload.year} is in the built-in holiday table, which follows the published notice; ` +
          'enter only years the table lacks.',
      );
    }

    const entry = {
      year: payload.year,
      noticeNumber: payload.noticeNumber,
      issuedOn: payload.issuedOn ?? localDateOf(context.now()),
      days: payload.days,
    };
    const problems = checkHolidayEntry(entry);
    if (problems.length > 0) {
      throw new Rejection(
        codeOf(problems[0]?.kind ?? 'invalid'),
        `Holiday arrangement for ${payload.year} rejected: ` +
          problems.map((problem) => problem.message).join(' '),
      );
    }

    const record: HolidayYearRecord = {
      id: holidayYearIdOf(payload.year),
      ...entry,
      enteredAt: context.now(),
      enteredBy: by,
    };
    const replaced = context.get(DUTY_COLLECTIONS.holidayYear, record.id);
    context.put(DUTY_COLLECTIONS.holidayYear, record.id, record);
    return { holidayYearId: record.id, replaced: replaced !== null };
  },
);

export const holidayCommands: Record<string, CommandHandler> = {
  [DUTY_COMMANDS.holidayYearPut]: holidayYearPut,
};
