import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../../src-shared/contract/index.js';
import type { OpinionItem } from '../../../src-shared/opinion/index.js';
import {
  POINTS_COLLECTIONS,
  type PointsEntry,
} from '../../../src-shared/points/index.js';
import { TokenIssuer } from '../../../src-central/auth.js';
import { loadDivisions } from '../../../src-central/data/divisions.js';
import {
  DATA_FILES,
  DEFAULT_DATA_DIR,
} from '../../../src-central/data/paths.js';
import { createOpinionDomain } from '../../../src-central/domains/opinion/index.js';
import { createPointsDomain } from '../../../src-central/domains/points/index.js';
import type { CentralDomain } from '../../../src-central/domains/types.js';
import {
  DEV_TOKEN,
  startCentral,
  type CentralHandle,
  type CentralIngest,
} from '../../../src-central/server.js';
import {
  handleIngestRequest,
  type IngestDeps,
} from '../../../src-central/ingest.js';
import { sampleAlert } from '../../unit/central/fixtures.js';
import { createMemoryContext } from '../../unit/opinion/memory-context.js';
import { item } from '../../unit/opinion/fixtures.js';
import { createTempDirs } from '../services/helpers/temp.js';
import { join } from 'node:path';

const STATIC_TOKEN = 'ingest-test-token';
const REFRESH_TOKEN = 'ingest-test-refresh';
const MAX_BODY = 64 * 1024;
const CENTRAL_NOW = 1_800_000_000_000;

const divisions = loadDivisions(join(DEFAULT_DATA_DIR, DATA_FILES.divisions));

interface Received {
  alerts: Alert[][];
  opinion: OpinionItem[][];
  points: PointsEntry[][];
}

