/**
 * A seeded fault campaign against the console's session: while the central publishes events and
 * the console submits acknowledgements, faults drawn from a seeded random source break the link,
 * the central and the console process. After each lifetime the faults stop, the console catches
 * up, both stop, and their stores are compared (see verify.ts).
 *
 * The seed fixes the sequence of faults and their parameters. Thread timing still varies, so a
 * seed reproduces the same storm but not the same interleaving to the microsecond.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionTimingOptions } from '../../src-main/core/api.js';
import {
  createdBody,
  statusBody,
} from '../integration/services/helpers/alerts.js';
import {
  CentralControl,
  ConsoleProcess,
  seededRandom,
  sleep,
} from './harness.js';
import { FaultProxy } from './proxy.js';
import {
  verifyStores,
  type PrunedEvents,
  type VerifyReport,
} from './verify.js';

export const FAULT_KINDS = [
  'drop',
  'blackhole',
  'delay',
  'throttle',
  'cut-mid-frame',
  'central-restart',
  'console-kill',
  'retention',
  'reconnect-race',
  'token-expiry',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Shortened session timing, so that a dead link is found in well under a second. */
export const FAULT_TIMING: SessionTimingOptions = {
  handshakeTimeoutMs: 1500,
  pingIntervalMs: 200,
  deadAfterMs: 600,
  backoffBaseMs: 50,
  backoffCapMs: 400,
  stableAfterMs: 1000,
};
/** The central's heartbeat; its lower bound is 1000 ms, and the console pings faster anyway. */
const CENTRAL_HEARTBEAT_MS = 1000;
const SECOND_STREAM = 'notes';
const PUBLISH_INTERVAL_MS = 25;
const COMMAND_INTERVAL_MS = 80;
const CATCH_UP_TIMEOUT_MS = 60_000;
/**
 * Default lifetime of the access tokens the campaign's central issues. A few seconds, so that
 * tokens are refreshed in band all the time and run out during every outage longer than this.
 */
export const ACCESS_TOKEN_TTL_MS = 3_000;
/** The only credential the campaign's central accepts: it takes no static access token. */
const REFRESH_TOKEN = 'fault-campaign-refresh-token';
/** Time box of one token request of the console; a request lost in a black hole is retried. */
const TOKEN_TIMEOUT_MS = 1_000;
/** Time the console has to come back with a new token after a token-expiry outage. */
const TOKEN_RECOVERY_TIMEOUT_MS = 15_000;

export interface CampaignOptions {
  seed: number;
  /** Faults in the whole campaign. */
  faults: number;
  /** Faults per console/central lifetime; each lifetime starts from empty folders. */
  faultsPerLifetime: number;
  /** Called with one line per lifetime and per failure. */
  report?: (line: string) => void;
  /** Keep the folders of a failed lifetime for inspection. */
  keepFailed?: boolean;
  /**
   * Time budget in ms. Once it is spent, no new fault starts: the lifetime under way settles and
   * is checked, and the result says how many faults ran.
   */
  budgetMs?: number;
  /** Lifetime of issued access tokens in ms; ACCESS_TOKEN_TTL_MS when absent. */
  accessTokenTtlMs?: number;
}

export interface CampaignResult {
  seed: number;
  outcome: 'passed' | 'failed';
  /** Faults run; fewer than requested when the time budget ran out. */
  faultsRun: number;
  stoppedByBudget: boolean;
  failure: string | null;
  faults: Record<FaultKind, number>;
  /** Fault kinds that could not be drawn, with the reason. */
  notCovered: Partial<Record<FaultKind, string>>;
  lifetimes: number;
  durationMs: number;
  eventsPublished: number;
  eventsVerified: number;
  commandsQueued: number;
  commandsApplied: number;
  commandsRejected: number;
  acknowledgedAlerts: number;
  alertsLostToRetention: number;
  consoleRestarts: number;
  /** Token-expiry faults after which the console came back online with a newly issued token. */
  tokensRefreshedAfterExpiry: number;
  /** Proxy counters over all lifetimes: links opened, links reset, frames cut, bytes discarded. */
  links: {
    accepted: number;
    reset: number;
    cut: number;
    discardedBytes: number;
  };
}

