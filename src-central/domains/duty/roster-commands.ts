// Commands on the month rosters: generation from rotations, manual assignments, substitutions
// (代班), swaps (换班), approval and publishing, and check-in at the start of duty.
import { z } from 'zod';
import {
  publishChange,
  checkNoNewDoubleBooking,
  publishInitialRoster,
  withdrawAssignment,
} from '../../../src-shared/roster/published.js';
import type {
  DutyPost,
  DutyRoster,
  SubstitutionRecord,
  SwapRecord,
} from '../../../src-shared/roster/records.js';
import {
  DUTY_COLLECTIONS,
  DUTY_COMMANDS,
  CheckInSchema,
  DutyRosterSchema,
  SwapRecordSchema,
} from '../../../src-shared/roster/records.js';
import {
  applyReplacement,
  buildRoster,
  sortAssignments,
} from '../../../src-shared/roster/roster.js';
import { checkMonthRoster } from '../../../src-shared/roster/requirements.js';
import type { Assignment } from '../../../src-shared/roster/shifts.js';
import {
  checkInterval,
  describeInterval,
} from '../../../src-shared/roster/shifts.js';
import { approveSubstitution } from '../../../src-shared/roster/substitutions.js';
import {
  acceptSwap,
  approveSwap,
  rejectSwap,
  requestSwap,
} from '../../../src-shared/roster/swaps.js';
import {
  addDays,
  formatLocalDateTime,
  localDateOf,
  MINUTE_MS,
  parseLocalDate,
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
import {
  asPublished,
  checkAvailable,
  checkEligible,
  holidayCalendar,
  people,
  posts,
  requirePerson,
  requireRoster,
  rosterIdOf,
  rotations,
  templates,
} from './roster-state.js';

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM');
const Id = z.string().min(1).max(200);
const Instant = z.number().int();

function monthRange(month: string): { from: string; to: string } {
  const from = `${month}-01`;
  const { year, month: m } = parseLocalDate(from);
  const next =
    m === 12
      ? `${year + 1}-01-01`
      : `${year}-${String(m + 1).padStart(2, '0')}-01`;
  return { from, to: addDays(next, -1) };
}

function putRoster(context: DomainContext, roster: DutyRoster): void {
  context.put(DUTY_COLLECTIONS.roster, roster.id, roster);
}

/**
 * Builds a month's roster from the rotations and the holiday calendar without storing it. Throws
 * a rejection when the month already has a roster that is not a draft.
 */
export function generateRoster(
  context: DomainContext,
  month: string,
  by: string,
): DutyRoster {
  const id = rosterIdOf(month);
  const existing = context.get(DUTY_COLLECTIONS.roster, id);
  const current = existing ? requireRoster(context, id) : undefined;
  if (current && current.status !== 'draft') {
    throw new Rejection(
      'roster-not-draft',
      `Roster ${month} is ${current.status} (version ${current.version}); only a draft can be ` +
        'generated again. Change a published roster with assign, substitute or swap.',
    );
  }

  const { from, to } = monthRange(month);
  const active = rotations(context);
  const assignments = buildRoster({
    calendar: holidayCalendar(context),
    templates: templates(context),
    rotations: active,
    from,
    to,
  });
  const roster: DutyRoster = {
    id,
    month,
    from,
    to,
    status: 'draft',
    version: 0,
    assignments,
    audit: [
      {
        who: by,
        when: context.now(),
        what: `Generated ${assignments.length} assignments from ${active.length} rotations.`,
        version: 0,
      },
    ],
    generatedAt: context.now(),
    generatedBy: by,
  };
  putRoster(context, roster);
  return roster;
}

/**
 * Replaces the assignments of a draft in place, or publishes them as the next version of a
 * published roster. Submitted and approved rosters are frozen until returned to draft.
 */
function changeAssignments(
  context: DomainContext,
  roster: DutyRoster,
  assignments: readonly Assignment[],
  change: { who: string; what: string; changedIds: string[] },
): DutyRoster {
  checkNoNewDoubleBooking(roster.assignments, assignments, change.changedIds);
  const when = context.now();
  let next: DutyRoster;
  if (roster.status === 'draft') {
    next = {
      ...roster,
      assignments: sortAssignments(assignments),
      audit: [
        ...roster.audit,
        { who: change.who, when, what: change.what, version: 0 },
      ],
    };
  } else if (roster.status === 'published') {
    const published = publishChange(asPublished(roster), assignments, {
      who: change.who,
      when,
      what: change.what,
    });
    next = {
      ...roster,
      ...published,
      assignments: [...published.assignments],
      audit: [...published.audit],
    };
  } else {
    throw new Rejection(
      'roster-locked',
      `Roster ${roster.month} is ${roster.status}; return it to draft or publish it before changing assignments.`,
    );
  }
  putRoster(context, next);
  return next;
}

/** Rejects an extra holder when the post already has its maximum at some instant of the window. */
function checkMaxHeadcount(
  assignments: readonly Assignment[],
  post: DutyPost,
  window: { start: number; end: number },
): void {
  const onPost = assignments.filter(
    (a) => a.post === post.id && a.start < window.end && window.start < a.end,
  );
  // The count can only rise at the window start or at an assignment start inside it.
  const instants = [
    window.start,
    ...onPost.map((a) => a.start).filter((t) => t > window.start),
  ];
  for (const instant of instants) {
    const holders = new Set(
      onPost
        .filter((a) => a.start <= instant && instant < a.end)
        .map((a) => a.personId),
    );
    if (holders.size >= post.maxHeadcount) {
      throw new Rejection(
        'over-headcount',
        `${post.name} already has ${holders.size} people at ${formatLocalDateTime(instant)} ` +
          `(${[...holders].join(', ')}); the maximum is ${post.maxHeadcount}. ` +
          'Replace someone instead of adding a holder.',
      );
    }
  }
}

const AssignPayload = z.object({
  rosterId: Id,
  personId: Id,
  post: Id,
  start: Instant,
  end: Instant,
  /** Person whose duty on the post is cut for the window, instead of adding a parallel holder. */
  replacesPersonId: Id.optional(),
  by: Id.optional(),
});

const assign = handler(
  DUTY_COMMANDS.assign,
  AssignPayload,
  (context, payload, actor) => {
    const roster = requireRoster(context, payload.rosterId);
    const person = requirePerson(context, payload.personId);
    checkInterval(payload, 'Assignment');
    const post = posts(context).find((p) => p.id === payload.post);
    checkEligible(person, post, payload.post);
    checkAvailable(person, payload.start, payload.end);
    if (post && payload.replacesPersonId === undefined) {
      checkMaxHeadcount(roster.assignments, post, payload);
    }

    const id = `${roster.id}:m${roster.audit.length}`;
    const who = actingPerson(payload.by, actor);
    const window = `${describeInterval(payload)}`;
    const assignments =
      payload.replacesPersonId === undefined
        ? [
            ...roster.assignments,
            {
              id,
              personId: person.id,
              post: payload.post,
              source: 'manual' as const,
              shiftDate: localDateOf(payload.start),
              start: payload.start,
              end: payload.end,
            },
          ]
        : applyReplacement(roster.assignments, {
            id,
            substituteId: person.id,
            replacedId: payload.replacesPersonId,
            post: payload.post,
            source: 'manual',
            start: payload.start,
            end: payload.end,
          });
    const next = changeAssignments(context, roster, assignments, {
      who,
      what: `Assigned ${person.id} to ${payload.post} ${window}.`,
      changedIds: [id],
    });
    return { rosterId: next.id, assignmentId: id, version: next.version };
  },
);

const WithdrawPayload = z.object({
  rosterId: Id,
  assignmentId: Id,
  by: Id.optional(),
});

const withdraw = handler(
  DUTY_COMMANDS.assignmentWithdraw,
  WithdrawPayload,
  (context, payload, actor) => {
    const roster = requireRoster(context, payload.rosterId);
    const who = actingPerson(payload.by, actor);
    if (roster.status === 'draft') {
      const target = roster.assignments.find(
        (a) => a.id === payload.assignmentId,
      );
      if (!target) {
        throw new Rejection(
          'assignment-not-found',
          `Assignment ${payload.assignmentId} is not in roster ${roster.month}; reload the roster.`,
        );
      }
      const next = changeAssignments(
        context,
        roster,
        roster.assignments.filter((a) => a.id !== target.id),
        { who, what: `Removed draft assignment ${target.id}.`, changedIds: [] },
      );
      return { rosterId: next.id, version: next.version };
    }
    if (roster.status !== 'published') {
      throw new Rejection(
        'roster-locked',
        `Roster ${roster.month} is ${roster.status}; nothing can be withdrawn now.`,
      );
    }
    // The rule keeps history, so a started duty ends now and a past duty is rejected.
    const published = withdrawAssignment(
      asPublished(roster),
      payload.assignmentId,
      who,
      context.now(),
    );
    const next: DutyRoster = {
      ...roster,
      version: published.version,
      assignments: [...published.assignments],
      audit: [...published.audit],
    };
    putRoster(context, next);
    return { rosterId: next.id, version: next.version };
  },
);

const SubstitutePayload = z.object({
  rosterId: Id,
  substituteId: Id,
  replacedId: Id,
  post: Id.optional(),
  start: Instant,
  end: Instant,
  reason: z.string().max(1000).default(''),
  /** Person approving the substitution, who needs the approver rank on a published roster. */
  approverId: Id.optional(),
});

const substitute = handler(
  DUTY_COMMANDS.substitute,
  SubstitutePayload,
  (context, payload, actor) => {
    const roster = requireRoster(context, payload.rosterId);
    const substitutePerson = requirePerson(context, payload.substituteId);
    requirePerson(context, payload.replacedId);
    checkAvailable(substitutePerson, payload.start, payload.end);
    const approverId = actingPerson(payload.approverId, actor);

    const id = `sub-${context.list(DUTY_COLLECTIONS.substitution).length + 1}`;
    const requested: SubstitutionRecord = {
      id,
      rosterId: roster.id,
      substituteId: payload.substituteId,
      replacedId: payload.replacedId,
      ...(payload.post === undefined ? {} : { post: payload.post }),
      start: payload.start,
      end: payload.end,
      status: 'requested',
      requestedBy: actor.operatorId,
      reason: payload.reason,
    };

    // Precheck the replacement so eligibility can be tested on the post it resolves to.
    const split = applyReplacement(roster.assignments, {
      ...requested,
      source: 'substitution',
    });
    const post = split.find((a) => a.id === id)?.post ?? payload.post ?? '';
    checkEligible(
      substitutePerson,
      posts(context).find((p) => p.id === post),
      post,
    );

    let next: DutyRoster;
    let approvedAt = context.now();
    if (roster.status === 'published') {
      requireApprover(context, approverId);
      const result = approveSubstitution(
        requested,
        asPublished(roster),
        approverId,
        context.now(),
      );
      approvedAt = result.substitution.approvedAt ?? approvedAt;
      next = {
        ...roster,
        version: result.roster.version,
        assignments: [...result.roster.assignments],
        audit: [...result.roster.audit],
      };
      putRoster(context, next);
    } else {
      next = changeAssignments(context, roster, split, {
        who: approverId,
        what: `Substitution ${id}: ${payload.substituteId} replaces ${payload.replacedId} ${describeInterval(payload)}.`,
        changedIds: [id],
      });
    }
    const record: SubstitutionRecord = {
      ...requested,
      post,
      status: 'approved',
      approvedAt,
    };
    context.put(DUTY_COLLECTIONS.substitution, id, record);
    return {
      substitutionId: id,
      rosterId: next.id,
      version: next.version,
      post,
    };
  },
);

/** Rejects unless the person exists and has at least the approver rank. Returns their rank. */
function requireApprover(context: DomainContext, personId: string): number {
  const settings = readSettings(context);
  const person = requirePerson(context, personId);
  if (person.rank < settings.approverMinRank) {
    throw new Rejection(
      'not-authorised',
      `${person.name} (${person.id}) has rank ${person.rank}; approving needs rank ${settings.approverMinRank} or higher.`,
    );
  }
  return person.rank;
}

const SwapRequestPayload = z.object({
  rosterId: Id,
  requesterId: Id,
  requesterAssignmentId: Id,
  counterpartId: Id,
  counterpartAssignmentId: Id,
});

const swapRequest = handler(
  DUTY_COMMANDS.swapRequest,
  SwapRequestPayload,
  (context, payload) => {
    const roster = requireRoster(context, payload.rosterId);
    if (roster.status !== 'published') {
      throw new Rejection(
        'roster-not-published',
        `Roster ${roster.month} is ${roster.status}; swaps apply to published rosters. Edit a draft directly.`,
      );
    }
    const settings = readSettings(context);
    const id = `swap-${context.list(DUTY_COLLECTIONS.swap).length + 1}`;
    const swap = requestSwap(
      { id, ...payload },
      asPublished(roster),
      holidayCalendar(context),
      {
        leadTimeHours: settings.swapLeadTimeHours,
        holidayLeadTimeHours: settings.holidayLeadTimeHours,
        whenTooLate: settings.whenSwapTooLate,
      },
      context.now(),
    );
    if (swap.status === 'rejected') {
      const note = swap.history.find((entry) => entry.note)?.note ?? '';
      throw new Rejection(
        'swap-lead-time',
        `Swap rejected: ${note} Ask the leader on duty for a substitution instead.`,
      );
    }
    const record: SwapRecord = { ...swap, rosterId: roster.id };
    context.put(DUTY_COLLECTIONS.swap, id, record);
    return {
      swapId: id,
      status: swap.status,
      needsHigherApproval: swap.needsHigherApproval,
    };
  },
);

function requireSwap(context: DomainContext, id: string): SwapRecord {
  return requireData(
    context,
    DUTY_COLLECTIONS.swap,
    id,
    SwapRecordSchema,
    'swap',
  );
}

const swapAccept = handler(
  DUTY_COMMANDS.swapAccept,
  z.object({ swapId: Id, personId: Id.optional() }),
  (context, payload, actor) => {
    const swap = requireSwap(context, payload.swapId);
    const accepted = acceptSwap(
      swap,
      actingPerson(payload.personId, actor),
      context.now(),
    );
    const record: SwapRecord = { ...accepted, rosterId: swap.rosterId };
    context.put(DUTY_COLLECTIONS.swap, swap.id, record);
    return { swapId: swap.id, status: accepted.status };
  },
);

const swapApprove = handler(
  DUTY_COMMANDS.swapApprove,
  z.object({ swapId: Id, approverId: Id.optional() }),
  (context, payload, actor) => {
    const swap = requireSwap(context, payload.swapId);
    const approverId = actingPerson(payload.approverId, actor);
    const rank = requireApprover(context, approverId);
    const roster = requireRoster(context, swap.rosterId);
    const higherLevel = rank >= readSettings(context).higherApproverMinRank;
    const result = approveSwap(
      swap,
      asPublished(roster),
      { id: approverId, higherLevel },
      context.now(),
    );
    const next: DutyRoster = {
      ...roster,
      version: result.roster.version,
      assignments: [...result.roster.assignments],
      audit: [...result.roster.audit],
    };
    putRoster(context, next);
    const record: SwapRecord = { ...result.swap, rosterId: swap.rosterId };
    context.put(DUTY_COLLECTIONS.swap, swap.id, record);
    return { swapId: swap.id, status: record.status, version: next.version };
  },
);

const swapReject = handler(
  DUTY_COMMANDS.swapReject,
  z.object({
    swapId: Id,
    personId: Id.optional(),
    reason: z.string().trim().min(1).max(1000),
  }),
  (context, payload, actor) => {
    const swap = requireSwap(context, payload.swapId);
    const by = actingPerson(payload.personId, actor);
    // The counterpart may decline, but anyone else needs the approver rank to reject.
    if (by !== swap.counterpartId) {
      requireApprover(context, by);
    }
    const rejected = rejectSwap(swap, by, context.now(), payload.reason);
    const record: SwapRecord = { ...rejected, rosterId: swap.rosterId };
    context.put(DUTY_COLLECTIONS.swap, swap.id, record);
    return { swapId: swap.id, status: record.status };
  },
);

function transitionRoster(
  context: DomainContext,
  roster: DutyRoster,
  expected: DutyRoster['status'],
  next: DutyRoster['status'],
  who: string,
): DutyRoster {
  if (roster.status !== expected) {
    throw new Rejection(
      'invalid-transition',
      `Roster ${roster.month} is ${roster.status}; it must be ${expected} to become ${next}.`,
    );
  }
  const updated: DutyRoster = {
    ...roster,
    status: next,
    audit: [
      ...roster.audit,
      {
        who,
        when: context.now(),
        what: `Status ${expected} → ${next}.`,
        version: roster.version,
      },
    ],
  };
  putRoster(context, updated);
  return updated;
}

/**
 * Rejects a roster with blocking findings (double booking, ineligible holder, leave), which must be
 * fixed before submitting. Returns the number of coverage gaps, which do not block.
 */
function checkSubmittable(context: DomainContext, roster: DutyRoster): number {
  const check = checkMonthRoster({
    assignments: roster.assignments,
    templates: templates(context),
    posts: posts(context),
    people: people(context),
    calendar: holidayCalendar(context),
    from: roster.from,
    to: roster.to,
  });
  const errors = check.findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) {
    throw new Rejection(
      'roster-invalid',
      `Roster ${roster.month} has ${errors.length} blocking findings; fix them before submitting. ` +
        errors
          .slice(0, 3)
          .map((f) => f.message)
          .join(' '),
    );
  }
  return check.gaps.length;
}

