import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  AlertEventBody,
  CloseCode,
  StreamName,
  MAX_FRAME_BYTES,
  RECORD_STREAMS,
  STREAMS,
  type Alert,
  type CentralFrame,
  type CommandFrame,
  type StoredRecord,
} from '../src-shared/contract/index.js';
import { createLogger } from '../src-node/logging/index.js';
import { buildAdapters, type ScenarioName } from './adapters/index.js';
import type {
  AdapterContext,
  AdapterStats,
  SourceAdapter,
} from './adapters/types.js';
import {
  DEFAULT_ACCESS_TOKEN_TTL_MS,
  DEV_REFRESH_TOKEN,
  TOKEN_PATH,
  TokenIssuer,
  handleTokenRequest,
  type TokenCheck,
} from './auth.js';
import { applyCommand } from './commands.js';
import { createDomainContext } from './domains/context.js';
import type {
  CentralDomain,
  CommandHandler,
  DomainContext,
} from './domains/types.js';
import { RecordStore } from './log/record-store.js';
import { loadDivisions } from './data/divisions.js';
import { DATA_FILES, DEFAULT_DATA_DIR } from './data/paths.js';
import { CountyPlaces, type IngestCounty } from './ingest-place.js';
import {
  DEFAULT_MAX_INGEST_BYTES,
  INGEST_PATH_PREFIX,
  IngestRejection,
  STORED_CONTENT_UNKNOWN,
  handleIngestRequest,
  type IngestDeps,
} from './ingest.js';
import {
  OPINION_COLLECTION,
  type OpinionItem,
} from '../src-shared/opinion/index.js';
import {
  POINTS_COLLECTIONS,
  type PointsEntry,
} from '../src-shared/points/index.js';
import { EventLog } from './log/event-log.js';
import { StateStore } from './log/state-store.js';
import {
  ConsoleSession,
  DEFAULT_REPLAY_PAGE,
  type SessionHost,
  type SessionSnapshot,
} from './session.js';
import {
  DEFAULT_SNAPSHOT_PAGE_SIZE,
  SnapshotStore,
  type SnapshotPageText,
} from './snapshot.js';

const log = createLogger('central-server');

/** Token every development central accepts unless `tokens` is given. Never use it in production. */
export const DEV_TOKEN = 'dev-console-token';
export const CONSOLE_PATH = '/console';
export const DATABASE_FILE = 'central.sqlite';

const DEFAULT_HEARTBEAT_MS = 10_000;
const DEFAULT_HELLO_TIMEOUT_MS = 10_000;
const DEFAULT_PRUNE_INTERVAL_MS = 60_000;
/** A session that sent nothing for this many heartbeat intervals is dropped. */
const SILENCE_LIMIT_HEARTBEATS = 2.5;
const STOP_GRACE_MS = 2000;

/** Writers for items arriving at the ingestion API, each given its domain's context. */
export interface CentralIngest {
  opinion?(context: DomainContext, items: readonly OpinionItem[]): void;
  points?(context: DomainContext, entries: readonly PointsEntry[]): void;
}

export interface CentralOptions {
  /** Interface to listen on; loopback unless `allowRemote` is set. */
  host?: string;
  /** TCP port; 0 picks a free one. */
  port?: number;
  /** Folder for the SQLite log and state. */
  dataDir: string;
  scenario: ScenarioName;
  /** Time compression of the scenario (1 = real time). */
  speed?: number;
  /** Seed of the county scenario. */
  seed?: number;
  /** County scenario alerts per minute of scenario time. */
  ratePerMinute?: number;
  /** Static access tokens that never expire; defaults to [DEV_TOKEN]. */
  tokens?: string[];
  /** Refresh tokens the /token endpoint accepts; defaults to [DEV_REFRESH_TOKEN]. */
  refreshTokens?: string[];
  /** Lifetime of access tokens issued by /token, in ms (15 minutes by default). */
  accessTokenTtlMs?: number;
  /** Alert rows per snapshot page. */
  snapshotPageSize?: number;
  /** Interval of server pings, in ms (at least 1000, as the welcome frame requires). */
  heartbeatMs?: number;
  /** Time allowed between connect and hello, in ms. */
  helloTimeoutMs?: number;
  /** Drop events older than this, in ms; kept forever when absent. */
  retentionMs?: number;
  /** Keep at most this many events per stream; unlimited when absent. */
  maxEvents?: number;
  /** Events per replay page; the session yields to the event loop after each page. */
  replayPageSize?: number;
  /** Interval of retention runs, in ms. */
  pruneIntervalMs?: number;
  /** CSV file for the open311 scenario; defaults to the bundled NYC sample. */
  open311Csv?: string;
  /** Folder of the county division list and code tables; defaults to resources/data. */
  resourceDir?: string;
  /** Publish the whole open311 file at start. */
  burst?: boolean;
  /** Stop the county scenario after this many alerts in total. */
  scenarioLimit?: number;
  /**
   * Domains with record streams (dispatch, duty, opinion, points, hall). Without it the central
   * serves alerts only.
   */
  domains?: readonly CentralDomain[];
  /** Writers of the ingestion API; a kind without one answers 422 "not running". */
  ingest?: CentralIngest;
  /** Largest ingestion request body in bytes; 1 MiB when absent. */
  maxIngestBytes?: number;
  /**
   * County whose statistical division codes the ingestion API accepts in a place. When absent, a
   * county scenario uses the division list it replays (from `resourceDir`) and other scenarios
   * check no codes. Null turns the check off.
   */
  county?: IngestCounty | null;
  /** Allow a non-loopback `host`. */
  allowRemote?: boolean;
  clock?: () => number;
}

