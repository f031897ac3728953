// Renders the roster notice in Debian's Chromium and keeps the PDF and PNG under
// test-results/roster-export/ so a person can look at the layout.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  escapeHtml,
  renderRosterPrintHtml,
} from '../../../src-main/roster-export/index.js';
import { buildRoster } from '../../../src-shared/roster/index.js';
import {
  calendar,
  januarySource,
  people,
  rotations,
  templates,
} from './fixtures.js';

const ARTIFACTS = path.resolve('test-results', 'roster-export');
const PRINT_OPTIONS = {
  dutyPhone: '0713-5012345',
  approvedBy: '县委政法委副书记 王建国',
  issuedOn: '2024-12-27',
};

// Chromium writes each page as an uncompressed `/Type /Page` dictionary; `/Pages` is the tree.
function countPdfPages(pdf: Buffer): number {
  return (
    pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0
  );
}

function pngSize(png: Buffer): { width: number; height: number } {
  const signature = png.subarray(0, 8).toString('hex');
  expect(signature).toBe('89504e470d0a1a0a');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('roster print document', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 794, height: 1123 } });
    await mkdir(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('renders the January notice', async () => {
    const html = renderRosterPrintHtml(januarySource(), PRINT_OPTIONS);
    await writeFile(path.join(ARTIFACTS, 'roster-2025-01.html'), html);
    await page.setContent(html);

    const pdf = await page.pdf({ format: 'A4' });
    await writeFile(path.join(ARTIFACTS, 'roster-2025-01.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // One page per ISO week: weeks 1 to 5 of 2025 touch January.
    expect(countPdfPages(pdf)).toBe(5);

    await page.emulateMedia({ media: 'print' });
    const png = await page.screenshot({ fullPage: true });
    await writeFile(path.join(ARTIFACTS, 'roster-2025-01.png'), png);
    const size = pngSize(png);
    expect(size.width).toBe(794);
    expect(size.height).toBeGreaterThan(1123);
  });

  it('shows the notice parts', async () => {
    await page.setContent(
      renderRosterPrintHtml(januarySource(), PRINT_OPTIONS),
    );

    expect(await page.title()).toBe('罗田县社会治理综合指挥中心值班安排表');
    expect(await page.locator('h1').textContent()).toBe('值班安排表');
    expect(await page.locator('.meta').textContent()).toBe(
      '值班时间：2025年1月1日至2025年1月31日第3版',
    );
    expect(await page.locator('section.week h2').allTextContents()).toEqual([
      '2025年第1周（01-01至01-05）',
      '2025年第2周（01-06至01-12）',
      '2025年第3周（01-13至01-19）',
      '2025年第4周（01-20至01-26）',
      '2025年第5周（01-27至01-31）',
    ]);
    expect(await page.locator('tbody tr').count()).toBe(31);
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('.notice-foot p').allTextContents()).toEqual([
      '值班电话：0713-5012345',
      '审批：县委政法委副书记 王建国',
      '印发日期：2024年12月27日',
    ]);

    const firstRow = page.locator('tbody tr').first();
    expect(await firstRow.locator('td').allTextContents()).toEqual([
      '01-01',
      '星期三',
      '法定节假日（元旦）',
      '王建国139****000108:30–次日08:30',
      '刘晓燕138****001108:30–次日08:30',
      '周敏159****002108:30–17:30郑丽159****002317:30–次日08:30',
      '',
      '程芳186****003108:30–次日08:30',
    ]);
  });

  it('uses the CJK font stack', async () => {
    await page.setContent(
      renderRosterPrintHtml(januarySource(), PRINT_OPTIONS),
    );
    // A string expression, because this file is type-checked without the DOM library.
    const family = String(
      await page.evaluate('getComputedStyle(document.body).fontFamily'),
    );
    expect(family.startsWith('"Noto Sans SC"')).toBe(true);
  });

  it('counts pages by week', async () => {
    const assignments = buildRoster({
      calendar,
      templates,
      rotations,
      from: '2025-01-27',
      to: '2025-02-09',
    });
    const html = renderRosterPrintHtml(
      {
        ...januarySource(),
        from: '2025-01-27',
        to: '2025-02-09',
        assignments,
        people,
      },
      { ...PRINT_OPTIONS, title: '值班表', phoneDisplay: 'none' },
    );
    await page.setContent(html);
    const pdf = await page.pdf({ format: 'A4' });
    await writeFile(path.join(ARTIFACTS, 'roster-spring-festival.pdf'), pdf);

    expect(countPdfPages(pdf)).toBe(2);
    expect(await page.locator('h1').textContent()).toBe('值班表');
    expect(html).not.toContain('****');
  });

  it('escapes unit names', () => {
    const html = renderRosterPrintHtml(
      { ...januarySource(), unitName: '<b>罗田县</b> & "中心"' },
      PRINT_OPTIONS,
    );
    expect(html).toContain('&lt;b&gt;罗田县&lt;/b&gt; &amp; &quot;中心&quot;');
    expect(html).not.toContain('<b>');
    expect(escapeHtml(`'`)).toBe('&#39;');
  });
});
