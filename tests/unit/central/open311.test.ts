import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  Alert,
  type AlertEventBody,
} from '../../../src-shared/contract/index.js';
import {
  INVALID_DATE_FLAG,
  open311Alert,
  parseOpen311Csv,
} from '../../../src-central/adapters/open311.js';
import {
  DATA_FILES,
  DEFAULT_DATA_DIR,
} from '../../../src-central/data/paths.js';
import { parseUsDateTime } from '../../../src-central/data/zoned-time.js';
import {
  startCentral,
  type CentralHandle,
} from '../../../src-central/server.js';
import { tempDir } from './fixtures.js';

const CSV_PATH = join(DEFAULT_DATA_DIR, DATA_FILES.open311);
const NEW_YORK = 'America/New_York';

/** Counts rows per Complaint Type by reading the file as plain arrays, without column mapping. */
function independentCounts(text: string): {
  rows: number;
  byType: Map<string, number>;
} {
  const records = parse(text, {
    columns: false,
    relax_column_count: true,
  }) as string[][];
  const header = records[0] as string[];
  const typeColumn = header.indexOf('Complaint Type');
  const byType = new Map<string, number>();
  for (const record of records.slice(1)) {
    const type = (record[typeColumn] ?? '').trim();
    byType.set(type, (byType.get(type) ?? 0) + 1);
  }
  return { rows: records.length - 1, byType };
}

function countByType(bodies: AlertEventBody[]): Map<string, number> {
  const byType = new Map<string, number>();
  for (const body of bodies) {
    if (body.kind === 'alert.created') {
      const type = body.alert.eventType.label;
      byType.set(type, (byType.get(type) ?? 0) + 1);
    }
  }
  return byType;
}

function sortedEntries(map: Map<string, number>): Array<[string, number]> {
  return [...map.entries()].sort(([a], [b]) => a.localeCompare(b));
}

function readAllBodies(central: CentralHandle): AlertEventBody[] {
  const head = central.log.head('alerts');
  return central.log
    .read('alerts', head.firstSeq, head.headSeq + 1)
    .map((event) => event.body as AlertEventBody);
}

describe('parseUsDateTime', () => {
  it('reads New York winter and summer times', () => {
    expect(parseUsDateTime('03/01/2011 02:27:57 PM', NEW_YORK)).toBe(
      Date.parse('2011-03-01T19:27:57Z'),
    );
    expect(parseUsDateTime('07/04/2011 12:00:00 PM', NEW_YORK)).toBe(
      Date.parse('2011-07-04T16:00:00Z'),
    );
    expect(parseUsDateTime('01/01/2011 12:00:00 AM', NEW_YORK)).toBe(
      Date.parse('2011-01-01T05:00:00Z'),
    );
  });

  it('takes the earlier instant of a repeated hour', () => {
    expect(parseUsDateTime('11/06/2011 01:30:00 AM', NEW_YORK)).toBe(
      Date.parse('2011-11-06T05:30:00Z'),
    );
  });

  it('rejects invalid text', () => {
    expect(parseUsDateTime('02/30/2011 01:00:00 PM', NEW_YORK)).toBeNull();
    expect(parseUsDateTime('13/01/2011 01:00:00 PM', NEW_YORK)).toBeNull();
    expect(parseUsDateTime('2011-03-01 14:27:57', NEW_YORK)).toBeNull();
    expect(parseUsDateTime('', NEW_YORK)).toBeNull();
  });
});

describe('open311Alert', () => {
  it('maps one row to a valid alert', () => {
    const parsed = parseOpen311Csv(readFileSync(CSV_PATH, 'utf8'));
    const record = parsed.records.find(
      (candidate) => candidate.key === '19937901',
    );
    expect(record).toBeDefined();
    const alert = open311Alert(record!, 42);

    expect(Alert.safeParse(alert).success).toBe(true);
    expect(alert.id).toBe('open311:19937901');
    expect(alert.platform).toBe('open311');
    expect(alert.title).toBe('Street Sign - Dangling - Street Cleaning - ASP');
    expect(alert.eventType).toEqual({
      code: null,
      label: 'Street Sign - Dangling',
    });
    expect(alert.place.townName).toBe('BROOKLYN');
    expect(alert.place.lat).toBeCloseTo(40.6608, 3);
    expect(alert.place.lon).toBeCloseTo(-73.9986, 3);
    expect(alert.occurredAt).toBe(Date.parse('2011-03-01T15:41:13Z'));
    expect(alert.publishedAt).toBe(42);
    expect(alert.level).toBeNull();
    expect(alert.emergencyClass).toBeNull();
    expect(alert.original['Agency']).toBe('DOT');
    expect(alert.original['Landmark']).toBeUndefined();
  });

  it('leaves Unspecified borough empty', () => {
    const parsed = parseOpen311Csv(readFileSync(CSV_PATH, 'utf8'));
    const record = parsed.records.find(
      (candidate) => candidate.columns['Borough'] === 'Unspecified',
    );
    expect(record).toBeDefined();
    expect(open311Alert(record!, 1).place.townName).toBeNull();
  });
});

