import { z } from 'zod';
import { AlertEventBody, StreamName } from './domain.js';
import { RECORD_STREAMS, RecordEventBody } from './records.js';

/** Version of the console protocol. A central rejects a hello with another major version. */
export const PROTOCOL_VERSION = 1;

/** Largest frame either side accepts, in bytes of UTF-8 text. */
export const MAX_FRAME_BYTES = 1024 * 1024;

/**
 * WebSocket close codes the protocol uses. 1008 and 1009 come from RFC 6455; the 4xxx range is
 * application-defined. A console treats the codes in FATAL_CLOSE_CODES as final and does not retry.
 */
export const CloseCode = {
  normal: 1000,
  goingAway: 1001,
  policyViolation: 1008,
  messageTooBig: 1009,
  protocolMismatch: 4000,
  unauthorized: 4001,
  draining: 4002,
  replaced: 4003,
  handshakeTimeout: 4004,
} as const;
export const FATAL_CLOSE_CODES: readonly number[] = [
  CloseCode.policyViolation,
  CloseCode.messageTooBig,
  CloseCode.protocolMismatch,
];

/** Position of a console in one stream: the log epoch and the last sequence it committed. */
export const StreamPosition = z.object({
  epoch: z.string().min(1).max(64),
  seq: z.number().int().min(0),
});
export type StreamPosition = z.infer<typeof StreamPosition>;

/** State of one stream on the central: its epoch, first retained sequence and head. */
export const StreamHead = z.object({
  epoch: z.string().min(1).max(64),
  firstSeq: z.number().int().min(1),
  headSeq: z.number().int().min(0),
});
export type StreamHead = z.infer<typeof StreamHead>;

// ---- console to central ----

export const HelloFrame = z.object({
  type: z.literal('hello'),
  protocol: z.number().int(),
  installId: z.string().min(8).max(64),
  token: z.string().min(1).max(4096),
  client: z.object({ name: z.string().max(64), version: z.string().max(32) }),
  positions: z.record(StreamName, StreamPosition),
});
export type HelloFrame = z.infer<typeof HelloFrame>;

/** Cumulative acknowledgement: the console has committed every event of `stream` up to `seq`. */
export const AckFrame = z.object({
  type: z.literal('ack'),
  stream: StreamName,
  epoch: z.string().min(1).max(64),
  seq: z.number().int().min(0),
});
export type AckFrame = z.infer<typeof AckFrame>;

export const PingFrame = z.object({
  type: z.literal('ping'),
  id: z.number().int().min(0),
  sentAt: z.number(),
});
export type PingFrame = z.infer<typeof PingFrame>;

export const PongFrame = z.object({
  type: z.literal('pong'),
  id: z.number().int().min(0),
  /** The sender's clock when it sent the pong, in ms since the Unix epoch. */
  serverTime: z.number(),
});
export type PongFrame = z.infer<typeof PongFrame>;

/**
 * A command from the operator. `commandId` is the idempotency key; `installSeq` numbers the
 * commands of one install gaplessly, so the central can tell a repeat from a new command.
 */
export const CommandFrame = z.object({
  type: z.literal('command'),
  commandId: z.string().min(8).max(64),
  installSeq: z.number().int().min(1),
  name: z.string().min(1).max(64),
  payload: z.unknown(),
  issuedAt: z.number().int(),
});
export type CommandFrame = z.infer<typeof CommandFrame>;

/** Asks for the next page of a stream's snapshot; without `cursor`, for a new snapshot. */
export const SnapshotRequestFrame = z.object({
  type: z.literal('snapshot-request'),
  stream: StreamName,
  snapshotId: z.string().min(1).max(64).optional(),
  cursor: z.string().min(1).max(256).optional(),
});
export type SnapshotRequestFrame = z.infer<typeof SnapshotRequestFrame>;

/** Replaces the access token of an open session without dropping the socket. */
export const AuthFrame = z.object({
  type: z.literal('auth'),
  token: z.string().min(1).max(4096),
});
export type AuthFrame = z.infer<typeof AuthFrame>;

export const ConsoleFrame = z.discriminatedUnion('type', [
  HelloFrame,
  AckFrame,
  PingFrame,
  PongFrame,
  CommandFrame,
  SnapshotRequestFrame,
  AuthFrame,
]);
export type ConsoleFrame = z.infer<typeof ConsoleFrame>;

// ---- central to console ----

export const WelcomeFrame = z.object({
  type: z.literal('welcome'),
  protocol: z.number().int(),
  sessionId: z.string().min(1).max(64),
  serverTime: z.number(),
  heartbeatMs: z.number().int().min(1000),
  streams: z.record(StreamName, StreamHead),
  /** Highest installSeq of this install that the central has applied, 0 when none. */
  commandWatermark: z.number().int().min(0),
  /** Expiry of the access token in the hello, central time in ms; absent for a token that does not expire. */
  tokenExpiresAt: z.number().int().optional(),
});
export type WelcomeFrame = z.infer<typeof WelcomeFrame>;

