// Dispatch panel end to end: an alert becomes an incident and is followed to closure, once online
// and once with the central stopped in the middle. A petition incident passes a one-minute
// deadline and is escalated. One central serves all three flows, so the deadline clock of the
// petition runs while the other two flows are worked.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite from 'node-sqlite3-wasm';
import { expect, test, type Page } from '@playwright/test';
import { parseDeadlineConfig } from '../../src-shared/dispatch/deadlines.js';
import { ProjectProcess, freePort } from './helpers/processes.js';

const DEV_TOKEN = 'dev-console-token';
// At 600× a field response of at most 70 scenario minutes arrives within 7 s.
const SPEED = '600';
// 0.05 alerts per scenario minute is one alert every 2 s of wall clock at this speed.
const RATE = '0.05';
const SEED = '7';
const DEADLINE_RULE = 'e2e-petition-register';

/** Only petitions get a milestone: one minute from the report, near at half of it. */
const DEADLINES = {
  rules: [
    {
      id: DEADLINE_RULE,
      match: { channel: 'petition' },
      milestones: [
        {
          key: 'register',
          label: '1分钟内受理',
          startsAt: 'reported',
          within: { amount: 1, unit: 'minutes' },
          metWhen: 'accepted',
          source: 'e2e test table',
        },
      ],
    },
  ],
  near: { fraction: 0.5, minMinutes: 0 },
  escalation: { near: ['leader_on_duty'], overdue: ['leader_on_duty'] },
};

interface TimelineRow {
  action: string;
  from: string | null;
  to: string;
  who: string;
  why: string;
  commandId: string | null;
}

interface IncidentRow {
  state: string;
  originAlertIds: string[];
  assignedResourceIds: string[];
  timeline: TimelineRow[];
}

interface AuditRow {
  incidentId: string | null;
  commandId: string | null;
  outcome: string;
  kind: string | null;
  who: string;
}

interface CentralRecords {
  incidents: Map<string, IncidentRow>;
  audit: AuditRow[];
  escalations: {
    incidentId: string;
    state: string;
    acknowledgedAt: number | null;
  }[];
}

/** Reads the dispatch records straight from the stopped central's SQLite file. */
function readCentral(dataDir: string): CentralRecords {
  const db = new sqlite.Database(join(dataDir, 'central.sqlite'), {
    readOnly: true,
  });
  try {
    const rows = (collection: string) =>
      (
        db.all(
          'SELECT id, json FROM record_rows WHERE collection = ? ORDER BY id',
          [collection],
        ) as { id: string; json: string }[]
      ).map((row) => ({ id: row.id, data: JSON.parse(row.json) as unknown }));
    return {
      incidents: new Map(
        rows('incident').map((row) => [row.id, row.data as IncidentRow]),
      ),
      audit: rows('dispatch.audit').map((row) => row.data as AuditRow),
      escalations: rows('dispatch.escalation').map(
        (row) => row.data as CentralRecords['escalations'][number],
      ),
    };
  } finally {
    db.close();
  }
}

function incidentRow(page: Page, id: string) {
  return page.locator(`[data-testid="incident-row"][data-incident-id="${id}"]`);
}

/** Opens an incident from the newest free alert and returns the alert id and the incident id. */
async function openFromAlert(
  page: Page,
  button: 'action-open' | 'action-open-petition',
): Promise<{ alertId: string; incidentId: string }> {
  const firstAlert = page.getByTestId('intake-alert').first();
  await expect(firstAlert).toBeVisible({ timeout: 30_000 });
  const alertId = (await firstAlert.getAttribute('data-alert-id')) ?? '';
  expect(alertId).not.toBe('');
  const intakeRow = page.locator(
    `[data-testid="intake-alert"][data-alert-id="${alertId}"]`,
  );
  const before = await page
    .getByTestId('incident-row')
    .evaluateAll((rows) =>
      rows.map((row) => row.getAttribute('data-incident-id')),
    );
  await intakeRow.getByTestId(button).click();

  // Opening selects the new incident: the selected row of the queue, one that was not there before.
  const selectedRow = page.locator('[data-testid="incident-row"].selected');
  let incidentId = '';
  await expect
    .poll(async () => {
      incidentId =
        (await selectedRow
          .getAttribute('data-incident-id', { timeout: 1000 })
          .catch(() => null)) ?? '';
      return incidentId !== '' && !before.includes(incidentId);
    })
    .toBe(true);
  return { alertId, incidentId };
}

