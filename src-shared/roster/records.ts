// Record shapes of the duty domain (stream `duty`): the data of each collection as the central
// writes it and the console reads it. The pure rules in this folder work on the same shapes, so a
// parsed record goes straight into them.
import { z } from 'zod';

/** Collection names of the duty stream. */
export const DUTY_COLLECTIONS = {
  person: 'duty.person',
  post: 'duty.post',
  shiftTemplate: 'duty.shift-template',
  rotation: 'duty.rotation',
  roster: 'duty.roster',
  substitution: 'duty.substitution',
  swap: 'duty.swap',
  checkIn: 'duty.check-in',
  logEntry: 'duty.log-entry',
  handover: 'duty.handover',
  reportingPolicy: 'duty.reporting-policy',
  alarm: 'duty.alarm',
  dailyReport: 'duty.daily-report',
  settings: 'duty.settings',
  holidayYear: 'duty.holiday-year',
} as const;

/** Command names the duty domain accepts. */
export const DUTY_COMMANDS = {
  rosterGenerate: 'duty.roster-generate',
  assign: 'duty.assign',
  assignmentWithdraw: 'duty.assignment-withdraw',
  substitute: 'duty.substitute',
  swapRequest: 'duty.swap-request',
  swapAccept: 'duty.swap-accept',
  swapApprove: 'duty.swap-approve',
  swapReject: 'duty.swap-reject',
  absencePut: 'duty.absence-put',
  absenceRemove: 'duty.absence-remove',
  rosterSubmit: 'duty.roster-submit',
  rosterApprove: 'duty.roster-approve',
  rosterPublish: 'duty.roster-publish',
  rosterArchive: 'duty.roster-archive',
  checkIn: 'duty.check-in',
  logCreate: 'duty.log-create',
  logFollowUp: 'duty.log-follow-up',
  logReport: 'duty.log-report',
  logTransfer: 'duty.log-transfer',
  logLinkIncident: 'duty.log-link-incident',
  logClose: 'duty.log-close',
  handoverPrepare: 'duty.handover-prepare',
  handoverSign: 'duty.handover-sign',
  handoverAmend: 'duty.handover-amend',
  reportingPolicyPut: 'duty.reporting-policy-put',
  alarmAcknowledge: 'duty.alarm-acknowledge',
  dailyReport: 'duty.daily-report',
  holidayYearPut: 'duty.holiday-year-put',
} as const;

/** Id of the single settings record. */
export const DUTY_SETTINGS_ID = 'office';

const Instant = z.number().int();
const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const LocalTime = z.string().regex(/^\d{2}:\d{2}$/, 'a time HH:mm');
const Text = z.string().max(4000);
const Id = z.string().min(1).max(200);

export const DayFilterSchema = z.enum(['allDays', 'workingDays', 'offDays']);

export const AbsenceSchema = z.object({
  id: Id,
  personId: Id,
  kind: z.enum(['leave', 'travel']),
  start: Instant,
  end: Instant,
});

export const DutyPersonSchema = z.object({
  id: Id,
  name: z.string().min(1).max(100),
  unit: z.string().max(200),
  title: z.string().max(200),
  rank: z.number().int().min(0).max(10),
  officePhone: z.string().max(40),
  mobile: z.string().max(40),
  eligiblePosts: z.array(Id),
  qualifications: z.array(z.string().max(100)).default([]),
  absences: z.array(AbsenceSchema).default([]),
});
export type DutyPerson = z.infer<typeof DutyPersonSchema>;

export const DutyPostSchema = z.object({
  id: Id,
  name: z.string().min(1).max(100),
  nameEn: z.string().max(100),
  /** Display order, leader first. */
  order: z.number().int(),
  minHeadcount: z.number().int().min(0),
  maxHeadcount: z.number().int().min(1),
  minRank: z.number().int().min(0).optional(),
  requiredQualifications: z.array(z.string().max(100)).optional(),
});
export type DutyPost = z.infer<typeof DutyPostSchema>;

