// The wall's severe-alert banner against the reference central. A level-1 alert that a source
// adapter publishes takes over the banner. It stays there while hundreds of newer lower alerts
// arrive and after the wall reloads, and leaves once a duty officer acknowledges it on a console.
import { expect, test, type Page } from '@playwright/test';
import type { Alert } from '../../src-shared/contract/index.js';
import { DEV_TOKEN, startStack } from './helpers/stack.js';

/** More than the newest alerts a wall's snapshot carries (200) and its store keeps (500). */
const LOWER_ALERTS = 600;

test.setTimeout(120_000);

function ingestedAlert(id: string, level: 1 | 3, title: string): Alert {
  const now = Date.now();
  return {
    id,
    platform: 'e2e-adapter',
    source: { adapter: 'e2e', externalId: id },
    title,
    description: '',
    eventType: { code: null, label: '道路交通事故' },
    emergencyClass: 'accident',
    level,
    place: {
      divisionCode: '421123100000',
      townCode: '421123100',
      townName: '凤山镇',
      villageName: null,
      address: null,
      lat: null,
      lon: null,
    },
    occurredAt: now,
    publishedAt: now,
    status: 'new',
    original: {},
  };
}

/** Publishes `alerts` through the central's ingestion API, as a source adapter does. */
async function ingest(centralPort: string, alerts: Alert[]): Promise<void> {
  const response = await fetch(
    `http://127.0.0.1:${centralPort}/ingest/alerts`,
    {
      method: 'POST',
      headers: {
        authorization: `Bearer ${DEV_TOKEN}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ items: alerts }),
    },
  );
  expect(response.status, await response.clone().text()).toBe(200);
  expect(await response.json()).toMatchObject({ accepted: alerts.length });
}

async function expectBanner(wall: Page, alertId: string): Promise<void> {
  const banner = wall.getByTestId('severe-banner');
  await expect(banner).toHaveAttribute('data-alert-id', alertId, {
    timeout: 20_000,
  });
  await expect(banner).toHaveAttribute('data-level', '1');
}

test('severe banner until acknowledged', async ({
  page,
  context,
}, testInfo) => {
  const stack = await startStack({
    label: 'severe',
    central: ['--scenario', 'none', '--domains', 'none'],
    // Consoles of the browser host are read-only without it.
    host: ['--allow-commands'],
  });
  const { centralPort, consoleUrl, wallUrl } = stack;
  try {
    const wall = page;
    await wall.goto(wallUrl);
    await expect(wall.getByTestId('wall-root')).toBeVisible();
    // The title names the county of the bundled division list.
    await expect(wall.getByTestId('wall-title')).toHaveText(
      '罗田县综治中心 · 警情态势',
    );
    await expect(wall.getByTestId('severe-banner')).toHaveCount(0);

    const severe = ingestedAlert('e2e-severe-1', 1, '国道106线多车相撞');
    await ingest(centralPort, [severe]);
    await expectBanner(wall, severe.id);

    await test.step('newer lower alerts leave the banner alone', async () => {
      const lower = Array.from({ length: LOWER_ALERTS }, (_, index) =>
        ingestedAlert(`e2e-lower-${index}`, 3, `一般警情 ${index}`),
      );
      await ingest(centralPort, lower);
      await expect(wall.getByTestId('alert-total')).toHaveAttribute(
        'data-count',
        String(LOWER_ALERTS + 1),
        {
          timeout: 20_000,
        },
      );
      await expectBanner(wall, severe.id);

      // A new page starts from main's snapshot, whose newest alerts no longer include it.
      await wall.reload();
      await expect(wall.getByTestId('alert-total')).toHaveAttribute(
        'data-count',
        String(LOWER_ALERTS + 1),
        {
          timeout: 20_000,
        },
      );
      await expectBanner(wall, severe.id);
      await testInfo.attach('wall-with-banner', {
        body: await wall.screenshot(),
        contentType: 'image/png',
      });
    });

    await test.step('acknowledging on a console clears the banner', async () => {
      const console = await context.newPage();
      await console.goto(`${consoleUrl}?name=main`);
      await expect(console.getByTestId('session-state')).toHaveAttribute(
        'data-phase',
        'online',
        { timeout: 20_000 },
      );
      // The list contains the newest alerts of the snapshot, and the status bar adds the cache's total.
      await expect(console.getByTestId('list-count')).toHaveText(
        `最新 200 条 · 共 ${LOWER_ALERTS + 1} 条`,
        { timeout: 20_000 },
      );
      await console
        .getByRole('searchbox', { name: '搜索警情' })
        .fill('多车相撞');
      await expect(console.getByTestId('list-count')).toHaveText('共 1 条', {
        timeout: 20_000,
      });
      const row = console.locator(
        `[data-testid="alert-row"][data-alert-id="${severe.id}"]`,
      );
      await row.click({ timeout: 20_000 });
      await console.getByTestId('acknowledge').click();
      await expect(row).toHaveAttribute('data-status', 'acknowledged', {
        timeout: 20_000,
      });

      await expect(wall.getByTestId('severe-banner')).toHaveCount(0, {
        timeout: 20_000,
      });
      await wall.reload();
      await expect(wall.getByTestId('alert-total')).toHaveAttribute(
        'data-count',
        String(LOWER_ALERTS + 1),
        {
          timeout: 20_000,
        },
      );
      await expect(wall.getByTestId('severe-banner')).toHaveCount(0);
      await testInfo.attach('wall-after-acknowledge', {
        body: await wall.screenshot(),
        contentType: 'image/png',
      });
    });
  } finally {
    await stack.stop();
  }
});
