// Command handlers of the dispatch domain. Each parses its payload from `unknown`, runs every
// check before its first write, and records one audit entry whether it applies or rejects.
import { createLogger } from '../../../src-node/logging/index.js';
import type {
  Actor,
  DeadlineConfig,
} from '../../../src-shared/dispatch/index.js';
import {
  attachAlert,
  createIncidentFromAlert,
  DISPATCH_COLLECTIONS,
  DISPATCH_COMMANDS,
  IncidentState,
  isOpenState,
  parseCommand,
  UnknownIncidentError,
} from '../../../src-shared/dispatch/index.js';
import type { CommandActor, CommandHandler, DomainContext } from '../types.js';
import { applyIncidentCommand } from './apply.js';
import type { DispatchServices } from './services.js';
import { DispatchRejection, rejectionOf } from './errors.js';
import {
  AcknowledgeEscalationPayload,
  AttachAlertPayload,
  IncidentCommandPayload,
  OpenIncidentPayload,
  parsePayload,
  requireReason,
} from './payloads.js';
import { reportIncident } from './report.js';
import {
  readEscalation,
  readIncident,
  toRecordData,
  writeIncident,
} from './store.js';

const log = createLogger('central-dispatch');

/** Result sent back for an applied command, and the summary written to the audit trail. */
interface Applied {
  result: Record<string, unknown>;
  summary: string;
  /** Ids of the incidents the command wrote. */
  written?: string[];
}

type Body = (
  context: DomainContext,
  actor: CommandActor,
  payload: unknown,
) => Applied;

/** Ids a payload names, read without trusting its shape, so that rejections are audited too. */
function peekIds(payload: unknown): {
  incidentId: string | null;
  kind: string | null;
  commandId: string | null;
} {
  // The limits match the audit record's fields, so an entry for a malformed payload parses.
  const text = (value: unknown, max = 200): string | null =>
    typeof value === 'string' && value.length > 0 && value.length <= max
      ? value
      : null;
  const outer =
    typeof payload === 'object' && payload !== null
      ? (payload as Record<string, unknown>)
      : {};
  const inner =
    typeof outer.command === 'object' && outer.command !== null
      ? (outer.command as Record<string, unknown>)
      : {};
  return {
    incidentId: text(outer.incidentId) ?? text(inner.incidentId),
    kind: text(inner.kind, 64),
    commandId: text(inner.commandId),
  };
}

function audited(
  name: string,
  body: Body,
  services: DispatchServices,
): CommandHandler {
  return (context, actor, payload) => {
    const ids = peekIds(payload);
    const entry = {
      when: context.now(),
      who: actor.operatorId,
      installId: actor.installId,
      name,
      ...ids,
    };
    try {
      const applied = body(context, actor, payload);
      for (const id of applied.written ?? []) {
        services.incidents.note(id);
      }
      services.audit.append(context, {
        ...entry,
        outcome: 'applied',
        code: null,
        summary: applied.summary,
      });
      return { outcome: 'applied', result: applied.result };
    } catch (error) {
      const rejected = rejectionOf(error);
      log.info(
        `${name}: rejected for ${actor.operatorId} on incident ${ids.incidentId ?? '(none)'}: ` +
          `${rejected.error.code}: ${rejected.error.message}`,
      );
      services.audit.append(context, {
        ...entry,
        outcome: 'rejected',
        code: rejected.error.code,
        summary: rejected.error.message,
      });
      return rejected;
    }
  };
}

function openIncident(config: DeadlineConfig): Body {
  return (context, actor, payload) => {
    const input = parsePayload(
      OpenIncidentPayload,
      payload,
      DISPATCH_COMMANDS.open,
    );
    const existing = readIncident(context, input.incidentId);
    if (existing !== null) {
      if (existing.originAlertIds.includes(input.alertId)) {
        return {
          result: {
            incidentId: existing.id,
            version: existing.version,
            changed: false,
          },
          summary: `事件 ${existing.id} 已由警情 ${input.alertId} 创建`,
        };
      }
      throw new DispatchRejection(
        'already-exists',
        `Incident ${input.incidentId} already exists for other alerts; generate a new incident id.`,
      );
    }

    const alert = context.alert(input.alertId);
    if (alert === null) {
      throw new DispatchRejection(
        'alert-not-found',
        `Alert ${input.alertId} not found on the central; reload the alert list and retry.`,
      );
    }
    const holder = openIncidentWithAlert(context, input.alertId);
    if (holder !== null) {
      throw new DispatchRejection(
        'alert-already-open',
        `Alert ${input.alertId} already belongs to open incident ${holder}; open that incident ` +
          `instead of a second one.`,
      );
    }

    const reporter: Actor = { id: actor.operatorId, role: 'duty_officer' };
    const channel =
      input.channel === undefined ? {} : { channel: input.channel };
    const incident = createIncidentFromAlert(
      alert,
      { id: input.incidentId, ...channel },
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
      },
      summary: `由警情 ${alert.id} 创建事件：${incident.title}`,
      written: [incident.id],
    };
  };
}