export const ShiftTemplateSchema = z.object({
  id: Id,
  name: z.string().min(1).max(100),
  startTime: LocalTime,
  endTime: LocalTime,
  endDayOffset: z.union([z.literal(0), z.literal(1)]),
  posts: z.array(
    z.object({ post: Id, headcount: z.number().int().min(0).max(50) }),
  ),
  /** Days whose coverage this template requires: the holiday template needs only off days. */
  appliesOn: DayFilterSchema,
});
export type ShiftTemplateRecord = z.infer<typeof ShiftTemplateSchema>;

export const RotationSchema = z.object({
  id: Id,
  name: z.string().max(200),
  templateId: Id,
  post: Id,
  participants: z.array(Id).min(1),
  anchorDate: LocalDate,
  weekdays: z.array(z.number().int().min(1).max(7)).optional(),
  dayFilter: DayFilterSchema,
  validFrom: LocalDate,
  validTo: LocalDate.optional(),
});
export type RotationRecord = z.infer<typeof RotationSchema>;

export const AssignmentSchema = z.object({
  id: Id,
  personId: Id,
  post: Id,
  source: z.enum(['rotation', 'manual', 'substitution', 'swap']),
  shiftDate: LocalDate,
  start: Instant,
  end: Instant,
});

export const RosterStatusSchema = z.enum([
  'draft',
  'submitted',
  'approved',
  'published',
  'archived',
]);
export type RosterStatus = z.infer<typeof RosterStatusSchema>;

export const RosterAuditSchema = z.object({
  who: z.string(),
  when: Instant,
  what: z.string(),
  version: z.number().int().min(0),
});

/**
 * One month's roster with its assignments inside: publishing and versioning act on the month as
 * a whole, so one record keeps a version and its assignments consistent in every event.
 */
export const DutyRosterSchema = z.object({
  id: Id,
  /** Month as `YYYY-MM`. The roster covers shifts starting on that month's days. */
  month: z.string().regex(/^\d{4}-\d{2}$/),
  from: LocalDate,
  to: LocalDate,
  status: RosterStatusSchema,
  /** Published version: 0 until first published, then one more per published change. */
  version: z.number().int().min(0),
  assignments: z.array(AssignmentSchema),
  audit: z.array(RosterAuditSchema),
  generatedAt: Instant,
  generatedBy: z.string(),
});
export type DutyRoster = z.infer<typeof DutyRosterSchema>;

export const SubstitutionRecordSchema = z.object({
  id: Id,
  rosterId: Id,
  substituteId: Id,
  replacedId: Id,
  post: Id.optional(),
  start: Instant,
  end: Instant,
  status: z.enum(['requested', 'approved', 'rejected']),
  approvedAt: Instant.optional(),
  requestedBy: z.string(),
  reason: Text.default(''),
});
export type SubstitutionRecord = z.infer<typeof SubstitutionRecordSchema>;

export const SwapStatusSchema = z.enum([
  'requested',
  'accepted',
  'awaitingHigherApproval',
  'approved',
  'rejected',
  'pastDue',
]);

export const SwapRecordSchema = z.object({
  id: Id,
  rosterId: Id,
  requesterId: Id,
  requesterAssignmentId: Id,
  counterpartId: Id,
  counterpartAssignmentId: Id,
  status: SwapStatusSchema,
  needsHigherApproval: z.boolean(),
  expiresAt: Instant,
  history: z.array(
    z.object({
      status: SwapStatusSchema,
      at: Instant,
      by: z.string(),
      note: z.string().optional(),
    }),
  ),
});
export type SwapRecord = z.infer<typeof SwapRecordSchema>;

export const CheckInSchema = z.object({
  id: Id,
  personId: Id,
  rosterId: Id,
  assignmentId: Id,
  post: Id,
  at: Instant,
  shiftStart: Instant,
  minutesLate: z.number().int().min(0),
});
export type CheckInRecord = z.infer<typeof CheckInSchema>;

