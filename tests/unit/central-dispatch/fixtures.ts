// Shared builders for the dispatch domain tests. Places are real units of 罗田县 (421123).
import { join } from 'node:path';

import type { Alert } from '../../../src-shared/contract/index.js';
import type { DivisionTree } from '../../../src-central/data/divisions.js';
import { loadDivisions } from '../../../src-central/data/divisions.js';
import {
  DATA_FILES,
  DEFAULT_DATA_DIR,
} from '../../../src-central/data/paths.js';
import type { CommandActor } from '../../../src-central/domains/types.js';

let divisions: DivisionTree | null = null;

/** The real division list of 罗田县, loaded once per test file. */
export function luotian(): DivisionTree {
  divisions ??= loadDivisions(join(DEFAULT_DATA_DIR, DATA_FILES.divisions));
  return divisions;
}

export const T0 = Date.parse('2026-07-15T02:20:00Z');
export const MINUTE = 60_000;

export const officer: CommandActor = {
  installId: 'install-a',
  operatorId: 'officer-li',
};
export const leader: CommandActor = {
  installId: 'install-b',
  operatorId: 'leader-wang',
};

/** 万密斋社区, 凤山镇: the county seat. */
export const FENGSHAN_VILLAGE = '421123100001';

export function alertFixture(
  id: string,
  overrides: Partial<Alert> = {},
): Alert {
  return {
    id,
    platform: 'county-scenario',
    source: { adapter: 'county-scenario', externalId: id },
    title: '凤山镇万密斋社区 邻里纠纷',
    description: '网格员上报：邻里因排水发生纠纷。',
    eventType: { code: '0201', label: '用水排水通行通风采光' },
    emergencyClass: 'social_security',
    level: 4,
    place: {
      divisionCode: FENGSHAN_VILLAGE,
      townCode: '421123100',
      townName: '凤山镇',
      villageName: '万密斋社区',
      address: null,
      lat: null,
      lon: null,
    },
    occurredAt: T0 - 10 * MINUTE,
    publishedAt: T0 - 5 * MINUTE,
    status: 'new',
    original: {},
    ...overrides,
  };
}

/** A work-safety accident: its rule tracks a 1-hour milestone from the occurrence. */
export function accidentAlert(id: string, occurredAt = T0): Alert {
  return alertFixture(id, {
    title: '凤山镇某厂房坍塌',
    eventType: { code: '1304', label: '安全生产管理' },
    emergencyClass: 'accident',
    level: 3,
    occurredAt,
  });
}
