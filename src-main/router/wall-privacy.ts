import type {
  ChangeBatch,
  StateChange,
  StoredRecord,
  WindowKind,
} from '../../src-shared/contract/index.js';
import { DISPATCH_COLLECTIONS } from '../../src-shared/dispatch/records.js';
import { OPINION_COLLECTION } from '../../src-shared/opinion/item.js';
import { DUTY_COLLECTIONS } from '../../src-shared/roster/records.js';
import { HALL_COLLECTIONS } from '../../src-shared/walls/hall.js';
import { POINTS_WALL_VIEW } from '../services/state/points-view.js';

/**
 * Collections a wall receives: those its panels show. Every other collection stays on consoles,
 * so a collection added later reaches no wall until it is listed here. The points ledger is left
 * out because it lists residents by name with their scores. The points panels read the view that
 * main derives from it instead. Duty log entries, handovers and swaps contain callers' and
 * officers' details that no wall panel shows.
 */
export const WALL_COLLECTIONS: ReadonlySet<string> = new Set([
  ...Object.values(HALL_COLLECTIONS),
  OPINION_COLLECTION,
  POINTS_WALL_VIEW,
  DISPATCH_COLLECTIONS.incident,
  DISPATCH_COLLECTIONS.resource,
  DUTY_COLLECTIONS.person,
  DUTY_COLLECTIONS.post,
  DUTY_COLLECTIONS.shiftTemplate,
  DUTY_COLLECTIONS.roster,
  DUTY_COLLECTIONS.substitution,
  DUTY_COLLECTIONS.settings,
  DUTY_COLLECTIONS.holidayYear,
]);

/** Field names whose string values are phone numbers, masked on walls. */
const PHONE_KEY = /phone|mobile|tel$|radio/i;
/** Field names that name a person, per collection, masked on walls. */
const PERSON_NAME_KEYS: ReadonlyMap<string, RegExp> = new Map([
  [DUTY_COLLECTIONS.person, /^(name|fullName|personName)$/],
]);

/**
 * Keeps the first 3 and last 4 digits of a phone number: 13812345678 → 138****5678. A number of
 * fewer than 8 digits is starred completely.
 */
export function maskPhone(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 8) {
    return '*'.repeat(digits.length);
  }
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/** Keeps the first and last character of a name: 张三明 → 张*明, 张三 → 张*. */
export function maskPersonName(value: string): string {
  const chars = [...value.trim()];
  if (chars.length <= 1) {
    return chars.join('');
  }
  if (chars.length === 2) {
    return `${chars[0]}*`;
  }
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
}

/**
 * Masks phone numbers, including every string under a phone-named field, and person names under
 * the fields that `nameKey` matches.
 */
function redactValue(
  value: unknown,
  nameKey: RegExp | undefined,
  key: string,
  underPhone: boolean,
): unknown {
  const phone = underPhone || PHONE_KEY.test(key);
  if (typeof value === 'string') {
    if (phone) {
      return maskPhone(value);
    }
    if (nameKey?.test(key) === true) {
      return maskPersonName(value);
    }
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item) => redactValue(item, nameKey, key, phone));
  }
  if (typeof value === 'object' && value !== null) {
    const result: Record<string, unknown> = {};
    for (const [childKey, child] of Object.entries(value)) {
      result[childKey] = redactValue(child, nameKey, childKey, phone);
    }
    return result;
  }
  return value;
}

/** Returns the record as a wall may show it, or null when walls must not receive it at all. */
export function recordForWall(record: StoredRecord): StoredRecord | null {
  if (!WALL_COLLECTIONS.has(record.collection)) {
    return null;
  }
  const nameKey = PERSON_NAME_KEYS.get(record.collection);
  return {
    ...record,
    data: redactValue(record.data, nameKey, '', false) as Record<
      string,
      unknown
    >,
  };
}

/**
 * Returns the batch a window of `kind` receives. Walls get record changes redacted or left out.
 */
export function batchForWindow(
  batch: ChangeBatch,
  kind: WindowKind,
): ChangeBatch {
  if (kind !== 'wall') {
    return batch;
  }
  let changed = false;
  const changes: StateChange[] = [];
  for (const change of batch.changes) {
    if (change.type !== 'record') {
      changes.push(change);
      continue;
    }
    changed = true;
    const record = recordForWall(change.record);
    if (record !== null) {
      changes.push({ ...change, record });
    }
  }
  // The revisions stay, so a wall whose changes were all left out still finds no gap.
  return changed ? { ...batch, changes } : batch;
}
