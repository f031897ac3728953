// Seeded field resources of the county: grid workers per grid, one auxiliary police officer per
// village, mediators and legal advisers per town, a county expert pool, emergency teams and supply
// depots. The division codes are the real ones of the division list; names, phone numbers and
// coordinates are synthetic.
//
// NOTE: coordinates are schematic. The division list has no coordinates, so the county seat is
// placed at its approximate real position and the other towns on a ring around the centre of the
// county's bounding box. Distances between them rank candidates plausibly but are not real.
import type {
  Resource,
  ResourceKind,
} from '../../../src-shared/dispatch/index.js';
import { mulberry32 } from '../../adapters/random.js';
import type { DivisionTree, Town, Village } from '../../data/divisions.js';

interface Point {
  lat: number;
  lon: number;
}

/** Approximate position of 凤山镇, the county seat of 罗田县. */
const COUNTY_SEAT: Point = { lat: 30.783, lon: 115.399 };

/** Centre and half-size of the bounding box of the county outline (resources/data). */
const COUNTY_BOX = {
  centre: { lat: 30.929, lon: 115.441 },
  halfLat: 0.34,
  halfLon: 0.338,
};

/** Town-level codes ending in 100 are the county seat, by the statistical code scheme. */
function isCountySeat(town: Town): boolean {
  return town.code.endsWith('100');
}

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文',
];
const GIVEN = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志海波辉林斌峰春燕梅鹏飞宇浩然晨阳俊凯欣怡佳琪雪婷文博思远子涵',
];

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) {
    throw new Error('pick needs a non-empty list');
  }
  return item;
}

function personName(random: () => number): string {
  const given =
    random() < 0.6
      ? pick(random, GIVEN) + pick(random, GIVEN)
      : pick(random, GIVEN);
  return pick(random, SURNAMES) + given;
}