describe('Open311 replay', () => {
  let folder: ReturnType<typeof tempDir>;
  const running: CentralHandle[] = [];

  beforeEach(() => {
    folder = tempDir('open311');
  });

  afterEach(async () => {
    for (const central of running.splice(0)) {
      await central.stop();
    }
    folder.remove();
  });

  async function start(csv = CSV_PATH): Promise<CentralHandle> {
    const central = await startCentral({
      port: 0,
      dataDir: join(folder.dir, 'data'),
      scenario: 'open311',
      speed: Infinity,
      open311Csv: csv,
    });
    running.push(central);
    return central;
  }

  it('publishes every row once, by complaint type', async () => {
    const text = readFileSync(CSV_PATH, 'utf8');
    const expected = independentCounts(text);
    const central = await start();

    const [stats] = central.adapterStats();
    expect(stats?.rows).toBe(expected.rows);
    expect(stats?.published).toBe(expected.rows);
    expect(stats?.skipped).toEqual({});
    expect(stats?.pending).toBe(0);
    expect(central.log.head('alerts').headSeq).toBe(expected.rows);

    const bodies = readAllBodies(central);
    expect(sortedEntries(countByType(bodies))).toEqual(
      sortedEntries(expected.byType),
    );
    const ids = new Set(
      bodies.map((body) =>
        body.kind === 'alert.created' ? body.alert.id : '',
      ),
    );
    expect(ids.size).toBe(expected.rows);
  });

  it('replays on a compressed timeline', async () => {
    // The sample spans about nine months; at this speed that is about 25 ms of replay time.
    const central = await startCentral({
      port: 0,
      dataDir: join(folder.dir, 'data'),
      scenario: 'open311',
      speed: 1e9,
    });
    running.push(central);
    for (let attempt = 0; attempt < 500; attempt += 1) {
      if (central.adapterStats()[0]?.pending === 0) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const [stats] = central.adapterStats();
    expect(stats?.pending).toBe(0);
    expect(stats?.published).toBe(2000);
    expect(central.log.head('alerts').headSeq).toBe(2000);
  });

  it('publishes rows in Created Date order', async () => {
    const central = await start();
    const occurred = readAllBodies(central).map((body) =>
      body.kind === 'alert.created' ? body.alert.occurredAt : 0,
    );
    const sorted = [...occurred].sort((a, b) => a - b);
    expect(occurred).toEqual(sorted);
  });

  it('does not republish after a restart', async () => {
    const first = await start();
    const head = first.log.head('alerts');
    await first.stop();
    running.pop();

    const second = await start();
    const [stats] = second.adapterStats();
    expect(second.log.head('alerts')).toEqual(head);
    expect(stats?.published).toBe(0);
    expect(stats?.alreadyPublished).toBe(2000);
  });

  it('counts bad rows without failing', async () => {
    const header = readFileSync(CSV_PATH, 'utf8').split('\n')[0] as string;
    const columns = header.split(',').length;
    const row = (key: string, created: string, type: string): string => {
      const cells = new Array<string>(columns).fill('');
      cells[0] = key;
      cells[1] = created;
      cells[5] = type;
      return cells.join(',');
    };
    const csv = join(folder.dir, 'bad.csv');
    writeFileSync(
      csv,
      [
        header,
        row('1001', '03/01/2011 02:27:57 PM', 'Noise'),
        row('', '03/01/2011 02:28:57 PM', 'Noise'),
        row('1002', 'yesterday', 'Heating'),
        row('1001', '03/01/2011 02:29:57 PM', 'Noise'),
        row('1003', '03/02/2011 09:00:00 AM', 'Noise'),
      ].join('\n'),
    );

    const central = await start(csv);
    const [stats] = central.adapterStats();
    expect(stats?.rows).toBe(5);
    expect(stats?.published).toBe(3);
    expect(stats?.skipped).toEqual({
      'missing-unique-key': 1,
      'duplicate-unique-key': 1,
    });
    expect(stats?.repaired).toEqual({ 'invalid-created-date': 1 });

    const alerts = readAllBodies(central).flatMap((body) =>
      body.kind === 'alert.created' ? [body.alert] : [],
    );
    const repaired = alerts.find((alert) => alert.id === 'open311:1002');
    expect(repaired?.original[INVALID_DATE_FLAG]).toBe(true);
    expect(repaired?.occurredAt).toBe(repaired?.publishedAt);
    expect(alerts.map((alert) => alert.id).sort()).toEqual([
      'open311:1001',
      'open311:1002',
      'open311:1003',
    ]);
  });
});
