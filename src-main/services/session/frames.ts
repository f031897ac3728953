import type { RawData } from 'ws';
import {
  EVENT_BODY_SCHEMAS,
  type CentralFrame,
  type EventFrame,
} from '../../../src-shared/contract/index.js';

/** Frames the session handles in order, after the cache work of earlier frames. */
export type QueuedFrame = Exclude<
  CentralFrame,
  { type: 'ping' } | { type: 'pong' } | { type: 'error' }
>;

export interface QueueItem {
  generation: number;
  frame: QueuedFrame;
}

/** Reads the text of a `ws` message, whichever buffer form it arrived in. */
export function messageText(data: RawData): string {
  if (Array.isArray(data)) {
    return Buffer.concat(data).toString('utf8');
  }
  if (data instanceof ArrayBuffer) {
    return Buffer.from(data).toString('utf8');
  }
  return data.toString('utf8');
}

/**
 * Returns the index just after the JSON value that starts at `start` in `text`, which must be valid
 * JSON as a whole: it only tracks strings, escapes and bracket depth.
 */
function jsonValueEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c) {
        index += 1;
      } else if (char === 0x22) {
        inString = false;
        if (depth === 0) {
          return index + 1;
        }
      }
      continue;
    }
    if (char === 0x22) {
      inString = true;
    } else if (char === 0x7b || char === 0x5b) {
      depth += 1;
    } else if (char === 0x7d || char === 0x5d) {
      if (depth === 0) {
        return index;
      }
      depth -= 1;
      if (depth === 0) {
        return index + 1;
      }
    } else if (depth === 0 && char === 0x2c) {
      return index;
    }
  }
  return text.length;
}

/**
 * Returns the JSON text of an event's body cut out of the frame's text. Returns null when the frame
 * is not laid out as the reference central writes it, with the header fields first, in schema
 * order, and `body` last. The text has already parsed as a whole, so the body's value starts right
 * after the header's own JSON, and a scan for its end tells whether anything follows it.
 */
export function rawBodyText(text: string, frame: EventFrame): string | null {
  const header = JSON.stringify({
    type: frame.type,
    stream: frame.stream,
    epoch: frame.epoch,
    seq: frame.seq,
    at: frame.at,
  });
  const prefix = `${header.slice(0, -1)},"body":`;
  if (!text.startsWith(prefix) || !text.endsWith('}')) {
    return null;
  }
  const end = jsonValueEnd(text, prefix.length);
  return end === text.length - 1 ? text.slice(prefix.length, end) : null;
}

/** Picks `stream` and `seq` out of a frame that failed to parse, for the log line only. */
export function describeBadFrame(text: string): Record<string, unknown> {
  try {
    const raw = JSON.parse(text) as Record<string, unknown>;
    return {
      type: typeof raw['type'] === 'string' ? raw['type'] : null,
      stream: typeof raw['stream'] === 'string' ? raw['stream'] : null,
      seq: typeof raw['seq'] === 'number' ? raw['seq'] : null,
    };
  } catch {
    return { type: null, stream: null, seq: null, bytes: text.length };
  }
}

/** Returns true when `frame` has a body its stream's schema rejects; unknown streams pass. */
export function hasInvalidBody(frame: EventFrame): boolean {
  const schemas: Record<
    string,
    { safeParse(value: unknown): { success: boolean } }
  > = EVENT_BODY_SCHEMAS;
  const schema = schemas[frame.stream];
  return schema !== undefined && !schema.safeParse(frame.body).success;
}

/**
 * Removes from the head of `queue` the longest run of events of `generation` that share one stream
 * and epoch, up to `max` events. The run is cut out with one splice: shifting a long queue one
 * frame at a time copied the rest of it for every frame, which showed in CPU profiles of a replay.
 */
export function takeEventBatch(
  queue: QueueItem[],
  generation: number,
  max: number,
): EventFrame[] {
  const first = queue[0];
  if (
    first === undefined ||
    first.frame.type !== 'event' ||
    first.generation !== generation
  ) {
    return [];
  }
  const { stream, epoch } = first.frame;
  const limit = Math.min(max, queue.length);
  let count = 1;
  while (count < limit) {
    const next = queue[count];
    if (
      next === undefined ||
      next.generation !== generation ||
      next.frame.type !== 'event' ||
      next.frame.stream !== stream ||
      next.frame.epoch !== epoch
    ) {
      break;
    }
    count += 1;
  }
  return queue
    .splice(0, count)
    .map((item) => item.frame)
    .filter((frame): frame is EventFrame => frame.type === 'event');
}

/** Returns true for the first 20 repeats of a warning on a link, then for every 100th. */
export function shouldLogRepeat(count: number): boolean {
  return count <= 20 || count % 100 === 0;
}
