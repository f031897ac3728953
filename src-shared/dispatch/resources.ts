// Field resources that the hall can send: people, teams and supplies, with where they are and how
// busy they are.
import { z } from 'zod';

export const ResourceKind = z.enum([
  'grid_worker',
  'auxiliary_police',
  'mediator',
  'legal_adviser',
  'expert',
  'emergency_team',
  'supplies',
]);
export type ResourceKind = z.infer<typeof ResourceKind>;

export const RESOURCE_KIND_LABELS: Readonly<Record<ResourceKind, string>> = {
  grid_worker: '网格员',
  auxiliary_police: '辅警',
  mediator: '调解员',
  legal_adviser: '法律顾问',
  expert: '专家',
  emergency_team: '应急队伍',
  supplies: '应急物资',
};

export const ResourceStatus = z.enum([
  'available',
  'assigned',
  'en_route',
  'on_scene',
  'off_duty',
]);
export type ResourceStatus = z.infer<typeof ResourceStatus>;

export const RESOURCE_STATUS_LABELS: Readonly<Record<ResourceStatus, string>> =
  {
    available: '空闲',
    assigned: '已指派',
    en_route: '在途',
    on_scene: '在现场',
    off_duty: '不在岗',
  };

export const ResourcePlace = z.object({
  /** Statistical division code: 6 digits county, 9 town, 12 village; longer for a local grid. */
  divisionCode: z
    .string()
    .regex(/^\d{6,15}$/, 'division codes are 6 to 15 digits'),
  lat: z.number().min(-90).max(90).nullable(),
  lon: z.number().min(-180).max(180).nullable(),
});
export type ResourcePlace = z.infer<typeof ResourcePlace>;

export const Resource = z.object({
  id: z.string().min(1).max(200),
  name: z.string().min(1).max(200),
  kind: ResourceKind,
  status: ResourceStatus,
  place: ResourcePlace,
  /**
   * GB/T 31000 event type codes the resource handles (a 2-digit class covers its subtypes), or
   * emergency class keys such as `accident`.
   */
  skills: z.array(z.string().min(1).max(64)).max(100),
  contact: z.object({
    phone: z.string().max(40).nullable(),
    radio: z.string().max(40).nullable(),
  }),
  /** Incidents the resource is working on now. */
  load: z.number().int().min(0),
});
export type Resource = z.infer<typeof Resource>;
