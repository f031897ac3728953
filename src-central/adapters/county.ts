import type {
  Alert,
  AlertLevel,
  EmergencyClass,
} from '../../src-shared/contract/index.js';
import { createLogger } from '../../src-node/logging/index.js';
import type { DivisionTree, Village } from '../data/divisions.js';
import type { EventCodeTable, EventTypeCode } from '../data/event-codes.js';
import { mulberry32, pickWeighted } from './random.js';
import {
  countReason,
  emptyStats,
  validateAlert,
  type AdapterContext,
  type AdapterStats,
  type SourceAdapter,
} from './types.js';

const log = createLogger('central-county');

export const COUNTY_ADAPTER = 'county-scenario';

/**
 * Emergency class of each GB/T 31000 top class. The standard's event types are disputes, which
 * the emergency response law files under social security; the exceptions are listed by
 * second-level code in EMERGENCY_CLASS_BY_TYPE.
 */
export const EMERGENCY_CLASS_BY_TOP_CLASS: Readonly<
  Record<string, EmergencyClass>
> = {
  '01': 'social_security', // 婚恋家庭纠纷
  '02': 'social_security', // 邻里纠纷
  '03': 'social_security', // 人格权纠纷
  '04': 'social_security', // 物权相关纠纷
  '05': 'social_security', // 侵权相关纠纷
  '06': 'social_security', // 合同及相关纠纷
  '07': 'social_security', // 劳动人事争议
  '08': 'social_security', // 金融借贷纠纷
  '09': 'social_security', // 土地及资源权属纠纷
  '10': 'social_security', // 其他民商事纠纷
  '11': 'social_security', // 城乡建设发展纠纷
  '12': 'social_security', // 涉民政纠纷
  '13': 'social_security', // 其他行政执法纠纷
  '14': 'social_security', // 涉法涉诉纠纷
  '15': 'social_security', // 涉组织涉纪检纠纷
  '16': 'social_security', // 涉民族宗教纠纷
};

/** Second-level types whose incident belongs to another emergency class than its top class. */
export const EMERGENCY_CLASS_BY_TYPE: Readonly<Record<string, EmergencyClass>> =
  {
    '0502': 'public_health', // 医疗损害
    '0503': 'accident', // 交通事故
    '0504': 'accident', // 环境污染: pollution incidents are accidents under the law
    '1304': 'accident', // 安全生产管理
    '1305': 'accident', // 交通运输管理
  };

/** Relative frequency of top classes in a county's daily reports; missing classes weigh 1. */
const TOP_CLASS_WEIGHT: Readonly<Record<string, number>> = {
  '01': 4,
  '02': 5,
  '04': 2,
  '05': 3,
  '06': 2,
  '07': 2,
  '09': 3,
  '11': 2,
  '13': 2,
  '15': 0.5,
  '16': 0.3,
};

const CHANNELS = ['网格员上报', '群众来电', '随手拍上报', '部门推送'] as const;

/** Weight of a village: the county seat and communities report more, forestry farms less. */
function villageWeight(village: Village): number {
  let weight = 1;
  if (village.town.name.endsWith('林场')) {
    weight *= 0.3;
  }
  if (village.town.code.endsWith('100')) {
    // The first town code of a county is its seat (凤山镇 for Luotian), where most people live.
    weight *= 2.5;
  }
  if (village.name.includes('社区')) {
    weight *= 1.5;
  }
  return weight;
}

/** Level 4 most of the time, 3 often, 2 rarely, 1 very rarely. */
function pickLevel(random: () => number): AlertLevel {
  const draw = random();
  if (draw < 0.005) {
    return 1;
  }
  if (draw < 0.06) {
    return 2;
  }
  if (draw < 0.36) {
    return 3;
  }
  return 4;
}

export interface CountyGeneratorOptions {
  divisions: DivisionTree;
  codes: EventCodeTable;
  seed: number;
}

/** Emergency class for a type, or null (counted and logged by the caller) for an unknown code. */
export function emergencyClassOf(type: EventTypeCode): EmergencyClass | null {
  return (
    EMERGENCY_CLASS_BY_TYPE[type.code] ??
    EMERGENCY_CLASS_BY_TOP_CLASS[type.topCode] ??
    null
  );
}

/**
 * Reproducible stream of county alerts: the same seed and the same `now` values give the same
 * alerts. Each call to `next` consumes the generator, so a restart replays `skip(n)` first.
 */
export class CountyAlertGenerator {
  readonly seed: number;
  private readonly random: () => number;
  private readonly villages: Village[];
  private readonly types: EventTypeCode[];
  private readonly county: string;
  private readonly unknownCodes = new Set<string>();
  private sequence = 0;

  constructor(options: CountyGeneratorOptions) {
    if (options.divisions.villages.length === 0) {
      throw new Error(
        'county scenario needs at least one village in the division list',
      );
    }
    if (options.codes.types.length === 0) {
      throw new Error(
        'county scenario needs at least one second-level event type',
      );
    }
    this.seed = options.seed;
    this.random = mulberry32(options.seed);
    this.villages = options.divisions.villages;
    this.types = options.codes.types;
    this.county = options.divisions.county.name;
  }

  /** Number of alerts generated so far. */
  get count(): number {
    return this.sequence;
  }

  /** Codes seen without an emergency class mapping. */
  get unmappedCodes(): string[] {
    return [...this.unknownCodes];
  }

  skip(count: number): void {
    for (let index = 0; index < count; index += 1) {
      this.next(0);
    }
  }

