import { describe, expect, it } from 'vitest';
import type {
  ChangeBatch,
  StoredRecord,
} from '../../../src-shared/contract/index.js';
import {
  batchForWindow,
  maskPersonName,
  maskPhone,
  recordForWall,
} from '../../../src-main/router/wall-privacy.js';

function record(
  collection: string,
  data: Record<string, unknown>,
): StoredRecord {
  return { collection, id: 'r1', version: 3, updatedAt: 10, data };
}

describe('wall privacy', () => {
  it('masks phone numbers, keeping the first 3 and last 4 digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('0713-5012345')).toBe('071****2345');
    expect(maskPhone('110')).toBe('***');
  });

  it('masks names, keeping the first and last character', () => {
    expect(maskPersonName('张三明')).toBe('张*明');
    expect(maskPersonName('欧阳小明')).toBe('欧**明');
    expect(maskPersonName('李四')).toBe('李*');
    expect(maskPersonName('王')).toBe('王');
  });

  it('masks phones at any depth and names of duty people only', () => {
    const person = recordForWall(
      record('duty.person', {
        name: '王建国',
        unit: '县综治中心',
        phones: { mobile: '13900001111', office: '0713-5012345' },
      }),
    );
    expect(person?.data).toEqual({
      name: '王*国',
      unit: '县综治中心',
      phones: { mobile: '139****1111', office: '071****2345' },
    });
    const resource = recordForWall(
      record('resource', {
        name: '城关镇网格员',
        contact: { phone: '13300000001', radio: null },
      }),
    );
    expect(resource?.data).toEqual({
      name: '城关镇网格员',
      contact: { phone: '133****0001', radio: null },
    });
  });

  it('never gives a wall the people and entries of the points ledger', () => {
    expect(
      recordForWall(record('points.subject', { name: '张三' })),
    ).toBeNull();
    expect(recordForWall(record('points.entry', { points: -5 }))).toBeNull();
    const batch: ChangeBatch = {
      revision: 7,
      changes: [
        {
          type: 'record',
          stream: 'points',
          record: record('points.subject', { name: '张三', score: 40 }),
          removed: false,
        },
        {
          type: 'record',
          stream: 'duty',
          record: record('duty.person', {
            name: '李四',
            mobile: '13812345678',
          }),
          removed: false,
        },
      ],
    };
    const forWall = batchForWindow(batch, 'wall');
    expect(forWall.revision).toBe(7);
    expect(forWall.changes).toHaveLength(1);
    expect(forWall.changes[0]).toMatchObject({
      record: { data: { name: '李*', mobile: '138****5678' } },
    });
    expect(batchForWindow(batch, 'console')).toBe(batch);
  });

  it('keeps the revisions of a merged batch', () => {
    const merged: ChangeBatch = {
      revision: 9,
      fromRevision: 6,
      changes: [
        {
          type: 'record',
          stream: 'points',
          record: record('points.entry', { points: -5 }),
          removed: false,
        },
      ],
    };

    const forWall = batchForWindow(merged, 'wall');

    expect(forWall.fromRevision).toBe(6);
    expect(forWall.revision).toBe(9);
    expect(forWall.changes).toEqual([]);
  });

  it('withholds collections no wall panel shows', () => {
    const withheld = [
      'duty.log-entry',
      'duty.handover',
      'duty.swap',
      'dispatch.audit',
      'collection.added-later',
    ];
    for (const collection of withheld) {
      expect(
        recordForWall(record(collection, { callerName: '赵六' })),
        collection,
      ).toBeNull();
    }
  });

  it('passes wall collections through', () => {
    const layout = recordForWall(record('hall.layout', { name: '会商布局' }));
    expect(layout?.data).toEqual({ name: '会商布局' });
    const item = recordForWall(record('opinion.item', { title: '河道' }));
    expect(item?.data).toEqual({ title: '河道' });
  });
});
