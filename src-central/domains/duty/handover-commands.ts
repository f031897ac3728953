// Handover (交接班) commands. A handover is prepared from the open duty log, the leaders'
// instructions, open incidents and watch items. The outgoing officer signs first, then the incoming
// one. Once both have signed, the record is corrected by amendments and never edited.
import { z } from 'zod';
import type { HandoverRecord } from '../../../src-shared/roster/handover.js';
import {
  amendHandover,
  createHandover,
  handoverStatus,
  responsiblePerson,
  signHandover,
} from '../../../src-shared/roster/handover.js';
import type {
  DutyLogEntryRecord,
  HandoverRecordData,
} from '../../../src-shared/roster/records.js';
import {
  DUTY_COLLECTIONS,
  DUTY_COMMANDS,
  DutyAlarmSchema,
  DutyLogEntrySchema,
  EquipmentCheckSchema,
  HandoverItemSchema,
  HandoverRecordSchema,
} from '../../../src-shared/roster/records.js';
import { formatIsoLocal } from '../../../src-shared/roster/time.js';
import type { CommandHandler, DomainContext } from '../types.js';
import {
  actingPerson,
  handler,
  listData,
  readSettings,
  Rejection,
  requireData,
} from './common.js';
import { publishedAssignments, requirePerson } from './roster-state.js';

const Id = z.string().min(1).max(200);
const Instant = z.number().int();

/**
 * Incident states that need no handover. These are the end states of the dispatch domain, which
 * owns the names.
 */
const FINISHED_INCIDENT = new Set(['closed', 'cancelled', 'merged']);

function summary(entry: DutyLogEntryRecord): string {
  const text =
    entry.content.length > 80
      ? `${entry.content.slice(0, 80)}…`
      : entry.content;
  return `${entry.number} ${text}`;
}

/** Open incidents of the dispatch stream, read loosely so a malformed one never blocks a handover. */
function openIncidents(
  context: DomainContext,
): { incidentId: string; text: string }[] {
  return context
    .list('incident')
    .filter(
      (record) => !FINISHED_INCIDENT.has(String(record.data['state'] ?? '')),
    )
    .map((record) => {
      const title = record.data['title'] ?? record.data['summary'] ?? record.id;
      return { incidentId: record.id, text: String(title) };
    });
}

/** End of the outgoing person's duty that is running now, from the published rosters. */
function currentShiftEnd(context: DomainContext, personId: string): number {
  const now = context.now();
  const running = publishedAssignments(context)
    .filter((a) => a.personId === personId && a.start <= now && now < a.end)
    .sort((a, b) => a.end - b.end);
  const last = running[running.length - 1];
  if (!last) {
    throw new Rejection(
      'shift-end-unknown',
      `${personId} is not on duty in any published roster now; give shiftEnd explicitly.`,
    );
  }
  return last.end;
}

function toRule(record: HandoverRecordData): HandoverRecord {
  return record;
}

function withDerived(record: HandoverRecordData): HandoverRecordData {
  return {
    ...record,
    status: handoverStatus(record),
    responsibleId: responsiblePerson(record),
  };
}

const PreparePayload = z.object({
  outgoingId: Id,
  incomingId: Id,
  shiftEnd: Instant.optional(),
  watchItems: z.array(z.string().max(1000)).max(50).default([]),
  by: Id.optional(),
});

const handoverPrepare = handler(
  DUTY_COMMANDS.handoverPrepare,
  PreparePayload,
  (context, payload, actor) => {
    requirePerson(context, payload.outgoingId);
    requirePerson(context, payload.incomingId);
    const shiftEnd =
      payload.shiftEnd ?? currentShiftEnd(context, payload.outgoingId);
    const id = `handover-${formatIsoLocal(shiftEnd).slice(0, 16)}-${payload.outgoingId}`;
    const existing = context.get(DUTY_COLLECTIONS.handover, id);
    const previous = existing
      ? HandoverRecordSchema.parse(existing.data)
      : undefined;
    if (previous && previous.status !== 'draft') {
      throw new Rejection(
        'handover-read-only',
        `Handover ${id} is already signed (${previous.status}) and cannot be prepared again. ` +
          'Add an amendment instead.',
      );
    }

    const log = listData(
      context,
      DUTY_COLLECTIONS.logEntry,
      DutyLogEntrySchema,
    );
    const open = log.filter((entry) => entry.status === 'open');
    const base = createHandover({
      id,
      shiftEnd,
      outgoingId: payload.outgoingId,
      incomingId: payload.incomingId,
      log: open.map((entry) => ({
        id: entry.id,
        summary: summary(entry),
        open: true,
      })),
    });
    const checklist = readSettings(context).equipmentChecklist;
    const record = withDerived({
      ...base,
      items: [...base.items],
      amendments: [],
      instructions: open
        .filter(
          (entry) => entry.kind === 'leader-instruction' || entry.instruction,
        )
        .map((entry) => ({
          logEntryId: entry.id,
          text: entry.instruction ?? entry.content,
        })),
      openIncidents: openIncidents(context),
      watchItems:
        payload.watchItems.length > 0
          ? payload.watchItems
          : (previous?.watchItems ?? []),
      // A re-prepared draft keeps the checklist items already ticked.
      equipment: checklist.map(
        (item) =>
          previous?.equipment.find((e) => e.item === item) ?? {
            item,
            ok: null,
            note: '',
          },
      ),
      status: 'draft',
      responsibleId: payload.outgoingId,
      preparedAt: context.now(),
      preparedBy: actingPerson(payload.by, actor),
    });
    context.put(DUTY_COLLECTIONS.handover, id, record);
    return {
      handoverId: id,
      items: record.items.length,
      openIncidents: record.openIncidents.length,
    };
  },
);

