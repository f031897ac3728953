// The duty office end to end in Chromium against the real central. One duty day builds a month's
// roster from the rotations, opens and fills a coverage gap, adds a substitution and publishes.
// It exports the published roster as xlsx and checks every cell against the central's record, then
// checks in, turns a logged call into an incident, and hands over with both signatures.
// The second run cuts the network in the middle and must leave the same duty records in SQLite.
// NOTE: the gap is filled by a manual assignment, because a withdrawn slot has nobody on duty for a
// substitution to name. The substitution is made on another day.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import sqlite from 'node-sqlite3-wasm';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import {
  DUTY_POSTS,
  DUTY_ROTATIONS,
  DUTY_TEMPLATES,
  seedPeople,
} from '../../src-central/domains/duty/seed.js';
import { createChinaHolidayCalendar } from '../../src-shared/roster/holidays-cn.js';
import { checkMonthRoster } from '../../src-shared/roster/requirements.js';
import { buildRoster } from '../../src-shared/roster/roster.js';
import type { Assignment } from '../../src-shared/roster/shifts.js';
import { addDays, DAY_MS, localDateOf } from '../../src-shared/roster/time.js';
import {
  DutyRosterSchema,
  type DutyRoster,
} from '../../src-shared/roster/records.js';
import { ProjectProcess, freePort } from './helpers/processes.js';

const DEV_TOKEN = 'dev-console-token';
const SEED = '7';
const CALL_TEXT = '城关镇迎宾路两车相撞，一人受伤，请求协调救护（e2e）';
const INCIDENT_TITLE = '迎宾路两车相撞（e2e）';

test.describe.configure({ mode: 'serial' });

const calendar = createChinaHolidayCalendar();
const people = seedPeople(Number(SEED));

/**
 * Returns the month before today in Beijing, because the central auto-publishes only the current
 * one.
 */
function previousMonth(now: number): string {
  const first = `${localDateOf(now).slice(0, 7)}-01`;
  return addDays(first, -1).slice(0, 7);
}

function monthRoster(month: string): Assignment[] {
  const from = `${month}-01`;
  const to = addDays(`${addDays(from, 31).slice(0, 7)}-01`, -1);
  return buildRoster({
    calendar,
    templates: DUTY_TEMPLATES,
    rotations: DUTY_ROTATIONS,
    from,
    to,
  });
}

function gapsOf(month: string, assignments: readonly Assignment[]): number {
  const from = `${month}-01`;
  const to = addDays(`${addDays(from, 31).slice(0, 7)}-01`, -1);
  return checkMonthRoster({
    assignments,
    templates: DUTY_TEMPLATES,
    posts: DUTY_POSTS,
    people,
    calendar,
    from,
    to,
  }).gaps.length;
}

function firstWorkdayFrom(date: string): string {
  let day = date;
  for (let i = 0; i < 14 && !calendar.isWorkingDay(day); i += 1) {
    day = addDays(day, 1);
  }
  return day;
}

/** Returns the first of `candidates` with no duty within a day of [start, end), so no rest rule fires. */
function freeAround(
  assignments: readonly Assignment[],
  candidates: readonly string[],
  start: number,
  end: number,
): string {
  const busy = new Set(
    assignments
      .filter((a) => a.start < end + DAY_MS && start - DAY_MS < a.end)
      .map((a) => a.personId),
  );
  const free = candidates.find((id) => !busy.has(id));
  if (free === undefined) {
    throw new Error(
      `no person of ${candidates.join(',')} is free within a day of ${start}; pick other dates`,
    );
  }
  return free;
}

/** What the test does to the roster, worked out from the seeded rotations, not from the UI. */
interface Plan {
  month: string;
  generatedGaps: number;
  withdrawn: Assignment;
  gapsAfterWithdraw: number;
  filler: string;
  substituted: Assignment;
  substitute: string;
}

