// Builders for alerts, incidents and resources, and a seeded random generator so that the
// property checks replay the same changes on every run.
import type {
  Alert,
  AlertLevel,
  EmergencyClass,
} from '../../../src-shared/contract/domain.js';
import type {
  Incident,
  IncidentChannel,
  IncidentState,
  Resource,
} from '../../../src-shared/dispatch/index.js';
import {
  createIncident,
  DEFAULT_DEADLINE_CONFIG,
} from '../../../src-shared/dispatch/index.js';

export const T0 = Date.UTC(2026, 5, 1, 2, 0, 0);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** Mulberry32: a small seeded generator, good enough to shuffle test data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

const VILLAGE = '330110001001';

export function makeAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'alert-1',
    platform: 'emergency',
    source: { adapter: 'test', externalId: 'x-1' },
    title: '仓库起火',
    description: '',
    eventType: { code: '0301', label: '火灾' },
    emergencyClass: 'accident',
    level: 2,
    place: {
      divisionCode: VILLAGE,
      townCode: '330110001',
      townName: '城关镇',
      villageName: '东村',
      address: null,
      lat: 30.25,
      lon: 120.1,
    },
    occurredAt: T0 - 10 * MINUTE,
    publishedAt: T0 - 9 * MINUTE,
    status: 'new',
    original: {},
    ...overrides,
  };
}

export interface IncidentSpec {
  id: string;
  level?: AlertLevel | null;
  emergencyClass?: EmergencyClass | null;
  channel?: IncidentChannel;
  occurredAt?: number;
  reportedAt?: number;
  state?: IncidentState;
  version?: number;
}

/** Opens an incident through the shared rules, then moves it to `state` by editing its fields. */
export function makeIncident(spec: IncidentSpec): Incident {
  const reportedAt = spec.reportedAt ?? T0;
  const incident = createIncident(
    {
      id: spec.id,
      title: `事件 ${spec.id}`,
      channel: spec.channel ?? 'platform',
      eventType: { code: '0301', label: '火灾' },
      emergencyClass:
        spec.emergencyClass === undefined ? 'accident' : spec.emergencyClass,
      level: spec.level === undefined ? 2 : spec.level,
      place: makeAlert().place,
      occurredAt: spec.occurredAt ?? reportedAt - 5 * MINUTE,
      originAlertIds: [`alert-of-${spec.id}`],
    },
    DEFAULT_DEADLINE_CONFIG,
    { id: 'officer-1', role: 'duty_officer' },
    reportedAt,
  );
  const state = spec.state ?? 'reported';
  const enteredAt = { ...incident.enteredAt };
  if (state !== 'reported') {
    enteredAt[state] = reportedAt + MINUTE;
  }
  return { ...incident, state, enteredAt, version: spec.version ?? 0 };
}

const LEVELS: readonly (AlertLevel | null)[] = [1, 2, 3, 4, null];
const CLASSES: readonly (EmergencyClass | null)[] = [
  'accident',
  'public_health',
  'natural_disaster',
  'social_security',
  null,
];
const STATES: readonly IncidentState[] = [
  'reported',
  'reported',
  'reported',
  'accepted',
  'dispatched',
  'in_progress',
  'feedback',
  'verified',
  'closed',
  'cancelled',
  'merged',
];

/**
 * Builds a random incident. Times come from a coarse grid so that many incidents tie on due instant or
 * report time and the id tie-break is exercised.
 */
export function randomIncident(random: () => number, id: string): Incident {
  const reportedAt = T0 - Math.floor(random() * 12) * 15 * MINUTE;
  return makeIncident({
    id,
    level: pick(random, LEVELS),
    emergencyClass: pick(random, CLASSES),
    channel: random() < 0.1 ? 'petition' : 'platform',
    reportedAt,
    occurredAt: reportedAt - Math.floor(random() * 4) * 15 * MINUTE,
    state: pick(random, STATES),
  });
}

export function makeResource(overrides: Partial<Resource> = {}): Resource {
  return {
    id: 'res-1',
    name: '张伟',
    kind: 'grid_worker',
    status: 'available',
    place: { divisionCode: VILLAGE, lat: 30.251, lon: 120.101 },
    skills: ['03'],
    contact: { phone: null, radio: null },
    load: 0,
    ...overrides,
  };
}