/** Id of an incident that is not closed, cancelled or merged and has the alert as an origin. */
function openIncidentWithAlert(
  context: DomainContext,
  alertId: string,
): string | null {
  for (const record of context.list(DISPATCH_COLLECTIONS.incident)) {
    const origins = record.data.originAlertIds;
    const state = IncidentState.safeParse(record.data.state);
    if (
      Array.isArray(origins) &&
      origins.includes(alertId) &&
      state.success &&
      isOpenState(state.data)
    ) {
      return record.id;
    }
  }
  return null;
}

function commandIncident(): Body {
  return (context, actor, payload) => {
    const input = parsePayload(
      IncidentCommandPayload,
      payload,
      DISPATCH_COMMANDS.command,
    );
    requireReason(input.command);
    const command = parseCommand(input.command);
    const who: Actor = {
      id: actor.operatorId,
      role: input.actingRole ?? 'duty_officer',
    };
    const applied = applyIncidentCommand(context, command, who, context.now());
    return {
      result: {
        incidentId: command.incidentId,
        versions: Object.fromEntries(
          applied.updated.map((incident) => [incident.id, incident.version]),
        ),
        state: applied.updated[0]?.state ?? null,
      },
      summary: applied.summary,
      written: applied.updated.map((incident) => incident.id),
    };
  };
}

function attachAlertToIncident(): Body {
  return (context, actor, payload) => {
    const input = parsePayload(
      AttachAlertPayload,
      payload,
      DISPATCH_COMMANDS.attachAlert,
    );
    const incident = readIncident(context, input.incidentId);
    if (incident === null) {
      throw new UnknownIncidentError(input.incidentId);
    }
    if (incident.originAlertIds.includes(input.alertId)) {
      return {
        result: {
          incidentId: incident.id,
          version: incident.version,
          changed: false,
        },
        summary: `警情 ${input.alertId} 已归并到事件 ${incident.id}`,
      };
    }
    if (context.alert(input.alertId) === null) {
      throw new DispatchRejection(
        'alert-not-found',
        `Alert ${input.alertId} not found on the central; reload the alert list and retry.`,
      );
    }
    const who: Actor = { id: actor.operatorId, role: 'duty_officer' };
    const attached = attachAlert(
      incident,
      input.alertId,
      input.expectedVersion,
      who,
      context.now(),
    );
    writeIncident(context, attached.incident);
    return {
      result: {
        incidentId: incident.id,
        version: attached.incident.version,
        changed: true,
      },
      summary: attached.entry.why,
      written: [incident.id],
    };
  };
}

function acknowledgeEscalation(): Body {
  return (context, actor, payload) => {
    const input = parsePayload(
      AcknowledgeEscalationPayload,
      payload,
      DISPATCH_COMMANDS.acknowledgeEscalation,
    );
    const escalation = readEscalation(context, input.escalationId);
    if (escalation === null) {
      throw new DispatchRejection(
        'escalation-not-found',
        `Escalation ${input.escalationId} not found; reload the escalation list.`,
      );
    }
    if (escalation.acknowledgedAt !== null) {
      return {
        result: { escalationId: input.escalationId, changed: false },
        summary: `督办 ${input.escalationId} 已由 ${escalation.acknowledgedBy ?? '—'} 确认`,
      };
    }
    context.put(
      DISPATCH_COLLECTIONS.escalation,
      input.escalationId,
      toRecordData({
        ...escalation,
        acknowledgedAt: context.now(),
        acknowledgedBy: actor.operatorId,
      }),
    );
    return {
      result: { escalationId: input.escalationId, changed: true },
      summary: `确认督办：${escalation.incidentTitle}（${escalation.milestoneLabel}）`,
    };
  };
}

/** Builds the handlers by command name. */
export function dispatchCommandHandlers(
  config: DeadlineConfig,
  services: DispatchServices,
): Record<string, CommandHandler> {
  return {
    [DISPATCH_COMMANDS.open]: audited(
      DISPATCH_COMMANDS.open,
      openIncident(config),
      services,
    ),
    [DISPATCH_COMMANDS.report]: audited(
      DISPATCH_COMMANDS.report,
      reportIncident(config),
      services,
    ),
    [DISPATCH_COMMANDS.command]: audited(
      DISPATCH_COMMANDS.command,
      commandIncident(),
      services,
    ),
    [DISPATCH_COMMANDS.attachAlert]: audited(
      DISPATCH_COMMANDS.attachAlert,
      attachAlertToIncident(),
      services,
    ),
    [DISPATCH_COMMANDS.acknowledgeEscalation]: audited(
      DISPATCH_COMMANDS.acknowledgeEscalation,
      acknowledgeEscalation(),
      services,
    ),
  };
}