/** Fault kinds left out of the draw, with the reason. Every kind is drawn today. */
const NOT_COVERED: Partial<Record<FaultKind, string>> = {};

interface Draw {
  kind: FaultKind;
  /** Parameters, in the order the fault uses them. */
  values: number[];
  /** Pause after the fault, in ms. */
  gapMs: number;
}

function drawFault(
  random: () => number,
  kinds: readonly FaultKind[],
  tokenTtlMs: number,
): Draw {
  const kind = kinds[Math.floor(random() * kinds.length)] as FaultKind;
  const between = (low: number, high: number): number =>
    Math.round(low + random() * (high - low));
  const values: Record<FaultKind, () => number[]> = {
    drop: () => [],
    // Hold: past the 600 ms dead-link limit, sometimes only just.
    blackhole: () => [between(650, 1100)],
    delay: () => [between(20, 350), between(200, 900)],
    throttle: () => [between(2_000, 80_000), between(200, 900)],
    'cut-mid-frame': () => [between(200, 800)],
    'central-restart': () => [between(0, 400)],
    'console-kill': () => [between(0, 40), between(1, 4)],
    retention: () => [between(80, 300), between(5, 40)],
    'reconnect-race': () => [between(2, 5)],
    // Outage: past the token lifetime, so the token in use has run out when the link comes back.
    'token-expiry': () => [tokenTtlMs + between(200, 800)],
  };
  const drawn = values[kind]();
  return { kind, values: drawn, gapMs: between(0, 250) };
}

function describe(draw: Draw): string {
  return `${draw.kind}(${draw.values.join(', ')}) +${draw.gapMs}ms`;
}

/** One console/central lifetime: folders, processes, load and the faults it suffers. */
class Lifetime {
  readonly centralDir = mkdtempSync(join(tmpdir(), 'fault-central-'));
  readonly consoleDir = mkdtempSync(join(tmpdir(), 'fault-console-'));
  readonly central: CentralControl;
  proxy: FaultProxy | null = null;
  console: ConsoleProcess | null = null;
  readonly confirmed: string[] = [];
  readonly alertIds: string[] = [];
  published = 0;
  pruned = false;
  /** Copies of the events the campaign pruned, by stream and seq, to check the console against. */
  readonly prunedEvents: PrunedEvents = new Map();
  restarts = 0;
  tokensRefreshedAfterExpiry = 0;
  private nextAlert = 0;
  private dutyCount = 0;
  private loadTimers: NodeJS.Timeout[] = [];

  constructor(
    private readonly random: () => number,
    private readonly alertBase: number,
    tokenTtlMs: number,
  ) {
    this.central = new CentralControl({
      dataDir: this.centralDir,
      heartbeatMs: CENTRAL_HEARTBEAT_MS,
      tokens: [],
      refreshTokens: [REFRESH_TOKEN],
      accessTokenTtlMs: tokenTtlMs,
    });
  }

  async start(): Promise<void> {
    const central = await this.central.start();
    this.proxy = await FaultProxy.start(central.port);
    await this.startConsole();
    this.loadTimers.push(
      setInterval(
        () => this.publish(1 + Math.floor(this.random() * 3)),
        PUBLISH_INTERVAL_MS,
      ),
      setInterval(() => this.submit(), COMMAND_INTERVAL_MS),
    );
  }

  stopLoad(): void {
    this.loadTimers.forEach((timer) => clearInterval(timer));
    this.loadTimers = [];
  }

  async startConsole(): Promise<void> {
    if (this.proxy === null) {
      throw new Error('the proxy must run before the console starts');
    }
    this.console = await ConsoleProcess.start({
      centralUrl: this.proxy.url(),
      dataDir: this.consoleDir,
      sessionTiming: FAULT_TIMING,
      refreshToken: REFRESH_TOKEN,
      tokenTimeoutMs: TOKEN_TIMEOUT_MS,
    });
  }

