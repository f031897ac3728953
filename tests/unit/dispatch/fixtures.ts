// Shared builders for the dispatch rule tests. Places are real units of 罗田县 (421123).
import type { Alert } from '../../../src-shared/contract/domain.js';
import type {
  Actor,
  CommandKind,
  Incident,
  IncidentCommand,
  NewIncident,
} from '../../../src-shared/dispatch/index.js';
import {
  applyTransition,
  createIncident,
  DEFAULT_DEADLINE_CONFIG,
  parseCommand,
} from '../../../src-shared/dispatch/index.js';

export const officer: Actor = { id: 'officer-li', role: 'duty_officer' };
export const leader: Actor = { id: 'leader-wang', role: 'leader_on_duty' };

/** Parses an ISO instant; tests write every expected instant this way. */
export function t(iso: string): number {
  const value = Date.parse(iso);
  if (Number.isNaN(value)) {
    throw new Error(`Bad test instant ${iso}`);
  }
  return value;
}

/** 万密斋社区, 凤山镇: the county seat. */
export const FENGSHAN_VILLAGE = '421123100001';

export function newIncident(overrides: Partial<NewIncident> = {}): NewIncident {
  return {
    id: 'inc-1',
    title: '凤山镇某厂房坍塌',
    channel: 'platform',
    eventType: { code: '1304', label: '安全生产管理' },
    emergencyClass: 'accident',
    level: 3,
    place: {
      divisionCode: FENGSHAN_VILLAGE,
      townCode: '421123100',
      townName: '凤山镇',
      villageName: '万密斋社区',
      address: null,
      lat: 30.783,
      lon: 115.399,
    },
    occurredAt: t('2026-07-15T02:10:00Z'),
    originAlertIds: ['alert-1'],
    ...overrides,
  };
}

export function openIncident(
  overrides: Partial<NewIncident> = {},
  reportedAt = t('2026-07-15T02:20:00Z'),
): Incident {
  return createIncident(
    newIncident(overrides),
    DEFAULT_DEADLINE_CONFIG,
    officer,
    reportedAt,
  );
}

let sequence = 0;

/**
 * Builds a command for the incident's current version and passes it through the zod schema, so
 * every test command is one the boundary would accept.
 */
export function commandFor(
  incident: Incident,
  body: Record<string, unknown> & { kind: IncidentCommand['kind'] },
): IncidentCommand {
  sequence += 1;
  return parseCommand({
    commandId: `cmd-${sequence}`,
    incidentId: incident.id,
    expectedVersion: incident.version,
    ...body,
  });
}

export function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'alert-new',
    platform: 'grid',
    source: { adapter: 'grid-app', externalId: 'g-1' },
    title: '邻里用水纠纷',
    description: '',
    eventType: { code: '0201', label: '用水排水通行通风采光' },
    emergencyClass: null,
    level: 4,
    place: {
      divisionCode: FENGSHAN_VILLAGE,
      townCode: '421123100',
      townName: '凤山镇',
      villageName: '万密斋社区',
      address: null,
      lat: 30.783,
      lon: 115.399,
    },
    occurredAt: t('2026-07-15T02:10:00Z'),
    publishedAt: t('2026-07-15T02:11:00Z'),
    status: 'new',
    original: {},
    ...overrides,
  };
}

/** Applies one command built for the incident's current version, as the duty officer. */
export function step(
  incident: Incident,
  body: Record<string, unknown> & { kind: CommandKind },
  at: number,
): Incident {
  return applyTransition(incident, commandFor(incident, body), officer, at)
    .incident;
}