function makePlan(now: number): Plan {
  const month = previousMonth(now);
  const roster = monthRoster(month);
  const day1 = firstWorkdayFrom(`${month}-05`);
  // The day officer: the earliest officer shift of a workday.
  const target = roster
    .filter((a) => a.shiftDate === day1 && a.post === 'officer')
    .sort((a, b) => a.start - b.start)[0];
  if (!target) {
    throw new Error(`no officer on ${day1} in the computed roster`);
  }
  const rest = roster.filter((a) => a.id !== target.id);
  const officers = people
    .filter((p) => p.eligiblePosts.includes('officer') && p.id.startsWith('of'))
    .map((p) => p.id);
  const day2 = firstWorkdayFrom(addDays(day1, 3));
  const leaderShift = roster.find(
    (a) => a.shiftDate === day2 && a.post === 'leader',
  );
  if (!leaderShift) {
    throw new Error(`no leader on ${day2} in the computed roster`);
  }
  const leaders = people.filter((p) => p.id.startsWith('ld')).map((p) => p.id);
  return {
    month,
    generatedGaps: gapsOf(month, roster),
    withdrawn: target,
    gapsAfterWithdraw: gapsOf(month, rest),
    filler: freeAround(roster, officers, target.start, target.end),
    substituted: leaderShift,
    substitute: freeAround(roster, leaders, leaderShift.start, leaderShift.end),
  };
}

function localInput(instant: number): string {
  return new Date(instant + 8 * 3_600_000).toISOString().slice(0, 16);
}

interface Hall {
  central: ProjectProcess;
  host: ProjectProcess;
  centralArgs: string[];
  centralData: string;
  consoleData: string;
  consoleUrl: string;
}

function startCentral(args: string[]): ProjectProcess {
  return new ProjectProcess('central', 'src-central/cli.ts', args);
}

async function startHall(): Promise<Hall> {
  const centralData = mkdtempSync(join(tmpdir(), 'e2e-duty-central-'));
  const consoleData = mkdtempSync(join(tmpdir(), 'e2e-duty-console-'));
  const centralPort = String(await freePort());
  const hostPort = String(await freePort());
  // The dispatch domain takes the incident that the logged call opens.
  const centralArgs = [
    '--port',
    centralPort,
    '--data',
    centralData,
    '--scenario',
    'county',
    '--speed',
    '30',
    '--rate',
    '2',
    '--seed',
    SEED,
    '--domains',
    'duty,dispatch',
  ];
  const central = startCentral(centralArgs);
  const host = new ProjectProcess(
    'host',
    'src-main/host/cli.ts',
    [
      '--central',
      `ws://127.0.0.1:${centralPort}/console`,
      '--data',
      consoleData,
      '--port',
      hostPort,
      '--allow-commands',
    ],
    { CONSOLE_TOKEN: DEV_TOKEN },
  );
  await central.waitForOutput(/central listening on/);
  const consoleUrl =
    (await host.waitForOutput(/Console:\s+(http:\/\/\S+)/))[1] ?? '';
  return { central, host, centralArgs, centralData, consoleData, consoleUrl };
}

async function stopHall(hall: Hall, info: TestInfo): Promise<void> {
  await hall.host.stop();
  await hall.central.stop();
  // Process output as artifacts, because a failure in the browser often starts in one of them.
  writeFileSync(info.outputPath('host.log'), hall.host.output());
  writeFileSync(info.outputPath('central.log'), hall.central.output());
  rmSync(hall.centralData, { recursive: true, force: true });
  rmSync(hall.consoleData, { recursive: true, force: true });
}

/** The duty records in the central's SQLite file, without ids and times that differ per run. */
function readDutyRecords(centralData: string): Record<string, string[]> {
  const db = new sqlite.Database(join(centralData, 'central.sqlite'));
  try {
    const rows = db.all(
      "SELECT collection, json FROM record_rows WHERE stream = 'duty' ORDER BY collection, id",
    ) as { collection: string; json: string }[];
    const byCollection: Record<string, string[]> = {};
    for (const row of rows) {
      const list = (byCollection[row.collection] ??= []);
      list.push(JSON.stringify(normalise(JSON.parse(row.json))));
    }
    for (const list of Object.values(byCollection)) {
      list.sort();
    }
    return byCollection;
  } finally {
    db.close();
  }
}