/** Envelope of one logged event. `body` is parsed separately, by the schema of its stream. */
export const EventFrame = z.object({
  type: z.literal('event'),
  stream: StreamName,
  epoch: z.string().min(1).max(64),
  seq: z.number().int().min(1),
  /** Instant the central appended the event to its log, in ms since the Unix epoch. */
  at: z.number().int(),
  body: z.unknown(),
});
export type EventFrame = z.infer<typeof EventFrame>;

/** Sent once a replay for a stream has reached the head that the welcome announced. */
export const CaughtUpFrame = z.object({
  type: z.literal('caught-up'),
  stream: StreamName,
  seq: z.number().int().min(0),
});
export type CaughtUpFrame = z.infer<typeof CaughtUpFrame>;

/**
 * The console's position in a stream cannot be replayed (another epoch, or older than what the
 * central retains). The console must drop its copy of that stream and rebuild it.
 */
export const ResyncFrame = z.object({
  type: z.literal('resync'),
  stream: StreamName,
  reason: z.enum(['epoch-changed', 'retention-exceeded', 'ahead-of-log']),
  head: StreamHead,
  /**
   * True when the central serves the stream as a paged snapshot: the console replies with
   * `snapshot-request`. Absent or false: the central replays the retained events instead.
   */
  snapshot: z.boolean().optional(),
});
export type ResyncFrame = z.infer<typeof ResyncFrame>;

export const CommandResultFrame = z.object({
  type: z.literal('command-result'),
  commandId: z.string().min(8).max(64),
  installSeq: z.number().int().min(1),
  outcome: z.enum(['applied', 'rejected']),
  /** True when the central had already applied this command and returns the stored result. */
  duplicate: z.boolean(),
  result: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type CommandResultFrame = z.infer<typeof CommandResultFrame>;

export const ErrorFrame = z.object({
  type: z.literal('error'),
  code: z.string().min(1).max(64),
  message: z.string().max(2000),
  /** Milliseconds the console should wait before reconnecting, when the central sets it. */
  retryAfterMs: z.number().int().min(0).optional(),
});
export type ErrorFrame = z.infer<typeof ErrorFrame>;

/**
 * One page of a stream's state at `headSeq` (for alerts: the current alert rows). Pages are
 * numbered from 1; `cursor` requests the next page and is null on the last one.
 */
export const SnapshotPageFrame = z.object({
  type: z.literal('snapshot-page'),
  stream: StreamName,
  snapshotId: z.string().min(1).max(64),
  epoch: z.string().min(1).max(64),
  headSeq: z.number().int().min(0),
  page: z.number().int().min(1),
  pages: z.number().int().min(1),
  items: z.array(z.unknown()),
  cursor: z.string().min(1).max(256).nullable(),
});
export type SnapshotPageFrame = z.infer<typeof SnapshotPageFrame>;

/** The central accepted the token of an `auth` frame; `expiresAt` is central time in ms. */
export const AuthOkFrame = z.object({
  type: z.literal('auth-ok'),
  expiresAt: z.number().int().nullable(),
});
export type AuthOkFrame = z.infer<typeof AuthOkFrame>;

/** Body of a POST to the central's /token endpoint. */
export const TokenRequest = z.object({
  refreshToken: z.string().min(1).max(4096),
});
export type TokenRequest = z.infer<typeof TokenRequest>;

/** Response of the /token endpoint; both instants are central time in ms. */
export const TokenResponse = z.object({
  accessToken: z.string().min(1).max(4096),
  expiresAt: z.number().int(),
  serverTime: z.number(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

export const CentralFrame = z.discriminatedUnion('type', [
  WelcomeFrame,
  SnapshotPageFrame,
  AuthOkFrame,
  EventFrame,
  CaughtUpFrame,
  ResyncFrame,
  CommandResultFrame,
  ErrorFrame,
  PingFrame,
  PongFrame,
]);
export type CentralFrame = z.infer<typeof CentralFrame>;

/** Schemas of event bodies per stream. A stream missing here carries bodies the console ignores. */
export const EVENT_BODY_SCHEMAS = {
  alerts: AlertEventBody,
  [RECORD_STREAMS.dispatch]: RecordEventBody,
  [RECORD_STREAMS.duty]: RecordEventBody,
  [RECORD_STREAMS.opinion]: RecordEventBody,
  [RECORD_STREAMS.points]: RecordEventBody,
  [RECORD_STREAMS.hall]: RecordEventBody,
} as const;

export type ParseResult<T> =
  | { ok: true; value: T }
  | { ok: false; error: string };

/** Parses one text frame as JSON and then by `schema`, without throwing. */
export function parseFrame<T>(
  text: string,
  schema: z.ZodType<T>,
): ParseResult<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      error: `frame is not valid JSON: ${(error as Error).message}`,
    };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      error: `frame does not match the protocol: ${z.prettifyError(parsed.error)}`,
    };
  }
  return { ok: true, value: parsed.data };
}
