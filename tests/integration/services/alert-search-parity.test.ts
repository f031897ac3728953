import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../../src-shared/contract/index.js';
import { Cache } from '../../../src-main/services/cache/index.js';
import {
  NO_FILTER,
  matchesFilter,
  toQuery,
  type AlertFilter,
} from '../../../src-renderer/src/console/filter.js';
import { makeAlert } from './helpers/alerts.js';

// The console's search runs in the cache, and live alerts that arrive later are kept or dropped
// by the renderer's own match. Both must agree, or a row would appear or vanish on the next query.

const ALERT_COUNT = 120;

function searchAlert(index: number): Alert {
  const alert = makeAlert(index);
  if (index % 5 === 0) {
    return {
      ...alert,
      title: `Flooded Road ${index}`,
      description: 'Water over the bridge, 50% of lanes closed',
    };
  }
  if (index % 11 === 0) {
    return {
      ...alert,
      place: { ...alert.place, villageName: '河口村_东组' },
    };
  }
  return alert;
}

const alerts = Array.from({ length: ALERT_COUNT }, (_, index) =>
  searchAlert(index + 1),
);

let dir: string;
let cache: Cache;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'alert-search-parity-'));
  cache = await Cache.open({ path: join(dir, 'cache.db') });
  await cache.applyEvents(
    'alerts',
    'e1',
    alerts.map((alert, index) => ({
      seq: index + 1,
      at: 1_000 + index,
      body: { kind: 'alert.created', alert },
    })),
  );
});

afterAll(async () => {
  await cache.close();
  rmSync(dir, { recursive: true, force: true });
});

async function cacheIds(filter: AlertFilter): Promise<string[]> {
  const found = await cache.queryAlerts(toQuery(filter));
  return found.map((alert) => alert.id).sort();
}

function rendererIds(filter: AlertFilter): string[] {
  return alerts
    .filter((alert) => matchesFilter(alert, filter))
    .map((alert) => alert.id)
    .sort();
}

const QUERIES = [
  '矛盾',
  '镇',
  '人民路',
  'flooded',
  'FLOODED road',
  '  bridge  ',
  '50%',
  '_东',
  'alert-00001',
  '河口',
  'no such text',
];

describe('search text parity', () => {
  it.each(QUERIES)('cache and renderer agree on %j', async (text) => {
    const filter: AlertFilter = { ...NO_FILTER, text };
    const expected = rendererIds(filter);
    expect(await cacheIds(filter)).toEqual(expected);
  });

  it('finds rows for most queries', () => {
    const found = QUERIES.filter(
      (text) => rendererIds({ ...NO_FILTER, text }).length > 0,
    );
    expect(found.length).toBe(QUERIES.length - 1);
  });

  it('combines text with level', async () => {
    const filter: AlertFilter = { ...NO_FILTER, level: 1, text: 'flooded' };
    const expected = rendererIds(filter);
    expect(expected.length).toBeGreaterThan(0);
    expect(await cacheIds(filter)).toEqual(expected);
  });

  it('sends no text for a blank box', () => {
    expect(toQuery({ ...NO_FILTER, text: '   ' })).toEqual({ limit: 500 });
    expect(toQuery({ ...NO_FILTER, text: ' 河口 ' })).toEqual({
      limit: 500,
      text: '河口',
    });
  });
});
