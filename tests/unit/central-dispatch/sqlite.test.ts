// The dispatch domain on the central's real record store: a SQLite event log in a temporary folder.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { Alert } from '../../../src-shared/contract/index.js';
import { RECORD_STREAMS } from '../../../src-shared/contract/index.js';
import { createDomainContext } from '../../../src-central/domains/context.js';
import {
  createDispatchDomain,
  DISPATCH_COLLECTIONS,
  IncidentRecord,
} from '../../../src-central/domains/dispatch/index.js';
import type {
  CentralDomain,
  DomainContext,
} from '../../../src-central/domains/types.js';
import { EventLog } from '../../../src-central/log/event-log.js';
import { RecordStore } from '../../../src-central/log/record-store.js';
import { alertFixture, luotian, officer, T0 } from './fixtures.js';

const TICK_MS = 1_000;

interface Central {
  log: EventLog;
  records: RecordStore;
  /** The handlers' context and the timer's context, separate objects as in the central. */
  commands: DomainContext;
  timer: DomainContext;
  domain: CentralDomain;
  stop: () => void;
}

let dir: string;
let clock: number;
const alerts = new Map<string, Alert>();

function openCentral(): Central {
  const log = EventLog.open(join(dir, 'central.sqlite'), {
    clock: () => clock,
  });
  log.head(RECORD_STREAMS.dispatch);
  const records = new RecordStore(log);
  const context = (): DomainContext =>
    createDomainContext(RECORD_STREAMS.dispatch, {
      log,
      records,
      clock: () => clock,
      alert: (alertId) => alerts.get(alertId) ?? null,
      publishAlerts: () => undefined,
    });
  const domain = createDispatchDomain({
    divisions: luotian(),
    seed: 42,
    tickMs: TICK_MS,
  });
  const timer = context();
  const stop = domain.start?.(timer, { seed: 42, speed: 60, scenario: 'none' });
  if (stop === undefined) {
    throw new Error('dispatch domain has no start');
  }
  return { log, records, commands: context(), timer, domain, stop };
}

function closeCentral(central: Central): void {
  central.stop();
  central.log.close();
}

/** Runs a command in one transaction, as the central's command path does. */
function run(central: Central, name: string, payload: unknown): string {
  const handler = central.domain.commands[name];
  if (handler === undefined) {
    throw new Error(`dispatch domain has no command ${name}`);
  }
  const outcome = central.commands.transaction(() =>
    handler(central.commands, officer, payload),
  );
  return outcome.outcome === 'applied' ? 'applied' : outcome.error.code;
}

function stateOf(central: Central, id: string): string {
  const record = central.records.get(DISPATCH_COLLECTIONS.incident, id);
  return record === null ? 'missing' : IncidentRecord.parse(record.data).state;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'central-dispatch-'));
  clock = T0;
  alerts.clear();
  alerts.set('alert-1', alertFixture('alert-1'));
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

describe('dispatch domain on SQLite', () => {
  it('runs to closed and survives a restart', () => {
    const first = openCentral();
    const resourceCount = first.records.list(
      DISPATCH_COLLECTIONS.resource,
    ).length;
    expect(resourceCount).toBeGreaterThan(1_900);

    const id = randomUUID();
    expect(
      run(first, 'incident.open', { incidentId: id, alertId: 'alert-1' }),
    ).toBe('applied');
    const send = (kind: string, version: number, fields = {}): string =>
      run(first, 'incident.command', {
        command: {
          commandId: randomUUID(),
          incidentId: id,
          expectedVersion: version,
          kind,
          ...fields,
        },
      });
    expect(send('accept', 0)).toBe('applied');
    expect(send('dispatch', 1, { resourceIds: ['police:421123100002'] })).toBe(
      'applied',
    );

    for (
      let tick = 0;
      tick < 200 && stateOf(first, id) !== 'feedback';
      tick += 1
    ) {
      clock += TICK_MS;
      vi.advanceTimersByTime(TICK_MS);
    }
    expect(stateOf(first, id)).toBe('feedback');
    expect(send('verify', 4)).toBe('applied');
    expect(send('close', 5)).toBe('applied');
    expect(send('close', 6)).toBe('illegal-transition');
    const auditIds = first.records
      .list(DISPATCH_COLLECTIONS.audit)
      .map((record) => record.id);
    closeCentral(first);

    const second = openCentral();
    try {
      expect(second.records.list(DISPATCH_COLLECTIONS.resource)).toHaveLength(
        resourceCount,
      );
      const police = second.records.get(
        DISPATCH_COLLECTIONS.resource,
        'police:421123100002',
      );
      expect(police?.data.status).toBe('available');
      expect(police?.data.load).toBe(0);

      expect(
        run(second, 'incident.open', { incidentId: id, alertId: 'alert-1' }),
      ).toBe('applied');
      const after = second.records.list(DISPATCH_COLLECTIONS.audit);
      expect(after.map((record) => record.id).slice(0, -1)).toEqual(auditIds);
      expect(after.at(-1)?.id).toBe(
        String(auditIds.length + 1).padStart(10, '0'),
      );
    } finally {
      closeCentral(second);
    }
  });
});