function requireHandover(
  context: DomainContext,
  id: string,
): HandoverRecordData {
  return requireData(
    context,
    DUTY_COLLECTIONS.handover,
    id,
    HandoverRecordSchema,
    'handover',
  );
}

const SignPayload = z.object({
  handoverId: Id,
  side: z.enum(['outgoing', 'incoming']),
  personId: Id.optional(),
  /** Checklist results, accepted from the outgoing side only while the record is a draft. */
  equipment: z.array(EquipmentCheckSchema).optional(),
});

const handoverSign = handler(
  DUTY_COMMANDS.handoverSign,
  SignPayload,
  (context, payload, actor) => {
    const record = requireHandover(context, payload.handoverId);
    const personId = actingPerson(payload.personId, actor);
    const expected =
      payload.side === 'outgoing' ? record.outgoingId : record.incomingId;
    if (personId !== expected) {
      throw new Rejection(
        'wrong-signer',
        `Handover ${record.id}: the ${payload.side} side is ${expected}, not ${personId}. ` +
          'Sign in as that person or sign the other side.',
      );
    }
    const equipment =
      payload.side === 'outgoing' && payload.equipment
        ? payload.equipment
        : record.equipment;
    const signed = signHandover(toRule(record), personId, context.now());
    const next = withDerived({
      ...record,
      ...signed,
      items: [...signed.items],
      amendments: [...record.amendments],
      equipment,
    });
    context.put(DUTY_COLLECTIONS.handover, record.id, next);
    return {
      handoverId: record.id,
      status: next.status,
      responsibleId: next.responsibleId,
    };
  },
);

const handoverAmend = handler(
  DUTY_COMMANDS.handoverAmend,
  z.object({
    handoverId: Id,
    reason: z.string().max(2000),
    items: z.array(HandoverItemSchema).max(200),
    by: Id.optional(),
  }),
  (context, payload, actor) => {
    const record = requireHandover(context, payload.handoverId);
    const amended = amendHandover(toRule(record), {
      by: actingPerson(payload.by, actor),
      at: context.now(),
      reason: payload.reason,
      items: payload.items,
    });
    const next = withDerived({
      ...record,
      amendments: amended.amendments.map((a) => ({
        ...a,
        items: [...a.items],
      })),
    });
    context.put(DUTY_COLLECTIONS.handover, record.id, next);
    return { handoverId: record.id, amendments: next.amendments.length };
  },
);

const alarmAcknowledge = handler(
  DUTY_COMMANDS.alarmAcknowledge,
  z.object({ alarmId: Id, by: Id.optional() }),
  (context, payload, actor) => {
    const alarm = requireData(
      context,
      DUTY_COLLECTIONS.alarm,
      payload.alarmId,
      DutyAlarmSchema,
      'alarm',
    );
    if (alarm.acknowledgedAt !== undefined) {
      throw new Rejection(
        'already-acknowledged',
        `Alarm ${alarm.id} was already acknowledged by ${alarm.acknowledgedBy ?? 'someone'}; ` +
          'nothing more to do.',
      );
    }
    context.put(DUTY_COLLECTIONS.alarm, alarm.id, {
      ...alarm,
      acknowledgedAt: context.now(),
      acknowledgedBy: actingPerson(payload.by, actor),
    });
    return { alarmId: alarm.id };
  },
);

export const handoverCommands: Record<string, CommandHandler> = {
  [DUTY_COMMANDS.handoverPrepare]: handoverPrepare,
  [DUTY_COMMANDS.handoverSign]: handoverSign,
  [DUTY_COMMANDS.handoverAmend]: handoverAmend,
  [DUTY_COMMANDS.alarmAcknowledge]: alarmAcknowledge,
};
