// Ingestion API of the central: source adapters publish alerts, opinion items or points entries
// over HTTP with the same bearer tokens as the console.
//
//   POST /ingest/alerts   body {"items": [Alert, ...]}
//   POST /ingest/opinion  body {"items": [OpinionItem, ...]}
//   POST /ingest/points   body {"items": [PointsEntry, ...]}
//
// Headers: `Authorization: Bearer <access token>`, `Content-Type: application/json`. Every item
// is checked against its schema, and its place against the central's county, before anything is
// published, so a request is applied whole or not at all. An item whose id the central already
// stores with the same content is a duplicate and is not written again. An alert whose id is
// stored with other content is a conflict, while an opinion item or points entry with other
// content replaces the stored record. Replies are JSON: 200 {kind, accepted, created, replaced,
// duplicates, duplicateIds, replacedIds}, or an error {error, message, index?, field?, errors?,
// conflicts?} with 400 (not JSON), 401 (token), 404 (kind), 405 (method), 409 (an alert
// conflicts with a stored one), 413 (size), 415 (content type), 422 (invalid items, each named by
// its index and field) or 500 (publishing failed).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import { Alert } from '../src-shared/contract/index.js';
import { OpinionItem } from '../src-shared/opinion/index.js';
import { PointsEntry } from '../src-shared/points/index.js';
import { createLogger } from '../src-node/logging/index.js';
import type { CountyPlaces, PlaceCodes } from './ingest-place.js';

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
  /**
   * Returns the stored value of the item of this kind and id, null when the central has none, or
   * STORED_CONTENT_UNKNOWN. Without it every item counts as new. It may throw IngestRejection, as
   * the writers do.
   */
  stored?(kind: IngestKind, id: string): unknown;
  /** County that statistical division codes must lie in. Null or absent skips the place check. */
  county?: CountyPlaces | null;
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

/**
 * Value of `IngestDeps.stored` for an id the central has but whose content it cannot read, such
 * as an alert of a log whose alert rows were rebuilt after its early events were pruned. The item
 * counts as a duplicate, so it is never published twice.
 */
export const STORED_CONTENT_UNKNOWN: unique symbol = Symbol(
  'stored-content-unknown',
);

/** Maximum number of item errors or conflicts listed in one error response. */
export const MAX_LISTED_ITEMS = 100;

/** Problem with one item of a request, named by its index in `items`. */
export interface ItemError {
  index: number;
  field: string;
  message: string;
}

/** Alert whose id the central stores with other content, and the fields that differ. */
export interface ItemConflict {
  index: number;
  id: string;
  fields: string[];
}

interface ErrorBody {
  error: string;
  message: string;
  index?: number;
  field?: string;
  /** Every invalid item, up to MAX_LISTED_ITEMS. The first is also in index, field and message. */
  errors?: ItemError[];
  /** Every conflicting alert, up to MAX_LISTED_ITEMS. */
  conflicts?: ItemConflict[];
}

/** Body of a 200 response. `accepted` counts every item: created + replaced + duplicates. */
export interface IngestSummary {
  kind: IngestKind;
  accepted: number;
  /** Items whose id the central did not have, now published. */
  created: number;
  /** Opinion items or points entries that replaced a stored record with other content. */
  replaced: number;
  /** Items equal to the stored one, not written again. */
  duplicates: number;
  duplicateIds: string[];
  replacedIds: string[];
}

/** Outcome of one valid item: written as new, written over a stored record, or skipped. */
type Outcome = 'created' | 'replaced' | 'duplicate';

/**
 * Alert fields the central sets or changes after creation. A repeated alert is compared without
 * them, because the central stamps `publishedAt` itself and operators change `status` by command.
 */
const CENTRAL_ALERT_FIELDS: ReadonlySet<string> = new Set([
  'publishedAt',
  'status',
]);

/**
 * An alert as a source sends it. The central stamps `publishedAt` on every ingested alert, and a
 * new alert waits for acknowledgement, so a source may leave both out.
 */
const IngestedAlert = Alert.extend({
  publishedAt: Alert.shape.publishedAt.optional(),
  status: Alert.shape.status.default('new'),
});

/** Schema issues named per item at most; the first ones tell a source what to fix first. */
const MAX_ISSUES_PER_ITEM = 5;

const SCHEMAS: Readonly<Record<IngestKind, z.ZodType<{ id: string }>>> = {
  alerts: IngestedAlert,
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

/** Returns the items array of a body, or null when the body is not `{"items": [...]}`. */
function itemsOf(body: unknown): unknown[] | null {
  const items =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as { items?: unknown }).items
      : undefined;
  return Array.isArray(items) ? items : null;
}

