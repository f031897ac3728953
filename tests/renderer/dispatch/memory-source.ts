// An in-memory RecordsSource with a small central behind it: records, an outbox that holds
// commands while "offline", and a `deliver` step that runs queued incident commands through the
// shared lifecycle rules in order, as the reference central would.
import type { Alert } from '../../../src-shared/contract/domain.js';
import type {
  OptimisticRecord,
  RecordChange,
  StoredRecord,
} from '../../../src-shared/contract/records.js';
import type { Actor, Incident } from '../../../src-shared/dispatch/index.js';
import {
  applyCommand,
  attachAlert,
  createIncidentFromAlert,
  DEFAULT_DEADLINE_CONFIG,
  DispatchError,
  parseCommand,
} from '../../../src-shared/dispatch/index.js';
import { codeOfError } from '../../../src-renderer/src/console/dispatch/rejection-codes.js';
import type {
  CommandRejection,
  QueuedCommand,
  RecordsSource,
} from '../../../src-renderer/src/console/dispatch/source.js';

interface Queued extends QueuedCommand {
  payload: Record<string, unknown>;
  optimistic: OptimisticRecord[];
}

export interface Outcome {
  installSeq: number;
  name: string;
  outboxId: string;
  applied: boolean;
  code: string | null;
  message: string | null;
}

const CENTRAL_ACTOR: Actor = { id: 'officer-7', role: 'duty_officer' };

function keyOf(collection: string, id: string): string {
  return `${collection}/${id}`;
}

export class MemorySource implements RecordsSource {
  clock = Date.UTC(2026, 5, 1, 2, 0, 0);
  readonly confirmed = new Map<string, StoredRecord>();
  private readonly optimistic = new Map<string, StoredRecord>();
  private readonly outbox: Queued[] = [];
  private readonly listeners = new Set<(changes: RecordChange[]) => void>();
  private readonly resetListeners = new Set<() => void>();
  private readonly rejectionListeners = new Set<
    (rejection: CommandRejection) => void
  >();
  private installSeq = 0;
  listCalls = 0;

  list(collection: string): Promise<StoredRecord[]> {
    this.listCalls += 1;
    const records: StoredRecord[] = [];
    for (const record of this.confirmed.values()) {
      if (record.collection === collection) {
        records.push(
          this.optimistic.get(keyOf(collection, record.id)) ?? record,
        );
      }
    }
    for (const record of this.optimistic.values()) {
      if (
        record.collection === collection &&
        !this.confirmed.has(keyOf(collection, record.id))
      ) {
        records.push(record);
      }
    }
    return Promise.resolve(records);
  }

