import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  Alert,
  type AlertEventBody,
} from '../../../src-shared/contract/index.js';
import {
  CountyAlertGenerator,
  emergencyClassOf,
} from '../../../src-central/adapters/county.js';
import {
  loadDivisions,
  shortVillageName,
} from '../../../src-central/data/divisions.js';
import {
  loadEventCodes,
  parseEventCodes,
} from '../../../src-central/data/event-codes.js';
import {
  DATA_FILES,
  DEFAULT_DATA_DIR,
} from '../../../src-central/data/paths.js';
import {
  startCentral,
  type CentralHandle,
} from '../../../src-central/server.js';
import { tempDir } from './fixtures.js';

const divisions = loadDivisions(join(DEFAULT_DATA_DIR, DATA_FILES.divisions));
const codes = loadEventCodes(join(DEFAULT_DATA_DIR, DATA_FILES.codes));

function generate(seed: number, count: number): Alert[] {
  const generator = new CountyAlertGenerator({ divisions, codes, seed });
  return Array.from(
    { length: count },
    (_, index) => generator.next(1_700_000_000_000 + index).alert,
  );
}

describe('county data', () => {
  it('loads the towns and villages of Luotian', () => {
    expect(divisions.county).toEqual({ code: '421123', name: '罗田县' });
    expect(divisions.towns).toHaveLength(17);
    expect(divisions.villages).toHaveLength(441);
    expect(divisions.problems).toEqual([]);
    expect(
      divisions.towns.find((town) => town.code === '421123100')?.name,
    ).toBe('凤山镇');
  });

  it('shortens committee names', () => {
    expect(shortVillageName('桥南村村民委员会')).toBe('桥南村');
    expect(shortVillageName('龚家河村民委员会')).toBe('龚家河村');
    expect(shortVillageName('万密斋社区居民委员会')).toBe('万密斋社区');
    expect(shortVillageName('某林场生活区')).toBe('某林场生活区');
  });

  it('loads second-level event types', () => {
    expect(codes.topClasses.get('02')).toBe('邻里纠纷');
    expect(codes.types.every((type) => /^\d{4}$/.test(type.code))).toBe(true);
    expect(codes.types.find((type) => type.code === '0503')?.topLabel).toBe(
      '侵权相关纠纷',
    );
    expect(codes.problems).toEqual([]);
  });

  it('reports rows with unknown parents', () => {
    const table = parseEventCodes(
      'table,code,parent_code,label_zh\nevent_type,01,,婚恋家庭纠纷\nevent_type,0101,01,恋爱及婚姻\nevent_type,7701,77,未知\n',
    );
    expect(table.types.map((type) => type.code)).toEqual(['0101']);
    expect(table.problems).toHaveLength(1);
    expect(table.problems[0]).toContain('7701');
  });
});

describe('emergency class mapping', () => {
  const typeOf = (code: string) => {
    const type = codes.types.find((candidate) => candidate.code === code);
    expect(type).toBeDefined();
    return type!;
  };

  it('maps disputes to social security', () => {
    expect(emergencyClassOf(typeOf('0201'))).toBe('social_security');
  });

  it('maps safety production and traffic to accident', () => {
    expect(emergencyClassOf(typeOf('1304'))).toBe('accident');
    expect(emergencyClassOf(typeOf('0503'))).toBe('accident');
  });

  it('maps medical harm to public health', () => {
    expect(emergencyClassOf(typeOf('0502'))).toBe('public_health');
  });

  it('returns null for an unknown top class', () => {
    expect(
      emergencyClassOf({
        code: '7701',
        label: '未知',
        topCode: '77',
        topLabel: '未知类',
      }),
    ).toBeNull();
  });
});