export interface CentralHandle {
  /** WebSocket URL of the console endpoint, e.g. ws://127.0.0.1:7410/console. */
  url: string;
  port: number;
  log: EventLog;
  /** Appends one event, pushes it to every caught-up session and returns its sequence. */
  publish(stream: string, body: unknown): number;
  /** Appends several events in one transaction and returns their sequences. */
  publishMany(stream: string, bodies: readonly unknown[]): number[];
  /** Counters of every running source adapter. */
  adapterStats(): AdapterStats[];
  /** Current records of a collection of a record stream, ordered by id. */
  listRecords(collection: string): StoredRecord[];
  /** Number of sessions past their hello. */
  sessionCount(): number;
  /** Replay position and socket buffer of every session past its hello. */
  sessions(): SessionSnapshot[];
  /** Applies the retention rules now; returns the number of events dropped. */
  prune(): number;
  /** Stops accepting a refresh token at /token. */
  revokeRefreshToken(refreshToken: string): void;
  /**
   * Announces a planned restart: every session gets `error{code:'draining', retryAfterMs}` and a
   * close with 4002, and new connections are refused until `stop` or `undrain`.
   */
  drain(retryAfterMs: number): void;
  /** Accepts connections again after `drain`. */
  undrain(): void;
  /** Closes sessions with 1001, stops adapters and timers and closes the log. */
  stop(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function checkOptions(options: CentralOptions): void {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host) && options.allowRemote !== true) {
    throw new Error(
      `host ${host} is not a loopback address; pass allowRemote (--allow-remote) to listen on it`,
    );
  }
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  if (!Number.isInteger(heartbeatMs) || heartbeatMs < 1000) {
    throw new Error(
      `heartbeatMs must be an integer of at least 1000, got ${heartbeatMs}`,
    );
  }
  const pageSize = options.replayPageSize;
  if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1)) {
    throw new Error(
      `replayPageSize must be a positive integer, got ${pageSize}`,
    );
  }
  if (options.speed !== undefined && !(options.speed > 0)) {
    throw new Error(`speed must be a positive number, got ${options.speed}`);
  }
  if (
    options.tokens !== undefined &&
    options.tokens.length === 0 &&
    (options.refreshTokens ?? []).length === 0
  ) {
    throw new Error(
      'tokens and refreshTokens are empty, so no console could connect; pass at least one token',
    );
  }
}

/** Returns the county that ingested places must lie in, or null when none is configured. */
function ingestCounty(options: CentralOptions): CountyPlaces | null {
  if (options.county !== undefined) {
    return options.county === null ? null : new CountyPlaces(options.county);
  }
  if (options.scenario !== 'county') {
    return null;
  }
  const divisions = loadDivisions(
    join(options.resourceDir ?? DEFAULT_DATA_DIR, DATA_FILES.divisions),
  );
  return CountyPlaces.fromDivisions(divisions);
}

function urlFor(host: string, port: number): string {
  const shown = host.includes(':') ? `[${host}]` : host;
  return `ws://${shown}:${port}${CONSOLE_PATH}`;
}

