import type { OutboxCommand } from '../cache/index.js';

/**
 * Largest age of a queued command, per command name, after which it is not sent without the
 * operator's confirmation: acting on a day-old acknowledgement may surprise the hall.
 */
export const DEFAULT_COMMAND_MAX_AGE_MS: Readonly<Record<string, number>> = {
  'alert.acknowledge': 24 * 60 * 60_000,
};

/** Age limit of commands whose name is not in the table. */
export const FALLBACK_COMMAND_MAX_AGE_MS = 24 * 60 * 60_000;

/** Meta key under which the operator's confirmation of one command is stored. */
export function confirmationKey(installSeq: number): string {
  return `command-confirmed:${installSeq}`;
}

/** True when `command` is older than its name's limit at `now`. */
export function isOverMaxAge(
  command: Pick<OutboxCommand, 'name' | 'createdAt'>,
  now: number,
  table: Readonly<Record<string, number>> = DEFAULT_COMMAND_MAX_AGE_MS,
): boolean {
  const limit = table[command.name] ?? FALLBACK_COMMAND_MAX_AGE_MS;
  return now - command.createdAt > limit;
}