/** Waits until the row shows `state` and no command of it is still queued. */
async function expectSettled(
  page: Page,
  id: string,
  state: string,
  timeout = 20_000,
) {
  const row = incidentRow(page, id);
  await expect(row).toHaveAttribute('data-state', state, { timeout });
  await expect(row.getByTestId('queued-badge')).toHaveCount(0, { timeout });
}

/** Assigns the first-ranked candidate in the dialog and returns its resource id. */
async function assignTopCandidate(
  page: Page,
  shot: string | null,
): Promise<string> {
  await page
    .getByTestId('incident-detail')
    .getByTestId('action-dispatch')
    .click();
  const dialog = page.getByTestId('assign-dialog');
  await expect(dialog).toBeVisible();
  const top = dialog.locator('[data-testid="candidate-row"][data-rank="1"]');
  await expect(top).toHaveCount(1);
  const resourceId = (await top.getAttribute('data-resource-id')) ?? '';
  expect(resourceId).not.toBe('');
  await top.click();
  if (shot !== null) {
    await page.screenshot({ path: shot });
  }
  await dialog.getByTestId('assign-confirm').click();
  await expect(dialog).toHaveCount(0);
  return resourceId;
}

async function clickAction(page: Page, kind: string): Promise<void> {
  await page
    .getByTestId('incident-detail')
    .getByTestId(`action-${kind}`)
    .click();
}

/** The timeline as the central stored it, without instants, ids and free text. */
function timelineShape(incident: IncidentRow): string[] {
  return incident.timeline.map(
    (entry) => `${entry.action}:${entry.from ?? '-'}>${entry.to}`,
  );
}

