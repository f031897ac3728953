// Resource recommendation: ranks candidates for an incident by a weighted sum of factor scores,
// each in [0, 1], and explains every factor so the screen can show why a candidate ranks where
// it does.
import type { EmergencyClass } from '../contract/domain.js';
import { DispatchInputError } from './errors.js';
import type { AdminProximity } from './geo.js';
import { adminProximity, haversineKm } from './geo.js';
import type { Incident } from './incident.js';
import type { Resource, ResourceKind, ResourceStatus } from './resources.js';
import { RESOURCE_STATUS_LABELS } from './resources.js';

export type FactorKey =
  | 'availability'
  | 'admin_distance'
  | 'distance'
  | 'skill'
  | 'load';

export type RecommendWeights = Record<FactorKey, number>;

export const DEFAULT_WEIGHTS: RecommendWeights = {
  availability: 0.3,
  admin_distance: 0.25,
  distance: 0.15,
  skill: 0.2,
  load: 0.1,
};

export const FACTOR_LABELS: Readonly<Record<FactorKey, string>> = {
  availability: '可用状态',
  admin_distance: '行政区划距离',
  distance: '空间距离',
  skill: '技能匹配',
  load: '当前负荷',
};

export interface RecommendOptions {
  weights?: Partial<RecommendWeights>;
  /** Only these kinds; every kind when omitted. */
  kinds?: readonly ResourceKind[];
  /** Off-duty resources are left out unless this is true. */
  includeOffDuty?: boolean;
  /** The distance score falls linearly from 1 at 0 km to 0 at this many km. Default 30. */
  maxDistanceKm?: number;
  /** Keep only the best N candidates. */
  limit?: number;
}

export interface FactorExplanation {
  key: FactorKey;
  /** Chinese name of the factor. */
  label: string;
  /** Machine-readable finding, such as `same_town` or `exact_code`. */
  finding: string;
  /** The finding in Chinese words for the screen. */
  detail: string;
  score: number;
  weight: number;
  contribution: number;
}

export interface Candidate {
  resource: Resource;
  rank: number;
  score: number;
  distanceKm: number | null;
  factors: FactorExplanation[];
}

const AVAILABILITY_SCORES: Readonly<Record<ResourceStatus, number>> = {
  available: 1,
  assigned: 0.4,
  en_route: 0.2,
  on_scene: 0.1,
  off_duty: 0,
};

const ADMIN_SCORES: Readonly<Record<AdminProximity, number>> = {
  same_village: 1,
  same_town: 0.6,
  same_county: 0.3,
  other: 0,
};

const ADMIN_LABELS: Readonly<Record<AdminProximity, string>> = {
  same_village: '同村（社区）',
  same_town: '同乡镇',
  same_county: '同县',
  other: '县外或区划不明',
};

interface Finding {
  finding: string;
  detail: string;
  score: number;
}

function availabilityFinding(resource: Resource): Finding {
  return {
    finding: resource.status,
    detail: RESOURCE_STATUS_LABELS[resource.status],
    score: AVAILABILITY_SCORES[resource.status],
  };
}

function adminFinding(incident: Incident, resource: Resource): Finding {
  const proximity = adminProximity(
    incident.place.divisionCode,
    resource.place.divisionCode,
  );
  return {
    finding: proximity,
    detail: ADMIN_LABELS[proximity],
    score: ADMIN_SCORES[proximity],
  };
}

/** Scores a resource without coordinates 0 instead of guessing that it is near. */
function distanceFinding(km: number | null, maxKm: number): Finding {
  if (km === null) {
    return { finding: 'unknown', detail: '坐标缺失，不计分', score: 0 };
  }
  return {
    finding: 'known',
    detail: `约 ${km.toFixed(1)} 公里`,
    score: Math.max(0, 1 - km / maxKm),
  };
}

/**
 * Scores skills against the incident's event type: the exact code 1, the same top-level class
 * (the first two digits) 0.6, the same emergency class 0.6, otherwise 0.
 */