const RosterPayload = z.object({ rosterId: Id, by: Id.optional() });

const rosterSubmit = handler(
  DUTY_COMMANDS.rosterSubmit,
  RosterPayload,
  (context, payload, actor) => {
    const roster = requireRoster(context, payload.rosterId);
    const gaps =
      roster.status === 'draft' ? checkSubmittable(context, roster) : 0;
    const next = transitionRoster(
      context,
      roster,
      'draft',
      'submitted',
      actingPerson(payload.by, actor),
    );
    return { rosterId: next.id, status: next.status, coverageGaps: gaps };
  },
);

const rosterApprove = handler(
  DUTY_COMMANDS.rosterApprove,
  z.object({
    rosterId: Id,
    approverId: Id.optional(),
    decision: z.enum(['approve', 'return']).default('approve'),
  }),
  (context, payload, actor) => {
    const roster = requireRoster(context, payload.rosterId);
    const approverId = actingPerson(payload.approverId, actor);
    requireApprover(context, approverId);
    const target = payload.decision === 'approve' ? 'approved' : 'draft';
    const next = transitionRoster(
      context,
      roster,
      'submitted',
      target,
      approverId,
    );
    return { rosterId: next.id, status: next.status };
  },
);

const rosterPublish = handler(
  DUTY_COMMANDS.rosterPublish,
  RosterPayload,
  (context, payload, actor) => {
    const roster = requireRoster(context, payload.rosterId);
    const who = actingPerson(payload.by, actor);
    if (roster.status !== 'approved') {
      throw new Rejection(
        'invalid-transition',
        `Roster ${roster.month} is ${roster.status}; only an approved roster can be published.`,
      );
    }
    const published = publishInitialRoster(
      roster.assignments,
      who,
      context.now(),
    );
    const next: DutyRoster = {
      ...roster,
      status: 'published',
      version: published.version,
      audit: [...roster.audit, ...published.audit],
    };
    putRoster(context, next);
    return { rosterId: next.id, status: next.status, version: next.version };
  },
);