describe('ingestion API', () => {
  let server: Server;
  let base: string;
  const received: Received = { alerts: [], opinion: [], points: [] };
  const issuer = new TokenIssuer({
    staticTokens: [STATIC_TOKEN],
    refreshTokens: [REFRESH_TOKEN],
    accessTokenTtlMs: 60_000,
    clock: () => Date.now(),
  });
  const context = createMemoryContext(CENTRAL_NOW);
  const points = createPointsDomain({ divisions, seed: 1 });

  beforeAll(async () => {
    points.start!(context, { seed: 1, speed: 1, scenario: 'none' })();
    context.put(POINTS_COLLECTIONS.subject, 'resident-1', {
      id: 'resident-1',
      kind: 'resident',
      name: '王建国',
      townCode: '421123100',
      townName: '凤山镇',
      villageCode: '421123100001',
      villageName: '一村',
      baseScore: 100,
    });

    const deps: IngestDeps = {
      verify: (token) => issuer.check(token).accepted,
      publishAlerts: (alerts) => received.alerts.push([...alerts]),
      putOpinion: (items) => received.opinion.push([...items]),
      putPointsEntries: (entries) => {
        points.putEntries(context, entries);
        received.points.push([...entries]);
      },
      maxBodyBytes: MAX_BODY,
      now: () => CENTRAL_NOW,
    };
    server = createServer((request, response) =>
      handleIngestRequest(request, response, deps),
    );
    await new Promise<void>((resolve) =>
      server.listen(0, '127.0.0.1', resolve),
    );
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    received.alerts.length = 0;
    received.opinion.length = 0;
    received.points.length = 0;
  });

  async function post(
    kind: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<{
    status: number;
    body: Record<string, unknown>;
    headers: Headers;
  }> {
    const response = await fetch(`${base}/ingest/${kind}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${STATIC_TOKEN}`,
        'content-type': 'application/json',
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return {
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
      headers: response.headers,
    };
  }

  function entry(
    id: string,
    overrides: Partial<PointsEntry> = {},
  ): PointsEntry {
    return {
      id,
      subjectId: 'resident-1',
      ruleId: 'rule:example:p01',
      points: 5,
      at: CENTRAL_NOW - 1000,
      status: 'pending_review',
      reviewedBy: null,
      reviewedAt: null,
      ...overrides,
    };
  }

  it('rejects a request without a token', async () => {
    const reply = await post(
      'alerts',
      { items: [sampleAlert('a')] },
      { authorization: '' },
    );
    expect(reply.status).toBe(401);
    expect(reply.body.error).toBe('missing-token');
    expect(reply.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('rejects an unknown token', async () => {
    const reply = await post(
      'alerts',
      { items: [sampleAlert('a')] },
      { authorization: 'Bearer wrong' },
    );
    expect(reply.status).toBe(401);
    expect(reply.body.error).toBe('invalid-token');
    expect(received.alerts).toHaveLength(0);
  });

  it('accepts an issued access token', async () => {
    const issued = issuer.issue(REFRESH_TOKEN);
    const reply = await post(
      'alerts',
      { items: [sampleAlert('issued-1')] },
      { authorization: `Bearer ${issued?.accessToken ?? ''}` },
    );
    expect(reply.status).toBe(200);
  });

  it('publishes accepted alerts', async () => {
    const reply = await post('alerts', {
      items: [sampleAlert('a1', 1), sampleAlert('a2', 2)],
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      kind: 'alerts',
      accepted: 2,
      created: 2,
      replaced: 0,
      duplicates: 0,
      duplicateIds: [],
      replacedIds: [],
    });
    expect(received.alerts).toHaveLength(1);
    expect(received.alerts[0]?.map((alert) => alert.id)).toEqual(['a1', 'a2']);
    expect(
      received.alerts[0]?.every((alert) => alert.publishedAt === CENTRAL_NOW),
    ).toBe(true);
  });

  it('puts accepted opinion items', async () => {
    const items = [
      item({ id: 'o1' }),
      item({ id: 'o2', sentiment: 'negative', emotion: 'anger' }),
    ];
    const reply = await post('opinion', { items });
    expect(reply.status).toBe(200);
    expect(received.opinion).toEqual([items]);
  });

  it('puts accepted points entries', async () => {
    const reply = await post('points', { items: [entry('pe-1')] });
    expect(reply.status).toBe(200);
    expect(received.points[0]?.map((value) => value.id)).toEqual(['pe-1']);
    expect(context.get(POINTS_COLLECTIONS.entry, 'pe-1')).not.toBeNull();
  });

  it('lists the levels for a text level', async () => {
    const reply = await post('alerts', {
      items: [{ ...sampleAlert('lv'), level: '一级' }],
    });
    expect(reply.status).toBe(422);
    expect(reply.body.field).toBe('level');
    expect(String(reply.body.message)).toContain('1 (一级) to 4 (四级)');
    expect(received.alerts).toHaveLength(0);
  });

  it('names the first invalid item', async () => {
    const bad = item({ id: 'o3' });
    const items = [
      item({ id: 'o1' }),
      item({ id: 'o2' }),
      { ...bad, place: { ...bad.place, townCode: '42' } },
      { ...item({ id: 'o4' }), heat: -3 },
    ];
    const reply = await post('opinion', { items });
    expect(reply.status).toBe(422);
    expect(reply.body.error).toBe('invalid-item');
    expect(reply.body.index).toBe(2);
    expect(reply.body.field).toBe('place.townCode');
    expect(String(reply.body.message)).toContain('item 2');
    expect(received.opinion).toHaveLength(0);
  });

  it('rejects a repeated id', async () => {
    const reply = await post('alerts', {
      items: [sampleAlert('same'), sampleAlert('same')],
    });
    expect(reply.status).toBe(422);
    expect(reply.body.index).toBe(1);
    expect(reply.body.field).toBe('id');
    expect(received.alerts).toHaveLength(0);
  });

  it('rejects entries the domain refuses', async () => {
    const reply = await post('points', {
      items: [entry('pe-2'), entry('pe-3', { subjectId: 'ghost' })],
    });
    expect(reply.status).toBe(422);
    expect(reply.body.error).toBe('rejected-item');
    expect(reply.body.index).toBe(1);
    expect(reply.body.field).toBe('subjectId');
    expect(context.get(POINTS_COLLECTIONS.entry, 'pe-2')).toBeNull();
  });

  it('rejects a body that is not an item list', async () => {
    const bare = await post('alerts', [sampleAlert('x')]);
    expect(bare.status).toBe(400);
    expect(bare.body.error).toBe('invalid-body');
    expect(bare.body.field).toBe('items');
    const empty = await post('alerts', { items: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toBe('invalid-body');
  });

  it('rejects malformed JSON', async () => {
    const reply = await post('alerts', '{"items": [');
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe('invalid-body');
  });

  it('rejects another content type', async () => {
    const reply = await post(
      'alerts',
      { items: [sampleAlert('x')] },
      { 'content-type': 'text/plain' },
    );
    expect(reply.status).toBe(415);
  });

  it('rejects an unknown kind and method', async () => {
    const unknown = await post('weather', { items: [] });
    expect(unknown.status).toBe(404);
    const get = await fetch(`${base}/ingest/alerts`, {
      headers: { authorization: `Bearer ${STATIC_TOKEN}` },
    });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    await get.body?.cancel();
  });

  it('rejects a declared oversized body', async () => {
    const items = Array.from({ length: 200 }, (_, index) =>
      sampleAlert(`big-${index}`),
    );
    const reply = await post('alerts', { items });
    expect(JSON.stringify({ items }).length).toBeGreaterThan(MAX_BODY);
    expect(reply.status).toBe(413);
    expect(reply.body.error).toBe('too-large');
    expect(received.alerts).toHaveLength(0);
  });

  it('rejects an oversized streamed body', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) {
          controller.enqueue(new TextEncoder().encode('{"items": ['));
        }
        // Eight chunks of 16 KiB are twice the limit; the stream then ends on its own.
        if (sent >= 8) {
          controller.enqueue(new TextEncoder().encode(']}'));
          controller.close();
          return;
        }
        sent += 1;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${base}/ingest/alerts`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${STATIC_TOKEN}`,
        'content-type': 'application/json',
      },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: string }).error).toBe(
      'too-large',
    );
    expect(received.alerts).toHaveLength(0);
  });
});

describe('ingestion API on a running central', () => {
  const temp = createTempDirs();
  const LUOTIAN = { code: '421123', name: '罗田县', divisions };
  let central: CentralHandle;
  let base: string;

  /** Points domain that also stores the one subject the test entries name. */
  function pointsWithSubject(): {
    domain: CentralDomain;
    ingest: CentralIngest['points'];
  } {
    const points = createPointsDomain({ divisions, seed: 1 });
    const domain: CentralDomain = {
      ...points,
      start(domainContext, options) {
        const stop = points.start!(domainContext, options);
        domainContext.put(POINTS_COLLECTIONS.subject, 'resident-1', {
          id: 'resident-1',
          kind: 'resident',
          name: '王建国',
          townCode: '421123100',
          townName: '凤山镇',
          villageCode: '421123100001',
          villageName: '一村',
          baseScore: 100,
        });
        return stop;
      },
    };
    return {
      domain,
      ingest: (domainContext, entries) =>
        points.putEntries(domainContext, entries),
    };
  }

  beforeAll(async () => {
    const opinion = createOpinionDomain({ divisions, seed: 1 });
    const points = pointsWithSubject();
    central = await startCentral({
      port: 0,
      dataDir: temp.make('ingest-central-'),
      scenario: 'none',
      county: LUOTIAN,
      domains: [opinion, points.domain],
      ingest: {
        opinion: (domainContext, items) =>
          opinion.putItems(domainContext, items),
        points: points.ingest,
      },
    });
    base = `http://127.0.0.1:${central.port}`;
  });

  afterAll(async () => {
    await central.stop();
    temp.removeAll();
  });

  async function post(
    kind: string,
    items: unknown[],
    at = base,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${at}/ingest/${kind}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${DEV_TOKEN}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ items }),
    });
    return {
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
    };
  }

  function head(stream: string): number {
    return central.log.head(stream).headSeq;
  }

  /** Builds a valid alert placed in 凤山镇 of 罗田县, with any place field overridden. */
  function placedAlert(id: string, place: Partial<Alert['place']> = {}): Alert {
    const alert = sampleAlert(id);
    return {
      ...alert,
      place: {
        ...alert.place,
        townCode: '421123100',
        townName: '凤山镇',
        divisionCode: '421123100001',
        ...place,
      },
    };
  }

  function storedRecord(collection: string, id: string) {
    return central.listRecords(collection).find((record) => record.id === id);
  }

  it('stamps an alert sent without central fields', async () => {
    const {
      publishedAt: _publishedAt,
      status: _status,
      ...sent
    } = placedAlert('bare-1');
    const before = Date.now();
    const reply = await post('alerts', [sent]);
    expect(reply.status).toBe(200);
    expect(reply.body.created).toBe(1);

    const head = central.log.head('alerts').headSeq;
    const [event] = central.log.read('alerts', head, 1);
    const body = event?.body as { kind: string; alert: Alert };
    expect(body.kind).toBe('alert.created');
    expect(body.alert.id).toBe('bare-1');
    expect(body.alert.status).toBe('new');
    expect(body.alert.publishedAt).toBeGreaterThanOrEqual(before);
  });

  it('lists every invalid field of an item', async () => {
    const bad = {
      ...placedAlert('two-faults'),
      level: 5,
      emergencyClass: 'weather',
    };
    const reply = await post('alerts', [bad]);
    expect(reply.status).toBe(422);
    const message = String(reply.body.message);
    expect(message).toContain('item 0 (id two-faults)');
    expect(message).toContain('at level');
    expect(message).toContain('at emergencyClass');
  });

  it('answers a retried alert batch as duplicates', async () => {
    const items = [placedAlert('retry-1'), placedAlert('retry-2')];
    const first = await post('alerts', items);
    expect(first.status).toBe(200);
    expect(first.body.created).toBe(2);
    const headAfterFirst = head('alerts');

    const retry = await post('alerts', items);
    expect(retry.status).toBe(200);
    expect(retry.body.accepted).toBe(2);
    expect(retry.body.created).toBe(0);
    expect(retry.body.duplicates).toBe(2);
    expect(retry.body.duplicateIds).toEqual(['retry-1', 'retry-2']);
    expect(head('alerts')).toBe(headAfterFirst);
  });

  it('reports new and repeated alerts apart', async () => {
    await post('alerts', [placedAlert('part-1')]);
    const before = head('alerts');
    const reply = await post('alerts', [
      placedAlert('part-1'),
      placedAlert('part-2'),
    ]);
    expect(reply.status).toBe(200);
    expect(reply.body.created).toBe(1);
    expect(reply.body.duplicateIds).toEqual(['part-1']);
    expect(head('alerts')).toBe(before + 1);
  });

  it('rejects a changed alert as a conflict', async () => {
    const original = placedAlert('conflict-1');
    await post('alerts', [original]);
    const before = head('alerts');

    const changed = { ...original, title: '另一个标题', level: 2 };
    const reply = await post('alerts', [placedAlert('conflict-new'), changed]);
    expect(reply.status).toBe(409);
    expect(reply.body.error).toBe('conflict');
    expect(reply.body.index).toBe(1);
    expect(reply.body.conflicts).toEqual([
      { index: 1, id: 'conflict-1', fields: ['level', 'title'] },
    ]);
    expect(String(reply.body.message)).toContain('conflict-1');
    expect(head('alerts')).toBe(before);

    const again = await post('alerts', [original]);
    expect(again.body.duplicateIds).toEqual(['conflict-1']);
    const newOne = await post('alerts', [placedAlert('conflict-new')]);
    expect(newOne.body.created).toBe(1);
  });

  it('skips a retried opinion item', async () => {
    const opinionItem = item({ id: 'op-retry' });
    const first = await post('opinion', [opinionItem]);
    expect(first.body.created).toBe(1);
    const before = head('opinion');

    const retry = await post('opinion', [opinionItem]);
    expect(retry.status).toBe(200);
    expect(retry.body.duplicates).toBe(1);
    expect(retry.body.duplicateIds).toEqual(['op-retry']);
    expect(head('opinion')).toBe(before);
    expect(storedRecord('opinion.item', 'op-retry')?.version).toBe(1);
  });

  it('replaces a changed opinion item', async () => {
    const opinionItem = item({ id: 'op-change', heat: 10 });
    await post('opinion', [opinionItem]);
    const reply = await post('opinion', [{ ...opinionItem, heat: 250 }]);
    expect(reply.status).toBe(200);
    expect(reply.body.created).toBe(0);
    expect(reply.body.replaced).toBe(1);
    expect(reply.body.replacedIds).toEqual(['op-change']);
    const stored = storedRecord('opinion.item', 'op-change');
    expect(stored?.version).toBe(2);
    expect(stored?.data['heat']).toBe(250);
  });

  it('skips a retried points entry', async () => {
    const entry: PointsEntry = {
      id: 'pe-retry',
      subjectId: 'resident-1',
      ruleId: 'rule:example:p01',
      points: 5,
      at: CENTRAL_NOW,
      status: 'pending_review',
      reviewedBy: null,
      reviewedAt: null,
    };
    expect((await post('points', [entry])).body.created).toBe(1);
    const before = head('points');
    const retry = await post('points', [entry]);
    expect(retry.status).toBe(200);
    expect(retry.body.duplicateIds).toEqual(['pe-retry']);
    expect(head('points')).toBe(before);
    expect(storedRecord(POINTS_COLLECTIONS.entry, 'pe-retry')?.version).toBe(1);
  });

  it('names the request index of a refused entry', async () => {
    const entry: PointsEntry = {
      id: 'pe-index',
      subjectId: 'resident-1',
      ruleId: 'rule:example:p01',
      points: 5,
      at: CENTRAL_NOW,
      status: 'pending_review',
      reviewedBy: null,
      reviewedAt: null,
    };
    await post('points', [entry]);
    // The duplicate at index 0 is not passed to the domain, which receives the ghost entry first.
    const reply = await post('points', [
      entry,
      { ...entry, id: 'pe-ghost', subjectId: 'ghost' },
    ]);
    expect(reply.status).toBe(422);
    expect(reply.body.error).toBe('rejected-item');
    expect(reply.body.index).toBe(1);
    expect(reply.body.field).toBe('subjectId');
    expect(storedRecord(POINTS_COLLECTIONS.entry, 'pe-ghost')).toBeUndefined();
  });

  it('rejects a town code of another county', async () => {
    const before = head('alerts');
    const reply = await post('alerts', [
      placedAlert('other-county', {
        townCode: '420102001',
        townName: '某街道',
        divisionCode: null,
      }),
    ]);
    expect(reply.status).toBe(422);
    expect(reply.body.error).toBe('invalid-item');
    expect(reply.body.field).toBe('place.townCode');
    expect(String(reply.body.message)).toContain('420102001');
    expect(String(reply.body.message)).toContain('罗田县 (421123)');
    expect(head('alerts')).toBe(before);
  });

  it('rejects an opinion item of another county', async () => {
    const bad = item({ id: 'op-other' });
    const reply = await post('opinion', [
      { ...bad, place: { ...bad.place, divisionCode: '420102001001' } },
    ]);
    expect(reply.status).toBe(422);
    expect(reply.body.field).toBe('place.divisionCode');
    expect(storedRecord('opinion.item', 'op-other')).toBeUndefined();
  });

  it('rejects a town code not in the list', async () => {
    const reply = await post('alerts', [
      placedAlert('unknown-town', {
        townCode: '421123999',
        divisionCode: null,
      }),
    ]);
    expect(reply.status).toBe(422);
    expect(reply.body.field).toBe('place.townCode');
    expect(String(reply.body.message)).toContain('421123999');
    expect(String(reply.body.message)).toContain('division list');
  });

  it('rejects a village of another town', async () => {
    // 421123101001 is a village of 骆驼坳镇 (421123101), not of 凤山镇 (421123100).
    const reply = await post('alerts', [
      placedAlert('wrong-village', { divisionCode: '421123101001' }),
    ]);
    expect(reply.status).toBe(422);
    expect(reply.body.field).toBe('place.divisionCode');
    expect(String(reply.body.message)).toContain('421123101001');
    expect(String(reply.body.message)).toContain('421123100');
  });

  it('rejects a town name of another town', async () => {
    const reply = await post('alerts', [
      placedAlert('wrong-name', { townName: '骆驼坳镇' }),
    ]);
    expect(reply.status).toBe(422);
    expect(reply.body.field).toBe('place.townName');
    expect(String(reply.body.message)).toContain('凤山镇');
  });

  it('accepts zero-padded town codes', async () => {
    // The 12-digit form of town 421123100 ends in 000, and 421123000000 is the county itself.
    const town = await post('alerts', [
      placedAlert('padded-town', { divisionCode: '421123100000' }),
    ]);
    expect(town.status).toBe(200);
    const county = await post('alerts', [
      placedAlert('padded-county', {
        townCode: null,
        townName: null,
        divisionCode: '421123000000',
      }),
    ]);
    expect(county.status).toBe(200);
    const countyAsTown = await post('alerts', [
      placedAlert('county-as-town', {
        townCode: '421123000',
        divisionCode: null,
      }),
    ]);
    expect(countyAsTown.status).toBe(422);
    expect(countyAsTown.body.field).toBe('place.townCode');
  });

  it('passes foreign labels unchanged', async () => {
    const foreign = placedAlert('foreign-label', {
      townCode: 'BK07',
      townName: 'BROOKLYN',
      divisionCode: '11232',
    });
    const reply = await post('alerts', [foreign]);
    expect(reply.status).toBe(200);
    expect(reply.body.created).toBe(1);
    const retry = await post('alerts', [foreign]);
    expect(retry.body.duplicateIds).toEqual(['foreign-label']);
  });

  it('keeps nothing of a mixed batch', async () => {
    const earlier = placedAlert('mixed-earlier');
    await post('alerts', [earlier]);
    const before = head('alerts');

    const reply = await post('alerts', [
      placedAlert('mixed-good-1'),
      placedAlert('mixed-bad-1', { townCode: '420102001', divisionCode: null }),
      placedAlert('mixed-good-2'),
      placedAlert('mixed-bad-2', { divisionCode: '421123999001' }),
    ]);
    expect(reply.status).toBe(422);
    expect(reply.body.index).toBe(1);
    const errors = reply.body.errors as { index: number; field: string }[];
    expect(errors.map((error) => error.index)).toEqual([1, 3]);
    expect(errors.map((error) => error.field)).toEqual([
      'place.townCode',
      'place.divisionCode',
    ]);
    expect(head('alerts')).toBe(before);

    const retry = await post('alerts', [
      earlier,
      placedAlert('mixed-good-1'),
      placedAlert('mixed-good-2'),
    ]);
    expect(retry.body.duplicateIds).toEqual(['mixed-earlier']);
    expect(retry.body.created).toBe(2);
  });

  it('checks only the prefix without a list', async () => {
    const prefixOnly = await startCentral({
      port: 0,
      dataDir: temp.make('ingest-prefix-'),
      scenario: 'none',
      county: { code: '421123', name: '罗田县' },
    });
    const at = `http://127.0.0.1:${prefixOnly.port}`;
    try {
      const unlisted = await post(
        'alerts',
        [placedAlert('prefix-unlisted', { townCode: '421123999' })],
        at,
      );
      expect(unlisted.status).toBe(200);
      const outside = await post(
        'alerts',
        [placedAlert('prefix-outside', { divisionCode: '420102001001' })],
        at,
      );
      expect(outside.status).toBe(422);
      expect(outside.body.field).toBe('place.divisionCode');
    } finally {
      await prefixOnly.stop();
    }
  });

  it('takes the county from its scenario', async () => {
    const county = await startCentral({
      port: 0,
      dataDir: temp.make('ingest-county-'),
      scenario: 'county',
      scenarioLimit: 0,
    });
    const plain = await startCentral({
      port: 0,
      dataDir: temp.make('ingest-plain-'),
      scenario: 'none',
    });
    try {
      const outside = placedAlert('scenario-outside', {
        townCode: '420102001',
        divisionCode: null,
      });
      const checked = await post(
        'alerts',
        [outside],
        `http://127.0.0.1:${county.port}`,
      );
      expect(checked.status).toBe(422);
      expect(String(checked.body.message)).toContain('罗田县 (421123)');

      const unchecked = await post(
        'alerts',
        [outside],
        `http://127.0.0.1:${plain.port}`,
      );
      expect(unchecked.status).toBe(200);
    } finally {
      await county.stop();
      await plain.stop();
    }
  });
});
