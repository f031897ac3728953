// Escalation of incidents near or past a milestone's due instant, checked on the server clock.
import type {
  DeadlineConfig,
  EscalationRecord,
  Incident,
} from '../../../src-shared/dispatch/index.js';
import {
  DISPATCH_COLLECTIONS,
  isOpenState,
  milestoneStatuses,
} from '../../../src-shared/dispatch/index.js';
import type { DomainContext } from '../types.js';
import { toRecordData } from './store.js';

export interface EscalationFinding {
  incidentId: string;
  incidentTitle: string;
  milestone: string;
  milestoneLabel: string;
  dueAt: number;
  state: 'near' | 'overdue';
}

export function escalationId(
  finding: Pick<EscalationFinding, 'incidentId' | 'milestone' | 'state'>,
): string {
  return `${finding.incidentId}:${finding.milestone}:${finding.state}`;
}

/** Lists the running milestones of open incidents that are near or past their due instant. */
export function findEscalations(
  incidents: readonly Incident[],
  config: Pick<DeadlineConfig, 'near'>,
  now: number,
): EscalationFinding[] {
  const findings: EscalationFinding[] = [];
  for (const incident of incidents) {
    if (!isOpenState(incident.state) || incident.milestones.length === 0) {
      continue;
    }
    for (const status of milestoneStatuses(incident, config, now)) {
      if (
        (status.state === 'near' || status.state === 'overdue') &&
        status.dueAt !== null
      ) {
        findings.push({
          incidentId: incident.id,
          incidentTitle: incident.title,
          milestone: status.key,
          milestoneLabel: status.label,
          dueAt: status.dueAt,
          state: status.state,
        });
      }
    }
  }
  return findings;
}

/**
 * Writes a `dispatch.escalation` record for each finding not raised yet. A finding whose record
 * exists with the same due instant changes nothing; a moved due instant raises the record again.
 * `raised` remembers the due instant of each record seen, so a timer that passes the same map on
 * every tick reads each record from the store once. Returns the ids written.
 */
export function raiseEscalations(
  context: DomainContext,
  findings: readonly EscalationFinding[],
  policy: DeadlineConfig['escalation'],
  now: number,
  raised: Map<string, number> = new Map(),
): string[] {
  const written: string[] = [];
  for (const finding of findings) {
    const id = escalationId(finding);
    if (!raised.has(id)) {
      const stored = context.get(DISPATCH_COLLECTIONS.escalation, id)?.data
        .dueAt;
      if (typeof stored === 'number') {
        raised.set(id, stored);
      }
    }
    if (raised.get(id) === finding.dueAt) {
      continue;
    }

    const record: EscalationRecord = {
      ...finding,
      roles: [...policy[finding.state]],
      raisedAt: now,
      acknowledgedAt: null,
      acknowledgedBy: null,
    };
    context.put(DISPATCH_COLLECTIONS.escalation, id, toRecordData(record));
    raised.set(id, finding.dueAt);
    written.push(id);
  }
  return written;
}
