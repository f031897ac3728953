import { describe, expect, it } from 'vitest';
import {
  CountTally,
  aggregateKeys,
} from '../../../src-main/services/cache/alert-rows.js';
import { makeAlert } from '../../integration/services/helpers/alerts.js';

describe('CountTally', () => {
  it('sums the changes of each key and keeps one row per key', () => {
    const tally = new CountTally();
    const first = makeAlert(1);
    const second = makeAlert(1, { id: 'alert-other' });

    tally.add(first, 1);
    tally.add(second, 1);

    const keys = aggregateKeys(first);
    expect(tally.totalRows()).toContainEqual(['level', keys.level, 2]);
    expect(tally.totalRows()).toContainEqual(['hour', keys.hour, 2]);
    expect(tally.hourlyRows()).toEqual([
      [
        Number(keys.hour),
        keys.level,
        keys.emergencyClass,
        keys.type,
        keys.town,
        2,
      ],
    ]);
  });

  it('keeps a key whose changes cancel out, with 0', () => {
    const tally = new CountTally();
    const before = makeAlert(2);
    const after = makeAlert(2, { level: before.level === 1 ? 2 : 1 });

    tally.add(before, 1);
    tally.add(before, -1);
    tally.add(after, 1);

    expect(tally.totalRows()).toContainEqual([
      'level',
      aggregateKeys(before).level,
      0,
    ]);
    expect(tally.totalRows()).toContainEqual([
      'level',
      aggregateKeys(after).level,
      1,
    ]);
  });

  it('keeps keys apart when their parts would join to the same text', () => {
    const tally = new CountTally();

    tally.add(makeAlert(3, { eventType: { code: null, label: 'a,b' } }), 1);
    tally.add(makeAlert(3, { eventType: { code: null, label: 'a' } }), 1);

    const types = tally
      .totalRows()
      .filter((row) => row[0] === 'type')
      .map((row) => row[1]);
    expect(types.sort()).toEqual(['a', 'a,b']);
  });

  it('starts empty again after clear', () => {
    const tally = new CountTally();
    tally.add(makeAlert(4), 1);

    tally.clear();

    expect(tally.size).toBe(0);
    expect(tally.totalRows()).toEqual([]);
  });
});
