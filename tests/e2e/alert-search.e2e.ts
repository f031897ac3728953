import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import sqlite from 'node-sqlite3-wasm';
import type { Alert } from '../../src-shared/contract/index.js';
import { ProjectProcess, freePort } from './helpers/processes.js';

const DEV_TOKEN = 'dev-console-token';
/** Rows the console lists at most; a search with more matches shows the newest ones. */
const LIST_LIMIT = 500;
/**
 * Time the county scenario publishes for. At 600× and 6 alerts per scenario minute that is about
 * 150 alerts, well under LIST_LIMIT, so the unfiltered list shows every one of them.
 */
const PUBLISH_MS = 2_500;

/** Reads every alert.created body from the central's log file, without the central's code. */
function readCentralAlerts(dataDir: string): Alert[] {
  const db = new sqlite.Database(join(dataDir, 'central.sqlite'), {
    readOnly: true,
  });
  try {
    const rows = db.all(
      "SELECT body FROM events WHERE stream = 'alerts' ORDER BY seq",
    );
    const alerts: Alert[] = [];
    for (const row of rows) {
      const body = JSON.parse(String(row['body'])) as {
        kind: string;
        alert?: Alert;
      };
      if (body.kind === 'alert.created' && body.alert !== undefined) {
        alerts.push(body.alert);
      }
    }
    return alerts;
  } finally {
    db.close();
  }
}

/** Returns true when one of the fields the console searches contains `query`, in any case. */
function contains(alert: Alert, query: string): boolean {
  const fields = [
    alert.id,
    alert.title,
    alert.description,
    alert.eventType.label,
    alert.place.townName,
    alert.place.villageName,
    alert.place.address,
  ];
  const needle = query.trim().toLowerCase();
  return fields.some(
    (field) =>
      typeof field === 'string' && field.toLowerCase().includes(needle),
  );
}

/** Orders alerts newest first, as the cache does: publication, then occurrence, then id. */
function newestFirst(a: Alert, b: Alert): number {
  if (a.publishedAt !== b.publishedAt) {
    return b.publishedAt - a.publishedAt;
  }
  if (a.occurredAt !== b.occurredAt) {
    return b.occurredAt - a.occurredAt;
  }
  if (a.id === b.id) {
    return 0;
  }
  return a.id < b.id ? 1 : -1;
}

/** Returns the ids the list should show: the newest LIST_LIMIT of `alerts`, newest first. */
function newestIds(alerts: readonly Alert[]): string[] {
  return [...alerts]
    .sort(newestFirst)
    .slice(0, LIST_LIMIT)
    .map((alert) => alert.id);
}

/** Picks a two-ideograph text from the titles that matches a few alerts, but not most. */
function pickChineseQuery(alerts: readonly Alert[]): string {
  const counts = new Map<string, number>();
  for (const alert of alerts) {
    const seen = new Set<string>();
    for (let index = 0; index + 1 < alert.title.length; index += 1) {
      const pair = alert.title.slice(index, index + 2);
      if (/^[\u4e00-\u9fff]{2}$/.test(pair)) {
        seen.add(pair);
      }
    }
    for (const pair of seen) {
      counts.set(pair, (counts.get(pair) ?? 0) + 1);
    }
  }
  const fitting = [...counts]
    .filter(([, count]) => count >= 3 && count <= alerts.length / 4)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const picked = fitting[0];
  if (picked === undefined) {
    throw new Error(`no two-ideograph text fits among ${alerts.length} alerts`);
  }
  return picked[0];
}

async function shownIds(page: Page): Promise<string[]> {
  return page
    .getByTestId('alert-row')
    .evaluateAll((rows) =>
      rows.map((row) => row.getAttribute('data-alert-id') ?? ''),
    );
}

/** Waits until the list shows exactly `expected`, in that order. */
async function expectRows(page: Page, expected: string[]): Promise<void> {
  await expect
    .poll(() => shownIds(page), { timeout: 10_000 })
    .toEqual(expected);
}