const rosterArchive = handler(
  DUTY_COMMANDS.rosterArchive,
  RosterPayload,
  (context, payload, actor) => {
    const roster = requireRoster(context, payload.rosterId);
    const next = transitionRoster(
      context,
      roster,
      'published',
      'archived',
      actingPerson(payload.by, actor),
    );
    return { rosterId: next.id, status: next.status };
  },
);

const rosterGenerate = handler(
  DUTY_COMMANDS.rosterGenerate,
  z.object({ month: Month, by: Id.optional() }),
  (context, payload, actor) => {
    const roster = generateRoster(
      context,
      payload.month,
      actingPerson(payload.by, actor),
    );
    return { rosterId: roster.id, assignments: roster.assignments.length };
  },
);

const checkIn = handler(
  DUTY_COMMANDS.checkIn,
  z.object({ personId: Id.optional() }),
  (context, payload, actor) => {
    const personId = actingPerson(payload.personId, actor);
    const now = context.now();
    const early = readSettings(context).checkInEarlyMinutes * MINUTE_MS;
    const rosters = listData(
      context,
      DUTY_COLLECTIONS.roster,
      DutyRosterSchema,
    );
    const candidates = rosters
      .filter((r) => r.status === 'published')
      .flatMap((r) => r.assignments.map((a) => ({ roster: r, assignment: a })))
      .filter(
        ({ assignment: a }) =>
          a.personId === personId && a.start - early <= now && now < a.end,
      )
      .sort((x, y) => x.assignment.start - y.assignment.start);
    const open = candidates.find(
      ({ roster, assignment }) =>
        !context.get(DUTY_COLLECTIONS.checkIn, `${roster.id}|${assignment.id}`),
    );
    if (!open) {
      throw new Rejection(
        candidates.length > 0 ? 'already-checked-in' : 'not-on-duty',
        candidates.length > 0
          ? `${personId} has already checked in for the current shift.`
          : `${personId} has no published duty now or within ${early / MINUTE_MS} min; check the roster.`,
      );
    }
    const id = `${open.roster.id}|${open.assignment.id}`;
    const record = CheckInSchema.parse({
      id,
      personId,
      rosterId: open.roster.id,
      assignmentId: open.assignment.id,
      post: open.assignment.post,
      at: now,
      shiftStart: open.assignment.start,
      minutesLate: Math.max(
        0,
        Math.ceil((now - open.assignment.start) / MINUTE_MS),
      ),
    });
    context.put(DUTY_COLLECTIONS.checkIn, id, record);
    return {
      checkInId: id,
      post: record.post,
      minutesLate: record.minutesLate,
    };
  },
);

export const rosterCommands: Record<string, CommandHandler> = {
  [DUTY_COMMANDS.rosterGenerate]: rosterGenerate,
  [DUTY_COMMANDS.assign]: assign,
  [DUTY_COMMANDS.assignmentWithdraw]: withdraw,
  [DUTY_COMMANDS.substitute]: substitute,
  [DUTY_COMMANDS.swapRequest]: swapRequest,
  [DUTY_COMMANDS.swapAccept]: swapAccept,
  [DUTY_COMMANDS.swapApprove]: swapApprove,
  [DUTY_COMMANDS.swapReject]: swapReject,
  [DUTY_COMMANDS.rosterSubmit]: rosterSubmit,
  [DUTY_COMMANDS.rosterApprove]: rosterApprove,
  [DUTY_COMMANDS.rosterPublish]: rosterPublish,
  [DUTY_COMMANDS.rosterArchive]: rosterArchive,
  [DUTY_COMMANDS.checkIn]: checkIn,
};
