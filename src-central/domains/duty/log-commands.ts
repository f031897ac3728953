// The duty log (值班日志): items received on duty, their follow-ups (续报), transfers between
// officers, links to incidents, and the reporting deadlines (信息报送) computed when an item is
// logged with an event level.
import { z } from 'zod';
import type {
  DutyLogEntryRecord,
  LogReporting,
  ReportingPolicyRecord,
} from '../../../src-shared/roster/records.js';
import {
  DUTY_COLLECTIONS,
  DUTY_COMMANDS,
  DutyLogEntrySchema,
  EventLevelSchema,
  LogKindSchema,
  ReportingPolicySchema,
} from '../../../src-shared/roster/records.js';
import {
  assessReport,
  computeDeadlines,
  findReportingPolicy,
  nextFollowUpDue,
} from '../../../src-shared/roster/reporting.js';
import {
  formatLocalDateTime,
  localDateOf,
} from '../../../src-shared/roster/time.js';
import type { CommandHandler, DomainContext } from '../types.js';
import {
  actingPerson,
  handler,
  listData,
  readSettings,
  Rejection,
  requireData,
} from './common.js';
import { raiseAlarm } from './alarms.js';
import { requirePerson } from './roster-state.js';

const Id = z.string().min(1).max(200);
const Instant = z.number().int();

const NUMERALS = [
  '零',
  '一',
  '二',
  '三',
  '四',
  '五',
  '六',
  '七',
  '八',
  '九',
  '十',
];

/**
 * Returns the label of the nth follow-up: 续报一 to 续报十 in words, then 续报11 and on in digits,
 * which are rare enough to need no words.
 */
export function followUpLabel(number: number): string {
  return `续报${NUMERALS[number] ?? String(number)}`;
}

function requireEntry(context: DomainContext, id: string): DutyLogEntryRecord {
  return requireData(
    context,
    DUTY_COLLECTIONS.logEntry,
    id,
    DutyLogEntrySchema,
    'log-entry',
  );
}

function requireOpen(entry: DutyLogEntryRecord): void {
  if (entry.status !== 'open') {
    throw new Rejection(
      'log-closed',
      `Log entry ${entry.number} is closed; open a new entry for new information.`,
    );
  }
}

function putEntry(context: DomainContext, entry: DutyLogEntryRecord): void {
  context.put(DUTY_COLLECTIONS.logEntry, entry.id, entry);
}

function policyTable(context: DomainContext): ReportingPolicyRecord[] {
  return listData(
    context,
    DUTY_COLLECTIONS.reportingPolicy,
    ReportingPolicySchema,
  );
}

const CreatePayload = z.object({
  kind: LogKindSchema,
  receivedAt: Instant.optional(),
  occurredAt: Instant.optional(),
  callerUnit: z.string().max(200).default(''),
  callerName: z.string().max(100).default(''),
  callerPhone: z.string().max(40).default(''),
  content: z.string().trim().min(1).max(4000),
  instruction: z.string().max(4000).optional(),
  instructedAt: Instant.optional(),
  recorderId: Id.optional(),
  /** Event level. With a level, the entry gets reporting deadlines from the policy table. */
  level: EventLevelSchema.optional(),
  eventClass: z.string().max(100).default('*'),
  recipient: z.string().max(200).optional(),
});

function reportingFor(
  context: DomainContext,
  payload: z.infer<typeof CreatePayload>,
  receivedAt: number,
): LogReporting | undefined {
  if (payload.level === undefined) {
    return undefined;
  }
  const row = findReportingPolicy(policyTable(context), {
    level: payload.level,
    eventClass: payload.eventClass,
    recipient: payload.recipient ?? readSettings(context).defaultRecipient,
  });
  const deadlines = computeDeadlines(row, {
    occurredAt: payload.occurredAt ?? receivedAt,
    learnedAt: receivedAt,
  });
  return {
    policyId: row.id,
    level: row.level,
    eventClass: row.eventClass,
    recipient: row.recipient,
    isTarget: row.isTarget,
    ...deadlines,
    escalated: false,
    ...(row.followUp
      ? { nextFollowUpDue: nextFollowUpDue(row.followUp, deadlines.clockStart) }
      : {}),
  };
}

