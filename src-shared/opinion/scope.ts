// The part of the county a wall looks at: the whole county, one town or one village. Every
// opinion and points projection takes one, so the map's drill-down filters every panel alike.
import { z } from 'zod';

export const Scope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('county') }),
  z.object({
    kind: z.literal('town'),
    code: z.string().regex(/^\d{9}$/, 'town codes are 9 digits'),
  }),
  z.object({
    kind: z.literal('village'),
    code: z.string().regex(/^\d{12}$/, 'village codes are 12 digits'),
  }),
]);
export type Scope = z.infer<typeof Scope>;

export const COUNTY_SCOPE: Scope = { kind: 'county' };

/**
 * Returns the stable text form of a scope, for keys and alert ids: `county`, `town:…`,
 * `village:…`.
 */
export function scopeKey(scope: Scope): string {
  return scope.kind === 'county' ? 'county' : `${scope.kind}:${scope.code}`;
}

/**
 * Returns whether a place lies in `scope`. `villageCode` is null when only the town is known, and
 * such a place is in no village scope.
 */
export function inScope(
  scope: Scope,
  townCode: string,
  villageCode: string | null,
): boolean {
  switch (scope.kind) {
    case 'county':
      return true;
    case 'town':
      return townCode === scope.code;
    case 'village':
      return villageCode === scope.code;
  }
}

/**
 * Converts the map's scope shape (`{level, townCode?, villageCode?}`) to a projection scope. It is
 * typed by structure, so this module stays independent of the map code.
 */
export function fromMapScope(
  scope:
    | { level: 'county' }
    | { level: 'town'; townCode: string }
    | { level: 'village'; townCode: string; villageCode: string },
): Scope {
  switch (scope.level) {
    case 'county':
      return COUNTY_SCOPE;
    case 'town':
      return { kind: 'town', code: scope.townCode };
    case 'village':
      return { kind: 'village', code: scope.villageCode };
  }
}
