import { z } from 'zod';
import { Alert, AlertLevel, EmergencyClass } from './domain.js';
import {
  OptimisticRecord,
  RecordChange,
  RecordQuery,
  StoredRecord,
} from './records.js';

/**
 * Channels between a renderer and main, named `area:verb[:name]`. The same names are used by the
 * Electron preload bridge and by the browser host's loopback WebSocket bridge.
 */
export const Channel = {
  /** invoke: the window's full state (snapshot) to start from. */
  stateSnapshot: 'state:snapshot',
  /** push: ordered changes after a snapshot, each batch with the next revision. */
  stateChanges: 'state:changes',
  /** invoke: alerts from the cache that match a filter, newest first. */
  alertsQuery: 'alerts:query',
  /** invoke: the records of one collection from the cache, with queued optimistic values applied. */
  recordsQuery: 'records:query',
  /** invoke: one command from the operator, queued for the central. */
  commandSubmit: 'command:submit',
  /** invoke: queued commands, with those waiting for the operator's confirmation marked. */
  commandPending: 'command:pending',
  /** invoke: the operator confirms a command that was too old to send on its own. */
  commandConfirm: 'command:confirm',
  /** invoke: the operator discards a command that was too old to send on its own. */
  commandDiscard: 'command:discard',
  /** invoke: the network came back in a window; main checks the link to the central at once. */
  sessionProbe: 'session:probe',
  /** invoke: facts about the app and the window (kind, name, version, locale). */
  appInfo: 'app:info',
  /** invoke: a month's duty roster or duty log as a file (xlsx, iCal, print HTML, JSON). */
  rosterExport: 'roster:export',
  /** invoke: the county map files walls draw, bundled or named by config. */
  mapCounty: 'map:county',
  /** invoke: alert counts of one town, for a wall scoped to that town on the map. */
  alertsTownAggregates: 'alerts:town-aggregates',
  /** invoke: the points wall view of one town or village, for a wall scoped to it on the map. */
  pointsWallView: 'points:wall-view',
} as const;
export type Channel = (typeof Channel)[keyof typeof Channel];

export const WindowKind = z.enum(['console', 'wall']);
export type WindowKind = z.infer<typeof WindowKind>;

/** Connection state of the session with the central, as shown to the operator. */
export const SessionPhase = z.enum([
  'connecting',
  'online',
  'resuming',
  'syncing',
  'offline',
  'reauth-needed',
  'resynchronizing',
  'stopped',
]);
export type SessionPhase = z.infer<typeof SessionPhase>;

export const SessionStatus = z.object({
  phase: SessionPhase,
  centralUrl: z.string(),
  /** Instant the link was last seen alive (any frame), ms since the Unix epoch; null before the first. */
  lastSeenAt: z.number().nullable(),
  /** Instant the session went offline, ms since the Unix epoch, while offline. */
  offlineSince: z.number().nullable(),
  /** Events applied and expected while a replay or resync runs. */
  progress: z
    .object({ done: z.number().int(), total: z.number().int() })
    .nullable(),
  queuedCommands: z.number().int().min(0),
  /** Last error shown to the operator, already free of secrets. */
  lastError: z.string().nullable(),
  nextRetryAt: z.number().nullable(),
  /** Queued commands too old to send without the operator's confirmation. */
  commandsToConfirm: z.number().int().min(0).optional(),
  /** Central clock minus this PC's clock at the last welcome, in ms; deadlines count on it. */
  clockOffsetMs: z.number().optional(),
});
export type SessionStatus = z.infer<typeof SessionStatus>;

/** A queued command as the console lists it; `needs-confirmation` waits for the operator. */
export const PendingCommand = z.object({
  installSeq: z.number().int().min(1),
  commandId: z.string(),
  name: z.string(),
  createdAt: z.number().int(),
  state: z.enum(['pending', 'needs-confirmation']),
});
export type PendingCommand = z.infer<typeof PendingCommand>;

/** Aggregate key under which alerts without a level, class or town are counted. */
export const UNKNOWN_AGGREGATE_KEY = 'unknown';

/** Counts over every cached alert, for the wall and the console's filters. */
export const AlertAggregates = z.object({
  total: z.number().int(),
  byLevel: z.record(z.string(), z.number().int()),
  byClass: z.record(z.string(), z.number().int()),
  byType: z.record(z.string(), z.number().int()),
  byTown: z.record(z.string(), z.number().int()),
  /** Alerts per hour of `occurredAt`, keyed by the hour's start in ms since the Unix epoch. */
  byHour: z.record(z.string(), z.number().int()),
});
export type AlertAggregates = z.infer<typeof AlertAggregates>;