const logCreate = handler(
  DUTY_COMMANDS.logCreate,
  CreatePayload,
  (context, payload, actor) => {
    const receivedAt = payload.receivedAt ?? context.now();
    if (payload.occurredAt !== undefined && payload.occurredAt > receivedAt) {
      throw new Rejection(
        'invalid-time',
        `The event time ${formatLocalDateTime(payload.occurredAt)} is after it was received ` +
          `(${formatLocalDateTime(receivedAt)}); check both times.`,
      );
    }
    const reporting = reportingFor(context, payload, receivedAt);
    const recorderId = actingPerson(payload.recorderId, actor);

    // Numbers run per local day of receipt: 20261204-001, -002, ...
    const day = localDateOf(receivedAt).replaceAll('-', '');
    const sameDay = context
      .list(DUTY_COLLECTIONS.logEntry)
      .filter((r) => r.id.startsWith(`log-${day}-`)).length;
    const number = `${day}-${String(sameDay + 1).padStart(3, '0')}`;
    const entry: DutyLogEntryRecord = {
      id: `log-${number}`,
      number,
      kind: payload.kind,
      receivedAt,
      ...(payload.occurredAt === undefined
        ? {}
        : { occurredAt: payload.occurredAt }),
      callerUnit: payload.callerUnit,
      callerName: payload.callerName,
      callerPhone: payload.callerPhone,
      content: payload.content,
      ...(payload.instruction === undefined
        ? {}
        : {
            instruction: payload.instruction,
            instructedAt: payload.instructedAt ?? context.now(),
          }),
      recorderId,
      ownerId: recorderId,
      status: 'open',
      followUps: [],
      transfers: [],
      ...(reporting ? { reporting } : {}),
    };
    putEntry(context, entry);
    return {
      entryId: entry.id,
      number,
      ...(reporting
        ? { phoneDue: reporting.phoneDue, writtenDue: reporting.writtenDue }
        : {}),
    };
  },
);

const logFollowUp = handler(
  DUTY_COMMANDS.logFollowUp,
  z.object({
    entryId: Id,
    content: z.string().trim().min(1).max(4000),
    at: Instant.optional(),
    by: Id.optional(),
  }),
  (context, payload, actor) => {
    const entry = requireEntry(context, payload.entryId);
    requireOpen(entry);
    const at = payload.at ?? context.now();
    const number = entry.followUps.length + 1;
    const policy = entry.reporting
      ? policyTable(context).find((row) => row.id === entry.reporting?.policyId)
      : undefined;
    const reporting =
      entry.reporting && policy?.followUp
        ? {
            ...entry.reporting,
            nextFollowUpDue: nextFollowUpDue(policy.followUp, at, at),
          }
        : entry.reporting;
    putEntry(context, {
      ...entry,
      followUps: [
        ...entry.followUps,
        {
          number,
          label: followUpLabel(number),
          at,
          by: actingPerson(payload.by, actor),
          content: payload.content,
        },
      ],
      ...(reporting ? { reporting } : {}),
    });
    return {
      entryId: entry.id,
      followUp: number,
      label: followUpLabel(number),
    };
  },
);

const logReport = handler(
  DUTY_COMMANDS.logReport,
  z.object({
    entryId: Id,
    channel: z.enum(['phone', 'written']),
    at: Instant.optional(),
  }),
  (context, payload) => {
    const entry = requireEntry(context, payload.entryId);
    const reporting = entry.reporting;
    if (!reporting) {
      throw new Rejection(
        'no-reporting-deadline',
        `Log entry ${entry.number} has no event level, so no report is due; log the level first.`,
      );
    }
    const at = payload.at ?? context.now();
    const due =
      payload.channel === 'phone' ? reporting.phoneDue : reporting.writtenDue;
    const assessment = assessReport(due, at);
    const updated: LogReporting =
      payload.channel === 'phone'
        ? {
            ...reporting,
            phoneAt: at,
            phoneMinutesLate: assessment.minutesLate,
          }
        : {
            ...reporting,
            writtenAt: at,
            writtenMinutesLate: assessment.minutesLate,
          };
    updated.escalated = reporting.escalated || assessment.escalate;
    putEntry(context, { ...entry, reporting: updated });
    if (assessment.escalate) {
      raiseAlarm(context, {
        id: `alarm-late-${payload.channel}-${entry.id}`,
        kind: 'report-late',
        subjectCollection: DUTY_COLLECTIONS.logEntry,
        subjectId: entry.id,
        dueSince: due,
        message:
          `${payload.channel === 'phone' ? 'Phone' : 'Written'} report of ${entry.number} to ${reporting.recipient} ` +
          `came ${assessment.minutesLate} min late (due ${formatLocalDateTime(due)}, made ${formatLocalDateTime(at)}).`,
      });
    }
    return {
      entryId: entry.id,
      onTime: assessment.onTime,
      minutesLate: assessment.minutesLate,
      escalated: assessment.escalate,
    };
  },
);