export const LOG_KINDS = [
  'call',
  'document',
  'visit',
  'system-alert',
  'leader-instruction',
  'task',
] as const;
export const LogKindSchema = z.enum(LOG_KINDS);
export type LogKind = z.infer<typeof LogKindSchema>;

export const EventLevelSchema = z.enum([
  'especiallyMajor',
  'major',
  'large',
  'general',
]);

export const FollowUpSchema = z.object({
  /** 1 for 续报一, 2 for 续报二, ... */
  number: z.number().int().min(1),
  label: z.string(),
  at: Instant,
  by: z.string(),
  content: Text,
});

export const LogReportingSchema = z.object({
  policyId: Id,
  level: EventLevelSchema,
  eventClass: z.string(),
  recipient: z.string(),
  isTarget: z.boolean(),
  clockStart: Instant,
  phoneDue: Instant,
  writtenDue: Instant,
  phoneAt: Instant.optional(),
  writtenAt: Instant.optional(),
  phoneMinutesLate: z.number().int().min(0).optional(),
  writtenMinutesLate: z.number().int().min(0).optional(),
  /** Set once a report was late or missing at its due instant. */
  escalated: z.boolean(),
  nextFollowUpDue: Instant.optional(),
});
export type LogReporting = z.infer<typeof LogReportingSchema>;

export const DutyLogEntrySchema = z.object({
  id: Id,
  /** Human number such as 20261204-003, unique per day. */
  number: z.string(),
  kind: LogKindSchema,
  receivedAt: Instant,
  occurredAt: Instant.optional(),
  callerUnit: z.string().max(200),
  callerName: z.string().max(100),
  callerPhone: z.string().max(40),
  content: Text.min(1),
  instruction: Text.optional(),
  instructedAt: Instant.optional(),
  recorderId: z.string(),
  /** First receiver, who owns the item until it is transferred. */
  ownerId: z.string(),
  status: z.enum(['open', 'closed']),
  followUps: z.array(FollowUpSchema),
  transfers: z.array(
    z.object({
      from: z.string(),
      to: z.string(),
      at: Instant,
      /** Person who made the transfer; missing on transfers recorded before it was kept. */
      by: z.string().optional(),
      note: Text,
    }),
  ),
  linkedIncidentId: z.string().optional(),
  reporting: LogReportingSchema.optional(),
  closedAt: Instant.optional(),
});
export type DutyLogEntryRecord = z.infer<typeof DutyLogEntrySchema>;

export const HandoverItemSchema = z.object({
  logEntryId: z.string().optional(),
  text: Text,
});

export const SignatureSchema = z.object({ personId: Id, at: Instant });

export const EquipmentCheckSchema = z.object({
  item: z.string().max(200),
  ok: z.boolean().nullable(),
  note: z.string().max(500).default(''),
});

export const HandoverRecordSchema = z.object({
  id: Id,
  shiftEnd: Instant,
  outgoingId: Id,
  incomingId: Id,
  items: z.array(HandoverItemSchema),
  instructions: z.array(HandoverItemSchema),
  openIncidents: z.array(z.object({ incidentId: z.string(), text: Text })),
  watchItems: z.array(z.string().max(1000)),
  equipment: z.array(EquipmentCheckSchema),
  outgoingSignature: SignatureSchema.optional(),
  incomingSignature: SignatureSchema.optional(),
  amendments: z.array(
    z.object({
      by: z.string(),
      at: Instant,
      reason: Text,
      items: z.array(HandoverItemSchema),
    }),
  ),
  status: z.enum(['draft', 'awaitingIncoming', 'complete']),
  /** Person responsible for the duty now: the outgoing officer until the incoming one signs. */
  responsibleId: Id,
  preparedAt: Instant,
  preparedBy: z.string(),
});
export type HandoverRecordData = z.infer<typeof HandoverRecordSchema>;

