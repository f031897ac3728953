// The dispatch domain of the reference central: incidents, field resources, escalations and the
// audit trail on the `dispatch` record stream, with simulated field responses.
import { createLogger } from '../../../src-node/logging/index.js';
import { RECORD_STREAMS } from '../../../src-shared/contract/index.js';
import type { DeadlineConfig } from '../../../src-shared/dispatch/index.js';
import {
  DEFAULT_DEADLINE_CONFIG,
  DISPATCH_COLLECTIONS,
} from '../../../src-shared/dispatch/index.js';
import { mulberry32 } from '../../adapters/random.js';
import type { DivisionTree } from '../../data/divisions.js';
import type {
  CentralDomain,
  DomainContext,
  DomainStartOptions,
} from '../types.js';
import { dispatchCommandHandlers } from './commands.js';
import type { DispatchRejection } from './errors.js';
import { findEscalations, raiseEscalations } from './escalations.js';
import { applyFieldEvents, fieldWorld } from './field.js';
import { seedResources } from './seed.js';
import type { DispatchServices } from './services.js';
import { createDispatchServices } from './services.js';
import type { FieldProgress, FieldTiming } from './simulator.js';
import { DEFAULT_FIELD_TIMING, simulateFieldStep } from './simulator.js';
import { writeResource } from './store.js';

export {
  AcknowledgeEscalationPayload,
  AttachAlertPayload,
  IncidentCommandPayload,
  OpenIncidentPayload,
} from './payloads.js';
export type { DispatchRejectionCode } from '../../../src-shared/dispatch/index.js';
export {
  AuditRecord,
  DISPATCH_COLLECTIONS,
  DISPATCH_COMMANDS,
  DISPATCH_REJECTION_CODES,
  EscalationRecord,
  IncidentRecord,
} from '../../../src-shared/dispatch/index.js';
export { escalationId, findEscalations } from './escalations.js';
export { seedResources } from './seed.js';
export type {
  FieldEvent,
  FieldProgress,
  FieldState,
  FieldTiming,
} from './simulator.js';
export { DEFAULT_FIELD_TIMING, simulateFieldStep } from './simulator.js';

const log = createLogger('central-dispatch');

/** Server-clock period of the timer at speed 1; faster scenarios tick more often. */
const BASE_TICK_MS = 30_000;
const MIN_TICK_MS = 200;

export interface DispatchDomainOptions {
  divisions: DivisionTree;
  deadlineConfig?: DeadlineConfig;
  /**
   * Seeds the resources and the field simulator, so the same seed gives the same run. `start`
   * uses this seed, not the one in its options, because the resource ids must not change.
   */
  seed: number;
  /** Timer period in ms of server clock; by default 30 s divided by the scenario speed. */
  tickMs?: number;
  /** Leg durations of the simulated field responses, in scenario minutes. */
  fieldTiming?: Omit<FieldTiming, 'speed'>;
}

/** Writes the seeded resources when the `resource` collection is empty; returns how many. */
export function seedResourcesOnce(
  context: DomainContext,
  divisions: DivisionTree,
  seed: number,
): number {
  if (context.list(DISPATCH_COLLECTIONS.resource).length > 0) {
    return 0;
  }
  const resources = seedResources(divisions, seed);
  context.transaction(() => {
    for (const resource of resources) {
      writeResource(context, resource);
    }
  });
  return resources.length;
}

/** One timer tick: escalations for every open incident, then one field simulator step. */
class DispatchTicker {
  private progress: FieldProgress[] = [];
  /** Due instant of every escalation raised or read, by escalation id. */
  private readonly raised = new Map<string, number>();
  private readonly reportedCorrupt = new Set<string>();

  constructor(
    private readonly config: DeadlineConfig,
    private readonly timing: FieldTiming,
    private readonly random: () => number,
    private readonly services: DispatchServices,
  ) {}

  tick(context: DomainContext): void {
    try {
      this.step(context);
    } catch (error) {
      // The transaction rolled back, so escalations remembered during it may not be stored.
      this.raised.clear();
      throw error;
    }
  }

  private step(context: DomainContext): void {
    context.transaction(() => {
      const now = context.now();
      const incidents = this.services.incidents.refresh(context, (error) =>
        this.reportCorrupt(error),
      );

      const findings = findEscalations(incidents, this.config, now);
      raiseEscalations(
        context,
        findings,
        this.config.escalation,
        now,
        this.raised,
      );

      const world = fieldWorld(context, incidents);
      const step = simulateFieldStep(
        { timing: this.timing, ...world, progress: this.progress },
        now,
        this.random,
      );
      this.progress = step.progress;
      applyFieldEvents(context, step.events, this.services, now);
    });
  }

  private reportCorrupt(error: DispatchRejection): void {
    if (!this.reportedCorrupt.has(error.message)) {
      this.reportedCorrupt.add(error.message);
      log.error(`tick: skipped a record: ${error.message}`);
    }
  }
}

/**
 * Builds the dispatch domain with a handler for each name in `DISPATCH_COMMANDS`. Its `start`
 * seeds the resources once and runs the escalation check and the field simulator on a timer.
 */
export function createDispatchDomain(
  options: DispatchDomainOptions,
): CentralDomain {
  const config = options.deadlineConfig ?? DEFAULT_DEADLINE_CONFIG;
  const services = createDispatchServices();
  return {
    name: 'dispatch',
    stream: RECORD_STREAMS.dispatch,
    commands: dispatchCommandHandlers(config, services),
    start(context: DomainContext, start: DomainStartOptions): () => void {
      const seeded = seedResourcesOnce(
        context,
        options.divisions,
        options.seed,
      );
      log.info(`start: seeded ${seeded} resources (seed ${options.seed})`);

      const speed = start.speed > 0 ? start.speed : 1;
      const ticker = new DispatchTicker(
        config,
        { ...DEFAULT_FIELD_TIMING, ...options.fieldTiming, speed },
        // A different stream from the resource seeding, so adding a resource kind does not
        // change the field responses.
        mulberry32((options.seed ^ 0x6f1e1d) >>> 0),
        services,
      );
      const period =
        options.tickMs ??
        Math.max(MIN_TICK_MS, Math.round(BASE_TICK_MS / speed));
      let lastFailure: string | null = null;
      let repeats = 0;
      const timer = setInterval(() => {
        try {
          ticker.tick(context);
          lastFailure = null;
        } catch (error) {
          // A failing tick usually fails the same way on every tick, so log each cause once
          // and then every 100th repeat.
          const message =
            error instanceof Error ? error.message : String(error);
          repeats = message === lastFailure ? repeats + 1 : 0;
          lastFailure = message;
          if (repeats % 100 === 0) {
            log.error(
              `tick: dispatch timer failed (${repeats} repeats): ${message}`,
            );
          }
        }
      }, period);
      log.info(`start: dispatch timer every ${period} ms (speed ${speed})`);
      return () => {
        clearInterval(timer);
      };
    },
  };
}
