// Deadline table: which milestones an incident must meet and by when, keyed by intake channel,
// emergency class, GB/T 31000 event type code prefix and level. The table is config, parsed with
// zod where it enters. The seeded rows are in statutory-deadlines.ts.
import { z } from 'zod';

import { AlertLevel, EmergencyClass } from '../contract/domain.js';
import { describeIssue, DispatchInputError } from './errors.js';
import { DAY_MS, HOUR_MS, IncidentState, MINUTE_MS } from './states.js';

/** Intake channel: a platform alert, or a petition (信访) letter or visit. */
export const IncidentChannel = z.enum(['platform', 'petition']);
export type IncidentChannel = z.infer<typeof IncidentChannel>;

/** The instant a milestone's clock starts from. `accepted` starts when the hall accepts it. */
export const ClockStart = z.enum(['occurred', 'reported', 'accepted']);
export type ClockStart = z.infer<typeof ClockStart>;

/** A span of time. Days are exact 24-hour spans, because China keeps UTC+08:00 all year. */
export const Span = z.object({
  amount: z.number().int().positive(),
  unit: z.enum(['minutes', 'hours', 'days']),
});
export type Span = z.infer<typeof Span>;

const UNIT_MS = { minutes: MINUTE_MS, hours: HOUR_MS, days: DAY_MS } as const;

export function spanMs(span: Span): number {
  return span.amount * UNIT_MS[span.unit];
}

export const MilestoneRule = z.object({
  /** Stable key, used by extension commands. */
  key: z.string().min(1).max(64),
  /** Chinese label shown to operators. */
  label: z.string().min(1).max(100),
  startsAt: ClockStart,
  within: Span,
  /** The milestone is met when the incident first reaches this state or a later one. */
  metWhen: IncidentState,
  extension: z
    .object({ step: Span, maxCount: z.number().int().min(1).max(10) })
    .optional(),
  /** Source of the limit, so staff can check it. */
  source: z.string().max(500),
});
export type MilestoneRule = z.infer<typeof MilestoneRule>;

/** Fields a rule may match on. Every field that is set must match; unset fields match anything. */
export const RuleMatch = z.object({
  channel: IncidentChannel.optional(),
  emergencyClass: EmergencyClass.optional(),
  typeCodePrefix: z
    .string()
    .regex(/^\d{2,4}$/, 'type code prefixes are 2 to 4 digits')
    .optional(),
  levels: z.array(AlertLevel).min(1).optional(),
});
export type RuleMatch = z.infer<typeof RuleMatch>;

export const DeadlineRule = z.object({
  id: z.string().min(1).max(64),
  match: RuleMatch,
  milestones: z.array(MilestoneRule).min(1),
});
export type DeadlineRule = z.infer<typeof DeadlineRule>;

export const EscalationRole = z.enum([
  'leader_on_duty',
  'center_director',
  'department_liaison',
]);
export type EscalationRole = z.infer<typeof EscalationRole>;

export const DeadlineConfig = z.object({
  rules: z.array(DeadlineRule),
  /**
   * A running milestone is `near` once its remaining time is at most the larger of
   * `fraction` × its whole span and `minMinutes`.
   */
  near: z.object({
    fraction: z.number().min(0).max(1),
    minMinutes: z.number().min(0),
  }),
  escalation: z.object({
    near: z.array(EscalationRole),
    overdue: z.array(EscalationRole),
  }),
});
export type DeadlineConfig = z.infer<typeof DeadlineConfig>;

/** Parses a deadline table that arrived as `unknown`, and rejects duplicate rule ids. */
export function parseDeadlineConfig(input: unknown): DeadlineConfig {
  const result = DeadlineConfig.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.map(describeIssue);
    throw new DispatchInputError(
      `Invalid deadline config: ${issues.join('; ')}. Fix the config file and reload it.`,
      issues,
    );
  }

  const ids = result.data.rules.map((rule) => rule.id);
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate !== undefined) {
    throw new DispatchInputError(
      `Deadline rule id "${duplicate}" appears twice; give each rule its own id.`,
    );
  }
  return result.data;
}

/** Incident fields that a rule is matched against. */
export interface RuleSubject {
  channel: IncidentChannel;
  emergencyClass: EmergencyClass | null;
  eventTypeCode: string | null;
  level: AlertLevel | null;
}

function matches(match: RuleMatch, subject: RuleSubject): boolean {
  if (match.channel !== undefined && match.channel !== subject.channel) {
    return false;
  }
  if (
    match.emergencyClass !== undefined &&
    match.emergencyClass !== subject.emergencyClass
  ) {
    return false;
  }
  if (
    match.typeCodePrefix !== undefined &&
    !(subject.eventTypeCode ?? '').startsWith(match.typeCodePrefix)
  ) {
    return false;
  }
  if (
    match.levels !== undefined &&
    (subject.level === null || !match.levels.includes(subject.level))
  ) {
    return false;
  }
  return true;
}

/** More fields set, and a longer type code prefix, make a rule more specific. */
function specificity(match: RuleMatch): number {
  return (
    (match.channel === undefined ? 0 : 10) +
    (match.emergencyClass === undefined ? 0 : 10) +
    (match.levels === undefined ? 0 : 10) +
    (match.typeCodePrefix?.length ?? 0) * 3
  );
}

/**
 * Finds the one rule for an incident: the most specific match, and on equal specificity the
 * earlier row. Returns undefined when no row matches, and then no milestone is tracked.
 */
export function findDeadlineRule(
  config: DeadlineConfig,
  subject: RuleSubject,
): DeadlineRule | undefined {
  let best: DeadlineRule | undefined;
  for (const rule of config.rules) {
    if (!matches(rule.match, subject)) {
      continue;
    }
    if (
      best === undefined ||
      specificity(rule.match) > specificity(best.match)
    ) {
      best = rule;
    }
  }
  return best;
}

/** A milestone as stored on an incident, with its rule frozen at the time the incident opened. */
export interface TrackedMilestone {
  key: string;
  label: string;
  ruleId: string;
  startsAt: ClockStart;
  durationMs: number;
  metWhen: IncidentState;
  /** Length of one extension; 0 when the rule allows none. */
  extensionStepMs: number;
  maxExtensions: number;
  extensionsGranted: number;
  pendingExtension: PendingExtension | null;
  source: string;
}

export interface PendingExtension {
  requestedBy: string;
  requestedAt: number;
  reason: string;
  commandId: string;
}

/**
 * Copies the milestones of the matching rule onto a new incident. Freezing them means that a
 * later change to the table does not move the deadlines of incidents already open.
 */
export function resolveMilestones(
  config: DeadlineConfig,
  subject: RuleSubject,
): TrackedMilestone[] {
  const rule = findDeadlineRule(config, subject);
  if (rule === undefined) {
    return [];
  }
  return rule.milestones.map((milestone) => ({
    key: milestone.key,
    label: milestone.label,
    ruleId: rule.id,
    startsAt: milestone.startsAt,
    durationMs: spanMs(milestone.within),
    metWhen: milestone.metWhen,
    extensionStepMs: milestone.extension ? spanMs(milestone.extension.step) : 0,
    maxExtensions: milestone.extension?.maxCount ?? 0,
    extensionsGranted: 0,
    pendingExtension: null,
    source: milestone.source,
  }));
}