/** Checks one item: its schema, its id against earlier items and its place against the county. */
/** Names an item by its index, and by its id where it has a string one. */
function itemLabel(index: number, item: unknown): string {
  const id =
    typeof item === 'object' && item !== null
      ? (item as { id?: unknown }).id
      : undefined;
  return typeof id === 'string' && id !== ''
    ? `item ${index} (id ${id})`
    : `item ${index}`;
}

function checkItem(
  kind: IngestKind,
  index: number,
  item: unknown,
  seen: Set<string>,
  county: CountyPlaces | null,
): { id: string } | ItemError {
  const result = SCHEMAS[kind].safeParse(item);
  if (!result.success) {
    const issues = result.error.issues;
    const field = fieldOf(issues[0]?.path ?? []);
    const listed = issues
      .slice(0, MAX_ISSUES_PER_ITEM)
      .map((issue) => `at ${fieldOf(issue.path)}: ${issue.message}`);
    if (issues.length > MAX_ISSUES_PER_ITEM) {
      listed.push(`and ${issues.length - MAX_ISSUES_PER_ITEM} more`);
    }
    return {
      index,
      field,
      message: `${itemLabel(index, item)} is invalid ${listed.join('; ')}; fix it and send the request again`,
    };
  }
  const id = result.data.id;
  if (seen.has(id)) {
    return {
      index,
      field: 'id',
      message: `item ${index} repeats id ${id} of an earlier item in the request; send each id once`,
    };
  }
  seen.add(id);

  // Points entries have no place. Alert and opinion places both carry the checked codes.
  if (county !== null && kind !== 'points') {
    const place: PlaceCodes = (result.data as Alert | OpinionItem).place;
    const problem = county.check(place);
    if (problem !== null) {
      return {
        index,
        field: problem.field,
        message: `item ${index} (id ${id}) is rejected: ${problem.message}`,
      };
    }
  }
  return result.data;
}

/**
 * Validates the body and returns the items, or the error body to respond with. Every item is
 * checked, so the error lists each invalid one (up to MAX_LISTED_ITEMS).
 */
function validate(
  kind: IngestKind,
  body: unknown,
  county: CountyPlaces | null,
): { items: { id: string }[] } | ErrorBody {
  const items = itemsOf(body);
  if (items === null) {
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

  const parsed: { id: string }[] = [];
  const errors: ItemError[] = [];
  const seen = new Set<string>();
  for (const [index, item] of items.entries()) {
    const checked = checkItem(kind, index, item, seen, county);
    if ('message' in checked) {
      errors.push(checked);
    } else {
      parsed.push(checked);
    }
  }

  const first = errors[0];
  if (first === undefined) {
    return { items: parsed };
  }
  const more =
    errors.length > 1
      ? ` (${errors.length} items are invalid, listed in errors)`
      : '';
  return {
    error: 'invalid-item',
    message: first.message + more,
    index: first.index,
    field: first.field,
    errors: errors.slice(0, MAX_LISTED_ITEMS),
  };
}

/** Names the top-level fields whose values differ between a stored and a repeated alert. */
function alertDifferences(stored: unknown, item: { id: string }): string[] {
  const before = (stored ?? {}) as Record<string, unknown>;
  const after = item as unknown as Record<string, unknown>;
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...fields]
    .filter((field) => !CENTRAL_ALERT_FIELDS.has(field))
    .filter((field) => !isDeepStrictEqual(before[field], after[field]))
    .sort();
}

/**
 * Compares each item with the value the central stores under its id. Returns the outcome per
 * item, or the 409 body when an alert conflicts with a stored one.
 */