  /** Publishes alerts, and now and then an event of a second stream. */
  publish(count: number): void {
    const central = this.central.handle;
    if (central === null) {
      return;
    }
    const bodies = [];
    const ids: string[] = [];
    for (let index = 0; index < count; index += 1) {
      const body = createdBody(this.alertBase + this.nextAlert);
      this.nextAlert += 1;
      bodies.push(body);
      ids.push(body.kind === 'alert.created' ? body.alert.id : '');
    }
    try {
      central.publishMany('alerts', bodies);
      this.alertIds.push(...ids);
      this.published += bodies.length;
      if (this.random() < 0.05 && this.alertIds.length > 0) {
        // The central closes an alert now and then, so that some acknowledgements are rejected
        // and the console must take back its optimistic status.
        const closed = this.alertIds[
          Math.floor(this.random() * this.alertIds.length)
        ] as string;
        central.publish('alerts', statusBody(closed, 'closed'));
        this.published += 1;
      }
      if (this.random() < 0.3) {
        this.dutyCount += 1;
        central.publish(SECOND_STREAM, {
          kind: 'notes.note',
          n: this.dutyCount,
        });
        this.published += 1;
      }
    } catch {
      // The central is stopping; the alerts were not logged and are simply not counted.
    }
  }

  private submit(): void {
    const child = this.console;
    if (child === null || !child.alive || this.alertIds.length === 0) {
      return;
    }
    // Mostly recent alerts, sometimes old ones that may have been acknowledged already.
    const pick =
      this.random() < 0.7
        ? this.alertIds.length -
          1 -
          Math.floor(this.random() * Math.min(50, this.alertIds.length))
        : Math.floor(this.random() * this.alertIds.length);
    // A few commands name an alert the central never had, and must come back rejected.
    const alertId =
      this.random() < 0.03
        ? `alert-unknown-${Math.floor(this.random() * 1000)}`
        : (this.alertIds[pick] as string);
    void child.submit(alertId).then((queued) => {
      if (queued !== null) {
        this.confirmed.push(queued.commandId);
      }
    });
  }

  async apply(draw: Draw): Promise<void> {
    const proxy = this.proxy as FaultProxy;
    const [first = 0, second = 0] = draw.values;
    switch (draw.kind) {
      case 'drop':
        proxy.drop();
        return;
      case 'blackhole':
        proxy.blackhole();
        await sleep(first);
        proxy.restore();
        return;
      case 'delay':
        proxy.delay(first);
        await sleep(second);
        proxy.restore();
        return;
      case 'throttle':
        proxy.throttle(first);
        await sleep(second);
        proxy.restore();
        return;
      case 'cut-mid-frame':
        proxy.cutMidFrame();
        await sleep(first);
        proxy.restore();
        return;
      case 'central-restart':
        await this.central.stop();
        await sleep(first);
        await this.central.start();
        return;
      case 'console-kill':
        await this.killConsole(first, second);
        return;
      case 'retention':
        await this.overflowRetention(first, second);
        return;
      case 'reconnect-race':
        this.console?.probe(first);
        proxy.drop();
        this.console?.probe(first);
        return;
      case 'token-expiry':
        await this.expireTokenInOutage(first);
        return;
    }
  }

  /**
   * Black-holes every link, token requests included, for longer than a token lives, so that the
   * console's access token expires during the outage. Then waits until the console is online
   * again on a token issued after the outage began.
   */
  private async expireTokenInOutage(outageMs: number): Promise<void> {
    const proxy = this.proxy as FaultProxy;
    const child = this.console as ConsoleProcess;
    const before = await child.status();
    proxy.blackhole();
    await sleep(outageMs);
    proxy.restore();
    const issuedBefore = before?.tokensIssued ?? 0;
    const deadline = Date.now() + TOKEN_RECOVERY_TIMEOUT_MS;
    let last = 'no status yet';
    while (Date.now() < deadline) {
      const status = await child.status();
      if (status !== null) {
        last = `phase ${status.phase}, ${status.tokensIssued} tokens issued (${issuedBefore} before the outage)`;
        if (status.phase === 'reauth-needed') {
          throw new Error(
            `after an outage of ${outageMs} ms the console asks to sign in again instead of refreshing its token: ${last}`,
          );
        }
        if (status.phase === 'online' && status.tokensIssued > issuedBefore) {
          this.tokensRefreshedAfterExpiry += 1;
          return;
        }
      }
      await sleep(50);
    }
    throw new Error(
      `the console did not come back online with a new token within ${TOKEN_RECOVERY_TIMEOUT_MS} ms of an outage of ${outageMs} ms: ${last}`,
    );
  }