const RUN_KEYS =
  /^(at|when|generatedAt|receivedAt|instructedAt|closedAt|raisedAt|preparedAt|reportedAt|approvedAt|shiftEnd|shiftStart|minutesLate|linkedIncidentId|incidentId)$/;

// Install and incident ids are random per run, so only the roles they play must match.
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

function normalise(value: unknown): unknown {
  if (typeof value === 'string') {
    return value.replace(UUID, '<uuid>');
  }
  if (Array.isArray(value)) {
    return value.map(normalise);
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (RUN_KEYS.test(key)) {
        continue;
      }
      // Only the number of open incidents counts, because their ids differ per run.
      out[key] =
        key === 'openIncidents' && Array.isArray(inner)
          ? inner.length
          : normalise(inner);
    }
    return out;
  }
  return value;
}

async function actAs(page: Page, personId: string): Promise<void> {
  await page.getByTestId('duty-acting-as').selectOption(personId);
}

async function openDuty(page: Page, tab: string): Promise<void> {
  await page.getByTestId('nav-duty').click();
  await page.getByTestId(`duty-tab-${tab}`).click();
}

async function shot(page: Page, info: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: info.outputPath(`${name}.png`) });
}

/** Person id of a name as the acting-as list shows it. */
async function idOfName(page: Page, name: string): Promise<string> {
  const options = await page
    .getByTestId('duty-acting-as')
    .locator('option')
    .evaluateAll((list) =>
      list.map((o) => [
        o.getAttribute('value') ?? '',
        o.textContent?.trim() ?? '',
      ]),
    );
  const found = options.find(([, text]) => text?.startsWith(`${name} ·`));
  if (!found?.[0]) {
    throw new Error(`no person named ${name} in the acting-as list`);
  }
  return found[0];
}

async function generate(page: Page, plan: Plan, info: TestInfo): Promise<void> {
  await openDuty(page, 'roster');
  await page.getByTestId('roster-month').fill(plan.month);
  await expect(page.getByTestId('roster-status')).toHaveCount(0);
  await actAs(page, 'sl1');
  await page.getByTestId('roster-generate').click();
  await expect(page.getByTestId('roster-status')).toBeVisible({
    timeout: 15_000,
  });
  await expect(page.getByTestId('roster-gap')).toHaveCount(plan.generatedGaps);
  await expect(page.getByTestId('roster-week').first()).toContainText('年第');
  await shot(page, info, '01-generated');
}

async function withdraw(page: Page, plan: Plan): Promise<void> {
  await page.getByTestId('withdraw-date').fill(plan.withdrawn.shiftDate);
  await page.getByTestId('withdraw-assignment').selectOption(plan.withdrawn.id);
  await page.getByTestId('withdraw-submit').click();
}

async function fillGap(page: Page, plan: Plan): Promise<void> {
  await page.getByTestId('assign-person').selectOption(plan.filler);
  await page.getByTestId('assign-post').selectOption('officer');
  await page.getByTestId('assign-start').fill(localInput(plan.withdrawn.start));
  await page.getByTestId('assign-end').fill(localInput(plan.withdrawn.end));
  await page.getByTestId('assign-submit').click();
}

async function substitute(page: Page, plan: Plan): Promise<void> {
  await page
    .getByTestId('substitute-replaced')
    .selectOption(plan.substituted.personId);
  await page.getByTestId('substitute-person').selectOption(plan.substitute);
  await page
    .getByTestId('substitute-start')
    .fill(localInput(plan.substituted.start));
  await page
    .getByTestId('substitute-end')
    .fill(localInput(plan.substituted.end));
  await page.getByTestId('substitute-submit').click();
}

async function approveAndPublish(page: Page, info: TestInfo): Promise<void> {
  const status = page.getByTestId('roster-status');
  await actAs(page, 'sl1');
  await page.getByTestId('roster-submit').click();
  await expect(page.getByTestId('roster-approve')).toBeEnabled();
  await actAs(page, 'ld1');
  await page.getByTestId('roster-approve').click();
  await expect(page.getByTestId('roster-publish')).toBeEnabled();
  await page.getByTestId('roster-publish').click();
  await expect(page.getByTestId('roster-archive')).toBeEnabled();
  await expect(status).toContainText(/已发布|Published/);
  await shot(page, info, '04-published');
}