/** Draws `count` distinct items of `items`, keeping their order in `items`. */
function pickSome(
  random: () => number,
  items: readonly string[],
  count: number,
): string[] {
  const chosen = new Set<string>();
  while (chosen.size < Math.min(count, items.length)) {
    chosen.add(pick(random, items));
  }
  return items.filter((item) => chosen.has(item));
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

function jitter(random: () => number, point: Point, degrees: number): Point {
  return {
    lat: round(point.lat + (random() * 2 - 1) * degrees),
    lon: round(point.lon + (random() * 2 - 1) * degrees),
  };
}

/** Places the county seat at its real position and every other town on a ring around the box. */
export function schematicTownPoints(
  towns: readonly Town[],
): Map<string, Point> {
  const points = new Map<string, Point>();
  const others = towns.filter((town) => !isCountySeat(town));
  for (const town of towns.filter(isCountySeat)) {
    points.set(town.code, COUNTY_SEAT);
  }
  others.forEach((town, index) => {
    const angle = (2 * Math.PI * index) / Math.max(1, others.length);
    const reach = index % 2 === 0 ? 0.75 : 0.5;
    points.set(town.code, {
      lat: round(
        COUNTY_BOX.centre.lat + Math.sin(angle) * COUNTY_BOX.halfLat * reach,
      ),
      lon: round(
        COUNTY_BOX.centre.lon + Math.cos(angle) * COUNTY_BOX.halfLon * reach,
      ),
    });
  });
  return points;
}

/** Skill sets by kind: GB/T 31000 event type codes (2-digit classes or 4-digit types) or classes. */
const GRID_BASE_SKILLS = ['01', '02', '04'];
const GRID_EXTRA_SKILLS = ['05', '06', '09', '11', '12', '13'];
const POLICE_SKILLS = ['social_security', '02', '05', '0503', '1305'];
const MEDIATOR_SKILLS = ['01', '04', '06', '07', '09', '10'];
const LEGAL_SKILLS = ['03', '05', '06', '07', '08', '10', '14'];

interface ExpertField {
  label: string;
  skills: string[];
}

const EXPERT_FIELDS: readonly ExpertField[] = [
  { label: '公共卫生', skills: ['public_health', '0502'] },
  { label: '安全生产', skills: ['accident', '1304'] },
  { label: '地质灾害', skills: ['natural_disaster'] },
  { label: '森林防火', skills: ['natural_disaster'] },
  { label: '环境保护', skills: ['accident', '0504'] },
  { label: '交通运输', skills: ['accident', '0503', '1305'] },
  { label: '土地规划', skills: ['09', '11'] },
  { label: '劳动保障', skills: ['07'] },
  { label: '金融风险', skills: ['08'] },
  { label: '心理疏导', skills: ['01', 'social_security'] },
];

const COUNTY_TEAMS: readonly { name: string; skills: string[] }[] = [
  { name: '县综合应急救援队', skills: ['natural_disaster', 'accident'] },
  { name: '县森林消防专业队', skills: ['natural_disaster'] },
  { name: '县医疗卫生应急队', skills: ['public_health', '0502'] },
  { name: '县危化品处置队', skills: ['accident', '1304', '0504'] },
  { name: '县防汛抢险队', skills: ['natural_disaster'] },
  { name: '县交通事故处置队', skills: ['accident', '0503', '1305'] },
];

const COUNTY_DEPOTS = [
  '县应急物资储备库',
  '县防汛物资仓库',
  '县卫生应急物资库',
];

const EXPERT_COUNT = 40;
/** Chance that a person is off duty when the resources are seeded. */
const OFF_DUTY_SHARE = 0.04;

/** Builds resources one by one, numbering the synthetic phone numbers in creation order. */
class ResourceBuilder {
  readonly resources: Resource[] = [];

  constructor(private readonly random: () => number) {}

  add(
    fields: Pick<Resource, 'id' | 'name' | 'kind' | 'skills'> & {
      divisionCode: string;
      point: Point;
      person: boolean;
      radio: boolean;
    },
  ): void {
    const index = this.resources.length + 1;
    const offDuty = fields.person && this.random() < OFF_DUTY_SHARE;
    this.resources.push({
      id: fields.id,
      name: fields.name,
      kind: fields.kind,
      status: offDuty ? 'off_duty' : 'available',
      place: {
        divisionCode: fields.divisionCode,
        lat: fields.point.lat,
        lon: fields.point.lon,
      },
      skills: fields.skills,
      // 1330000 followed by four digits: one block of numbers, plainly made up.
      contact: {
        phone: `1330000${String(index).padStart(4, '0')}`,
        radio: fields.radio ? `LT-${String(index).padStart(4, '0')}` : null,
      },
      load: 0,
    });
  }
}

function gridCount(random: () => number, village: Village): number {
  const base = village.name.includes('社区') ? 4 : 2;
  return base + Math.floor(random() * 3);
}

function addVillageResources(
  builder: ResourceBuilder,
  random: () => number,
  village: Village,
  townPoint: Point,
): void {
  const villagePoint = jitter(random, townPoint, 0.04);
  const grids = gridCount(random, village);
  for (let grid = 1; grid <= grids; grid += 1) {
    const gridCode = `${village.code}${String(grid).padStart(3, '0')}`;
    const extra = pickSome(
      random,
      GRID_EXTRA_SKILLS,
      1 + Math.floor(random() * 2),
    );
    builder.add({
      id: `grid:${gridCode}`,
      name: personName(random),
      kind: 'grid_worker',
      skills: [...GRID_BASE_SKILLS, ...extra],
      divisionCode: gridCode,
      point: jitter(random, villagePoint, 0.005),
      person: true,
      radio: false,
    });
  }
  builder.add({
    id: `police:${village.code}`,
    name: personName(random),
    kind: 'auxiliary_police',
    skills: POLICE_SKILLS,
    divisionCode: village.code,
    point: villagePoint,
    person: true,
    radio: true,
  });
}

/** Mediators and legal advisers scale with the number of villages of the town. */
function addTownResources(
  builder: ResourceBuilder,
  random: () => number,
  town: Town,
  villageCount: number,
  point: Point,
): void {
  const mediators = villageCount >= 10 ? 4 : 1;
  const advisers = villageCount >= 10 ? 2 : 1;
  const staff: [ResourceKind, string, number, readonly string[]][] = [
    ['mediator', 'mediator', mediators, MEDIATOR_SKILLS],
    ['legal_adviser', 'legal', advisers, LEGAL_SKILLS],
  ];
  for (const [kind, prefix, count, skills] of staff) {
    for (let n = 1; n <= count; n += 1) {
      const chosen = pickSome(random, skills, 3 + Math.floor(random() * 2));
      builder.add({
        id: `${prefix}:${town.code}-${n}`,
        name: personName(random),
        kind,
        skills: kind === 'mediator' ? ['02', ...chosen] : chosen,
        divisionCode: town.code,
        point: jitter(random, point, 0.01),
        person: true,
        radio: false,
      });
    }
  }

  builder.add({
    id: `team:${town.code}-1`,
    name: `${town.name}应急分队`,
    kind: 'emergency_team',
    skills: ['natural_disaster', 'accident'],
    divisionCode: town.code,
    point,
    person: false,
    radio: true,
  });
  builder.add({
    id: `depot:${town.code}-1`,
    name: `${town.name}应急物资储备点`,
    kind: 'supplies',
    skills: ['natural_disaster', 'accident'],
    divisionCode: town.code,
    point,
    person: false,
    radio: false,
  });
}

function addCountyResources(
  builder: ResourceBuilder,
  random: () => number,
  countyCode: string,
): void {
  for (let n = 1; n <= EXPERT_COUNT; n += 1) {
    const field = EXPERT_FIELDS[(n - 1) % EXPERT_FIELDS.length] as ExpertField;
    builder.add({
      id: `expert:${countyCode}-${String(n).padStart(2, '0')}`,
      name: `${personName(random)}（${field.label}）`,
      kind: 'expert',
      skills: field.skills,
      divisionCode: countyCode,
      point: jitter(random, COUNTY_SEAT, 0.01),
      person: true,
      radio: false,
    });
  }
  COUNTY_TEAMS.forEach((team, index) => {
    builder.add({
      id: `team:${countyCode}-${index + 1}`,
      name: team.name,
      kind: 'emergency_team',
      skills: team.skills,
      divisionCode: countyCode,
      point: jitter(random, COUNTY_SEAT, 0.01),
      person: false,
      radio: true,
    });
  });
  COUNTY_DEPOTS.forEach((name, index) => {
    builder.add({
      id: `depot:${countyCode}-${index + 1}`,
      name,
      kind: 'supplies',
      skills: ['natural_disaster', 'accident', 'public_health'],
      divisionCode: countyCode,
      point: jitter(random, COUNTY_SEAT, 0.01),
      person: false,
      radio: false,
    });
  });
}

/**
 * Builds the county's field resources (about 2,000 for 罗田县). The ids depend only on the
 * division codes and on the seed, so the same list and seed give the same resources.
 */
export function seedResources(
  divisions: DivisionTree,
  seed: number,
): Resource[] {
  const random = mulberry32(seed);
  const builder = new ResourceBuilder(random);
  const points = schematicTownPoints(divisions.towns);

  addCountyResources(builder, random, divisions.county.code);
  for (const town of divisions.towns) {
    const point = points.get(town.code) ?? COUNTY_SEAT;
    const villages = divisions.villages.filter(
      (village) => village.town.code === town.code,
    );
    addTownResources(builder, random, town, villages.length, point);
    for (const village of villages) {
      addVillageResources(builder, random, village, point);
    }
  }
  return builder.resources;
}