  onChange(listener: (changes: RecordChange[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onReset(listener: () => void): () => void {
    this.resetListeners.add(listener);
    return () => this.resetListeners.delete(listener);
  }

  onRejection(listener: (rejection: CommandRejection) => void): () => void {
    this.rejectionListeners.add(listener);
    return () => this.rejectionListeners.delete(listener);
  }

  /** Tells subscribers that every list must be read again, as after a resynchronization. */
  reset(): void {
    for (const listener of this.resetListeners) {
      listener();
    }
  }

  submit(
    name: string,
    payload: Record<string, unknown>,
    optimistic: OptimisticRecord[] = [],
  ): Promise<{ commandId: string; installSeq: number }> {
    this.installSeq += 1;
    const installSeq = this.installSeq;
    const commandId = `outbox-${installSeq}`;
    this.outbox.push({
      installSeq,
      commandId,
      name,
      createdAt: this.clock,
      state: 'pending',
      payload,
      optimistic,
    });
    const changes: RecordChange[] = optimistic.map((value) => {
      const base = this.confirmed.get(keyOf(value.collection, value.id));
      const record: StoredRecord = {
        collection: value.collection,
        id: value.id,
        version: base?.version ?? 0,
        updatedAt: this.clock,
        data: value.data,
        pendingSeq: installSeq,
      };
      this.optimistic.set(keyOf(value.collection, value.id), record);
      return { type: 'record', stream: value.stream, record, removed: false };
    });
    this.emit(changes);
    return Promise.resolve({ commandId, installSeq });
  }

  pending(): Promise<QueuedCommand[]> {
    return Promise.resolve(
      this.outbox.map(({ installSeq, commandId, name, createdAt, state }) => ({
        installSeq,
        commandId,
        name,
        createdAt,
        state,
      })),
    );
  }

  serverNow(): number {
    return this.clock;
  }

  queuedPayloads(): Record<string, unknown>[] {
    return this.outbox.map((command) => command.payload);
  }

  /** Puts a confirmed record with the next version, as a `record.put` event would. */
  put(
    collection: string,
    id: string,
    data: Record<string, unknown>,
  ): RecordChange {
    const previous = this.confirmed.get(keyOf(collection, id));
    const record: StoredRecord = {
      collection,
      id,
      version: (previous?.version ?? 0) + 1,
      updatedAt: this.clock,
      data,
    };
    this.confirmed.set(keyOf(collection, id), record);
    return { type: 'record', stream: 'dispatch', record, removed: false };
  }

  remove(collection: string, id: string): RecordChange {
    const previous = this.confirmed.get(keyOf(collection, id));
    this.confirmed.delete(keyOf(collection, id));
    const record: StoredRecord = {
      collection,
      id,
      version: (previous?.version ?? 0) + 1,
      updatedAt: this.clock,
      data: {},
    };
    return { type: 'record', stream: 'dispatch', record, removed: true };
  }

  emit(changes: RecordChange[]): void {
    if (changes.length === 0) {
      return;
    }
    for (const listener of this.listeners) {
      listener(changes);
    }
  }

  incident(id: string): Incident | undefined {
    return this.confirmed.get(keyOf('incident', id))?.data as
      | Incident
      | undefined;
  }

  /**
   * Sends every queued command to the central in install order, as on reconnect. Each result
   * drops the command's optimistic values and publishes the confirmed records.
   */
  deliver(alerts: readonly Alert[] = []): Outcome[] {
    const outcomes: Outcome[] = [];
    while (this.outbox.length > 0) {
      const command = this.outbox.shift() as Queued;
      const changes: RecordChange[] = [];
      const outcome = this.execute(command, alerts, changes);
      for (const value of command.optimistic) {
        const key = keyOf(value.collection, value.id);
        if (this.optimistic.get(key)?.pendingSeq !== command.installSeq) {
          continue;
        }
        this.optimistic.delete(key);
        const restored = this.confirmed.get(key);
        if (
          restored !== undefined &&
          !changes.some((c) => c.record.id === value.id)
        ) {
          changes.push({
            type: 'record',
            stream: 'dispatch',
            record: restored,
            removed: false,
          });
        }
      }
      this.emit(changes);
      if (!outcome.applied) {
        for (const listener of this.rejectionListeners) {
          listener({
            installSeq: outcome.installSeq,
            commandId: outcome.outboxId,
            name: outcome.name,
            code: outcome.code ?? 'unknown',
            message: outcome.message ?? '',
          });
        }
      }
      outcomes.push(outcome);
    }
    return outcomes;
  }

  private execute(
    command: Queued,
    alerts: readonly Alert[],
    changes: RecordChange[],
  ): Outcome {
    const base = {
      installSeq: command.installSeq,
      name: command.name,
      outboxId: command.commandId,
    };
    try {
      this.run(command, alerts, changes);
      return { ...base, applied: true, code: null, message: null };
    } catch (error) {
      if (!(error instanceof DispatchError)) {
        throw error;
      }
      return {
        ...base,
        applied: false,
        code: codeOfError(error),
        message: error.message,
      };
    }
  }

  private run(
    command: Queued,
    alerts: readonly Alert[],
    changes: RecordChange[],
  ): void {
    const now = this.clock;
    if (command.name === 'incident.command') {
      const parsed = parseCommand(command.payload['command']);
      const all = new Map<string, Incident>();
      for (const record of this.confirmed.values()) {
        if (record.collection === 'incident') {
          all.set(record.id, record.data as unknown as Incident);
        }
      }
      const outcome = applyCommand(all, parsed, CENTRAL_ACTOR, now);
      for (const incident of outcome.updated) {
        changes.push(this.put('incident', incident.id, { ...incident }));
      }
      return;
    }
    if (command.name === 'incident.open') {
      const alert = alerts.find((a) => a.id === command.payload['alertId']);
      if (alert === undefined) {
        throw new DispatchError(
          `alert ${String(command.payload['alertId'])} not found`,
        );
      }
      const incident = createIncidentFromAlert(
        alert,
        { id: String(command.payload['incidentId']) },
        DEFAULT_DEADLINE_CONFIG,
        CENTRAL_ACTOR,
        now,
      );
      changes.push(this.put('incident', incident.id, { ...incident }));
      return;
    }
    if (command.name === 'incident.attach-alert') {
      const incident = this.incident(String(command.payload['incidentId']));
      if (incident === undefined) {
        throw new DispatchError('unknown incident');
      }
      const result = attachAlert(
        incident,
        String(command.payload['alertId']),
        Number(command.payload['expectedVersion']),
        CENTRAL_ACTOR,
        now,
      );
      changes.push(this.put('incident', incident.id, { ...result.incident }));
      return;
    }
    if (command.name === 'dispatch.escalation-ack') {
      const id = String(command.payload['escalationId']);
      const current = this.confirmed.get(keyOf('dispatch.escalation', id));
      if (current === undefined) {
        throw new DispatchError(`escalation ${id} not found`);
      }
      changes.push(
        this.put('dispatch.escalation', id, {
          ...current.data,
          acknowledgedAt: now,
        }),
      );
    }
  }
}
