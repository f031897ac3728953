import { afterEach, describe, expect, it } from 'vitest';
import type { StoredRecord } from '../../../src-shared/contract/index.js';
import { buildDomains } from '../../../src-central/domains/index.js';
import { DEV_TOKEN, startCentral } from '../../../src-central/server.js';
import { createConsoleCore } from '../../../src-main/core/core.js';
import { createInvokeRouter } from '../../../src-main/router/index.js';
import { seededRandom } from '../../../src-main/services/session/index.js';
import { createTempDirs } from '../services/helpers/temp.js';
import { waitFor } from '../services/helpers/wait.js';

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

function records(result: unknown): StoredRecord[] {
  const value = result as { ok: boolean; value?: StoredRecord[] };
  expect(value.ok).toBe(true);
  return value.value ?? [];
}

describe('points view for walls', () => {
  it('gives walls the aggregate view and never the residents', async () => {
    const central = await startCentral({
      port: 0,
      dataDir: temp.make(),
      scenario: 'county',
      speed: 600,
      ...buildDomains({ names: ['points'], seed: 4, residents: 300 }),
    });
    cleanups.push(() => central.stop());
    const core = createConsoleCore({
      centralUrl: central.url,
      dataDir: temp.make(),
      token: DEV_TOKEN,
      clientVersion: '0.0.0',
      random: seededRandom(2),
    });
    cleanups.push(() => core.stop());
    await core.start();

    const expectedSubjects = () => central.listRecords('points.subject').length;
    await waitFor(
      'the residents to be seeded',
      () => expectedSubjects() >= 300,
    );
    await waitFor(
      'the console to cache every subject',
      async () =>
        (await core.state.queryRecords({ collection: 'points.subject' }))
          .length === expectedSubjects(),
      20_000,
    );
    await waitFor(
      'a view counting every subject',
      async () => {
        const [view] = await core.state.queryRecords({
          collection: 'points.wall-view',
        });
        const residents = central
          .listRecords('points.subject')
          .filter((record) => record.data['kind'] === 'resident').length;
        return residents > 0 && view?.data['subjects'] === residents;
      },
      20_000,
    );

    const router = createInvokeRouter(core, appInfo);
    const wall = {
      windowKind: 'wall' as const,
      windowName: 'wall-1',
      readOnly: true,
    };
    const console = {
      windowKind: 'console' as const,
      windowName: 'main',
      readOnly: false,
    };
    const wallSubjects = records(
      await router.handle(
        'records:query',
        { collection: 'points.subject' },
        wall,
      ),
    );
    expect(wallSubjects).toEqual([]);
    const consoleSubjects = records(
      await router.handle(
        'records:query',
        { collection: 'points.subject' },
        console,
      ),
    );
    expect(consoleSubjects.length).toBe(expectedSubjects());
    const [view] = records(
      await router.handle(
        'records:query',
        { collection: 'points.wall-view' },
        wall,
      ),
    );
    expect(JSON.stringify(view?.data)).not.toContain(
      String(consoleSubjects[0]?.data['name']),
    );
  });
});
