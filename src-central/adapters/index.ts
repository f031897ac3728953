import { join } from 'node:path';
import { loadDivisions } from '../data/divisions.js';
import { loadEventCodes } from '../data/event-codes.js';
import { DATA_FILES, DEFAULT_DATA_DIR } from '../data/paths.js';
import { CountyScenario } from './county.js';
import { Open311Replay } from './open311.js';
import type { SourceAdapter } from './types.js';
import { createLogger } from '../../src-node/logging/index.js';

const log = createLogger('central-adapters');

export const SCENARIOS = ['county', 'open311', 'none'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** Default county scenario rate, in alerts per minute of scenario time. */
export const DEFAULT_RATE_PER_MINUTE = 2;

export interface AdapterChoice {
  scenario: ScenarioName;
  speed: number;
  seed: number;
  ratePerMinute?: number;
  open311Csv?: string;
  resourceDir?: string;
  burst?: boolean;
  scenarioLimit?: number;
}

/** Builds the source adapters of a scenario; data files are read when the adapter starts. */
export function buildAdapters(choice: AdapterChoice): SourceAdapter[] {
  const dataDir = choice.resourceDir ?? DEFAULT_DATA_DIR;
  switch (choice.scenario) {
    case 'none':
      return [];
    case 'open311':
      return [
        new Open311Replay({
          csvPath: choice.open311Csv ?? join(dataDir, DATA_FILES.open311),
          speed: choice.speed,
          burst: choice.burst,
        }),
      ];
    case 'county': {
      const divisions = loadDivisions(join(dataDir, DATA_FILES.divisions));
      const codes = loadEventCodes(join(dataDir, DATA_FILES.codes));
      for (const problem of [...divisions.problems, ...codes.problems]) {
        log.warn('buildAdapters: data row ignored', { problem });
      }
      return [
        new CountyScenario({
          divisions,
          codes,
          seed: choice.seed,
          speed: choice.speed,
          ratePerMinute: choice.ratePerMinute ?? DEFAULT_RATE_PER_MINUTE,
          limit: choice.scenarioLimit,
        }),
      ];
    }
    default: {
      const unknown: never = choice.scenario;
      throw new Error(
        `unknown scenario ${String(unknown)}; use one of ${SCENARIOS.join(', ')}`,
      );
    }
  }
}
