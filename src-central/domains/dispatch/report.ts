// `incident.report`: an incident opened from a report that arrived without an alert, such as a
// call the duty office logged. It enters `reported` like an incident opened from an alert, with
// its milestones frozen from the deadline table.
import { z } from 'zod';

import {
  AlertLevel,
  EmergencyClass,
  EventType,
} from '../../../src-shared/contract/index.js';
import type {
  Actor,
  DeadlineConfig,
  Incident,
} from '../../../src-shared/dispatch/index.js';
import {
  createIncident,
  DISPATCH_COMMANDS,
  IncidentChannel,
} from '../../../src-shared/dispatch/index.js';
import type { CommandActor, DomainContext } from '../types.js';
import { DispatchRejection } from './errors.js';
import { parsePayload } from './payloads.js';
import { readIncident, writeIncident } from './store.js';

const Text = (max: number) => z.string().trim().min(1).max(max).nullable();

/** Place of a reported incident; what the caller did not say stays null. */
const ReportedPlace = z.object({
  divisionCode: Text(20).default(null),
  townCode: Text(20).default(null),
  townName: Text(100).default(null),
  villageName: Text(100).default(null),
  address: Text(500).default(null),
  lat: z.number().min(-90).max(90).nullable().default(null),
  lon: z.number().min(-180).max(180).nullable().default(null),
});

export const ReportIncidentPayload = z.object({
  incidentId: z.uuid(),
  title: z.string().trim().min(1).max(200),
  place: ReportedPlace,
  eventType: EventType,
  emergencyClass: EmergencyClass.nullable(),
  level: AlertLevel.nullable(),
  channel: IncidentChannel.default('platform'),
  occurredAt: z.number().int(),
  /** Duty-log entry the report came from; written to the audit summary. */
  logEntryId: z.string().min(1).max(200).optional(),
});
type ReportIncidentPayload = z.infer<typeof ReportIncidentPayload>;

/** Result of the command body, in the shape the audited wrapper in commands.ts expects. */
interface ReportApplied {
  result: Record<string, unknown>;
  summary: string;
  written?: string[];
}

// A replayed command finds its own incident: same title and occurrence, and no alert behind it.
function isSameReport(
  existing: Incident,
  input: ReportIncidentPayload,
): boolean {
  return (
    existing.originAlertIds.length === 0 &&
    existing.title === input.title &&
    existing.occurredAt === input.occurredAt
  );
}

function summaryOf(incident: Incident, logEntryId: string | undefined): string {
  return logEntryId === undefined
    ? `接报创建事件：${incident.title}`
    : `由值班日志 ${logEntryId} 创建事件：${incident.title}`;
}

/** Builds the body of `incident.report` for the audited wrapper. */
export function reportIncident(
  config: DeadlineConfig,
): (
  context: DomainContext,
  actor: CommandActor,
  payload: unknown,
) => ReportApplied {
  return (context, actor, payload) => {
    const input = parsePayload(
      ReportIncidentPayload,
      payload,
      DISPATCH_COMMANDS.report,
    );
    const existing = readIncident(context, input.incidentId);
    if (existing !== null) {
      if (isSameReport(existing, input)) {
        return {
          result: {
            incidentId: existing.id,
            version: existing.version,
            changed: false,
          },
          summary: `事件 ${existing.id} 已由同一报告创建`,
        };
      }
      throw new DispatchRejection(
        'already-exists',
        `Incident ${input.incidentId} already exists; generate a new incident id.`,
      );
    }
    if (input.occurredAt > context.now()) {
      throw new DispatchRejection(
        'invalid-payload',
        `Invalid ${DISPATCH_COMMANDS.report} payload: occurredAt ${new Date(input.occurredAt).toISOString()} ` +
          'is in the future; enter when the event happened.',
      );
    }

    const reporter: Actor = { id: actor.operatorId, role: 'duty_officer' };
    const incident = createIncident(
      {
        id: input.incidentId,
        title: input.title,
        channel: input.channel,
        eventType: input.eventType,
        emergencyClass: input.emergencyClass,
        level: input.level,
        place: input.place,
        occurredAt: input.occurredAt,
        originAlertIds: [],
      },
      config,
      reporter,
      context.now(),
    );
    writeIncident(context, incident);
    return {
      result: {
        incidentId: incident.id,
        version: incident.version,
        changed: true,
        ...(input.logEntryId === undefined
          ? {}
          : { logEntryId: input.logEntryId }),
      },
      summary: summaryOf(incident, input.logEntryId),
      written: [incident.id],
    };
  };
}