describe('CountyAlertGenerator', () => {
  it('repeats the same alerts for the same seed', () => {
    expect(generate(7, 200)).toEqual(generate(7, 200));
  });

  it('differs between seeds', () => {
    const first = generate(1, 20).map((alert) => alert.title);
    const second = generate(2, 20).map((alert) => alert.title);
    expect(first).not.toEqual(second);
  });

  it('continues the sequence after skip', () => {
    const full = generate(3, 30);
    const generator = new CountyAlertGenerator({ divisions, codes, seed: 3 });
    generator.skip(20);
    const rest = Array.from(
      { length: 10 },
      (_, index) => generator.next(1_700_000_000_020 + index).alert,
    );
    // skip() generates with another clock, so compare everything but the times.
    const strip = (alert: Alert) => ({
      ...alert,
      occurredAt: 0,
      publishedAt: 0,
    });
    expect(rest.map(strip)).toEqual(full.slice(20).map(strip));
  });

  it('produces valid alerts in the county', () => {
    const alerts = generate(11, 500);
    const villageCodes = new Set(
      divisions.villages.map((village) => village.code),
    );
    for (const alert of alerts) {
      expect(Alert.safeParse(alert).success).toBe(true);
      expect(villageCodes.has(alert.place.divisionCode ?? '')).toBe(true);
      expect(alert.title.startsWith(alert.place.townName ?? '?')).toBe(true);
      expect(alert.eventType.code).toMatch(/^\d{4}$/);
      expect(alert.occurredAt).toBeLessThanOrEqual(alert.publishedAt);
      // The title names the subtype beside its class, so 交通事故 reads as a dispute.
      if (alert.eventType.label !== '其他') {
        expect(alert.title).toContain(`（${alert.eventType.label}）`);
      }
    }
    expect(new Set(alerts.map((alert) => alert.id)).size).toBe(500);
  });

  it('draws mostly low levels', () => {
    const levels = generate(5, 2000).map((alert) => alert.level);
    const count = (level: number) =>
      levels.filter((value) => value === level).length;
    expect(count(4)).toBeGreaterThan(count(3));
    expect(count(3)).toBeGreaterThan(count(2));
    expect(count(2)).toBeGreaterThan(count(1));
    expect(count(4) + count(3)).toBeGreaterThan(1700);
  });

  it('counts types without a mapping', () => {
    const table = parseEventCodes(
      'table,code,parent_code,label_zh\nevent_type,77,,未知类\nevent_type,7701,77,未知\n',
    );
    const generator = new CountyAlertGenerator({
      divisions,
      codes: table,
      seed: 1,
    });
    const { alert, unmappedCode } = generator.next(0);
    expect(unmappedCode).toBe('7701');
    expect(alert.emergencyClass).toBeNull();
    expect(Alert.safeParse(alert).success).toBe(true);
    expect(generator.unmappedCodes).toEqual(['7701']);
  });
});

describe('county scenario in the central', () => {
  let folder: ReturnType<typeof tempDir>;
  const running: CentralHandle[] = [];

  beforeEach(() => {
    folder = tempDir('county');
  });

  afterEach(async () => {
    for (const central of running.splice(0)) {
      await central.stop();
    }
    folder.remove();
  });

  async function runUntil(limit: number): Promise<CentralHandle> {
    const central = await startCentral({
      port: 0,
      dataDir: folder.dir,
      scenario: 'county',
      seed: 9,
      // 60 000 alerts per minute: about one per millisecond.
      speed: 1000,
      ratePerMinute: 60,
      scenarioLimit: limit,
    });
    running.push(central);
    for (let attempt = 0; attempt < 500; attempt += 1) {
      if (central.log.head('alerts').headSeq >= limit) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return central;
  }

  function alertIds(central: CentralHandle): string[] {
    return central.log
      .read('alerts', 1, 1000)
      .map((event) => event.body as AlertEventBody)
      .flatMap((body) =>
        body.kind === 'alert.created' ? [body.alert.id] : [],
      );
  }

  it('resumes the same sequence after a restart', async () => {
    const first = await runUntil(5);
    expect(first.log.head('alerts').headSeq).toBe(5);
    await first.stop();
    running.pop();

    const second = await runUntil(8);
    expect(second.log.head('alerts').headSeq).toBe(8);
    expect(alertIds(second)).toEqual(generate(9, 8).map((alert) => alert.id));
    const titles = second.log
      .read('alerts', 1, 100)
      .map(
        (event) =>
          (event.body as Extract<AlertEventBody, { kind: 'alert.created' }>)
            .alert.title,
      );
    expect(titles).toEqual(generate(9, 8).map((alert) => alert.title));
    expect(second.adapterStats()[0]).toMatchObject({
      alreadyPublished: 5,
      published: 3,
    });
  });
});