/**
 * Alert counts of one town, with its alerts counted per village: `byVillage` is keyed by 12-digit
 * village code. The town's alerts without a village code are in no entry, so the villages may sum
 * to less than `total`. The difference is the part placed on no village.
 */
export const TownAlertAggregates = AlertAggregates.extend({
  byVillage: z.record(
    z.string().regex(/^\d{12}$/, 'village codes are 12 digits'),
    z.number().int().min(0),
  ),
});
export type TownAlertAggregates = z.infer<typeof TownAlertAggregates>;

/** A town by the name its alerts are counted under in `byTown`, or the unknown key. */
export const TownAggregatesRequest = z
  .object({ town: z.string().min(1).max(100) })
  .strict();
export type TownAggregatesRequest = z.infer<typeof TownAggregatesRequest>;

/** A town (9 digits) or village (12 digits) whose points a scoped wall shows. */
export const PointsViewRequest = z
  .object({
    scope: z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('town'),
        code: z.string().regex(/^\d{9}$/, 'town codes are 9 digits'),
      }),
      z.object({
        kind: z.literal('village'),
        code: z.string().regex(/^\d{12}$/, 'village codes are 12 digits'),
      }),
    ]),
  })
  .strict();
export type PointsViewRequest = z.infer<typeof PointsViewRequest>;

export const StreamFreshness = z.object({
  /** Last applied sequence. */
  seq: z.number().int(),
  /** Instant the last applied event was appended on the central, ms since the Unix epoch. */
  lastEventAt: z.number().nullable(),
  /** Instant the console last confirmed it is level with the central, ms since the Unix epoch. */
  confirmedAt: z.number().nullable(),
});
export type StreamFreshness = z.infer<typeof StreamFreshness>;

export const StateSnapshot = z.object({
  revision: z.number().int().min(0),
  session: SessionStatus,
  latestAlerts: z.array(Alert),
  /**
   * Unacknowledged level-1 and level-2 alerts, level 1 first and then newest first, at most
   * OPEN_SEVERE_LIMIT, however old. A window keeps the list up to date from `alert.upsert` changes (mergeOpenSevere) and
   * takes a `severe` change as the whole new list.
   */
  severeAlerts: z.array(Alert),
  aggregates: AlertAggregates,
  streams: z.record(z.string(), StreamFreshness),
});
export type StateSnapshot = z.infer<typeof StateSnapshot>;

export const StateChange = z.discriminatedUnion('type', [
  z.object({ type: z.literal('alert.upsert'), alert: Alert }),
  z.object({ type: z.literal('aggregates'), aggregates: AlertAggregates }),
  /**
   * The whole list of open severe alerts, sent when main refilled it from the cache: the window's
   * list would otherwise miss alerts that a full list once cut off.
   */
  z.object({ type: z.literal('severe'), alerts: z.array(Alert) }),
  z.object({ type: z.literal('session'), session: SessionStatus }),
  z.object({
    type: z.literal('stream'),
    stream: z.string(),
    freshness: StreamFreshness,
  }),
  RecordChange,
  /** A command the central rejected, so the operator can see why and keep what they typed. */
  z.object({
    type: z.literal('command.rejected'),
    installSeq: z.number().int(),
    commandId: z.string(),
    name: z.string(),
    code: z.string(),
    message: z.string(),
  }),
  /** The stream was rebuilt; the renderer must fetch a new snapshot. */
  z.object({ type: z.literal('reset'), reason: z.string() }),
]);
export type StateChange = z.infer<typeof StateChange>;

/**
 * Changes from revision `fromRevision` (or `revision` when absent) through `revision`, following
 * revision `fromRevision - 1`. A renderer that finds a gap requests a new snapshot.
 */
export const ChangeBatch = z
  .object({
    revision: z.number().int().min(1),
    /**
     * First revision of a batch that merges consecutive batches; absent when the batch covers
     * `revision` alone.
     */
    fromRevision: z.number().int().min(1).optional(),
    changes: z.array(StateChange),
  })
  .refine(
    (batch) =>
      batch.fromRevision === undefined || batch.fromRevision <= batch.revision,
    {
      message: 'fromRevision must not be greater than revision',
      path: ['fromRevision'],
    },
  );
export type ChangeBatch = z.infer<typeof ChangeBatch>;

/** First revision that `batch` covers. */
export function firstRevision(batch: ChangeBatch): number {
  return batch.fromRevision ?? batch.revision;
}