interface Shift {
  officer: string;
  next: string;
}

/** Checks in the officer on duty now and returns who hands over to whom. */
async function checkIn(page: Page): Promise<Shift> {
  await openDuty(page, 'today');
  const row = page.getByTestId('today-post-officer');
  const officerName = (
    (await row
      .getByTestId('today-holder')
      .first()
      .locator('strong')
      .textContent()) ?? ''
  ).trim();
  const nextName =
    (
      (await row.locator('td').nth(2).locator('div').first().textContent()) ??
      ''
    )
      .trim()
      .split(/\s+/)[0] ?? '';
  const officer = await idOfName(page, officerName);
  const next = await idOfName(page, nextName);
  await actAs(page, officer);
  await page.getByTestId('check-in').click();
  return { officer, next };
}

async function logCall(page: Page, shift: Shift): Promise<void> {
  await openDuty(page, 'log');
  await actAs(page, shift.officer);
  await page.getByTestId('log-caller-unit').fill('城关派出所');
  await page.getByTestId('log-caller-name').fill('值班民警（合成）');
  await page.getByTestId('log-caller-phone').fill('0000-6110110');
  await page.getByTestId('log-content').fill(CALL_TEXT);
  await page.getByTestId('log-create').click();
}

/** Turns the logged call into an incident from the log detail and returns the new incident id. */
async function reportIncident(
  page: Page,
  shift: Shift,
  info: TestInfo,
): Promise<string> {
  await openDuty(page, 'log');
  await actAs(page, shift.officer);
  await page.getByTestId('log-row').filter({ hasText: CALL_TEXT }).click();
  await page.getByTestId('log-incident-title').fill(INCIDENT_TITLE);
  await page.getByTestId('log-incident-place').fill('城关镇迎宾路');
  await page.getByTestId('log-to-incident').click();
  const linked = page.getByTestId('log-linked-incident');
  await expect(linked).toBeVisible({ timeout: 15_000 });
  const incidentId =
    /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(
      (await linked.textContent()) ?? '',
    )?.[0] ?? '';
  expect(incidentId).not.toBe('');
  await shot(page, info, '06-log-to-incident');

  return incidentId;
}

/** Downloads the published roster as xlsx and the A4 print page, and returns the xlsx path. */
async function exportRoster(page: Page, info: TestInfo): Promise<string> {
  const xlsxDownload = page.waitForEvent('download');
  await page.getByTestId('export-xlsx').click();
  const xlsx = await xlsxDownload;
  const xlsxPath = info.outputPath(xlsx.suggestedFilename());
  await xlsx.saveAs(xlsxPath);

  const printDownload = page.waitForEvent('download');
  await page.getByTestId('export-print').click();
  const print = await printDownload;
  const printPath = info.outputPath(print.suggestedFilename());
  await print.saveAs(printPath);
  const printPage = await page.context().newPage();
  try {
    await printPage.goto(`file://${printPath}`);
    await expect(printPage.locator('table').first()).toBeVisible();
    await printPage.screenshot({
      path: info.outputPath('roster-print.png'),
      fullPage: true,
    });
  } finally {
    await printPage.close();
  }
  return xlsxPath;
}

/** The incident a logged call opened, as the central stored it: its title and linked entry. */
function readReportedIncident(
  centralData: string,
  incidentId: string,
): { title: string; originAlertIds: string[]; state: string } {
  const db = new sqlite.Database(join(centralData, 'central.sqlite'));
  try {
    const row = db.get(
      "SELECT json FROM record_rows WHERE stream = 'dispatch' AND collection = 'incident' AND id = ?",
      [incidentId],
    ) as { json: string } | undefined;
    expect(row, `incident ${incidentId} in the central's SQLite`).toBeDefined();
    return JSON.parse(row?.json ?? '{}') as {
      title: string;
      originAlertIds: string[];
      state: string;
    };
  } finally {
    db.close();
  }
}