/** The running central: sessions, log, adapters and timers. */
class Central implements SessionHost {
  readonly log: EventLog;
  readonly heartbeatMs: number;
  readonly replayPageSize: number;
  private readonly state: StateStore;
  private readonly records: RecordStore;
  private readonly domainCommands = new Map<
    string,
    { handler: CommandHandler; context: DomainContext }
  >();
  private readonly domainStops: (() => void)[] = [];
  private readonly options: CentralOptions;
  private readonly issuer: TokenIssuer;
  private readonly snapshots: SnapshotStore;
  private readonly county: CountyPlaces | null;
  private draining: number | null = null;
  private readonly sessions = new Set<ConsoleSession>();
  private readonly byInstall = new Map<string, ConsoleSession>();
  private readonly sockets = new Set<WebSocket>();
  private readonly adapters: SourceAdapter[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly wss: WebSocketServer;
  private readonly http: Server;
  private stopping: Promise<void> | null = null;

  constructor(options: CentralOptions, eventLog: EventLog) {
    this.options = options;
    this.log = eventLog;
    this.state = new StateStore(eventLog);
    this.heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    this.replayPageSize = options.replayPageSize ?? DEFAULT_REPLAY_PAGE;
    this.issuer = new TokenIssuer({
      staticTokens: options.tokens ?? [DEV_TOKEN],
      refreshTokens: options.refreshTokens ?? [DEV_REFRESH_TOKEN],
      accessTokenTtlMs: options.accessTokenTtlMs ?? DEFAULT_ACCESS_TOKEN_TTL_MS,
      clock: () => this.clock(),
    });
    this.snapshots = new SnapshotStore(
      eventLog,
      options.snapshotPageSize ?? DEFAULT_SNAPSHOT_PAGE_SIZE,
      () => this.clock(),
    );
    for (const stream of Object.values(STREAMS)) {
      eventLog.head(stream);
    }
    this.records = new RecordStore(eventLog);
    this.snapshots.setRecordSource((stream) => this.records.listStream(stream));
    this.registerDomains(options.domains ?? []);
    this.county = ingestCounty(options);
    log.info('constructor: county of the ingestion place check', {
      county: this.county?.label ?? null,
      divisionList: this.county?.county.divisions !== undefined,
    });
    eventLog.onAppend((events) => {
      for (const session of this.sessions) {
        session.onAppended(events);
      }
    });

    this.wss = new WebSocketServer({
      noServer: true,
      perMessageDeflate: false,
      maxPayload: MAX_FRAME_BYTES,
    });
    this.http = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://central.invalid')
        .pathname;
      if (path === TOKEN_PATH) {
        handleTokenRequest(this.issuer, request, response);
        return;
      }
      if (path.startsWith(INGEST_PATH_PREFIX)) {
        handleIngestRequest(request, response, this.ingestDeps());
        return;
      }
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`The console endpoint is ${CONSOLE_PATH} (WebSocket).\n`);
    });
    this.http.on('upgrade', (request, socket, head) =>
      this.onUpgrade(request, socket, head),
    );
  }

  clock(): number {
    return (this.options.clock ?? Date.now)();
  }

  async listen(): Promise<number> {
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.options.port ?? 0, host, () => {
        this.http.off('error', reject);
        resolve();
      });
    });
    const address = this.http.address();
    if (address === null || typeof address === 'string') {
      throw new Error(`server on ${host} did not report a TCP port`);
    }
    return address.port;
  }

  startTimers(): void {
    const heartbeat = setInterval(() => this.heartbeat(), this.heartbeatMs);
    this.timers.push(heartbeat);
    if (
      this.options.retentionMs !== undefined ||
      this.options.maxEvents !== undefined
    ) {
      this.prune();
      const interval =
        this.options.pruneIntervalMs ?? DEFAULT_PRUNE_INTERVAL_MS;
      this.timers.push(setInterval(() => this.prune(), interval));
    }
  }

  private registerDomains(domains: readonly CentralDomain[]): void {
    for (const domain of domains) {
      this.log.head(domain.stream);
      const context = this.domainContext(domain.stream);
      for (const [name, handler] of Object.entries(domain.commands)) {
        if (this.domainCommands.has(name) || name === 'alert.acknowledge') {
          throw new Error(
            `command ${name} of domain ${domain.name} is already taken; command names must be unique`,
          );
        }
        this.domainCommands.set(name, { handler, context });
      }
    }
  }

  private domainContext(stream: string): DomainContext {
    return createDomainContext(stream, {
      log: this.log,
      records: this.records,
      clock: () => this.clock(),
      alert: (alertId) => this.snapshots.alert(alertId),
      publishAlerts: (alerts) => this.publishAlerts(alerts),
    });
  }

  private ingestDeps(): IngestDeps {
    const ingest = this.options.ingest ?? {};
    const notRunning = (kind: string): never => {
      throw new IngestRejection(
        0,
        '',
        `this central does not run the ${kind} domain; start it with that domain to ingest ${kind}`,
      );
    };
    return {
      verify: (token) => this.issuer.check(token).accepted,
      maxBodyBytes: this.options.maxIngestBytes ?? DEFAULT_MAX_INGEST_BYTES,
      now: () => this.clock(),
      county: this.county,
      // The ingestion API skips an item equal to its stored value, so a retried request
      // publishes nothing twice.
      stored: (kind, id) => {
        switch (kind) {
          case 'alerts':
            return (
              this.snapshots.alert(id) ??
              (this.state.hasAlert(id) ? STORED_CONTENT_UNKNOWN : null)
            );
          case 'opinion':
            return ingest.opinion === undefined
              ? notRunning('opinion')
              : (this.records.get(OPINION_COLLECTION, id)?.data ?? null);
          case 'points':
            return ingest.points === undefined
              ? notRunning('points')
              : (this.records.get(POINTS_COLLECTIONS.entry, id)?.data ?? null);
        }
      },
      publishAlerts: (alerts) => this.publishAlerts(alerts),
      putOpinion: (items) =>
        ingest.opinion === undefined
          ? notRunning('opinion')
          : ingest.opinion(this.domainContext(RECORD_STREAMS.opinion), items),
      putPointsEntries: (entries) =>
        ingest.points === undefined
          ? notRunning('points')
          : ingest.points(this.domainContext(RECORD_STREAMS.points), entries),
    };
  }

  /** Starts each domain's seeding and simulators; the central stops them on `stop()`. */
  startDomains(): void {
    for (const domain of this.options.domains ?? []) {
      if (domain.start === undefined) {
        continue;
      }
      const stopDomain = domain.start(this.domainContext(domain.stream), {
        seed: this.options.seed ?? 1,
        speed: this.options.speed ?? 1,
        scenario: this.options.scenario,
      });
      this.domainStops.push(stopDomain);
      log.info('startDomains: domain started', {
        domain: domain.name,
        stream: domain.stream,
        records: this.records.count(domain.stream),
      });
    }
  }

  /** The current records of a collection, for tests and tools. */
  listRecords(collection: string): StoredRecord[] {
    return this.records.list(collection);
  }

  startAdapters(): void {
    const context: AdapterContext = {
      now: () => this.clock(),
      publishAlerts: (alerts, cursor) => this.publishAlerts(alerts, cursor),
      hasAlert: (alertId) => this.state.hasAlert(alertId),
      cursor: (name) => this.state.cursor(name),
    };
    const adapters = buildAdapters({
      scenario: this.options.scenario,
      speed: this.options.speed ?? 1,
      seed: this.options.seed ?? 1,
      ratePerMinute: this.options.ratePerMinute,
      open311Csv: this.options.open311Csv,
      resourceDir: this.options.resourceDir,
      burst: this.options.burst,
      scenarioLimit: this.options.scenarioLimit,
    });
    for (const adapter of adapters) {
      adapter.start(context);
      this.adapters.push(adapter);
    }
  }

  // ---- SessionHost ----

  checkToken(token: string): TokenCheck {
    return this.issuer.check(token);
  }

  snapshotPage(
    stream: string,
    snapshotId: string | undefined,
    page: number,
  ): SnapshotPageText {
    return this.snapshots.page(stream, snapshotId, page);
  }

  revokeRefreshToken(refreshToken: string): void {
    this.issuer.revoke(refreshToken);
  }

  drain(retryAfterMs: number): void {
    this.draining = retryAfterMs;
    log.info('drain: asking every console to come back later', {
      sessions: this.sessions.size,
      retryAfterMs,
    });
    for (const session of [...this.sessions]) {
      session.drain(retryAfterMs);
    }
  }

  undrain(): void {
    this.draining = null;
  }

  servedStreams(): string[] {
    return this.log.streams();
  }

  commandWatermark(installId: string): number {
    return this.state.commandWatermark(installId);
  }

  register(session: ConsoleSession): void {
    const installId = session.installId as string;
    const previous = this.byInstall.get(installId);
    this.byInstall.set(installId, session);
    this.sessions.add(session);
    if (previous && previous !== session) {
      log.info(
        'register: a new session replaces the older one of the same install',
        {
          installId,
          oldSessionId: previous.id,
          newSessionId: session.id,
        },
      );
      previous.close(
        CloseCode.replaced,
        'replaced by a newer session of this install',
      );
    }
  }

  unregister(session: ConsoleSession): void {
    this.sessions.delete(session);
    if (
      session.installId !== null &&
      this.byInstall.get(session.installId) === session
    ) {
      this.byInstall.delete(session.installId);
    }
  }

  recordAck(
    installId: string,
    frame: { stream: string; epoch: string; seq: number },
  ): void {
    this.log.transaction(() =>
      this.state.recordAck(installId, frame.stream, {
        epoch: frame.epoch,
        seq: frame.seq,
        at: this.clock(),
      }),
    );
  }

  applyCommand(installId: string, frame: CommandFrame): CentralFrame {
    try {
      return applyCommand(
        {
          log: this.log,
          state: this.state,
          clock: () => this.clock(),
          appendAlertEvents: (bodies) => this.appendAlertEvents(bodies),
          domainCommand: (name) => this.domainCommands.get(name) ?? null,
        },
        installId,
        frame,
      );
    } catch (error) {
      log.error('applyCommand: command failed, not stored', {
        installId,
        commandId: frame.commandId,
        error: (error as Error).message,
      });
      return {
        type: 'error',
        code: 'command-failed',
        message: `command ${frame.commandId} failed on the central and was not applied; send it again later`,
        retryAfterMs: 5000,
      };
    }
  }

  // ---- publishing ----

  /** Appends events; alert bodies are checked and mirrored into the alert table first. */
  publishBatch(stream: string, bodies: readonly unknown[]): number[] {
    if (!StreamName.safeParse(stream).success) {
      throw new Error(
        `stream name "${stream}" is invalid; use lower-case letters, digits and dashes, at most 32 characters`,
      );
    }
    if ((Object.values(RECORD_STREAMS) as string[]).includes(stream)) {
      throw new Error(
        `stream ${stream} carries records; write them through its domain so the current values stay in step`,
      );
    }
    if (stream === STREAMS.alerts) {
      const parsed = bodies.map((body, index) => {
        const result = AlertEventBody.safeParse(body);
        if (!result.success) {
          throw new Error(
            `alert event ${index} is invalid: ${result.error.issues[0]?.message ?? 'unknown'}`,
          );
        }
        return result.data;
      });
      return this.log.transaction(() => this.appendAlertEvents(parsed));
    }
    return this.log.append(stream, bodies).map((event) => event.seq);
  }

  private appendAlertEvents(bodies: readonly AlertEventBody[]): number[] {
    return this.log.transaction(() => {
      const events = this.log.append(STREAMS.alerts, bodies);
      for (const event of events) {
        const body = event.body as AlertEventBody;
        if (body.kind === 'alert.created') {
          this.state.recordAlert(body.alert.id, body.alert.status, event.seq);
        } else {
          this.state.setAlertStatus(body.alertId, body.status);
        }
        this.snapshots.recordAlertEvent(body);
      }
      return events.map((event) => event.seq);
    });
  }

  private publishAlerts(
    alerts: readonly Alert[],
    cursor?: { name: string; value: string },
  ): void {
    this.log.transaction(() => {
      this.publishBatch(
        STREAMS.alerts,
        alerts.map((alert) => ({ kind: 'alert.created', alert })),
      );
      if (cursor) {
        this.state.setCursor(cursor.name, cursor.value);
      }
    });
  }

  prune(): number {
    let dropped = 0;
    const now = this.clock();
    for (const stream of this.log.streams()) {
      dropped += this.log.prune(stream, {
        appendedBefore:
          this.options.retentionMs === undefined
            ? undefined
            : now - this.options.retentionMs,
        keepLast: this.options.maxEvents,
      });
    }
    return dropped;
  }

  adapterStats(): AdapterStats[] {
    return this.adapters.map((adapter) => adapter.stats());
  }

  sessionCount(): number {
    return this.sessions.size;
  }

  sessionSnapshots(): SessionSnapshot[] {
    return [...this.sessions].map((session) => session.snapshot());
  }

  // ---- connections ----

  private onUpgrade(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
  ): void {
    const path = new URL(request.url ?? '/', 'http://central.invalid').pathname;
    if (path !== CONSOLE_PATH || this.stopping || this.draining !== null) {
      const status =
        this.stopping || this.draining !== null
          ? '503 Service Unavailable'
          : '404 Not Found';
      socket.end(
        `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) =>
      this.onConnection(ws, request),
    );
  }

  private onConnection(ws: WebSocket, request: IncomingMessage): void {
    const id = randomUUID();
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    log.info('onConnection: console connected', {
      sessionId: id,
      remote: request.socket.remoteAddress,
    });
    new ConsoleSession(
      id,
      ws,
      this,
      this.options.helloTimeoutMs ?? DEFAULT_HELLO_TIMEOUT_MS,
    );
  }

  private heartbeat(): void {
    const now = this.clock();
    const limit = this.heartbeatMs * SILENCE_LIMIT_HEARTBEATS;
    for (const session of [...this.sessions]) {
      const silent = session.silentFor(now);
      if (silent > limit) {
        log.warn('heartbeat: session silent too long, terminating', {
          sessionId: session.id,
          installId: session.installId,
          silentMs: silent,
        });
        session.terminate();
        continue;
      }
      if (session.closeIfTokenExpired(now)) {
        continue;
      }
      session.sendPing(now);
    }
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    log.info('stop: stopping the central', { sessions: this.sessions.size });
    for (const adapter of this.adapters) {
      adapter.stop();
    }
    for (const stopDomain of this.domainStops.splice(0)) {
      try {
        stopDomain();
      } catch (error) {
        log.error('stop: a domain did not stop cleanly', {
          error: (error as Error).message,
        });
      }
    }
    for (const timer of this.timers) {
      clearInterval(timer);
    }

    const closed = [...this.sockets].map(
      (ws) => new Promise<void>((resolve) => ws.once('close', () => resolve())),
    );
    for (const session of [...this.sessions]) {
      session.close(CloseCode.goingAway, 'central is stopping');
    }
    for (const ws of this.sockets) {
      // Sockets still waiting for their hello have no session in the set.
      ws.close(CloseCode.goingAway, 'central is stopping');
    }
    const grace = new Promise<void>((resolve) =>
      setTimeout(resolve, STOP_GRACE_MS).unref(),
    );
    await Promise.race([Promise.all(closed), grace]);
    for (const ws of this.sockets) {
      ws.terminate();
    }

    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
    this.log.close();
    log.info('stop: central stopped');
  }
}

/**
 * Starts a reference central: opens (or creates) the log in `dataDir`, listens on loopback and
 * starts the scenario. Rejects when the port is taken or the log is held by a live process.
 */
export async function startCentral(
  options: CentralOptions,
): Promise<CentralHandle> {
  checkOptions(options);
  const eventLog = EventLog.open(join(options.dataDir, DATABASE_FILE), {
    clock: options.clock,
  });

  let central: Central;
  let port: number;
  try {
    central = new Central(options, eventLog);
    port = await central.listen();
    central.startAdapters();
    central.startDomains();
    central.startTimers();
  } catch (error) {
    eventLog.close();
    throw error;
  }

  const url = urlFor(options.host ?? '127.0.0.1', port);
  log.info('startCentral: listening', {
    url,
    scenario: options.scenario,
    dataDir: options.dataDir,
    devToken: options.tokens === undefined,
  });

  return {
    url,
    port,
    log: eventLog,
    publish: (stream, body) => {
      const [seq] = central.publishBatch(stream, [body]);
      return seq as number;
    },
    publishMany: (stream, bodies) => central.publishBatch(stream, bodies),
    adapterStats: () => central.adapterStats(),
    listRecords: (collection) => central.listRecords(collection),
    sessionCount: () => central.sessionCount(),
    sessions: () => central.sessionSnapshots(),
    prune: () => central.prune(),
    revokeRefreshToken: (refreshToken) =>
      central.revokeRefreshToken(refreshToken),
    drain: (retryAfterMs) => central.drain(retryAfterMs),
    undrain: () => central.undrain(),
    stop: () => central.stop(),
  };
}
