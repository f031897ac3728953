// Dispatch panel state: the record maps, the urgency queue, the commands this panel queued, and
// the officer's unsent text.
import { ref, shallowRef, triggerRef, type Ref, type ShallowRef } from 'vue';

import type { Alert } from '../../../../src-shared/contract/domain.js';
import type {
  OptimisticRecord,
  RecordChange,
  StoredRecord,
} from '../../../../src-shared/contract/records.js';
import type {
  Actor,
  DeadlineConfig,
  Incident,
  IncidentChannel,
  IncidentCommand,
} from '../../../../src-shared/dispatch/index.js';
import {
  DEFAULT_DEADLINE_CONFIG,
  DISPATCH_COLLECTIONS,
  DISPATCH_COMMANDS,
} from '../../../../src-shared/dispatch/index.js';
import {
  buildAttachPayload,
  buildEscalationAckPayload,
  buildIncidentCommand,
  buildOpenPayload,
  expectedVersionsOf,
  isStillQueued,
  predictAttach,
  predictCommand,
  predictOpen,
  queuedCountFor,
  type CommandDraft,
  type TrackedCommand,
} from './commands.js';
import { UrgencyQueue, type QueueOrder } from './queue.js';
import { codeOfError } from './rejection-codes.js';
import { createRecordMaps, type EscalationEntry } from './record-maps.js';
import type { QueuedCommand, RecordsSource } from './source.js';

export interface Rejection {
  commandId: string;
  incidentId: string | null;
  name: string;
  kind: string | null;
  code: string;
  message: string;
  at: number;
}

export type SubmitOutcome =
  | { ok: true; commandId: string }
  | { ok: false; code: string; message: string };

export interface DispatchStoreOptions {
  /** Actor named by optimistic timeline entries until the central's result replaces them. */
  actor?: Actor;
  /** Deadline table for the near band and for predicting new incidents. */
  deadlineConfig?: DeadlineConfig;
  newId?: () => string;
}

/** Drafts are keyed by incident and field, such as `cancel` or `feedback`. */
export function draftKey(incidentId: string, field: string): string {
  return `${incidentId}\u0000${field}`;
}

/** Refresh the outbox list every this many clock ticks, for when no record changes arrive. */
const PENDING_REFRESH_TICKS = 3;
/** Tracked commands this long out of the outbox with no result are forgotten. Drafts stay. */
const TRACKED_FORGET_MS = 10 * 60_000;

export type {
  AuditEntry,
  EscalationEntry,
  IncidentEntry,
  InvalidRecord,
  ResourceEntry,
} from './record-maps.js';

export type DispatchStore = ReturnType<typeof createDispatchStore>;

