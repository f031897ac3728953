// Leave and travel (请假, 出差) of the people on the roster. An absence does not change a roster by
// itself: the roster checks report the conflict and new assignments in it are rejected.
import { z } from 'zod';
import type { DutyPerson } from '../../../src-shared/roster/records.js';
import {
  DUTY_COLLECTIONS,
  DUTY_COMMANDS,
} from '../../../src-shared/roster/records.js';
import { checkInterval } from '../../../src-shared/roster/shifts.js';
import type { CommandHandler } from '../types.js';
import { handler, Rejection } from './common.js';
import { requirePerson } from './roster-state.js';

const Id = z.string().min(1).max(200);

const absencePut = handler(
  DUTY_COMMANDS.absencePut,
  z.object({
    personId: Id,
    kind: z.enum(['leave', 'travel']),
    start: z.number().int(),
    end: z.number().int(),
  }),
  (context, payload) => {
    const person = requirePerson(context, payload.personId);
    checkInterval(payload, 'Absence');
    const id = `${person.id}-absence-${person.absences.length + 1}`;
    const next: DutyPerson = {
      ...person,
      absences: [...person.absences, { id, ...payload }],
    };
    context.put(DUTY_COLLECTIONS.person, person.id, next);
    return { personId: person.id, absenceId: id };
  },
);

const absenceRemove = handler(
  DUTY_COMMANDS.absenceRemove,
  z.object({ personId: Id, absenceId: Id }),
  (context, payload) => {
    const person = requirePerson(context, payload.personId);
    if (!person.absences.some((a) => a.id === payload.absenceId)) {
      throw new Rejection(
        'absence-not-found',
        `${person.name} (${person.id}) has no absence ${payload.absenceId}; reload the absence list.`,
      );
    }
    context.put(DUTY_COLLECTIONS.person, person.id, {
      ...person,
      absences: person.absences.filter((a) => a.id !== payload.absenceId),
    });
    return { personId: person.id };
  },
);

export const personCommands: Record<string, CommandHandler> = {
  [DUTY_COMMANDS.absencePut]: absencePut,
  [DUTY_COMMANDS.absenceRemove]: absenceRemove,
};