test('alert search matches the central data', async ({ page }) => {
  const centralData = mkdtempSync(join(tmpdir(), 'e2e-search-central-'));
  const consoleData = mkdtempSync(join(tmpdir(), 'e2e-search-console-'));
  const processes: ProjectProcess[] = [];

  try {
    // Fill the central's log with county alerts, then stop it so the data is fixed.
    const filler = new ProjectProcess('central', 'src-central/cli.ts', [
      '--port',
      String(await freePort()),
      '--data',
      centralData,
      '--scenario',
      'county',
      '--speed',
      '600',
      '--rate',
      '6',
      '--domains',
      'none',
    ]);
    processes.push(filler);
    await filler.waitForOutput(/central listening on/);
    await new Promise((resolve) => setTimeout(resolve, PUBLISH_MS));
    await filler.stop();

    const alerts = readCentralAlerts(centralData);
    expect(alerts.length).toBeGreaterThan(20);
    expect(alerts.length).toBeLessThan(LIST_LIMIT);
    const chinese = pickChineseQuery(alerts);

    // Serve the same log with no scenario, so nothing changes while the test searches.
    const centralPort = String(await freePort());
    const central = new ProjectProcess('central', 'src-central/cli.ts', [
      '--port',
      centralPort,
      '--data',
      centralData,
      '--scenario',
      'none',
      '--domains',
      'none',
    ]);
    processes.push(central);
    await central.waitForOutput(/central listening on/);
    const host = new ProjectProcess(
      'host',
      'src-main/host/cli.ts',
      [
        '--central',
        `ws://127.0.0.1:${centralPort}/console`,
        '--data',
        consoleData,
        '--port',
        '0',
      ],
      { CONSOLE_TOKEN: DEV_TOKEN },
    );
    processes.push(host);
    const consoleUrl =
      (await host.waitForOutput(/Console:\s+(http:\/\/\S+)/))[1] ?? '';

    await page.goto(`${consoleUrl}?name=main`);
    await expect(page.getByTestId('session-state')).toHaveAttribute(
      'data-phase',
      'online',
      { timeout: 20_000 },
    );
    await expect(page.locator('.status-bar .count')).toHaveText(
      `共 ${alerts.length} 条`,
      { timeout: 20_000 },
    );
    await expectRows(page, newestIds(alerts));

    const box = page.getByRole('searchbox', { name: '搜索警情' });
    const status = page.getByTestId('alert-search-status');

    // An input method is open: its pinyin keys are not searched, however long it stays open.
    await box.focus();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.imeSetComposition', {
      text: 'luo',
      selectionStart: 3,
      selectionEnd: 3,
    });
    await expect(box).toHaveValue('luo');
    await page.waitForTimeout(600);
    await expect(box).toHaveAttribute('data-pending', 'true');
    await expect(status).toHaveText('');
    expect(await shownIds(page)).toEqual(newestIds(alerts));

    // Committing the composition searches the ideographs.
    await cdp.send('Input.insertText', { text: chinese });
    await expect(box).toHaveValue(chinese);
    const chineseMatches = alerts.filter((alert) => contains(alert, chinese));
    await expectRows(page, newestIds(chineseMatches));
    await expect(status).toHaveText(`找到 ${chineseMatches.length} 条匹配`);

    // The search and the level filter narrow the list together.
    const level = chineseMatches[0]?.level ?? 4;
    await page.getByTestId('filter-level').selectOption(String(level));
    const withLevel = chineseMatches.filter((alert) => alert.level === level);
    await expectRows(page, newestIds(withLevel));
    await expect(status).toHaveText(`找到 ${withLevel.length} 条匹配`);
    await page.getByTestId('filter-clear').click();
    await expect(box).toHaveValue(chinese);
    await expectRows(page, newestIds(chineseMatches));

    // An English word typed key by key. Every county alert id contains "county".
    await page.getByTestId('alert-search-clear').click();
    await expect(box).toHaveValue('');
    await expect(box).toBeFocused();
    await box.pressSequentially('County');
    const englishMatches = alerts.filter((alert) => contains(alert, 'County'));
    expect(englishMatches.length).toBe(alerts.length);
    await expectRows(page, newestIds(englishMatches));
    await expect(status).toHaveText(`找到 ${englishMatches.length} 条匹配`);

    // No alert contains this word, and the list reports that once the query has finished.
    await box.fill('flood');
    await expect(page.getByTestId('list-empty')).toHaveText(
      '没有与“flood”匹配的警情',
    );
    await expect(page.getByTestId('list-empty')).toHaveAttribute(
      'data-state',
      'no-match',
    );
    expect(alerts.some((alert) => contains(alert, 'flood'))).toBe(false);

    // Escape clears the box and brings the whole list back.
    await box.press('Escape');
    await expect(box).toHaveValue('');
    await expectRows(page, newestIds(alerts));
    await expect(status).toHaveText('');
  } finally {
    for (const process of processes.reverse()) {
      await process.stop();
    }
    rmSync(centralData, { recursive: true, force: true });
    rmSync(consoleData, { recursive: true, force: true });
  }
});
