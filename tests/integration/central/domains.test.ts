import { afterEach, describe, expect, it } from 'vitest';
import {
  DEV_TOKEN,
  startCentral,
  type CentralHandle,
} from '../../../src-central/server.js';
import {
  buildDomains,
  parseDomainNames,
} from '../../../src-central/domains/index.js';
import { sampleAlert } from '../../unit/central/fixtures.js';
import { item } from '../../unit/opinion/fixtures.js';
import { createTempDirs } from '../services/helpers/temp.js';

const temp = createTempDirs();
const running: CentralHandle[] = [];

afterEach(async () => {
  for (const central of running.splice(0)) {
    await central.stop();
  }
  temp.removeAll();
});

async function start(
  names: string,
): Promise<{ central: CentralHandle; base: string }> {
  const built = buildDomains({
    names: parseDomainNames(names),
    seed: 3,
    residents: 200,
  });
  const central = await startCentral({
    port: 0,
    dataDir: temp.make(),
    scenario: 'none',
    ...built,
  });
  running.push(central);
  return { central, base: `http://127.0.0.1:${central.port}` };
}

function post(base: string, kind: string, body: unknown, token = DEV_TOKEN) {
  return fetch(`${base}/ingest/${kind}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
}

describe('central domains', () => {
  it('rejects an unknown domain name', () => {
    expect(() => parseDomainNames('dispatch,weather')).toThrow(
      /unknown domain "weather"; choose from dispatch, duty, hall, opinion, points/,
    );
    expect(parseDomainNames('none')).toEqual([]);
  });

  it('seeds the resources of the real county', async () => {
    const { central } = await start('dispatch,hall');
    const resources = central.listRecords('resource');
    expect(resources.length).toBeGreaterThan(1900);
    const villages = new Set(
      resources
        .filter((resource) => resource.id.startsWith('police:'))
        .map((resource) => resource.id),
    );
    expect(villages.size).toBe(441);
    expect(central.listRecords('hall.layout').length).toBeGreaterThan(0);
  });

  it('stores ingested opinion items as records', async () => {
    const { central, base } = await start('opinion');
    const first = item({ id: 'ingest-1', title: '道路积水反映' });
    const response = await post(base, 'opinion', { items: [first] });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      kind: 'opinion',
      accepted: 1,
      created: 1,
      replaced: 0,
      duplicates: 0,
      duplicateIds: [],
      replacedIds: [],
    });
    const stored = central
      .listRecords('opinion.item')
      .find((record) => record.id === 'ingest-1');
    expect(stored?.data['title']).toBe('道路积水反映');
  });

  it('publishes a repeated alert once', async () => {
    const { central, base } = await start('none');
    const alert = sampleAlert('ingest-alert-1');
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await post(base, 'alerts', { items: [alert] });
      expect(response.status).toBe(200);
    }
    expect(central.log.head('alerts').headSeq).toBe(1);
  });

  it('rejects bad token and stopped domain', async () => {
    const { base } = await start('none');
    const unauthorized = await post(
      base,
      'opinion',
      { items: [item()] },
      'wrong',
    );
    expect(unauthorized.status).toBe(401);
    const notRunning = await post(base, 'opinion', { items: [item()] });
    expect(notRunning.status).toBe(422);
    expect(((await notRunning.json()) as { message: string }).message).toMatch(
      /does not run the opinion domain/,
    );
  });
});