test('dispatch lifecycle, outage and escalation', async ({
  page,
}, testInfo) => {
  const centralData = mkdtempSync(join(tmpdir(), 'e2e-dispatch-central-'));
  const consoleData = mkdtempSync(join(tmpdir(), 'e2e-dispatch-console-'));
  const deadlinesFile = join(centralData, 'deadlines.json');
  // Checked with the central's own parser, so a typo fails here and not at start-up.
  parseDeadlineConfig(DEADLINES);
  writeFileSync(deadlinesFile, JSON.stringify(DEADLINES));
  const centralPort = String(await freePort());
  const hostPort = String(await freePort());
  const centralArgs = [
    '--port',
    centralPort,
    '--data',
    centralData,
    '--scenario',
    'county',
    '--speed',
    SPEED,
    '--rate',
    RATE,
    '--seed',
    SEED,
    '--domains',
    'dispatch,hall',
    '--deadlines',
    deadlinesFile,
  ];
  const startCentral = () =>
    new ProjectProcess('central', 'src-central/cli.ts', centralArgs);

  let central = startCentral();
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

  const pageLog: string[] = [];
  page.on('console', (message) =>
    pageLog.push(`${message.type()}: ${message.text()}`),
  );
  try {
    await central.waitForOutput(/central listening on/);
    const consoleUrl =
      (await host.waitForOutput(/Console:\s+(http:\/\/\S+)/))[1] ?? '';
    await page.goto(consoleUrl);
    await page.getByTestId('nav-dispatch').click();
    await expect(page.getByTestId('dispatch-view')).toBeVisible();
    await expect(page.getByTestId('session-state')).toHaveAttribute(
      'data-phase',
      'online',
      { timeout: 30_000 },
    );

    // (c) starts first: its one-minute clock runs while flows (a) and (b) are worked.
    const petition = await openFromAlert(page, 'action-open-petition');
    await expectSettled(page, petition.incidentId, 'reported');
    // Records every escalation state the bar shows for the petition, until the test ends.
    await page.evaluate((id) => {
      const seen: string[] = [];
      const scope = globalThis as unknown as {
        e2eSeen: string[];
        document: {
          querySelectorAll(selector: string): ArrayLike<{
            getAttribute(name: string): string | null;
          }>;
        };
      };
      scope.e2eSeen = seen;
      const started = Date.now();
      const timer = setInterval(() => {
        const shown = Array.from(
          scope.document.querySelectorAll(
            `[data-testid="escalation"][data-incident-id="${id}"]`,
          ),
        );
        for (const element of shown) {
          const state = element.getAttribute('data-state');
          if (state !== null && !seen.includes(state)) {
            seen.push(state);
          }
        }
        if (Date.now() - started > 150_000) {
          clearInterval(timer);
        }
      }, 100);
    }, petition.incidentId);

    // (a) online: open, accept, assign the top candidate, field response, verify, close.
    const online = await openFromAlert(page, 'action-open');
    await page.screenshot({ path: testInfo.outputPath('1-queue.png') });
    await clickAction(page, 'accept');
    await expectSettled(page, online.incidentId, 'accepted');
    const onlineResource = await assignTopCandidate(
      page,
      testInfo.outputPath('2-assign-dialog.png'),
    );
    await expectSettled(page, online.incidentId, 'feedback', 30_000);
    const feedbackEntry = page.locator(
      '[data-testid="timeline-entry"][data-action="feedback"]',
    );
    await expect(feedbackEntry).toHaveCount(1);
    const feedbackText = (
      await feedbackEntry.locator('.timeline-why').innerText()
    ).trim();
    expect(feedbackText).not.toBe('');
    await page.screenshot({
      path: testInfo.outputPath('3-detail-timeline.png'),
    });
    await clickAction(page, 'verify');
    await expectSettled(page, online.incidentId, 'verified');
    await clickAction(page, 'close');
    await expect(incidentRow(page, online.incidentId)).toHaveCount(0, {
      timeout: 20_000,
    });

    // (b) the same flow with the central stopped after accept.
    const offline = await openFromAlert(page, 'action-open');
    await clickAction(page, 'accept');
    await expectSettled(page, offline.incidentId, 'accepted');
    await central.stop();
    await expect(page.getByTestId('session-state')).not.toHaveAttribute(
      'data-phase',
      'online',
      { timeout: 40_000 },
    );
    await incidentRow(page, offline.incidentId).click();
    const offlineResource = await assignTopCandidate(page, null);
    await expect(
      incidentRow(page, offline.incidentId).getByTestId('queued-badge'),
    ).toHaveCount(1);
    await expect(page.getByTestId('dispatch-outbox')).toContainText('1');
    await page.screenshot({ path: testInfo.outputPath('4-offline-queue.png') });

    central = startCentral();
    await central.waitForOutput(/central listening on/);
    await expect(page.getByTestId('session-state')).toHaveAttribute(
      'data-phase',
      'online',
      { timeout: 40_000 },
    );
    await expectSettled(page, offline.incidentId, 'feedback', 40_000);
    await incidentRow(page, offline.incidentId).click();
    await clickAction(page, 'verify');
    await expectSettled(page, offline.incidentId, 'verified');
    await clickAction(page, 'close');
    await expect(incidentRow(page, offline.incidentId)).toHaveCount(0, {
      timeout: 20_000,
    });

    // (c) the petition reaches its near-deadline mark, then its deadline. The central raises one
    // escalation for each, and both stay in the bar until acknowledged.
    const escalations = page.locator(
      `[data-testid="escalation"][data-incident-id="${petition.incidentId}"]`,
    );
    const overdue = escalations.and(page.locator('[data-state="overdue"]'));
    await expect(overdue).toHaveCount(1, { timeout: 70_000 });
    await expect(incidentRow(page, petition.incidentId)).toHaveAttribute(
      'data-deadline',
      'overdue',
    );
    const seen = await page.evaluate(
      () => (globalThis as unknown as { e2eSeen: string[] }).e2eSeen,
    );
    expect(seen).toEqual(['near', 'overdue']);
    await page.screenshot({ path: testInfo.outputPath('5-escalation.png') });
    await overdue.getByTestId('escalation-ack').click();
    await expect(overdue).toHaveCount(0, { timeout: 20_000 });
    const near = escalations.and(page.locator('[data-state="near"]'));
    await near.getByTestId('escalation-ack').click();
    await expect(escalations).toHaveCount(0, { timeout: 20_000 });

    // Everything below is read from the central's own database, not from the page.
    await central.stop();
    const records = readCentral(centralData);

    const onlineRecord = records.incidents.get(online.incidentId);
    const offlineRecord = records.incidents.get(offline.incidentId);
    expect(onlineRecord?.state).toBe('closed');
    expect(onlineRecord?.originAlertIds).toContain(online.alertId);
    expect(onlineRecord?.assignedResourceIds).toContain(onlineResource);
    expect(timelineShape(onlineRecord!)).toEqual([
      'report:->reported',
      'accept:reported>accepted',
      'dispatch:accepted>dispatched',
      'start:dispatched>in_progress',
      'feedback:in_progress>feedback',
      'verify:feedback>verified',
      'close:verified>closed',
    ]);
    const storedFeedback = onlineRecord!.timeline.find(
      (entry) => entry.action === 'feedback',
    );
    expect(storedFeedback?.who).toBe(`field:${onlineResource}`);
    expect(storedFeedback?.why).toBe(feedbackText);

    expect(offlineRecord?.state).toBe(onlineRecord?.state);
    expect(offlineRecord?.originAlertIds).toContain(offline.alertId);
    expect(offlineRecord?.assignedResourceIds).toContain(offlineResource);
    expect(timelineShape(offlineRecord!)).toEqual(timelineShape(onlineRecord!));

    // Each command of the interrupted flow ran exactly once, and nothing was rejected.
    const offlineAudit = records.audit.filter(
      (entry) => entry.incidentId === offline.incidentId,
    );
    expect(offlineAudit.filter((entry) => entry.outcome !== 'applied')).toEqual(
      [],
    );
    const commandIds = offlineAudit
      .map((entry) => entry.commandId)
      .filter((id): id is string => id !== null);
    expect(new Set(commandIds).size).toBe(commandIds.length);
    const consoleCommands = offlineRecord!.timeline
      .filter(
        (entry) => !entry.who.startsWith('field:') && entry.commandId !== null,
      )
      .map((entry) => entry.commandId);
    expect(consoleCommands).toHaveLength(4);
    for (const id of consoleCommands) {
      expect(commandIds.filter((seenId) => seenId === id)).toHaveLength(1);
    }

    const petitionEscalations = records.escalations.filter(
      (entry) => entry.incidentId === petition.incidentId,
    );
    expect(petitionEscalations.map((entry) => entry.state).sort()).toEqual([
      'near',
      'overdue',
    ]);
    for (const entry of petitionEscalations) {
      expect(entry.acknowledgedAt).not.toBeNull();
    }
    expect(records.incidents.get(petition.incidentId)?.state).toBe('reported');
  } catch (error) {
    await page.screenshot({ path: testInfo.outputPath('failure.png') });
    throw error;
  } finally {
    writeFileSync(testInfo.outputPath('page.log'), pageLog.join('\n'));
    await host.stop();
    await central.stop();
    writeFileSync(testInfo.outputPath('host.log'), host.output());
    writeFileSync(testInfo.outputPath('central.log'), central.output());
    rmSync(centralData, { recursive: true, force: true });
    rmSync(consoleData, { recursive: true, force: true });
  }
});