export function skillFinding(
  code: string | null,
  emergencyClass: EmergencyClass | null,
  skills: readonly string[],
): Finding {
  if (code !== null && skills.includes(code)) {
    return {
      finding: 'exact_code',
      detail: `事件类型 ${code} 完全匹配`,
      score: 1,
    };
  }
  const topLevel = code?.slice(0, 2) ?? null;
  const sameClass = skills.find(
    (skill) =>
      topLevel !== null &&
      skill.slice(0, 2) === topLevel &&
      /^\d+$/.test(skill),
  );
  if (sameClass !== undefined) {
    return {
      finding: 'same_top_level',
      detail: `同属事件大类 ${topLevel}`,
      score: 0.6,
    };
  }
  if (emergencyClass !== null && skills.includes(emergencyClass)) {
    return { finding: 'emergency_class', detail: '应急类别匹配', score: 0.6 };
  }
  return { finding: 'none', detail: '无匹配技能', score: 0 };
}

function loadFinding(resource: Resource): Finding {
  return {
    finding: String(resource.load),
    detail: `正在处理 ${resource.load} 件`,
    score: 1 / (1 + resource.load),
  };
}

function explain(
  key: FactorKey,
  finding: Finding,
  weight: number,
): FactorExplanation {
  return {
    key,
    label: FACTOR_LABELS[key],
    ...finding,
    weight,
    contribution: weight * finding.score,
  };
}

/** Rounds away floating-point noise so equal scores tie and the tie-break decides. */
function roundScore(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

function scoreCandidate(
  incident: Incident,
  resource: Resource,
  weights: RecommendWeights,
  maxKm: number,
): Omit<Candidate, 'rank'> {
  const distanceKm = haversineKm(incident.place, resource.place);
  const factors = [
    explain(
      'availability',
      availabilityFinding(resource),
      weights.availability,
    ),
    explain(
      'admin_distance',
      adminFinding(incident, resource),
      weights.admin_distance,
    ),
    explain('distance', distanceFinding(distanceKm, maxKm), weights.distance),
    explain(
      'skill',
      skillFinding(
        incident.eventType.code,
        incident.emergencyClass,
        resource.skills,
      ),
      weights.skill,
    ),
    explain('load', loadFinding(resource), weights.load),
  ];
  const score = roundScore(factors.reduce((sum, f) => sum + f.contribution, 0));
  return { resource, score, distanceKm, factors };
}

/** Higher score first, then nearer, then less loaded, then id, so equal inputs give equal order. */
function compareCandidates(
  a: Omit<Candidate, 'rank'>,
  b: Omit<Candidate, 'rank'>,
): number {
  if (a.score !== b.score) {
    return b.score - a.score;
  }
  const aKm = a.distanceKm ?? Number.POSITIVE_INFINITY;
  const bKm = b.distanceKm ?? Number.POSITIVE_INFINITY;
  if (aKm !== bKm) {
    return aKm - bKm;
  }
  if (a.resource.load !== b.resource.load) {
    return a.resource.load - b.resource.load;
  }
  if (a.resource.id === b.resource.id) {
    return 0;
  }
  return a.resource.id < b.resource.id ? -1 : 1;
}

function checkOptions(weights: RecommendWeights, maxKm: number): void {
  for (const [key, weight] of Object.entries(weights)) {
    if (!Number.isFinite(weight) || weight < 0) {
      throw new DispatchInputError(
        `Invalid weight ${weight} for factor ${key}: weights must be finite and at least 0.`,
      );
    }
  }
  if (!(maxKm > 0)) {
    throw new DispatchInputError(
      `Invalid maxDistanceKm ${maxKm}: it must be a positive number of km.`,
    );
  }
}

/**
 * Ranks resources for an incident. Resources already assigned to it are left out, and so are
 * off-duty ones unless `includeOffDuty` is set.
 */
export function recommend(
  incident: Incident,
  resources: readonly Resource[],
  options: RecommendOptions = {},
): Candidate[] {
  const weights = { ...DEFAULT_WEIGHTS, ...options.weights };
  const maxKm = options.maxDistanceKm ?? 30;
  checkOptions(weights, maxKm);
  const assigned = new Set(incident.assignedResourceIds);

  const eligible = resources.filter(
    (resource) =>
      !assigned.has(resource.id) &&
      (options.includeOffDuty === true || resource.status !== 'off_duty') &&
      (options.kinds === undefined || options.kinds.includes(resource.kind)),
  );
  const ranked = eligible
    .map((resource) => scoreCandidate(incident, resource, weights, maxKm))
    .sort(compareCandidates);
  const shortlist =
    options.limit === undefined ? ranked : ranked.slice(0, options.limit);
  return shortlist.map((candidate, index) => ({
    ...candidate,
    rank: index + 1,
  }));
}
