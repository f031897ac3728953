// Duty-log (值班日志) entries as the exported register lists them: what came in, from whom,
// what the leader instructed, who owns it and every follow-up report (续报).
import type { Instant } from '../../src-shared/roster/index.js';

/** Channel through which an entry reached the duty office. */
export type DutyLogKind =
  | 'call'
  | 'document'
  | 'visit'
  | 'systemAlert'
  | 'leaderInstruction'
  | 'task';

export const DUTY_LOG_KIND_LABELS: Record<DutyLogKind, string> = {
  call: '来电',
  document: '来文',
  visit: '来访',
  systemAlert: '系统警情',
  leaderInstruction: '领导批示',
  task: '任务',
};

export type DutyLogStatus = 'open' | 'inProgress' | 'closed';

export const DUTY_LOG_STATUS_LABELS: Record<DutyLogStatus, string> = {
  open: '待办',
  inProgress: '办理中',
  closed: '已办结',
};

/** A leader's instruction (批示) on an entry. */
export interface LeaderInstruction {
  leaderName: string;
  text: string;
  at: Instant;
}

/** One follow-up report (续报) on an entry. */
export interface DutyLogFollowUp {
  at: Instant;
  text: string;
}

/** One register line of the duty log. */
export interface DutyLogRecord {
  id: string;
  receivedAt: Instant;
  kind: DutyLogKind;
  callerUnit?: string;
  callerName?: string;
  callerPhone?: string;
  content: string;
  instruction?: LeaderInstruction;
  recorderName: string;
  ownerName?: string;
  status: DutyLogStatus;
  followUps: readonly DutyLogFollowUp[];
}
