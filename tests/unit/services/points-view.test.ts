import { afterEach, describe, expect, it } from 'vitest';
import {
  RECORD_STREAMS,
  type RecordChange,
  type StoredRecord,
} from '../../../src-shared/contract/index.js';
import { POINTS_COLLECTIONS } from '../../../src-shared/points/index.js';
import { PointsViewService } from '../../../src-main/services/state/points-view.js';
import { NOW, RULES, subject } from '../points/fixtures.js';

function subjectChange(id: string, version: number): RecordChange {
  return {
    type: 'record',
    stream: RECORD_STREAMS.points,
    record: {
      collection: POINTS_COLLECTIONS.subject,
      id,
      version,
      updatedAt: NOW,
      data: subject(id) as unknown as Record<string, unknown>,
    },
    removed: false,
  };
}

function ruleRecord(index: number): StoredRecord {
  const rule = RULES[index]!;
  return {
    collection: POINTS_COLLECTIONS.rule,
    id: rule.id,
    version: 1,
    updatedAt: NOW,
    data: rule as unknown as Record<string, unknown>,
  };
}

const services: PointsViewService[] = [];

afterEach(() => {
  for (const service of services.splice(0)) {
    service.stop();
  }
});

/** Creates a service whose cache read resolves only when the test calls `finishRead`. */
function serviceWithSlowRead(loaded: StoredRecord[]): {
  service: PointsViewService;
  published: RecordChange[];
  load: Promise<void>;
  finishRead: () => void;
} {
  const published: RecordChange[] = [];
  const service = new PointsViewService(
    () => NOW,
    (change) => published.push(change),
  );
  services.push(service);
  let finishRead = (): void => undefined;
  const gate = new Promise<void>((resolve) => {
    finishRead = resolve;
  });
  const load = service.load(async (collection) => {
    await gate;
    return loaded.filter((record) => record.collection === collection);
  });
  return { service, published, load, finishRead };
}

describe('points view service', () => {
  it('publishes changes that arrived during an empty read', async () => {
    const { service, published, load, finishRead } = serviceWithSlowRead([]);
    service.apply([subjectChange('r1', 1)]);
    finishRead();
    await load;

    expect(published).toHaveLength(1);
    expect(service.record()?.data['subjects']).toBe(1);
  });

  it('publishes a read with records once', async () => {
    const { service, published, load, finishRead } = serviceWithSlowRead([
      ruleRecord(0),
    ]);
    finishRead();
    await load;
    service.refresh();

    expect(published).toHaveLength(1);
    expect(service.record()?.data['subjects']).toBe(0);
  });

  it('publishes nothing for an empty cache', async () => {
    const { service, published, load, finishRead } = serviceWithSlowRead([]);
    finishRead();
    await load;

    expect(published).toEqual([]);
    expect(service.record()).toBeNull();
  });
});