/**
 * Merges batches that follow one another (each starting at the previous one's `revision + 1`)
 * into one batch per run, and starts a new batch at every gap, so a receiver still finds the gap.
 * Changes keep their order, except that a whole value which a later change of the same run
 * replaces is left out: `aggregates`, `severe`, `session` and `stream` (per stream) keep only
 * their last change in the run.
 */
export function mergeChangeBatches(
  batches: readonly ChangeBatch[],
): ChangeBatch[] {
  const merged: ChangeBatch[] = [];
  let run: ChangeBatch[] = [];
  for (const batch of batches) {
    const previous = run[run.length - 1];
    if (
      previous !== undefined &&
      firstRevision(batch) !== previous.revision + 1
    ) {
      merged.push(mergeRun(run));
      run = [];
    }
    run.push(batch);
  }
  if (run.length > 0) {
    merged.push(mergeRun(run));
  }
  return merged;
}

/** Merges a non-empty run of consecutive batches. */
function mergeRun(run: readonly ChangeBatch[]): ChangeBatch {
  const first = run[0];
  const last = run[run.length - 1];
  if (first === undefined || last === undefined) {
    throw new Error('mergeRun: the run of batches is empty');
  }
  if (run.length === 1) {
    return first;
  }
  return {
    revision: last.revision,
    fromRevision: firstRevision(first),
    changes: dropReplacedValues(run.flatMap((batch) => batch.changes)),
  };
}

/** Key of a change that replaces a whole value, or null for a change that must be kept. */
function replacedValueKey(change: StateChange): string | null {
  switch (change.type) {
    case 'aggregates':
    case 'severe':
    case 'session':
      return change.type;
    case 'stream':
      return `stream:${change.stream}`;
    default:
      return null;
  }
}

function dropReplacedValues(changes: readonly StateChange[]): StateChange[] {
  const lastIndex = new Map<string, number>();
  changes.forEach((change, index) => {
    const key = replacedValueKey(change);
    if (key !== null) {
      lastIndex.set(key, index);
    }
  });
  return changes.filter((change, index) => {
    const key = replacedValueKey(change);
    return key === null || lastIndex.get(key) === index;
  });
}

export const AlertQuery = z.object({
  levels: z.array(AlertLevel).max(4).optional(),
  classes: z.array(EmergencyClass).max(4).optional(),
  townNames: z.array(z.string().max(100)).max(100).optional(),
  text: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(1000).default(200),
  /** Return alerts published strictly before this instant, for paging. */
  before: z.number().int().optional(),
});
export type AlertQuery = z.input<typeof AlertQuery>;

/** Areas whose commands the console sends to the central; a name outside them is a mistake. */
export const COMMAND_AREAS = [
  'incident',
  'dispatch',
  'duty',
  'opinion',
  'points',
  'hall',
] as const;

/** Names of domain commands: `<area>.<verb>`, such as `incident.command` or `duty.log-create`. */
export const DomainCommandName = z
  .string()
  .regex(
    /^[a-z][a-z0-9]*\.[a-z][a-z0-9-]{0,47}$/,
    'command names look like "incident.command": an area, a dot and a verb in lower case',
  )
  .refine(
    (name) =>
      (COMMAND_AREAS as readonly string[]).includes(name.split('.')[0] ?? ''),
    {
      message: `command names start with one of the areas ${COMMAND_AREAS.join(', ')}`,
    },
  );

export const AcknowledgeRequest = z.object({
  name: z.literal('alert.acknowledge'),
  payload: z.object({ alertId: z.string().min(1).max(200) }),
});

/**
 * A command of a records domain. The central validates the payload with the domain's schema;
 * `optimistic` are the values the console shows until the central answers.
 */
export const DomainCommandRequest = z.object({
  name: DomainCommandName,
  payload: z.record(z.string(), z.unknown()),
  optimistic: z.array(OptimisticRecord).max(50).optional(),
});

export const CommandRequest = z.union([
  AcknowledgeRequest,
  DomainCommandRequest,
]);
export type CommandRequest = z.infer<typeof CommandRequest>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  windowKind: WindowKind,
  windowName: z.string(),
  host: z.enum(['electron', 'browser']),
  readOnly: z.boolean(),
  locale: z.string(),
  /** Identity of this console install on the central, once the cache is open. */
  installId: z.string().nullable().optional(),
});
export type AppInfo = z.infer<typeof AppInfo>;

/** A month's roster or duty log to export, built in main from the cached duty records. */
export const RosterExportRequest = z
  .object({
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM'),
    format: z.enum(['xlsx', 'ics', 'html', 'json']),
    what: z.enum(['roster', 'duty-log']),
  })
  .strict();
export type RosterExportRequest = z.infer<typeof RosterExportRequest>;

