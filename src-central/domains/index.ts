import { join } from 'node:path';
import { createLogger } from '../../src-node/logging/index.js';
import { loadDivisions } from '../data/divisions.js';
import { DATA_FILES, DEFAULT_DATA_DIR } from '../data/paths.js';
import { createDispatchDomain } from './dispatch/index.js';
import { createDutyDomain } from './duty/index.js';
import { createHallDomain } from './hall/index.js';
import { createOpinionDomain } from './opinion/index.js';
import { createPointsDomain } from './points/index.js';
import type { CentralIngest } from '../server.js';
import type { DeadlineConfig } from '../../src-shared/dispatch/index.js';
import type { CentralDomain } from './types.js';

const log = createLogger('central-domains');

/** Names of the domains a central can run, in start order. */
export const DOMAIN_NAMES = [
  'dispatch',
  'duty',
  'hall',
  'opinion',
  'points',
] as const;
export type DomainName = (typeof DOMAIN_NAMES)[number];

export interface DomainChoice {
  /** Domains to run. All domains run when absent. */
  names?: readonly DomainName[];
  seed: number;
  /** Folder with the division codes. The bundled resources/data folder is used when absent. */
  resourceDir?: string;
  /** Number of residents in the synthetic points population. Tests pass a smaller number. */
  residents?: number;
  /** Opinion items per minute of scenario time. */
  opinionRatePerMinute?: number;
  /** Deadline table of the dispatch domain. The statutory defaults apply when absent. */
  deadlineConfig?: DeadlineConfig;
}

/**
 * Parses a comma-separated list of domain names, such as `dispatch,hall`, or "all" or "none".
 * Throws on an unknown name.
 */
export function parseDomainNames(text: string): DomainName[] {
  if (text === 'all') {
    return [...DOMAIN_NAMES];
  }
  if (text === 'none' || text === '') {
    return [];
  }
  const names = text.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!(DOMAIN_NAMES as readonly string[]).includes(name)) {
      throw new Error(
        `unknown domain "${name}"; choose from ${DOMAIN_NAMES.join(', ')}, "all" or "none"`,
      );
    }
  }
  return names as DomainName[];
}

export interface BuiltDomains {
  domains: CentralDomain[];
  /** Writers the ingestion API calls for opinion items and points entries. */
  ingest: CentralIngest;
}

/** Builds the chosen domains on the real division tree of the county. */
export function buildDomains(choice: DomainChoice): BuiltDomains {
  const names = new Set(choice.names ?? DOMAIN_NAMES);
  const divisions = loadDivisions(
    join(choice.resourceDir ?? DEFAULT_DATA_DIR, DATA_FILES.divisions),
  );
  for (const problem of divisions.problems) {
    log.warn('buildDomains: division row ignored', { problem });
  }
  const domains: CentralDomain[] = [];
  const ingest: CentralIngest = {};
  if (names.has('dispatch')) {
    domains.push(
      createDispatchDomain({
        divisions,
        seed: choice.seed,
        deadlineConfig: choice.deadlineConfig,
      }),
    );
  }
  if (names.has('duty')) {
    domains.push(createDutyDomain({ seed: choice.seed }));
  }
  if (names.has('hall')) {
    domains.push(createHallDomain());
  }
  if (names.has('opinion')) {
    const opinion = createOpinionDomain({
      divisions,
      seed: choice.seed,
      ratePerMinute: choice.opinionRatePerMinute,
    });
    domains.push(opinion);
    ingest.opinion = (context, items) => opinion.putItems(context, items);
  }
  if (names.has('points')) {
    const points = createPointsDomain({
      divisions,
      seed: choice.seed,
      residents: choice.residents,
    });
    domains.push(points);
    ingest.points = (context, entries) => points.putEntries(context, entries);
  }
  return { domains, ingest };
}
