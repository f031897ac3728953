// Duplicate offers: which new alerts may belong to an incident, and which open incidents an
// incident may be merged into, both by the shared duplicate rules.
import type { Alert } from '../../../../src-shared/contract/domain.js';
import type {
  Incident,
  MergeCandidate,
} from '../../../../src-shared/dispatch/index.js';
import { findMergeCandidates } from '../../../../src-shared/dispatch/index.js';

/** New alerts that no incident contains yet, newest first, at most `limit`. */
export function unattachedAlerts(
  alerts: readonly Alert[],
  attached: { has(alertId: string): boolean },
  limit: number,
): Alert[] {
  return alerts
    .filter((alert) => alert.status === 'new' && !attached.has(alert.id))
    .sort((a, b) => b.publishedAt - a.publishedAt)
    .slice(0, limit);
}

/** New alerts near this incident, with the shared rule's reasons. */
export function nearbyAlerts(
  incident: Incident,
  candidates: readonly Alert[],
): { alert: Alert; offer: MergeCandidate }[] {
  const offers: { alert: Alert; offer: MergeCandidate }[] = [];
  for (const alert of candidates) {
    const [offer] = findMergeCandidates(alert, [incident]);
    if (offer !== undefined) {
      offers.push({ alert, offer });
    }
  }
  return offers;
}

/**
 * Describes an incident as the alert it started from, so that the alert-based duplicate rule can
 * compare two incidents. The rule reads only place, time and class.
 */
export function incidentAsAlert(incident: Incident): Alert {
  return {
    id: incident.id,
    platform: 'dispatch',
    source: { adapter: 'dispatch', externalId: incident.id },
    title: incident.title,
    description: '',
    eventType: incident.eventType,
    emergencyClass: incident.emergencyClass,
    level: incident.level,
    place: incident.place,
    occurredAt: incident.occurredAt,
    publishedAt: incident.reportedAt,
    status: 'acknowledged',
    original: {},
  };
}

/** Open incidents this one probably duplicates, best first, leaving itself out. */
export function mergeTargets(
  incident: Incident,
  openIncidents: readonly Incident[],
): MergeCandidate[] {
  const others = openIncidents.filter((other) => other.id !== incident.id);
  return findMergeCandidates(incidentAsAlert(incident), others);
}
