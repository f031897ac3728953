// Plumbing shared by the duty handlers: payload parsing, typed reads of records, and the mapping
// of rule errors to `rejected` outcomes with stable codes.
import type { z } from 'zod';
import {
  CalendarYearMissingError,
  DoubleBookingError,
  HandoverReadOnlyError,
  InvalidLocalTimeError,
  InvalidTransitionError,
  ReplacementRejectedError,
  ReportingPolicyNotFoundError,
  RosterError,
} from '../../../src-shared/roster/errors.js';
import type { DutySettings } from '../../../src-shared/roster/records.js';
import {
  DUTY_COLLECTIONS,
  DUTY_SETTINGS_ID,
  DutySettingsSchema,
} from '../../../src-shared/roster/records.js';
import type {
  CommandActor,
  CommandHandler,
  DomainContext,
  DomainOutcome,
} from '../types.js';

/** Business rejection, thrown inside a handler and returned by the wrapper as `rejected`. */
export class Rejection extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'Rejection';
  }
}

/** Maps a roster rule error to its rejection code by class, never by message text. */
function codeOfRuleError(error: RosterError): string {
  if (error instanceof CalendarYearMissingError) {
    return 'calendar-year-missing';
  }
  if (error instanceof DoubleBookingError) {
    return 'double-booking';
  }
  if (error instanceof ReplacementRejectedError) {
    return 'replacement-rejected';
  }
  if (error instanceof HandoverReadOnlyError) {
    return 'handover-read-only';
  }
  if (error instanceof InvalidTransitionError) {
    return 'invalid-transition';
  }
  if (error instanceof ReportingPolicyNotFoundError) {
    return 'no-reporting-policy';
  }
  if (error instanceof InvalidLocalTimeError) {
    return 'invalid-time';
  }
  return 'invalid-input';
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Builds a handler that parses its payload with `schema` and turns `Rejection` and roster rule
 * errors into `rejected` outcomes. Anything else is a defect and propagates.
 */
export function handler<S extends z.ZodType>(
  name: string,
  schema: S,
  run: (
    context: DomainContext,
    payload: z.infer<S>,
    actor: CommandActor,
  ) => Record<string, unknown>,
): CommandHandler {
  return (context, actor, payload): DomainOutcome => {
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      return {
        outcome: 'rejected',
        error: {
          code: 'invalid-payload',
          message: `${name}: payload rejected (${describeIssues(parsed.error)}); fix the fields and resend.`,
        },
      };
    }
    try {
      return {
        outcome: 'applied',
        result: context.transaction(() => run(context, parsed.data, actor)),
      };
    } catch (error) {
      if (error instanceof Rejection) {
        return {
          outcome: 'rejected',
          error: { code: error.code, message: error.message },
        };
      }
      if (error instanceof RosterError) {
        return {
          outcome: 'rejected',
          error: { code: codeOfRuleError(error), message: error.message },
        };
      }
      throw error;
    }
  };
}

/**
 * Parses every record of a collection. A record that fails its schema is a defect, so the
 * ZodError propagates.
 */
export function listData<T>(
  context: DomainContext,
  collection: string,
  schema: z.ZodType<T>,
): T[] {
  return context.list(collection).map((record) => schema.parse(record.data));
}

/** Reads and parses one record, or throws a `<what>-not-found` rejection when it is missing. */
export function requireData<T>(
  context: DomainContext,
  collection: string,
  id: string,
  schema: z.ZodType<T>,
  what: string,
): T {
  const record = context.get(collection, id);
  if (!record) {
    throw new Rejection(
      `${what}-not-found`,
      `No ${what} with id "${id}" in ${collection}; pick one from the list and retry.`,
    );
  }
  return schema.parse(record.data);
}

export const DEFAULT_SETTINGS: DutySettings = {
  id: DUTY_SETTINGS_ID,
  swapLeadTimeHours: 24,
  holidayLeadTimeHours: 48,
  whenSwapTooLate: 'reject',
  minRestHours: 8,
  handoverAlertAfterMinutes: 10,
  checkInEarlyMinutes: 30,
  approverMinRank: 2,
  higherApproverMinRank: 3,
  equipmentChecklist: [
    '值班电话及录音',
    '视频会议终端',
    '大屏及拼接控制器',
    '对讲机与充电座',
    '应急照明',
    '值班车辆钥匙',
  ],
  defaultRecipient: '县委县政府总值班室',
  holidayDailyReportTime: '16:00',
};

/** Returns the settings record, or the defaults when it was never written. */
export function readSettings(context: DomainContext): DutySettings {
  const record = context.get(DUTY_COLLECTIONS.settings, DUTY_SETTINGS_ID);
  return record ? DutySettingsSchema.parse(record.data) : DEFAULT_SETTINGS;
}

/** Returns the person id from the payload, else the operator who sent the command. */
export function actingPerson(
  given: string | undefined,
  actor: CommandActor,
): string {
  return given ?? actor.operatorId;
}
