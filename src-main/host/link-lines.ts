import type {
  SessionPhase,
  SessionStatus,
} from '../../src-shared/contract/index.js';

/**
 * Phases after the central's welcome: level with it or catching up over a working link. The
 * `resuming` phase is a new attempt after an earlier link, before any welcome.
 */
const LINKED: readonly SessionPhase[] = [
  'online',
  'syncing',
  'resynchronizing',
];

function linked(phase: SessionPhase): boolean {
  return LINKED.includes(phase);
}

/** Writes a duration as whole hours, minutes and seconds, such as "2 min 5 s". */
export function describeDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  const parts: string[] = [];
  if (hours > 0) {
    parts.push(`${hours} h`);
  }
  if (minutes > 0) {
    parts.push(`${minutes} min`);
  }
  if (rest > 0 || parts.length === 0) {
    parts.push(`${rest} s`);
  }
  return parts.join(' ');
}

/**
 * Follows the session's status and returns the line a person at the host's terminal reads when
 * the link to the central comes up, comes back or needs a new sign-in. Warnings about a lost link
 * already reach the terminal through the log, so going offline gets no line here.
 */
export class LinkLines {
  /** Whether the last status was after a welcome. */
  private wasLinked = false;
  private everLinked = false;
  /** Start of the outage that the next link ends; null while linked or before the first link. */
  private downSince: number | null = null;
  private lastPhase: SessionPhase | null = null;

  /** Returns the line for `status`, or null when it changes nothing a person needs to read. */
  next(status: SessionStatus, now: number): string | null {
    const entered = status.phase !== this.lastPhase;
    this.lastPhase = status.phase;
    const isLinked = linked(status.phase);
    if (isLinked && !this.wasLinked) {
      this.wasLinked = true;
      const line = this.everLinked
        ? `Central link back after ${describeDuration(now - (this.downSince ?? now))} offline.`
        : 'Central link up.';
      this.everLinked = true;
      this.downSince = null;
      return line;
    }
    if (!isLinked && this.wasLinked) {
      this.wasLinked = false;
      this.downSince = status.offlineSince ?? now;
    }
    if (entered && status.phase === 'reauth-needed') {
      return 'The central rejected the console credentials: set CONSOLE_TOKEN or CONSOLE_REFRESH_TOKEN to a valid one and restart the host.';
    }
    return null;
  }
}
