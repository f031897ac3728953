// Duplicate detection: a new alert is a merge candidate for an open incident when it is near in
// place, similar in class and close in time. All three must hold.
import type { Alert } from '../contract/domain.js';
import { adminProximity, haversineKm } from './geo.js';
import type { Incident } from './incident.js';
import { HOUR_MS, isOpenState } from './states.js';

export interface DuplicateOptions {
  /** Places at most this far apart count as near. Default 1 km; the boundary counts as near. */
  maxDistanceKm?: number;
  /** Occurrence times at most this far apart count as close. Default 2 h; the boundary counts. */
  windowMs?: number;
}

export type MergeReasonKey =
  | 'same_village'
  | 'within_distance'
  | 'same_emergency_class'
  | 'same_top_level_type'
  | 'within_window';

export interface MergeReason {
  key: MergeReasonKey;
  /** Chinese wording for the screen. */
  label: string;
}

export interface MergeCandidate {
  incident: Incident;
  reasons: MergeReason[];
  distanceKm: number | null;
  timeGapMs: number;
}

function placeReasons(
  alert: Alert,
  incident: Incident,
  maxKm: number,
): { reasons: MergeReason[]; distanceKm: number | null } {
  const reasons: MergeReason[] = [];
  const sameVillage =
    adminProximity(alert.place.divisionCode, incident.place.divisionCode) ===
    'same_village';
  if (sameVillage) {
    reasons.push({ key: 'same_village', label: '同一村（社区）' });
  }
  const distanceKm = haversineKm(alert.place, incident.place);
  if (distanceKm !== null && distanceKm <= maxKm) {
    reasons.push({
      key: 'within_distance',
      label: `相距约 ${distanceKm.toFixed(2)} 公里，不超过 ${maxKm} 公里`,
    });
  }
  return { reasons, distanceKm };
}

function classReasons(alert: Alert, incident: Incident): MergeReason[] {
  const reasons: MergeReason[] = [];
  if (
    alert.emergencyClass !== null &&
    alert.emergencyClass === incident.emergencyClass
  ) {
    reasons.push({ key: 'same_emergency_class', label: '应急类别相同' });
  }
  const alertTop = alert.eventType.code?.slice(0, 2);
  const incidentTop = incident.eventType.code?.slice(0, 2);
  if (
    alertTop !== undefined &&
    alertTop.length === 2 &&
    alertTop === incidentTop
  ) {
    reasons.push({
      key: 'same_top_level_type',
      label: `事件大类相同（${alertTop}）`,
    });
  }
  return reasons;
}

function compareCandidates(a: MergeCandidate, b: MergeCandidate): number {
  const aVillage = a.reasons.some((r) => r.key === 'same_village') ? 0 : 1;
  const bVillage = b.reasons.some((r) => r.key === 'same_village') ? 0 : 1;
  if (aVillage !== bVillage) {
    return aVillage - bVillage;
  }
  const aKm = a.distanceKm ?? Number.POSITIVE_INFINITY;
  const bKm = b.distanceKm ?? Number.POSITIVE_INFINITY;
  if (aKm !== bKm) {
    return aKm - bKm;
  }
  if (a.timeGapMs !== b.timeGapMs) {
    return a.timeGapMs - b.timeGapMs;
  }
  if (a.incident.id === b.incident.id) {
    return 0;
  }
  return a.incident.id < b.incident.id ? -1 : 1;
}

/**
 * Lists open incidents that a new alert probably duplicates, best first: same village before
 * distance, then nearer, then closer in time. Incidents that are closed, cancelled or merged
 * are skipped even when passed in.
 */
export function findMergeCandidates(
  newAlert: Alert,
  openIncidents: readonly Incident[],
  options: DuplicateOptions = {},
): MergeCandidate[] {
  const maxKm = options.maxDistanceKm ?? 1;
  const windowMs = options.windowMs ?? 2 * HOUR_MS;
  const candidates: MergeCandidate[] = [];

  for (const incident of openIncidents) {
    if (!isOpenState(incident.state)) {
      continue;
    }
    const timeGapMs = Math.abs(newAlert.occurredAt - incident.occurredAt);
    if (timeGapMs > windowMs) {
      continue;
    }
    const place = placeReasons(newAlert, incident, maxKm);
    const kind = classReasons(newAlert, incident);
    if (place.reasons.length === 0 || kind.length === 0) {
      continue;
    }

    const minutes = Math.round(timeGapMs / 60_000);
    candidates.push({
      incident,
      reasons: [
        ...place.reasons,
        ...kind,
        { key: 'within_window', label: `发生时间相差 ${minutes} 分钟` },
      ],
      distanceKm: place.distanceKm,
      timeGapMs,
    });
  }
  return candidates.sort(compareCandidates);
}
