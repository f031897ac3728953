/** Frame types a later frame replaces, so they may be skipped when the send buffer is full. */
const SKIPPABLE_FRAMES: ReadonlySet<string> = new Set(['ping', 'pong', 'ack']);

export interface SendLimits {
  /** Above this many queued bytes, skippable frames are not sent. */
  dropBytes: number;
  /** Above this many queued bytes, the link is recycled. */
  recycleBytes: number;
}

/** What to do with a frame of `type` when the socket already holds `bufferedAmount` bytes. */
export function sendDecision(
  bufferedAmount: number,
  type: string,
  limits: SendLimits,
): 'send' | 'drop' | 'recycle' {
  if (bufferedAmount > limits.recycleBytes) {
    return 'recycle';
  }
  if (bufferedAmount > limits.dropBytes && SKIPPABLE_FRAMES.has(type)) {
    return 'drop';
  }
  return 'send';
}

/**
 * True when a timer planned for `dueAt` fired at `now` more than `thresholdMs` late: the process
 * was suspended (sleep without a resume event, a frozen VM), so the link may be dead.
 */
export function isTimerLate(
  dueAt: number,
  now: number,
  thresholdMs: number,
): boolean {
  return dueAt > 0 && now - dueAt > thresholdMs;
}