/** An exported file; the renderer saves the bytes under `fileName`. */
export const RosterExportFile = z.object({
  fileName: z.string().min(1).max(200),
  mimeType: z.string().min(1).max(200),
  /** File content, base64-encoded, because the bridges carry JSON. */
  base64: z.string(),
});
export type RosterExportFile = z.infer<typeof RosterExportFile>;

/** Error carried across a process boundary, since Electron passes only an Error's message. */
export const BridgeError = z.object({
  code: z.enum([
    'invalid-request',
    'forbidden',
    'not-found',
    'unavailable',
    'internal',
  ]),
  message: z.string(),
});
export type BridgeError = z.infer<typeof BridgeError>;

export type BridgeResult<T> =
  | { ok: true; value: T }
  | { ok: false; error: BridgeError };

/**
 * Request and response schemas per invoke channel. Main parses every request with these before
 * use, and a renderer may parse responses with them.
 */
/** Map files for walls; the texts are validated by main at start and parsed by the wall. */
export const CountyMapFilesResponse = z.object({
  outlineGeoJson: z.string(),
  divisionsCsv: z.string(),
  townBoundariesGeoJson: z.string().nullable(),
  source: z.enum(['bundled', 'config']),
});
export type CountyMapFilesResponse = z.infer<typeof CountyMapFilesResponse>;

export const InvokeSchemas = {
  [Channel.stateSnapshot]: {
    request: z.object({}).strict(),
    response: StateSnapshot,
  },
  [Channel.alertsQuery]: { request: AlertQuery, response: z.array(Alert) },
  [Channel.recordsQuery]: {
    request: RecordQuery,
    response: z.array(StoredRecord),
  },
  [Channel.commandSubmit]: {
    request: CommandRequest,
    response: z.object({ commandId: z.string(), installSeq: z.number().int() }),
  },
  [Channel.appInfo]: { request: z.object({}).strict(), response: AppInfo },
  [Channel.mapCounty]: {
    request: z.object({}).strict(),
    response: CountyMapFilesResponse,
  },
  [Channel.sessionProbe]: {
    request: z.object({}).strict(),
    response: z.object({}),
  },
  [Channel.commandPending]: {
    request: z.object({}).strict(),
    response: z.array(PendingCommand),
  },
  [Channel.commandConfirm]: {
    request: z.object({ installSeq: z.number().int().min(1) }).strict(),
    response: z.object({ installSeq: z.number().int() }),
  },
  [Channel.commandDiscard]: {
    request: z.object({ installSeq: z.number().int().min(1) }).strict(),
    response: z.object({ installSeq: z.number().int() }),
  },
  [Channel.rosterExport]: {
    request: RosterExportRequest,
    response: RosterExportFile,
  },
  [Channel.alertsTownAggregates]: {
    request: TownAggregatesRequest,
    response: TownAlertAggregates,
  },
  [Channel.pointsWallView]: {
    request: PointsViewRequest,
    // The wall parses the view with the points schema, which rejects unmasked names.
    response: z.record(z.string(), z.unknown()).nullable(),
  },
} as const;
export type InvokeChannel = keyof typeof InvokeSchemas;
export type InvokeRequest<C extends InvokeChannel> = z.input<
  (typeof InvokeSchemas)[C]['request']
>;
export type InvokeResponse<C extends InvokeChannel> = z.infer<
  (typeof InvokeSchemas)[C]['response']
>;

/**
 * The API given to a renderer, whichever host it runs in. The Electron preload exposes it through
 * `contextBridge` as `window.consoleBridge`; in a browser the renderer builds it over a WebSocket.
 */
export interface ConsoleBridge {
  invoke<C extends InvokeChannel>(
    channel: C,
    request: InvokeRequest<C>,
  ): Promise<BridgeResult<InvokeResponse<C>>>;
  /** Subscribes to change batches; returns the function that unsubscribes. */
  onChanges(listener: (batch: ChangeBatch) => void): () => void;
}

// ---- browser host bridge frames (loopback WebSocket) ----

export const HostRequestFrame = z.object({
  type: z.literal('invoke'),
  id: z.number().int().min(0),
  channel: z.string().max(64),
  request: z.unknown(),
});
export type HostRequestFrame = z.infer<typeof HostRequestFrame>;

export const HostResponseFrame = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('result'),
    id: z.number().int(),
    result: z.unknown(),
  }),
  z.object({
    type: z.literal('push'),
    channel: z.literal(Channel.stateChanges),
    batch: ChangeBatch,
  }),
]);
export type HostResponseFrame = z.infer<typeof HostResponseFrame>;
