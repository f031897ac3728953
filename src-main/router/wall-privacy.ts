import type {
  ChangeBatch,
  StateChange,
  StoredRecord,
  WindowKind,
} from '../../src-shared/contract/index.js';

/**
 * Collections a wall never receives, because they list people by name with their scores. A wall's
 * points panels read the aggregates main derives from them instead.
 */
export const WALL_DENIED_COLLECTIONS: ReadonlySet<string> = new Set([
  'points.subject',
  'points.entry',
]);

/** Field names whose string values are phone numbers, masked on walls. */
const PHONE_KEY = /phone|mobile|tel$|radio/i;
/** Collections whose person-name fields are masked on walls. */
const PERSON_COLLECTIONS: ReadonlySet<string> = new Set(['duty.person']);
/** Field names whose values name a person. */
const PERSON_NAME_KEY = /^(name|fullName|personName)$/;

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
 * Masks phone numbers, including every string under a phone-named field, and person names when
 * `maskNames` is set.
 */
function redactValue(
  value: unknown,
  maskNames: boolean,
  key: string,
  underPhone: boolean,
): unknown {
  const phone = underPhone || PHONE_KEY.test(key);
  if (typeof value === 'string') {
    if (phone) {
      return maskPhone(value);
    }
    if (maskNames && PERSON_NAME_KEY.test(key)) {
      return maskPersonName(value);
    }
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item) => redactValue(item, maskNames, key, phone));
  }
  if (typeof value === 'object' && value !== null) {
    const result: Record<string, unknown> = {};
    for (const [childKey, child] of Object.entries(value)) {
      result[childKey] = redactValue(child, maskNames, childKey, phone);
    }
    return result;
  }
  return value;
}

/** Returns the record as a wall may show it, or null when walls must not receive it at all. */
export function recordForWall(record: StoredRecord): StoredRecord | null {
  if (WALL_DENIED_COLLECTIONS.has(record.collection)) {
    return null;
  }
  const maskNames = PERSON_COLLECTIONS.has(record.collection);
  return {
    ...record,
    data: redactValue(record.data, maskNames, '', false) as Record<
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
  // The revision stays, so a wall whose changes were all left out still finds no gap.
  return changed ? { revision: batch.revision, changes } : batch;
}
