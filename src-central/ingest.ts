// Ingestion API of the central: source adapters publish alerts, opinion items or points entries
// over HTTP with the same bearer tokens as the console.
//
//   POST /ingest/alerts   body {"items": [Alert, ...]}
//   POST /ingest/opinion  body {"items": [OpinionItem, ...]}
//   POST /ingest/points   body {"items": [PointsEntry, ...]}
//
// Headers: `Authorization: Bearer <access token>`, `Content-Type: application/json`. Every item
// is checked against its schema before anything is published, so a request is applied whole or
// not at all. Replies are JSON: 200 {kind, accepted}, or an error {error, message, index?, field?}
// with 400 (not JSON), 401 (token), 404 (kind), 405 (method), 413 (size), 415 (content type),
// 422 (an invalid item, naming its index and field) or 500 (publishing failed).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { Alert } from '../src-shared/contract/index.js';
import { OpinionItem } from '../src-shared/opinion/index.js';
import { PointsEntry } from '../src-shared/points/index.js';
import { createLogger } from '../src-node/logging/index.js';

const log = createLogger('central-ingest');

export const INGEST_PATH_PREFIX = '/ingest/';
export const INGEST_KINDS = ['alerts', 'opinion', 'points'] as const;
export type IngestKind = (typeof INGEST_KINDS)[number];

/** Default maximum body size in bytes. 1 MiB fits roughly a thousand alerts (an estimate). */
export const DEFAULT_MAX_INGEST_BYTES = 1024 * 1024;
/** Maximum number of items in one request, whatever the body size. */
export const MAX_INGEST_ITEMS = 5000;

export interface IngestDeps {
  /** Checks an access token, as TokenIssuer.check(token).accepted does for the console. */
  verify(token: string): boolean;
  publishAlerts(alerts: readonly Alert[]): void;
  putOpinion(items: readonly OpinionItem[]): void;
  putPointsEntries(entries: readonly PointsEntry[]): void;
  /** Maximum body size in bytes. Larger bodies are rejected with 413 without being read further. */
  maxBodyBytes: number;
  /** Central clock. When given, ingested alerts get its time as `publishedAt`. */
  now?: () => number;
}

/**
 * Thrown by a deps callback to reject a request for a business reason, such as a points entry
 * whose subject is unknown. The handler responds 422 with the index and field, and the callback
 * must have written nothing.
 */
export class IngestRejection extends Error {
  constructor(
    readonly index: number,
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'IngestRejection';
  }
}

interface ErrorBody {
  error: string;
  message: string;
  index?: number;
  field?: string;
}

const SCHEMAS: Readonly<Record<IngestKind, z.ZodType<{ id: string }>>> = {
  alerts: Alert,
  opinion: OpinionItem,
  points: PointsEntry,
};

function reply(
  response: ServerResponse,
  status: number,
  body: unknown,
  extra: Record<string, string> = {},
): void {
  if (response.headersSent) {
    return;
  }
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...extra,
  });
  response.end(JSON.stringify(body));
}

function fail(
  response: ServerResponse,
  status: number,
  body: ErrorBody,
  extra?: Record<string, string>,
): void {
  reply(response, status, body, extra);
}

/** Returns the kind named by a path such as `/ingest/opinion`, or null for any other path. */
export function ingestKindOf(pathname: string): IngestKind | null {
  if (!pathname.startsWith(INGEST_PATH_PREFIX)) {
    return null;
  }
  const kind = pathname.slice(INGEST_PATH_PREFIX.length).replace(/\/$/, '');
  return (INGEST_KINDS as readonly string[]).includes(kind)
    ? (kind as IngestKind)
    : null;
}

function bearerToken(request: IncomingMessage): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') {
    return null;
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

function isJson(request: IncomingMessage): boolean {
  const type = request.headers['content-type'];
  if (typeof type !== 'string') {
    return false;
  }
  return type.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/**
 * Checks the request line and headers. Sends the error response and returns null when the
 * request cannot go on.
 */
function admit(
  request: IncomingMessage,
  response: ServerResponse,
  deps: IngestDeps,
): IngestKind | null {
  const pathname = new URL(request.url ?? '/', 'http://central.invalid')
    .pathname;
  const kind = ingestKindOf(pathname);
  if (kind === null) {
    fail(response, 404, {
      error: 'not-found',
      message: `no ingestion endpoint at ${pathname}; use ${INGEST_KINDS.map((name) => INGEST_PATH_PREFIX + name).join(', ')}`,
    });
    return null;
  }
  if (request.method !== 'POST') {
    fail(
      response,
      405,
      {
        error: 'method-not-allowed',
        message: `method ${request.method ?? '(none)'} is not allowed at ${pathname}; use POST`,
      },
      { allow: 'POST' },
    );
    return null;
  }
  const token = bearerToken(request);
  if (token === null || !deps.verify(token)) {
    log.warn('admit: ingestion request without a valid token', {
      kind,
      hasToken: token !== null,
    });
    fail(
      response,
      401,
      {
        error: token === null ? 'missing-token' : 'invalid-token',
        message:
          token === null
            ? 'the access token is missing; send it as "Authorization: Bearer <token>"'
            : 'the access token is expired or unknown; get a new one from POST /token',
      },
      { 'www-authenticate': 'Bearer' },
    );
    return null;
  }
  if (!isJson(request)) {
    fail(response, 415, {
      error: 'unsupported-media-type',
      message: `content type ${request.headers['content-type'] ?? '(none)'} is not supported; send application/json`,
    });
    return null;
  }
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > deps.maxBodyBytes) {
    tooLarge(response, deps.maxBodyBytes);
    return null;
  }
  return kind;
}

