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
import { createPointsDomain } from '../../../src-central/domains/points/index.js';
import {
  handleIngestRequest,
  type IngestDeps,
} from '../../../src-central/ingest.js';
import { sampleAlert } from '../../unit/central/fixtures.js';
import { createMemoryContext } from '../../unit/opinion/memory-context.js';
import { item } from '../../unit/opinion/fixtures.js';
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
    expect(reply.body).toEqual({ kind: 'alerts', accepted: 2 });
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