/** The month's roster record as the central stored it. */
function readRosterRecord(centralData: string, month: string): DutyRoster {
  const db = new sqlite.Database(join(centralData, 'central.sqlite'));
  try {
    const row = db.get(
      "SELECT json FROM record_rows WHERE stream = 'duty' AND collection = 'duty.roster' AND id = ?",
      [`roster-${month}`],
    ) as { json: string } | undefined;
    expect(row, `roster-${month} in the central's SQLite`).toBeDefined();
    return DutyRosterSchema.parse(JSON.parse(row?.json ?? '{}'));
  } finally {
    db.close();
  }
}

/**
 * Reopens the exported workbook and checks every post cell of every day against the central's
 * roster record: the names in the cell are the people assigned that day on that post.
 */
async function checkWorkbook(path: string, roster: DutyRoster): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const posts = [...DUTY_POSTS].sort((a, b) => a.order - b.order);
  const nameOf = new Map(people.map((p) => [p.id, p.name]));

  const first = workbook.worksheets[0];
  expect(String(first?.getCell('A1').value)).toContain(
    `（第${roster.version}版）`,
  );
  expect(first?.getRow(3).getCell(4).value).toBe(posts[0]?.name);

  const seen: string[] = [];
  for (const sheet of workbook.worksheets) {
    expect(sheet.name).toMatch(/^\d{4}年第\d{1,2}周$/);
    for (let row = 4; row <= sheet.rowCount; row += 1) {
      const cells = sheet.getRow(row);
      const date = (cells.getCell(1).value as Date).toISOString().slice(0, 10);
      seen.push(date);
      posts.forEach((post, index) => {
        const text = String(cells.getCell(4 + index).value ?? '');
        const inCell =
          text === '' ? [] : text.split('\n').map((l) => l.split(' ')[0]);
        const expected = roster.assignments
          .filter((a) => a.shiftDate === date && a.post === post.id)
          .map((a) => nameOf.get(a.personId) ?? a.personId);
        expect(inCell.sort(), `${date} ${post.id}`).toEqual(expected.sort());
      });
    }
  }
  expect(seen[0]).toBe(roster.from);
  expect(seen[seen.length - 1]).toBe(roster.to);
}

async function handOver(
  page: Page,
  shift: Shift,
  info: TestInfo,
): Promise<void> {
  await openDuty(page, 'handover');
  await actAs(page, shift.officer);
  await page.getByTestId('handover-outgoing').selectOption(shift.officer);
  await page.getByTestId('handover-incoming').selectOption(shift.next);
  await page.getByTestId('handover-watch').fill('迎宾路事故现场持续关注');
  await page.getByTestId('handover-prepare').click();
  const signOut = page.getByTestId('handover-sign-outgoing');
  await expect(signOut).toBeEnabled({ timeout: 15_000 });
  await expect(page.getByTestId('handover-item')).not.toHaveCount(0);
  await shot(page, info, '08-handover-prepared');
  await signOut.click();
  await actAs(page, shift.next);
  const signIn = page.getByTestId('handover-sign-incoming');
  await expect(signIn).toBeEnabled({ timeout: 15_000 });
  await signIn.click();
  await expect(page.getByTestId('handover-read-only')).toBeVisible({
    timeout: 15_000,
  });
  await expect(signIn).toBeDisabled();
  await expect(signOut).toBeDisabled();
  await shot(page, info, '09-handover-signed');
}

let firstRun: Record<string, string[]> | null = null;