export const ReportingPolicySchema = z.object({
  id: Id,
  level: EventLevelSchema,
  eventClass: z.string().min(1).max(100),
  recipient: z.string().min(1).max(200),
  clockStartsAt: z.enum(['eventTime', 'learnedTime']),
  phoneMinutes: z.number().int().min(1).max(10_000),
  writtenMinutes: z.number().int().min(1).max(10_000),
  followUp: z
    .discriminatedUnion('kind', [
      z.object({
        kind: z.literal('dailyAt'),
        times: z.array(LocalTime).min(1),
      }),
      z.object({ kind: z.literal('every'), minutes: z.number().int().min(1) }),
    ])
    .optional(),
  sourceText: z.string().max(1000),
  isTarget: z.boolean(),
});
export type ReportingPolicyRecord = z.infer<typeof ReportingPolicySchema>;

export const DutyAlarmSchema = z.object({
  id: Id,
  kind: z.enum([
    'report-overdue',
    'report-late',
    'handover-unsigned',
    'daily-report-overdue',
  ]),
  subjectCollection: z.string(),
  subjectId: Id,
  /** Leader on duty when the alarm was raised, or `unassigned` when the post was empty. */
  recipientId: z.string(),
  raisedAt: Instant,
  dueSince: Instant,
  message: Text,
  acknowledgedAt: Instant.optional(),
  acknowledgedBy: z.string().optional(),
});
export type DutyAlarm = z.infer<typeof DutyAlarmSchema>;

export const DutySettingsSchema = z.object({
  id: Id,
  swapLeadTimeHours: z.number().min(0),
  holidayLeadTimeHours: z.number().min(0),
  whenSwapTooLate: z.enum(['reject', 'escalate']),
  minRestHours: z.number().min(0),
  handoverAlertAfterMinutes: z.number().int().min(0),
  /** A check-in up to this many minutes before the shift counts for it. */
  checkInEarlyMinutes: z.number().int().min(0),
  /** Lowest rank allowed to approve rosters, swaps and substitutions. */
  approverMinRank: z.number().int().min(0),
  /** Lowest rank allowed to approve a swap routed to higher approval. */
  higherApproverMinRank: z.number().int().min(0),
  equipmentChecklist: z.array(z.string().max(200)),
  /** Recipient used when a log entry names none. */
  defaultRecipient: z.string(),
  /** Local time the holiday daily (or nil) report is due on each day of a holiday period. */
  holidayDailyReportTime: LocalTime.default('16:00'),
});
export type DutySettings = z.infer<typeof DutySettingsSchema>;

/** Daily report (日报, or 零报告 when nothing happened) for one day of a holiday period. */
export const DailyReportSchema = z.object({
  id: Id,
  date: LocalDate,
  dueAt: Instant,
  reportedAt: Instant,
  by: z.string(),
  /** Whether this is a nil report, with nothing to report that day. */
  nil: z.boolean(),
  content: Text,
  minutesLate: z.number().int().min(0),
});
export type DailyReport = z.infer<typeof DailyReportSchema>;

/** Id of the leader post. Alarms go to the person on this post at the time. */
export const LEADER_POST = 'leader';

/** Kinds of day an admin types in from a holiday notice. Other days follow the weekday. */
export const HOLIDAY_DAY_TYPES = [
  'statutoryHoliday',
  'restInLieu',
  'weekend',
  'makeUpWorkday',
] as const;

export const HolidayDaySchema = z.object({
  date: LocalDate,
  type: z.enum(HOLIDAY_DAY_TYPES),
  /** Holiday period name such as 春节. The first name given in a period names the period. */
  name: z.string().min(1).max(50).optional(),
});
export type HolidayDay = z.infer<typeof HolidayDaySchema>;

/**
 * A year's holiday arrangement entered by an admin from the State Council notice, for a year the
 * built-in table lacks. Id `holiday-<year>`.
 */
export const HolidayYearRecordSchema = z.object({
  id: Id,
  year: z.number().int().min(1991).max(2200),
  noticeNumber: z.string().min(1).max(100),
  issuedOn: LocalDate,
  days: z.array(HolidayDaySchema).min(1).max(366),
  enteredAt: Instant,
  enteredBy: z.string(),
});
export type HolidayYearRecord = z.infer<typeof HolidayYearRecordSchema>;
