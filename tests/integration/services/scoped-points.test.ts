import { afterEach, describe, expect, it } from 'vitest';
import { buildDomains } from '../../../src-central/domains/index.js';
import { DEV_TOKEN, startCentral } from '../../../src-central/server.js';
import { createConsoleCore } from '../../../src-main/core/core.js';
import { createInvokeRouter } from '../../../src-main/router/index.js';
import { seededRandom } from '../../../src-main/services/session/index.js';
import { PointsWallViewSchema } from '../../../src-shared/points/index.js';
import { createTempDirs } from './helpers/temp.js';
import { waitFor } from './helpers/wait.js';

const temp = createTempDirs();
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup();
  }
  temp.removeAll();
});

const appInfo = {
  name: 'test',
  version: '0.0.0',
  host: 'browser' as const,
  locale: 'zh-CN',
};
const wall = {
  windowKind: 'wall' as const,
  windowName: 'wall-1',
  readOnly: true,
};

describe('points view of a map scope', () => {
  it('counts only the residents of the area', async () => {
    const central = await startCentral({
      port: 0,
      dataDir: temp.make(),
      scenario: 'county',
      speed: 600,
      ...buildDomains({ names: ['points'], seed: 7, residents: 300 }),
    });
    cleanups.push(() => central.stop());
    const core = createConsoleCore({
      centralUrl: central.url,
      dataDir: temp.make(),
      token: DEV_TOKEN,
      clientVersion: '0.0.0',
      random: seededRandom(3),
    });
    cleanups.push(() => core.stop());
    await core.start();

    const residents = () =>
      central
        .listRecords('points.subject')
        .filter((record) => record.data['kind'] === 'resident');
    await waitFor(
      'the residents to be seeded',
      () => residents().length >= 300,
    );
    await waitFor(
      'the console to cache every subject',
      async () =>
        (await core.state.queryRecords({ collection: 'points.subject' }))
          .length === central.listRecords('points.subject').length,
      20_000,
    );

    // The town with most residents, and one of its villages, counted from the central's records.
    const byTown = new Map<string, number>();
    const byVillage = new Map<string, number>();
    for (const record of residents()) {
      const town = String(record.data['townCode']);
      const village = String(record.data['villageCode']);
      byTown.set(town, (byTown.get(town) ?? 0) + 1);
      byVillage.set(village, (byVillage.get(village) ?? 0) + 1);
    }
    const [townCode, townResidents] = [...byTown].sort(
      (a, b) => b[1] - a[1],
    )[0]!;
    const [villageCode, villageResidents] = [...byVillage]
      .filter(([code]) => code.startsWith(townCode))
      .sort((a, b) => b[1] - a[1])[0]!;

    const router = createInvokeRouter(core, appInfo);
    const townResult = await router.handle(
      'points:wall-view',
      { scope: { kind: 'town', code: townCode } },
      wall,
    );
    expect(townResult.ok).toBe(true);
    const townView = PointsWallViewSchema.parse(
      townResult.ok ? townResult.value : null,
    );
    expect(townView.scope).toEqual({ kind: 'town', code: townCode });
    expect(townView.subjects).toBe(townResidents);
    expect(townView.towns.map((town) => town.code)).toEqual([townCode]);
    for (const village of townView.villages) {
      expect(village.townCode).toBe(townCode);
    }

    const villageResult = await router.handle(
      'points:wall-view',
      { scope: { kind: 'village', code: villageCode } },
      wall,
    );
    const villageView = PointsWallViewSchema.parse(
      villageResult.ok ? villageResult.value : null,
    );
    expect(villageView.subjects).toBe(villageResidents);
    expect(villageView.villages.map((village) => village.code)).toEqual([
      villageCode,
    ]);

    const invalid = await router.handle(
      'points:wall-view',
      { scope: { kind: 'town', code: '42112' } },
      wall,
    );
    expect(invalid.ok).toBe(false);
  });
});