function classify(
  kind: IngestKind,
  items: readonly { id: string }[],
  deps: IngestDeps,
): Outcome[] | ErrorBody {
  const outcomes: Outcome[] = [];
  const conflicts: ItemConflict[] = [];
  for (const [index, item] of items.entries()) {
    const stored = deps.stored?.(kind, item.id) ?? null;
    // The stored value went through JSON, which drops undefined fields and turns -0 into 0.
    const sent = JSON.parse(JSON.stringify(item)) as { id: string };
    if (stored === null) {
      outcomes.push('created');
    } else if (stored === STORED_CONTENT_UNKNOWN) {
      outcomes.push('duplicate');
    } else if (kind !== 'alerts') {
      outcomes.push(isDeepStrictEqual(stored, sent) ? 'duplicate' : 'replaced');
    } else {
      const fields = alertDifferences(stored, sent);
      outcomes.push('duplicate');
      if (fields.length > 0) {
        conflicts.push({ index, id: item.id, fields });
      }
    }
  }

  const first = conflicts[0];
  if (first === undefined) {
    return outcomes;
  }
  return {
    error: 'conflict',
    message:
      `item ${first.index} has the id ${first.id} of a stored alert but differs in ${first.fields.join(', ')}; ` +
      'an alert is published once and never replaced, so send a changed alert under a new id' +
      (conflicts.length > 1
        ? ` (${conflicts.length} items conflict, listed in conflicts)`
        : ''),
    index: first.index,
    field: 'id',
    conflicts: conflicts.slice(0, MAX_LISTED_ITEMS),
  };
}

/**
 * Writes the items that are not duplicates. An IngestRejection from a writer names the index
 * among the written items, so it is mapped back to the index in the request.
 */
function publish(
  kind: IngestKind,
  items: readonly { id: string }[],
  outcomes: readonly Outcome[],
  deps: IngestDeps,
): void {
  const positions: number[] = [];
  const written: { id: string }[] = [];
  items.forEach((item, index) => {
    if (outcomes[index] !== 'duplicate') {
      positions.push(index);
      written.push(item);
    }
  });
  if (written.length === 0) {
    return;
  }
  try {
    write(kind, written, deps);
  } catch (error) {
    if (error instanceof IngestRejection) {
      throw new IngestRejection(
        positions[error.index] ?? error.index,
        error.field,
        error.message,
      );
    }
    throw error;
  }
}

function write(
  kind: IngestKind,
  items: { id: string }[],
  deps: IngestDeps,
): void {
  switch (kind) {
    case 'alerts': {
      const alerts = items as (Omit<Alert, 'publishedAt'> & {
        publishedAt?: number;
      })[];
      const now = deps.now ?? Date.now;
      // An alert's own publishedAt is kept only where the central has no clock to stamp it with.
      deps.publishAlerts(
        alerts.map((alert) => ({
          ...alert,
          publishedAt:
            deps.now !== undefined || alert.publishedAt === undefined
              ? now()
              : alert.publishedAt,
        })),
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

function summarize(
  kind: IngestKind,
  items: readonly { id: string }[],
  outcomes: readonly Outcome[],
): IngestSummary {
  const idsWith = (outcome: Outcome): string[] =>
    items
      .filter((_, index) => outcomes[index] === outcome)
      .map((item) => item.id);
  const duplicateIds = idsWith('duplicate');
  const replacedIds = idsWith('replaced');
  return {
    kind,
    accepted: items.length,
    created: items.length - duplicateIds.length - replacedIds.length,
    replaced: replacedIds.length,
    duplicates: duplicateIds.length,
    duplicateIds,
    replacedIds,
  };
}

/**
 * Classifies and writes the valid items in one synchronous step, so no other request can store
 * the same id in between, and returns the response body.
 */
function store(
  kind: IngestKind,
  items: readonly { id: string }[],
  deps: IngestDeps,
): IngestSummary | ErrorBody {
  const outcomes = classify(kind, items, deps);
  if (!Array.isArray(outcomes)) {
    return outcomes;
  }
  publish(kind, items, outcomes, deps);
  return summarize(kind, items, outcomes);
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
  const checked = validate(kind, body, deps.county ?? null);
  if (!('items' in checked)) {
    // A body that is no item list is a malformed request; an invalid item is a valid request
    // with content the central cannot take.
    if (checked.error === 'invalid-body') {
      fail(response, 400, checked);
      return;
    }
    log.warn('finish: request rejected because items are invalid', {
      kind,
      invalid: checked.errors?.length ?? 1,
      firstIndex: checked.index,
      firstField: checked.field,
    });
    fail(response, 422, checked);
    return;
  }

  let result: IngestSummary | ErrorBody;
  try {
    result = store(kind, checked.items, deps);
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

  if ('error' in result) {
    log.warn('finish: ingested items conflict with stored alerts', {
      kind,
      conflicts: result.conflicts?.length ?? 0,
      firstId: result.conflicts?.[0]?.id,
    });
    fail(response, 409, result);
    return;
  }
  log.info('finish: items ingested', {
    kind,
    count: result.accepted,
    created: result.created,
    replaced: result.replaced,
    duplicates: result.duplicates,
  });
  reply(response, 200, result);
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
