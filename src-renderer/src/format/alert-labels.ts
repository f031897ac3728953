import type {
  AlertLevel,
  AlertStatus,
  EmergencyClass,
} from '../../../src-shared/contract/index.js';
import type { MessageKey } from '../i18n/index.js';

/** Level order on screen: most severe first. */
export const LEVELS: readonly AlertLevel[] = [1, 2, 3, 4];

export const CLASSES: readonly EmergencyClass[] = [
  'natural_disaster',
  'accident',
  'public_health',
  'social_security',
];

/**
 * Level colors of the Chinese early-warning scheme: red, orange, yellow, blue, and grey for an
 * alert that has no level. The wall and the console share them.
 */
export const LEVEL_COLORS: Readonly<Record<string, string>> = {
  '1': '#e02424',
  '2': '#f27a1a',
  '3': '#f2c94c',
  '4': '#2f80ed',
  none: '#8a8f98',
};

export function levelKey(level: AlertLevel | null): MessageKey {
  return level === null ? 'level.none' : `level.${level}`;
}

/** CSS modifier for a level badge: `level-1` .. `level-4`, or `level-none`. */
export function levelClass(level: AlertLevel | null): string {
  return level === null ? 'level-none' : `level-${level}`;
}

export function classKey(emergencyClass: EmergencyClass | null): MessageKey {
  return emergencyClass === null ? 'class.none' : `class.${emergencyClass}`;
}

export function statusKey(status: AlertStatus): MessageKey {
  return `status.${status}`;
}

/** True when an aggregate key names one of the four levels; other keys count as unrated. */
export function isLevelKey(key: string): key is '1' | '2' | '3' | '4' {
  return key === '1' || key === '2' || key === '3' || key === '4';
}

export function isClassKey(key: string): key is EmergencyClass {
  return (CLASSES as readonly string[]).includes(key);
}