/** Creates the store. Call `start()` to load and subscribe, and `stop()` when the view unmounts. */
export function createDispatchStore(
  source: RecordsSource,
  options: DispatchStoreOptions = {},
) {
  const actor: Actor = options.actor ?? { id: 'console', role: 'duty_officer' };
  const config = options.deadlineConfig ?? DEFAULT_DEADLINE_CONFIG;
  const newId = options.newId ?? (() => crypto.randomUUID());

  const maps = createRecordMaps();
  const { incidents, resources, escalations, audit, alertIncident, invalid } =
    maps;
  const urgency = new UrgencyQueue(config);
  const queue: ShallowRef<QueueOrder> = shallowRef(urgency.order(0));
  // Building the store reads no reactive value: a caller that builds it inside a computed (the
  // console does, per acting role) would otherwise track the clock offset or this store's own
  // `now`, and build a new store, reloading every list, each time either changed. start() reads
  // the clock.
  const now = ref(0);
  const loaded = ref(false);
  const loadError: Ref<string | null> = ref(null);
  const outbox: ShallowRef<readonly QueuedCommand[]> = shallowRef([]);
  const outboxError: Ref<string | null> = ref(null);
  const tracked = shallowRef(new Map<string, TrackedCommand>());
  const rejections: ShallowRef<readonly Rejection[]> = shallowRef([]);
  const drafts = shallowRef(new Map<string, string>());

  let queueDirty = false;
  let orderedAt = 0;
  let ticks = 0;
  const subscriptions: (() => void)[] = [];
  let buffered: RecordChange[] | null = null;
  let refreshing: Promise<void> | null = null;
  let refreshAgain = false;
  let loading: Promise<boolean> | null = null;
  let loadAgain = false;
  /** Outbox ids of rejected commands, which a slow outbox list may still show for a moment. */
  const rejectedIds = new Set<string>();

  // Record application

  /** Applies a batch of records: every map is triggered once and the queue reordered once. */
  function applyRecords(
    records: readonly { record: StoredRecord; removed: boolean }[],
  ): void {
    const batch = maps.apply(records);
    if (batch.touched.has('incidents')) {
      urgency.apply(batch.incidentChanges);
      queueDirty = true;
      now.value = source.serverNow();
      reorder();
    }
    settleApplied(batch.confirmedIncidents, batch.confirmedEscalations);
  }

  function applyChanges(changes: readonly RecordChange[]): void {
    if (buffered !== null) {
      for (const change of changes) {
        buffered.push(change);
      }
      return;
    }
    applyRecords(changes);
    void refreshPending();
  }

  // Queue and clock

  function reorder(): void {
    queue.value = urgency.order(now.value);
    orderedAt = now.value;
    queueDirty = false;
  }

  /**
   * Reads the server clock. Reorders only when records changed, an incident turned overdue, or
   * the clock estimate moved back, which can undo an overdue mark.
   */
  function tick(): void {
    now.value = source.serverNow();
    if (
      queueDirty ||
      now.value > queue.value.validUntil ||
      now.value < orderedAt
    ) {
      reorder();
    }
    ticks += 1;
    if (ticks % PENDING_REFRESH_TICKS === 0) {
      void refreshPending();
    }
  }

  // Outbox and command tracking

  function setTracked(command: TrackedCommand): void {
    tracked.value.set(command.key, command);
    triggerRef(tracked);
  }

  function forgetTracked(key: string): void {
    if (tracked.value.delete(key)) {
      triggerRef(tracked);
    }
  }

  /** Drops the submitted text of an applied command, unless the officer has typed since. */
  function clearDrafts(command: TrackedCommand): void {
    let changed = false;
    for (const [key, text] of Object.entries(command.drafts)) {
      if (drafts.value.get(key) === text) {
        drafts.value.delete(key);
        changed = true;
      }
    }
    if (changed) {
      triggerRef(drafts);
    }
  }

  function isApplied(command: TrackedCommand, incident: Incident): boolean {
    if (command.name === DISPATCH_COMMANDS.open) {
      return command.incidentId === incident.id;
    }
    if (command.name === DISPATCH_COMMANDS.attachAlert) {
      return (
        command.alertId !== null &&
        incident.originAlertIds.includes(command.alertId) &&
        incident.version > (command.expected[incident.id] ?? Infinity)
      );
    }
    return incident.timeline.some((entry) => entry.commandId === command.key);
  }

  function settleApplied(
    confirmed: readonly Incident[],
    confirmedEscalations: readonly EscalationEntry[],
  ): void {
    if (tracked.value.size === 0) {
      return;
    }
    const byIncident = new Map(
      confirmed.map((incident) => [incident.id, incident]),
    );
    const acknowledged = new Set(
      confirmedEscalations
        .filter((entry) => entry.value.acknowledgedAt !== null)
        .map((entry) => entry.id),
    );
    for (const command of [...tracked.value.values()]) {
      const incident =
        command.incidentId === null
          ? undefined
          : byIncident.get(command.incidentId);
      const applied =
        command.escalationId !== null
          ? acknowledged.has(command.escalationId)
          : incident !== undefined && isApplied(command, incident);
      if (applied) {
        clearDrafts(command);
        forgetTracked(command.key);
      }
    }
  }

  /** Reloads the outbox list and notes which tracked commands have left it. */
  async function refreshPending(): Promise<void> {
    if (refreshing !== null) {
      refreshAgain = true;
      return refreshing;
    }
    refreshing = (async () => {
      do {
        refreshAgain = false;
        try {
          const list = await source.pending();
          outbox.value = list;
          outboxError.value = null;
          markOutbox(list);
        } catch (error) {
          // The last list stays on screen, and the next tick reads it again.
          outboxError.value = `reading the outbox failed: ${
            error instanceof Error ? error.message : String(error)
          }`;
        }
      } while (refreshAgain);
    })().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  function markOutbox(list: readonly QueuedCommand[]): void {
    const ids = new Set(list.map((command) => command.commandId));
    for (const id of rejectedIds) {
      if (!ids.has(id)) {
        rejectedIds.delete(id);
      }
    }
    const at = source.serverNow();
    let changed = false;
    for (const command of tracked.value.values()) {
      if (command.outboxId === null) {
        continue;
      }
      const inOutbox = ids.has(command.outboxId) || ids.has(command.key);
      if (inOutbox && command.leftOutboxAt !== null) {
        command.leftOutboxAt = null;
        changed = true;
      } else if (!inOutbox && command.leftOutboxAt === null) {
        command.leftOutboxAt = at;
        changed = true;
      } else if (
        !inOutbox &&
        at - (command.leftOutboxAt ?? at) > TRACKED_FORGET_MS
      ) {
        tracked.value.delete(command.key);
        changed = true;
      }
    }
    if (changed) {
      triggerRef(tracked);
    }
  }

  /**
   * Commands queued for an incident by an earlier run of this window, which the panel did not
   * track: the outbox lists them, and the incident record shows the latest one's optimistic value.
   * NOTE: only that latest one is visible, so an older chain from before a reload counts as one.
   */
  function untrackedQueued(incidentId: string): TrackedCommand[] {
    const entry = incidents.value.get(incidentId);
    if (entry === undefined || entry.pendingSeq === null) {
      return [];
    }
    const seq = entry.pendingSeq;
    const queued = outbox.value.find(
      (command) =>
        command.installSeq === seq && !rejectedIds.has(command.commandId),
    );
    const known = [...tracked.value.values()].some(
      (command) => command.installSeq === seq,
    );
    if (queued === undefined || known) {
      return [];
    }
    return [
      {
        key: queued.commandId,
        outboxId: queued.commandId,
        installSeq: seq,
        name: queued.name,
        kind: null,
        incidentId,
        alertId: null,
        escalationId: null,
        expected: { [incidentId]: entry.value.version },
        drafts: {},
        submittedAt: queued.createdAt,
        leftOutboxAt: null,
      },
    ];
  }

  function versionBasis(...incidentIds: string[]): TrackedCommand[] {
    const basis = [...tracked.value.values()];
    for (const id of incidentIds) {
      for (const command of untrackedQueued(id)) {
        basis.push(command);
      }
    }
    return basis;
  }

  /** Commands for this incident that can still change it, oldest first. */
  function queuedFor(incidentId: string): TrackedCommand[] {
    const at = now.value;
    const list = versionBasis(incidentId).filter(
      (command) =>
        (command.incidentId === incidentId || incidentId in command.expected) &&
        isStillQueued(command, at),
    );
    return list.sort((a, b) => a.submittedAt - b.submittedAt);
  }

  function queuedCount(incidentId: string): number {
    const entry = incidents.value.get(incidentId);
    if (entry === undefined) {
      return 0;
    }
    return queuedCountFor(entry.value, versionBasis(incidentId), now.value);
  }

  // Drafts

  function draft(incidentId: string, field: string): string {
    return drafts.value.get(draftKey(incidentId, field)) ?? '';
  }

  function setDraft(incidentId: string, field: string, text: string): void {
    const key = draftKey(incidentId, field);
    if (text === '') {
      drafts.value.delete(key);
    } else {
      drafts.value.set(key, text);
    }
    triggerRef(drafts);
  }

  function draftsOf(
    incidentId: string,
    fields: readonly string[],
  ): Record<string, string> {
    const result: Record<string, string> = {};
    for (const field of fields) {
      const key = draftKey(incidentId, field);
      const text = drafts.value.get(key);
      if (text !== undefined) {
        result[key] = text;
      }
    }
    return result;
  }

  // Rejections

  function addRejection(rejection: Rejection): void {
    rejections.value = [...rejections.value, rejection];
  }

  /** Records a rejection from the central. The officer's text stays in the drafts. */
  function reportRejection(report: {
    commandId: string;
    code: string;
    message: string;
  }): void {
    const command = [...tracked.value.values()].find(
      (candidate) =>
        candidate.key === report.commandId ||
        candidate.outboxId === report.commandId,
    );
    if (command !== undefined) {
      forgetTracked(command.key);
    }
    rejectedIds.add(report.commandId);
    addRejection({
      commandId: command?.key ?? report.commandId,
      incidentId: command?.incidentId ?? null,
      name: command?.name ?? '',
      kind: command?.kind ?? null,
      code: report.code,
      message: report.message,
      at: source.serverNow(),
    });
  }

  function dismissRejection(commandId: string): void {
    rejections.value = rejections.value.filter(
      (rejection) => rejection.commandId !== commandId,
    );
  }

  function rejectionsFor(incidentId: string): Rejection[] {
    return rejections.value.filter(
      (rejection) => rejection.incidentId === incidentId,
    );
  }

  /** Records a command rejected before queueing, shown like a rejection from the central. */
  function rejectLocally(
    incidentId: string | null,
    name: string,
    kind: string | null,
    error: unknown,
  ): SubmitOutcome {
    const code = codeOfError(error);
    const message = error instanceof Error ? error.message : String(error);
    addRejection({
      commandId: newId(),
      incidentId,
      name,
      kind,
      code,
      message,
      at: source.serverNow(),
    });
    return { ok: false, code, message };
  }

  // Submission

  async function submitTracked(
    command: TrackedCommand,
    payload: Record<string, unknown>,
    optimistic: OptimisticRecord[],
  ): Promise<SubmitOutcome> {
    setTracked(command);
    try {
      const result = await source.submit(command.name, payload, optimistic);
      command.outboxId = result.commandId;
      command.installSeq = result.installSeq;
      triggerRef(tracked);
    } catch (error) {
      forgetTracked(command.key);
      return rejectLocally(
        command.incidentId,
        command.name,
        command.kind,
        error,
      );
    }
    await refreshPending();
    return { ok: true, commandId: command.key };
  }

  function trackedFor(
    fields: Omit<
      TrackedCommand,
      'outboxId' | 'installSeq' | 'submittedAt' | 'leftOutboxAt'
    >,
  ): TrackedCommand {
    return {
      ...fields,
      outboxId: null,
      installSeq: null,
      submittedAt: source.serverNow(),
      leftOutboxAt: null,
    };
  }

  /**
   * Queues a command on an incident. `draftFields` names the drafts it was built from; their text
   * stays until the central applies the command.
   */
  async function runCommand(
    incidentId: string,
    commandDraft: CommandDraft,
    draftFields: readonly string[] = [],
  ): Promise<SubmitOutcome> {
    const entry = incidents.value.get(incidentId);
    const name = DISPATCH_COMMANDS.command;
    if (entry === undefined) {
      return rejectLocally(
        incidentId,
        name,
        commandDraft.kind,
        new Error(
          `incident ${incidentId} is not loaded; wait for the list to sync`,
        ),
      );
    }
    const lookup = (id: string): Incident | undefined =>
      incidents.value.get(id)?.value;
    const related =
      commandDraft.kind === 'merge'
        ? [incidentId, commandDraft.targetIncidentId]
        : [incidentId];
    const at = source.serverNow();
    let optimistic: OptimisticRecord[];
    let command;
    try {
      command = buildIncidentCommand(entry.value, commandDraft, {
        tracked: versionBasis(...related),
        now: at,
        newId,
        lookup,
      });
      optimistic = predictCommand(command, entry.value, actor, at, lookup);
    } catch (error) {
      return rejectLocally(incidentId, name, commandDraft.kind, error);
    }
    const trackedCommand = trackedFor({
      key: command.commandId,
      name,
      kind: command.kind,
      incidentId,
      alertId: null,
      escalationId: null,
      expected: expectedVersionsOf(command),
      drafts: draftsOf(incidentId, draftFields),
    });
    return submitTracked(trackedCommand, commandPayload(command), optimistic);
  }

  /** Builds the payload with the role acted in, because the central lets only a leader decide extensions. */
  function commandPayload(command: IncidentCommand): Record<string, unknown> {
    return actor.role === 'duty_officer' || actor.role === 'leader_on_duty'
      ? { command, actingRole: actor.role }
      : { command };
  }

  async function openIncident(
    alert: Alert,
    channel?: IncidentChannel,
  ): Promise<SubmitOutcome> {
    const incidentId = newId();
    const name = DISPATCH_COMMANDS.open;
    let optimistic: OptimisticRecord[];
    try {
      optimistic = predictOpen(
        alert,
        incidentId,
        channel,
        config,
        actor,
        source.serverNow(),
      );
    } catch (error) {
      return rejectLocally(null, name, null, error);
    }
    const command = trackedFor({
      key: incidentId,
      name,
      kind: null,
      incidentId,
      alertId: alert.id,
      escalationId: null,
      expected: {},
      drafts: {},
    });
    return submitTracked(
      command,
      buildOpenPayload(alert, incidentId, channel),
      optimistic,
    );
  }

  async function attachAlert(
    incidentId: string,
    alertId: string,
  ): Promise<SubmitOutcome> {
    const entry = incidents.value.get(incidentId);
    const name = DISPATCH_COMMANDS.attachAlert;
    if (entry === undefined) {
      return rejectLocally(
        incidentId,
        name,
        null,
        new Error(
          `incident ${incidentId} is not loaded; wait for the list to sync`,
        ),
      );
    }
    const at = source.serverNow();
    const payload = buildAttachPayload(
      entry.value,
      alertId,
      versionBasis(incidentId),
      at,
    );
    let optimistic: OptimisticRecord[];
    try {
      optimistic = predictAttach(
        entry.value,
        alertId,
        payload.expectedVersion,
        actor,
        at,
      );
    } catch (error) {
      return rejectLocally(incidentId, name, null, error);
    }
    const command = trackedFor({
      key: newId(),
      name,
      kind: null,
      incidentId,
      alertId,
      escalationId: null,
      expected: { [incidentId]: payload.expectedVersion },
      drafts: {},
    });
    return submitTracked(command, payload, optimistic);
  }

  async function acknowledgeEscalation(
    escalationId: string,
  ): Promise<SubmitOutcome> {
    const entry = escalations.value.get(escalationId);
    const optimistic: OptimisticRecord[] =
      entry === undefined
        ? []
        : [
            {
              stream: 'dispatch',
              collection: DISPATCH_COLLECTIONS.escalation,
              id: escalationId,
              data: { ...entry.value, acknowledgedAt: source.serverNow() },
            },
          ];
    const command = trackedFor({
      key: newId(),
      name: DISPATCH_COMMANDS.acknowledgeEscalation,
      kind: null,
      incidentId: entry?.value.incidentId ?? null,
      alertId: null,
      escalationId,
      expected: {},
      drafts: {},
    });
    return submitTracked(
      command,
      buildEscalationAckPayload(escalationId),
      optimistic,
    );
  }

  // Lifecycle

  /** Empties the record maps and the queue, so that a reload shows no record removed meanwhile. */
  function clearRecords(): void {
    maps.clear();
    urgency.clear();
  }

  /**
   * Reads every collection again; returns false when a list failed. Resets can come in bursts,
   * and two reads running at once would share one change buffer: the later read would clear
   * records that arrived after its lists were taken. So a reset during a read only asks for one
   * more read after it.
   */
  function load(): Promise<boolean> {
    if (loading !== null) {
      loadAgain = true;
      return loading;
    }
    loading = (async () => {
      try {
        let ok: boolean;
        do {
          loadAgain = false;
          ok = await loadOnce();
        } while (ok && loadAgain);
        return ok;
      } finally {
        loading = null;
      }
    })();
    return loading;
  }

  /**
   * One read of every collection. Changes that arrive meanwhile are held and applied after the
   * lists, and older versions among them are skipped.
   */
  async function loadOnce(): Promise<boolean> {
    buffered = [];
    try {
      const lists = await Promise.all(
        Object.values(DISPATCH_COLLECTIONS).map((collection) =>
          source.list(collection),
        ),
      );
      const records: { record: StoredRecord; removed: boolean }[] = [];
      for (const list of lists) {
        for (const record of list) {
          records.push({ record, removed: false });
        }
      }
      now.value = source.serverNow();
      clearRecords();
      applyRecords(records);
      loaded.value = true;
      loadError.value = null;
    } catch (error) {
      loadError.value = `loading dispatch records failed: ${
        error instanceof Error ? error.message : String(error)
      }; retry when the console is connected`;
      buffered = null;
      return false;
    }
    const arrivedWhileLoading = buffered;
    buffered = null;
    if (arrivedWhileLoading.length > 0) {
      applyRecords(arrivedWhileLoading);
    }
    await refreshPending();
    return true;
  }

  /** Loads the collections and follows changes, resets and rejections until `stop()`. */
  async function start(): Promise<void> {
    if (subscriptions.length > 0) {
      return;
    }
    now.value = source.serverNow();
    orderedAt = now.value;
    subscriptions.push(
      source.onChange((changes) => applyChanges(changes)),
      source.onReset(() => void load()),
      source.onRejection((rejection) => reportRejection(rejection)),
    );
    if (!(await load())) {
      // Unsubscribe so that a later start() loads again from scratch.
      stop();
    }
  }

  function stop(): void {
    for (const unsubscribe of subscriptions.splice(0)) {
      unsubscribe();
    }
  }

  return {
    incidents,
    resources,
    escalations,
    audit,
    queue,
    now,
    loaded,
    loadError,
    outbox,
    outboxError,
    tracked,
    rejections,
    invalid,
    drafts,
    alertIncident,
    config,
    actor,
    start,
    stop,
    tick,
    applyChanges,
    refreshPending,
    queuedFor,
    queuedCount,
    draft,
    setDraft,
    reportRejection,
    dismissRejection,
    rejectionsFor,
    runCommand,
    openIncident,
    attachAlert,
    acknowledgeEscalation,
  };
}