  next(now: number): { alert: Alert; unmappedCode: string | null } {
    const random = this.random;
    this.sequence += 1;

    const village = pickWeighted(random, this.villages, villageWeight);
    const type = pickWeighted(
      random,
      this.types,
      (item) => TOP_CLASS_WEIGHT[item.topCode] ?? 1,
    );
    const level = pickLevel(random);
    const channel =
      CHANNELS[Math.floor(random() * CHANNELS.length)] ?? CHANNELS[0];
    const minutesAgo = Math.floor(random() * 30);

    const emergencyClass = emergencyClassOf(type);
    const unmappedCode = emergencyClass === null ? type.code : null;
    if (unmappedCode !== null) {
      this.unknownCodes.add(unmappedCode);
    }

    const where = `${village.town.name}${village.shortName}`;
    const kind =
      type.label === '其他'
        ? type.topLabel
        : `${type.topLabel}（${type.label}）`;
    const alert: Alert = {
      id: `county-421123:${this.seed}:${this.sequence}`,
      platform: 'county-scenario',
      source: {
        adapter: COUNTY_ADAPTER,
        externalId: `${this.seed}:${this.sequence}`,
      },
      // The subtype's label alone can mislead: under 侵权相关纠纷, 交通事故 is a dispute over an
      // accident's damages, not an accident. The title names the class and, in brackets, the subtype.
      title: `${where} ${kind}`,
      description: `${channel}：${this.county}${where}发生${kind}，请核实情况并及时处置。`,
      eventType: { code: type.code, label: type.label },
      emergencyClass,
      level,
      place: {
        divisionCode: village.code,
        townCode: village.town.code,
        townName: village.town.name,
        villageName: village.shortName,
        address: `湖北省黄冈市${this.county}${where}`,
        lat: null,
        lon: null,
      },
      occurredAt: now - minutesAgo * 60_000,
      publishedAt: now,
      status: 'new',
      original: {
        channel,
        seed: this.seed,
        sequence: this.sequence,
        topClass: type.topCode,
      },
    };
    return { alert, unmappedCode };
  }
}

export interface CountyScenarioOptions extends CountyGeneratorOptions {
  /** Alerts per minute of scenario time. */
  ratePerMinute: number;
  /** Time compression: the real interval between alerts is 60 000 / (rate × speed) ms. */
  speed: number;
  /** Stop after this many alerts in total, counting earlier runs; unlimited when absent. */
  limit?: number;
}

/**
 * Publishes county alerts at random (exponentially distributed) intervals with the configured
 * mean rate. The number published is stored as a cursor with each alert, so a restart continues
 * the same sequence instead of starting it again.
 */
export class CountyScenario implements SourceAdapter {
  readonly name = COUNTY_ADAPTER;
  private readonly options: CountyScenarioOptions;
  private readonly generator: CountyAlertGenerator;
  private readonly timing: () => number;
  private readonly counters: AdapterStats = emptyStats(COUNTY_ADAPTER);
  private context: AdapterContext | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly reportedCodes = new Set<string>();

  constructor(options: CountyScenarioOptions) {
    // An infinite speed would publish without pause until the disk is full.
    if (
      !(options.ratePerMinute > 0) ||
      !(options.speed > 0) ||
      !Number.isFinite(options.ratePerMinute * options.speed)
    ) {
      throw new Error(
        `county scenario needs a positive, finite rate and speed, got rate ${options.ratePerMinute} and speed ${options.speed}`,
      );
    }
    this.options = options;
    this.generator = new CountyAlertGenerator(options);
    // A separate generator for timing keeps the alert sequence independent of the speed.
    this.timing = mulberry32(options.seed ^ 0x5bd1e995);
  }

  private get cursorName(): string {
    return `${COUNTY_ADAPTER}:${this.options.seed}`;
  }

  start(context: AdapterContext): void {
    this.context = context;
    const done = Number(context.cursor(this.cursorName) ?? '0');
    if (Number.isInteger(done) && done > 0) {
      this.generator.skip(done);
      this.counters.alreadyPublished = done;
    }
    log.info('start: county scenario', {
      seed: this.options.seed,
      ratePerMinute: this.options.ratePerMinute,
      speed: this.options.speed,
      resumedAfter: done,
    });
    this.scheduleNext();
  }

  stop(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.context = null;
  }

  stats(): AdapterStats {
    return structuredClone(this.counters);
  }

  private scheduleNext(): void {
    const limit = this.options.limit;
    if (limit !== undefined && this.generator.count >= limit) {
      log.info('scheduleNext: scenario reached its limit', { limit });
      return;
    }
    const meanMs = 60_000 / (this.options.ratePerMinute * this.options.speed);
    const waitMs = Math.min(-Math.log(1 - this.timing()) * meanMs, meanMs * 10);
    this.timer = setTimeout(() => this.emit(), waitMs);
  }

  private emit(): void {
    this.timer = null;
    const context = this.context;
    if (!context) {
      return;
    }
    const { alert, unmappedCode } = this.generator.next(context.now());
    this.counters.rows += 1;
    if (unmappedCode !== null) {
      countReason(this.counters.repaired, 'unmapped-event-code');
      if (!this.reportedCodes.has(unmappedCode)) {
        this.reportedCodes.add(unmappedCode);
        log.warn(
          'emit: event type has no emergency class mapping, sent with none',
          {
            code: unmappedCode,
          },
        );
      }
    }

    const checked = validateAlert(alert);
    if (!checked.ok) {
      countReason(this.counters.skipped, 'invalid-alert');
      log.warn('emit: generated alert is invalid, skipped', {
        id: alert.id,
        error: checked.error,
      });
    } else {
      try {
        context.publishAlerts([checked.alert], {
          name: this.cursorName,
          value: String(this.generator.count),
        });
        this.counters.published += 1;
      } catch (error) {
        countReason(this.counters.skipped, 'publish-failed');
        log.error('emit: appending to the log failed', {
          id: alert.id,
          error: (error as Error).message,
        });
      }
    }
    this.scheduleNext();
  }
}