const logTransfer = handler(
  DUTY_COMMANDS.logTransfer,
  z.object({
    entryId: Id,
    toPersonId: Id,
    note: z.string().max(1000).default(''),
    by: Id.optional(),
  }),
  (context, payload, actor) => {
    const entry = requireEntry(context, payload.entryId);
    requireOpen(entry);
    requirePerson(context, payload.toPersonId);
    if (payload.toPersonId === entry.ownerId) {
      throw new Rejection(
        'same-owner',
        `Log entry ${entry.number} is already owned by ${entry.ownerId}; pick another person.`,
      );
    }
    const transfer = {
      from: entry.ownerId,
      to: payload.toPersonId,
      at: context.now(),
      by: actingPerson(payload.by, actor),
      note: payload.note,
    };
    putEntry(context, {
      ...entry,
      ownerId: payload.toPersonId,
      transfers: [...entry.transfers, transfer],
    });
    return { entryId: entry.id, ownerId: payload.toPersonId };
  },
);

// NOTE: the incident id is not checked against the dispatch stream, so a mistyped id is stored as
// given.
const logLinkIncident = handler(
  DUTY_COMMANDS.logLinkIncident,
  z.object({
    entryId: Id,
    incidentId: Id,
    replace: z.boolean().default(false),
  }),
  (context, payload) => {
    const entry = requireEntry(context, payload.entryId);
    if (
      entry.linkedIncidentId &&
      entry.linkedIncidentId !== payload.incidentId &&
      !payload.replace
    ) {
      throw new Rejection(
        'already-linked',
        `Log entry ${entry.number} is linked to incident ${entry.linkedIncidentId}; send replace: true to link ${payload.incidentId} instead.`,
      );
    }
    putEntry(context, { ...entry, linkedIncidentId: payload.incidentId });
    return { entryId: entry.id, incidentId: payload.incidentId };
  },
);

const logClose = handler(
  DUTY_COMMANDS.logClose,
  z.object({ entryId: Id }),
  (context, payload) => {
    const entry = requireEntry(context, payload.entryId);
    requireOpen(entry);
    putEntry(context, { ...entry, status: 'closed', closedAt: context.now() });
    return { entryId: entry.id, status: 'closed' };
  },
);

const policyPut = handler(
  DUTY_COMMANDS.reportingPolicyPut,
  ReportingPolicySchema,
  (context, payload) => {
    const clash = policyTable(context).find(
      (row) =>
        row.id !== payload.id &&
        row.level === payload.level &&
        row.eventClass === payload.eventClass &&
        row.recipient === payload.recipient,
    );
    if (clash) {
      throw new Rejection(
        'policy-duplicate',
        `Policy ${clash.id} already covers ${payload.level} / ${payload.eventClass} / ${payload.recipient}; edit that row instead.`,
      );
    }
    context.put(DUTY_COLLECTIONS.reportingPolicy, payload.id, payload);
    return { policyId: payload.id };
  },
);

export const logCommands: Record<string, CommandHandler> = {
  [DUTY_COMMANDS.logCreate]: logCreate,
  [DUTY_COMMANDS.logFollowUp]: logFollowUp,
  [DUTY_COMMANDS.logReport]: logReport,
  [DUTY_COMMANDS.logTransfer]: logTransfer,
  [DUTY_COMMANDS.logLinkIncident]: logLinkIncident,
  [DUTY_COMMANDS.logClose]: logClose,
  [DUTY_COMMANDS.reportingPolicyPut]: policyPut,
};