test('duty day online', async ({ page }, testInfo) => {
  const hall = await startHall();
  try {
    const plan = makePlan(Date.now());
    expect(plan.gapsAfterWithdraw).toBeGreaterThan(plan.generatedGaps);
    await page.goto(hall.consoleUrl);
    await generate(page, plan, testInfo);

    await withdraw(page, plan);
    await expect(page.getByTestId('roster-gap')).toHaveCount(
      plan.gapsAfterWithdraw,
    );
    await shot(page, testInfo, '02-gap');
    await fillGap(page, plan);
    await expect(page.getByTestId('roster-gap')).toHaveCount(
      plan.generatedGaps,
    );
    await substitute(page, plan);
    await expect(
      page.getByTestId(`roster-day-${plan.substituted.shiftDate}`),
    ).toContainText(people.find((p) => p.id === plan.substitute)?.name ?? '?');
    await shot(page, testInfo, '03-gap-fixed-substituted');
    await approveAndPublish(page, testInfo);
    const workbookPath = await exportRoster(page, testInfo);

    const shift = await checkIn(page);
    await expect(
      page.getByTestId('today-post-officer').getByTestId('today-checked-in'),
    ).toBeVisible({ timeout: 15_000 });
    await shot(page, testInfo, '05-checked-in');
    await logCall(page, shift);
    await expect(
      page.getByTestId('log-row').filter({ hasText: CALL_TEXT }),
    ).toHaveCount(1, { timeout: 15_000 });

    const incidentId = await reportIncident(page, shift, testInfo);
    await handOver(page, shift, testInfo);
    await expect(page.getByTestId('duty-rejection')).toHaveCount(0);

    await hall.host.stop();
    await hall.central.stop();
    firstRun = readDutyRecords(hall.centralData);
    const reported = readReportedIncident(hall.centralData, incidentId);
    expect(reported.title).toBe(INCIDENT_TITLE);
    expect(reported.originAlertIds).toEqual([]);
    await checkWorkbook(
      workbookPath,
      readRosterRecord(hall.centralData, plan.month),
    );
    expect(firstRun['duty.substitution']).toHaveLength(1);
    expect(firstRun['duty.check-in']).toHaveLength(1);
    expect(firstRun['duty.handover']).toHaveLength(1);
  } finally {
    await stopHall(hall, testInfo);
  }
});

test('duty day across a network cut', async ({ page }, testInfo) => {
  test.skip(firstRun === null, 'needs the online run first');
  const hall = await startHall();
  try {
    const plan = makePlan(Date.now());
    await page.goto(hall.consoleUrl);
    await generate(page, plan, testInfo);

    // Cut the network: the central goes away and the console works on its cache.
    await hall.central.stop();
    await expect(page.getByTestId('session-state')).not.toHaveAttribute(
      'data-phase',
      'online',
      { timeout: 30_000 },
    );
    await openDuty(page, 'roster');
    await page.getByTestId('roster-month').fill(plan.month);
    await withdraw(page, plan);
    await fillGap(page, plan);
    await substitute(page, plan);
    const shift = await checkIn(page);
    await logCall(page, shift);
    await expect(page.getByTestId('duty-queued')).toHaveAttribute(
      'data-count',
      '5',
      { timeout: 10_000 },
    );
    await shot(page, testInfo, '10-offline-queued');

    // Restore it on the same port and data. The outbox sends each queued command once.
    hall.central = startCentral(hall.centralArgs);
    await hall.central.waitForOutput(/central listening on/);
    await expect(page.getByTestId('session-state')).toHaveAttribute(
      'data-phase',
      'online',
      { timeout: 60_000 },
    );
    await expect(page.getByTestId('duty-queued')).toHaveCount(0, {
      timeout: 30_000,
    });
    await expect(
      page.getByTestId('log-row').filter({ hasText: CALL_TEXT }),
    ).toHaveCount(1, { timeout: 15_000 });
    await shot(page, testInfo, '11-reconnected');

    await openDuty(page, 'roster');
    await page.getByTestId('roster-month').fill(plan.month);
    await expect(page.getByTestId('roster-gap')).toHaveCount(
      plan.generatedGaps,
    );
    await approveAndPublish(page, testInfo);
    await openDuty(page, 'today');
    await expect(
      page.getByTestId('today-post-officer').getByTestId('today-checked-in'),
    ).toBeVisible({ timeout: 15_000 });

    await reportIncident(page, shift, testInfo);
    await handOver(page, shift, testInfo);
    await expect(page.getByTestId('duty-rejection')).toHaveCount(0);

    await hall.host.stop();
    await hall.central.stop();
    const secondRun = readDutyRecords(hall.centralData);
    expect(Object.keys(secondRun).sort()).toEqual(
      Object.keys(firstRun ?? {}).sort(),
    );
    for (const [collection, rows] of Object.entries(firstRun ?? {})) {
      expect(secondRun[collection], collection).toEqual(rows);
    }
  } finally {
    await stopHall(hall, testInfo);
  }
});