function tooLarge(response: ServerResponse, maxBodyBytes: number): void {
  // The rest of the body is discarded unread, and the connection closes after the response.
  fail(
    response,
    413,
    {
      error: 'too-large',
      message: `the request body is over ${maxBodyBytes} bytes; split the items over several requests`,
    },
    { connection: 'close' },
  );
}

function fieldOf(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(item)' : path.map(String).join('.');
}

/** Validates the body and returns the items, or the error body to respond with. */
function validate(
  kind: IngestKind,
  body: unknown,
): { items: { id: string }[] } | ErrorBody {
  const items =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as { items?: unknown }).items
      : undefined;
  if (!Array.isArray(items)) {
    return {
      error: 'invalid-body',
      message: 'the body must be a JSON object {"items": [...]}',
      field: 'items',
    };
  }
  if (items.length === 0 || items.length > MAX_INGEST_ITEMS) {
    return {
      error: 'invalid-body',
      message: `send 1 to ${MAX_INGEST_ITEMS} items per request, got ${items.length}`,
      field: 'items',
    };
  }
  const schema = SCHEMAS[kind];
  const parsed: { id: string }[] = [];
  const seen = new Set<string>();
  for (const [index, item] of items.entries()) {
    const result = schema.safeParse(item);
    if (!result.success) {
      const issue = result.error.issues[0];
      const field = fieldOf(issue?.path ?? []);
      return {
        error: 'invalid-item',
        message: `item ${index} is invalid at ${field}: ${issue?.message ?? 'schema mismatch'}; fix it and send the request again`,
        index,
        field,
      };
    }
    if (seen.has(result.data.id)) {
      return {
        error: 'invalid-item',
        message:
          `item ${index} repeats id ${result.data.id} of an earlier item in the request; ` +
          'send each id once',
        index,
        field: 'id',
      };
    }
    seen.add(result.data.id);
    parsed.push(result.data);
  }
  return { items: parsed };
}

function publish(
  kind: IngestKind,
  items: { id: string }[],
  deps: IngestDeps,
): void {
  switch (kind) {
    case 'alerts': {
      const alerts = items as Alert[];
      const now = deps.now;
      deps.publishAlerts(
        now
          ? alerts.map((alert) => ({ ...alert, publishedAt: now() }))
          : alerts,
      );
      return;
    }
    case 'opinion':
      deps.putOpinion(items as OpinionItem[]);
      return;
    case 'points':
      deps.putPointsEntries(items as PointsEntry[]);
      return;
  }
}

function finish(
  kind: IngestKind,
  raw: Buffer,
  response: ServerResponse,
  deps: IngestDeps,
): void {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    fail(response, 400, {
      error: 'invalid-body',
      message: `the body is not valid JSON (${(error as Error).message}); send {"items": [...]}`,
    });
    return;
  }
  const checked = validate(kind, body);
  if (!('items' in checked)) {
    // A body that is no item list is a malformed request; an invalid item is a valid request
    // with content the central cannot take.
    fail(response, checked.error === 'invalid-body' ? 400 : 422, checked);
    return;
  }
  try {
    publish(kind, checked.items, deps);
  } catch (error) {
    if (error instanceof IngestRejection) {
      fail(response, 422, {
        error: 'rejected-item',
        message: error.message,
        index: error.index,
        field: error.field,
      });
      return;
    }
    log.error('finish: publishing ingested items failed', {
      kind,
      count: checked.items.length,
      error: (error as Error).message,
    });
    fail(response, 500, {
      error: 'publish-failed',
      message: 'the central could not store the items; retry later',
    });
    return;
  }
  log.info('finish: items ingested', { kind, count: checked.items.length });
  reply(response, 200, { kind, accepted: checked.items.length });
}

/** Handles `POST /ingest/{alerts|opinion|points}` as described at the top of this file. */
export function handleIngestRequest(
  request: IncomingMessage,
  response: ServerResponse,
  deps: IngestDeps,
): void {
  const kind = admit(request, response, deps);
  if (kind === null) {
    request.resume();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  request.on('data', (chunk: Buffer) => {
    if (over) {
      return;
    }
    size += chunk.length;
    if (size > deps.maxBodyBytes) {
      over = true;
      chunks.length = 0;
      tooLarge(response, deps.maxBodyBytes);
      return;
    }
    chunks.push(chunk);
  });
  request.on('end', () => {
    if (!over) {
      finish(kind, Buffer.concat(chunks), response, deps);
    }
  });
  request.on('error', (error) => {
    log.warn('handleIngestRequest: request stream failed', {
      kind,
      error: error.message,
    });
  });
}
