import { z } from 'zod';
import {
  STREAMS,
  type AlertEventBody,
  type CommandFrame,
  type CommandResultFrame,
} from '../src-shared/contract/index.js';
import { createLogger } from '../src-node/logging/index.js';
import type { EventLog } from './log/event-log.js';
import type { StateStore, StoredCommand } from './log/state-store.js';
import type { CommandHandler, DomainContext } from './domains/types.js';

const log = createLogger('central-commands');

const AcknowledgePayload = z.object({ alertId: z.string().min(1).max(200) });

export interface CommandContext {
  log: EventLog;
  state: StateStore;
  clock: () => number;
  /** Appends alert bodies and updates the alert table, inside the caller's transaction. */
  appendAlertEvents(bodies: AlertEventBody[]): number[];
  /** The handler of a domain command and the context of its domain, or null for an unknown name. */
  domainCommand?(
    name: string,
  ): { handler: CommandHandler; context: DomainContext } | null;
}

type Outcome = Pick<StoredCommand, 'outcome' | 'result' | 'error'>;

function rejected(code: string, message: string): Outcome {
  return { outcome: 'rejected', error: { code, message } };
}

function acknowledgeAlert(
  context: CommandContext,
  installId: string,
  payload: unknown,
): Outcome {
  const parsed = AcknowledgePayload.safeParse(payload);
  if (!parsed.success) {
    return rejected(
      'invalid-payload',
      `alert.acknowledge needs {alertId: string}: ${z.prettifyError(parsed.error)}`,
    );
  }
  const { alertId } = parsed.data;
  const status = context.state.alertStatus(alertId);
  if (status === null) {
    return rejected(
      'alert-not-found',
      `alert ${alertId} not found on the central`,
    );
  }
  if (status === 'closed') {
    return rejected(
      'alert-closed',
      `alert ${alertId} is closed and cannot be acknowledged`,
    );
  }
  if (status === 'acknowledged') {
    return {
      outcome: 'applied',
      result: { alertId, status, changed: false, seq: null },
    };
  }
  const [seq] = context.appendAlertEvents([
    { kind: 'alert.status', alertId, status: 'acknowledged', by: installId },
  ]);
  return {
    outcome: 'applied',
    result: {
      alertId,
      status: 'acknowledged',
      changed: true,
      stream: STREAMS.alerts,
      seq,
    },
  };
}

function execute(
  context: CommandContext,
  installId: string,
  frame: CommandFrame,
): Outcome {
  switch (frame.name) {
    case 'alert.acknowledge':
      return acknowledgeAlert(context, installId, frame.payload);
    default: {
      const domain = context.domainCommand?.(frame.name) ?? null;
      if (domain === null) {
        return rejected(
          'unknown-command',
          `command ${frame.name} is not supported by this central`,
        );
      }
      const outcome = domain.handler(
        domain.context,
        { installId, operatorId: installId },
        frame.payload,
      );
      return outcome.outcome === 'applied'
        ? { outcome: 'applied', result: outcome.result }
        : { outcome: 'rejected', error: outcome.error };
    }
  }
}

function toFrame(
  stored: StoredCommand,
  duplicate: boolean,
): CommandResultFrame {
  const frame: CommandResultFrame = {
    type: 'command-result',
    commandId: stored.commandId,
    installSeq: stored.installSeq,
    outcome: stored.outcome,
    duplicate,
  };
  if (stored.result !== undefined) {
    frame.result = stored.result;
  }
  if (stored.error !== undefined) {
    frame.error = stored.error;
  }
  return frame;
}

/**
 * Applies a command at most once per install. The outcome (applied or rejected) is stored in the
 * same transaction as the events it appends, so a repeat after a crash finds either both or
 * neither, and gets the stored outcome back with `duplicate: true`. A command that reuses an
 * install sequence under another command id is rejected and not stored.
 */
export function applyCommand(
  context: CommandContext,
  installId: string,
  frame: CommandFrame,
): CommandResultFrame {
  return context.log.transaction(() => {
    const stored = context.state.findStoredCommand(
      installId,
      frame.commandId,
      frame.installSeq,
    );
    if (stored && stored.commandId === frame.commandId) {
      log.info('applyCommand: repeat of a stored command', {
        installId,
        commandId: frame.commandId,
        installSeq: frame.installSeq,
      });
      return toFrame(stored, true);
    }
    if (stored) {
      log.warn(
        'applyCommand: install sequence already used by another command',
        {
          installId,
          installSeq: frame.installSeq,
          commandId: frame.commandId,
          storedCommandId: stored.commandId,
        },
      );
      return toFrame(
        {
          commandId: frame.commandId,
          installSeq: frame.installSeq,
          name: frame.name,
          ...rejected(
            'install-seq-reused',
            `install sequence ${frame.installSeq} already belongs to command ${stored.commandId}`,
          ),
        },
        false,
      );
    }

    const outcome = execute(context, installId, frame);
    const result: StoredCommand = {
      commandId: frame.commandId,
      installSeq: frame.installSeq,
      name: frame.name,
      ...outcome,
    };
    context.state.storeCommand(installId, result, context.clock());
    log.info('applyCommand: command processed', {
      installId,
      commandId: frame.commandId,
      name: frame.name,
      outcome: result.outcome,
      code: result.error?.code,
    });
    return toFrame(result, false);
  });
}