  /** Loads the console with work, then kills it with SIGKILL and starts it again. */
  private async killConsole(afterMs: number, commands: number): Promise<void> {
    this.publish(40);
    for (let index = 0; index < commands; index += 1) {
      this.submit();
    }
    await sleep(afterMs);
    await this.console?.kill();
    this.restarts += 1;
    await this.startConsole();
  }

  /**
   * Cuts the console off, publishes past what the log will keep and prunes, so that the console
   * comes back behind the log's first sequence and must resynchronize.
   */
  private async overflowRetention(
    burst: number,
    keepLast: number,
  ): Promise<void> {
    const proxy = this.proxy as FaultProxy;
    proxy.blackhole();
    for (let published = 0; published < burst; published += 20) {
      this.publish(20);
    }
    await sleep(FAULT_TIMING.deadAfterMs as number);
    const central = this.central.handle;
    if (central !== null) {
      for (const stream of central.log.streams()) {
        this.copyBeforePrune(stream, keepLast);
        central.log.prune(stream, { keepLast });
      }
      this.pruned = true;
    }
    proxy.restore();
  }

  /** Copies the events that pruning `stream` to its last `keepLast` events is about to drop. */
  private copyBeforePrune(stream: string, keepLast: number): void {
    const log = (this.central.handle as NonNullable<CentralControl['handle']>)
      .log;
    const head = log.head(stream);
    const keepFrom = head.headSeq - keepLast + 1;
    const copies = this.prunedEvents.get(stream) ?? new Map();
    this.prunedEvents.set(stream, copies);
    for (let seq = head.firstSeq; seq < keepFrom; ) {
      const page = log.read(stream, seq, Math.min(1000, keepFrom - seq));
      if (page.length === 0) {
        break;
      }
      for (const event of page) {
        copies.set(event.seq, { at: event.at, body: event.body });
      }
      seq = (page[page.length - 1]?.seq ?? keepFrom) + 1;
    }
  }

  /** Clears every fault and waits until the console is level with the central and idle. */
  async settle(): Promise<void> {
    this.stopLoad();
    this.proxy?.restore();
    if (this.central.handle === null) {
      await this.central.start();
    }
    if (this.console === null || !this.console.alive) {
      await this.startConsole();
    }
    const central = this.central.handle;
    const child = this.console as ConsoleProcess;
    const deadline = Date.now() + CATCH_UP_TIMEOUT_MS;
    let last = 'no status yet';
    while (Date.now() < deadline) {
      const status = await child.status();
      if (status !== null && central !== null) {
        const behind = central.log
          .streams()
          .filter(
            (stream) =>
              (status.streams[stream] ?? 0) !==
              central.log.head(stream).headSeq,
          );
        last = `phase ${status.phase}, queued ${status.queuedCommands}, behind on [${behind.join(', ')}], in flight ${child.inFlight}`;
        if (
          status.phase === 'online' &&
          behind.length === 0 &&
          status.queuedCommands === 0 &&
          child.inFlight === 0
        ) {
          return;
        }
      }
      await sleep(50);
    }
    throw new Error(
      `the console did not catch up within ${CATCH_UP_TIMEOUT_MS} ms: ${last}`,
    );
  }

  async shutdown(): Promise<void> {
    this.stopLoad();
    await this.console?.stop();
    await this.proxy?.close();
    await this.central.stop();
  }

  removeFolders(): void {
    rmSync(this.centralDir, { recursive: true, force: true });
    rmSync(this.consoleDir, { recursive: true, force: true });
  }
}

function emptyCounts(): Record<FaultKind, number> {
  return Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<
    FaultKind,
    number
  >;
}

