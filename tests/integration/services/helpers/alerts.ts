import type {
  Alert,
  AlertEventBody,
  AlertLevel,
  EmergencyClass,
} from '../../../../src-shared/contract/index.js';

const TOWNS = ['城关镇', '河口乡', '新华街道', '柳林镇', null] as const;
const CLASSES: (EmergencyClass | null)[] = [
  'natural_disaster',
  'accident',
  'public_health',
  'social_security',
  null,
];
const LEVELS: (AlertLevel | null)[] = [1, 2, 3, 4, null];
const TYPES = ['道路交通事故', '森林火灾', '矛盾纠纷', '噪声扰民'];

/** Base instant of generated alerts: 2026-03-01T00:00:00Z. */
export const BASE_TIME = Date.UTC(2026, 2, 1);

/** Builds a valid alert whose fields vary with `index`, so groups and filters have several values. */
export function makeAlert(
  index: number,
  overrides: Partial<Alert> = {},
): Alert {
  const town = TOWNS[index % TOWNS.length] ?? null;
  return {
    id: `alert-${String(index).padStart(6, '0')}`,
    platform: 'emergency',
    source: { adapter: 'test', externalId: `ext-${index}` },
    title: `告警 ${index} ${TYPES[index % TYPES.length]}`,
    description: index % 7 === 0 ? '有人受伤 100% 确认' : '现场核实中',
    eventType: { code: null, label: TYPES[index % TYPES.length] ?? '其他' },
    emergencyClass: CLASSES[index % CLASSES.length] ?? null,
    level: LEVELS[(index * 3) % LEVELS.length] ?? null,
    place: {
      divisionCode: null,
      townCode: null,
      townName: town,
      villageName: null,
      address: index % 3 === 0 ? `${town ?? '县城'}人民路${index}号` : null,
      lat: null,
      lon: null,
    },
    occurredAt: BASE_TIME + index * 17 * 60_000,
    publishedAt: BASE_TIME + index * 17 * 60_000 + 30_000,
    status: 'new',
    original: { index },
    ...overrides,
  };
}

export function createdBody(
  index: number,
  overrides: Partial<Alert> = {},
): AlertEventBody {
  return { kind: 'alert.created', alert: makeAlert(index, overrides) };
}

export function statusBody(
  alertId: string,
  status: 'new' | 'acknowledged' | 'closed',
): AlertEventBody {
  return { kind: 'alert.status', alertId, status, by: 'test' };
}
