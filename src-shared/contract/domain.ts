import { z } from 'zod';

/** Alert levels as published in Chinese emergency plans: 1 is 一级 (most severe, red), 4 is 四级 (blue). */
export const AlertLevel = z.union(
  [z.literal(1), z.literal(2), z.literal(3), z.literal(4)],
  { error: 'levels are the numbers 1 (一级) to 4 (四级), or null' },
);
export type AlertLevel = z.infer<typeof AlertLevel>;

/** Emergency classes of the national emergency response law. */
export const EmergencyClass = z.enum([
  'natural_disaster',
  'accident',
  'public_health',
  'social_security',
]);
export type EmergencyClass = z.infer<typeof EmergencyClass>;

export const AlertStatus = z.enum(['new', 'acknowledged', 'closed']);
export type AlertStatus = z.infer<typeof AlertStatus>;

/** Event type: a GB/T 31000-2015 code where the source maps to one, otherwise the source's own label. */
export const EventType = z.object({
  code: z.string().nullable(),
  label: z.string(),
});
export type EventType = z.infer<typeof EventType>;

/**
 * Place of an alert in the administrative tree. `divisionCode` is the statistical division code of
 * the most precise known unit (12 digits for a village); `townCode` and `townName` name the
 * township-level unit, or for a foreign source its nearest equivalent (a borough).
 */
export const Place = z.object({
  divisionCode: z.string().nullable(),
  townCode: z.string().nullable(),
  townName: z.string().nullable(),
  villageName: z.string().nullable(),
  address: z.string().nullable(),
  lat: z.number().min(-90).max(90).nullable(),
  lon: z.number().min(-180).max(180).nullable(),
});
export type Place = z.infer<typeof Place>;

/** Scalar values a source adapter passes through untouched, keyed by the source's field name. */
export const PassThrough = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.null()]),
);

export const Alert = z.object({
  id: z.string().min(1).max(200),
  platform: z.string().min(1).max(64),
  source: z.object({
    adapter: z.string().min(1).max(64),
    externalId: z.string().max(200),
  }),
  title: z.string().max(500),
  description: z.string().max(20_000),
  eventType: EventType,
  emergencyClass: EmergencyClass.nullable(),
  level: AlertLevel.nullable(),
  place: Place,
  /** Instant the incident happened or was reported at the source, in ms since the Unix epoch. */
  occurredAt: z.number().int(),
  /** Instant the central published the alert, in ms since the Unix epoch (server clock). */
  publishedAt: z.number().int(),
  status: AlertStatus,
  original: PassThrough,
});
export type Alert = z.infer<typeof Alert>;

/** Names of the event streams the central publishes. Each has its own gapless sequence. */
export const StreamName = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,31}$/,
    'stream names are lower-case words of at most 32 characters',
  );
export type StreamName = z.infer<typeof StreamName>;

export const STREAMS = { alerts: 'alerts' } as const;

/** Bodies of the events that can appear on the alerts stream, discriminated by `kind`. */
export const AlertEventBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('alert.created'), alert: Alert }),
  z.object({
    kind: z.literal('alert.status'),
    alertId: z.string().min(1),
    status: AlertStatus,
    by: z.string().max(200).nullable(),
  }),
]);
export type AlertEventBody = z.infer<typeof AlertEventBody>;