/** Runs the campaign; never throws for a broken promise, it returns `outcome: 'failed'`. */
export async function runCampaign(
  options: CampaignOptions,
): Promise<CampaignResult> {
  const started = Date.now();
  const random = seededRandom(options.seed);
  const report = options.report ?? (() => undefined);
  const notCovered: CampaignResult['notCovered'] = { ...NOT_COVERED };
  const kinds = FAULT_KINDS.filter((kind) => notCovered[kind] === undefined);
  const result: CampaignResult = {
    seed: options.seed,
    outcome: 'passed',
    faultsRun: 0,
    stoppedByBudget: false,
    failure: null,
    faults: emptyCounts(),
    notCovered,
    lifetimes: 0,
    durationMs: 0,
    eventsPublished: 0,
    eventsVerified: 0,
    commandsQueued: 0,
    commandsApplied: 0,
    commandsRejected: 0,
    acknowledgedAlerts: 0,
    alertsLostToRetention: 0,
    consoleRestarts: 0,
    tokensRefreshedAfterExpiry: 0,
    links: { accepted: 0, reset: 0, cut: 0, discardedBytes: 0 },
  };

  const deadline = started + (options.budgetMs ?? Number.POSITIVE_INFINITY);
  const tokenTtlMs = options.accessTokenTtlMs ?? ACCESS_TOKEN_TTL_MS;
  let done = 0;
  while (
    done < options.faults &&
    result.outcome === 'passed' &&
    !result.stoppedByBudget
  ) {
    const count = Math.min(options.faultsPerLifetime, options.faults - done);
    const lifetime = new Lifetime(
      random,
      result.lifetimes * 1_000_000,
      tokenTtlMs,
    );
    const trace: string[] = [];
    let failed = false;
    try {
      await lifetime.start();
      for (let index = 0; index < count; index += 1) {
        if (Date.now() > deadline) {
          result.stoppedByBudget = true;
          break;
        }
        const draw = drawFault(random, kinds, tokenTtlMs);
        trace.push(`#${done + index + 1} ${describe(draw)}`);
        await lifetime.apply(draw);
        result.faults[draw.kind] += 1;
        result.faultsRun += 1;
        await sleep(draw.gapMs);
      }
      await lifetime.settle();
      await lifetime.shutdown();
      const verified: VerifyReport = verifyStores({
        consoleDir: lifetime.consoleDir,
        centralDir: lifetime.centralDir,
        confirmedCommandIds: lifetime.confirmed,
        pruned: lifetime.pruned,
        prunedEvents: lifetime.prunedEvents,
      });
      result.eventsVerified += verified.events;
      result.commandsQueued += verified.commands;
      result.commandsApplied += verified.applied;
      result.commandsRejected += verified.rejected;
      result.acknowledgedAlerts += verified.acknowledgedAlerts;
      result.alertsLostToRetention += verified.alertsLostToRetention;
      if (verified.problems.length > 0) {
        throw new Error(verified.problems.join('\n  '));
      }
    } catch (error) {
      failed = true;
      result.outcome = 'failed';
      result.failure =
        `seed ${options.seed}, lifetime ${result.lifetimes + 1}: ${(error as Error).message}\n` +
        `fault sequence of this lifetime (reproduce with --seed ${options.seed}):\n  ${trace.join('\n  ')}\n` +
        `folders: central ${lifetime.centralDir}, console ${lifetime.consoleDir}`;
      report(`FAILED ${result.failure}`);
      await lifetime.shutdown().catch(() => undefined);
    }
    const links = lifetime.proxy?.stats();
    if (links !== undefined) {
      result.links.accepted += links.accepted;
      result.links.reset += links.reset;
      result.links.cut += links.cut;
      result.links.discardedBytes += links.discarded;
    }
    result.eventsPublished += lifetime.published;
    result.consoleRestarts += lifetime.restarts;
    result.tokensRefreshedAfterExpiry += lifetime.tokensRefreshedAfterExpiry;
    result.lifetimes += 1;
    done = result.faultsRun;
    if (!failed || options.keepFailed !== true) {
      lifetime.removeFolders();
    }
    report(
      `lifetime ${result.lifetimes}: ${done}/${options.faults} faults, ${lifetime.published} events, ` +
        `${lifetime.confirmed.length} commands confirmed, ${failed ? 'FAILED' : 'ok'} ` +
        `(${Math.round((Date.now() - started) / 1000)} s)`,
    );
  }
  result.durationMs = Date.now() - started;
  return result;
}
