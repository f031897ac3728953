// Synthetic population for the points scenario: adults by real village, with names drawn from
// common surnames and given-name characters, and a few organizations per town. No real person's
// name is used on purpose; any match with a real resident is chance.
import type { PointsSubject } from '../../../src-shared/points/index.js';
import type { DivisionTree, Town, Village } from '../../data/divisions.js';
import { mulberry32 } from '../../adapters/random.js';
import { COMMON_SURNAMES } from '../../data/surnames.js';

const SURNAMES = COMMON_SURNAMES;

const GIVEN_CHARS = [
  '明',
  '华',
  '国',
  '建',
  '平',
  '志',
  '伟',
  '军',
  '文',
  '海',
  '红',
  '英',
  '秀',
  '兰',
  '芳',
  '玲',
  '丽',
  '敏',
  '静',
  '强',
  '勇',
  '刚',
  '磊',
  '涛',
  '斌',
  '鹏',
  '飞',
  '杰',
  '浩',
  '宇',
  '婷',
  '娟',
  '霞',
  '燕',
  '琴',
  '梅',
  '春',
  '桂',
  '金',
  '玉',
  '德',
  '福',
  '生',
  '荣',
  '成',
  '林',
  '波',
  '辉',
  '亮',
  '超',
  '云',
  '凤',
  '珍',
  '萍',
  '莉',
  '洁',
  '欣',
  '怡',
  '佳',
  '雪',
] as const;

const ORGANIZATION_KINDS = [
  '板栗专业合作社',
  '茶叶专业合作社',
  '家庭农场',
  '农家乐',
  '建材经营部',
  '物流服务站',
] as const;

/** Score every subject starts the year with before carry-over, as many county lists set it. */
export const BASE_SCORE = 100;

export interface VillagePlan {
  village: Village;
  residents: number;
}

export interface PopulationPlan {
  villages: VillagePlan[];
  /** Village of each organization, by town code. A village may appear more than once. */
  organizations: Map<string, Village[]>;
  totalResidents: number;
}

/** Weight of a village's population: the county seat and communities are larger. */
function populationWeight(village: Village): number {
  let weight = 1;
  if (village.town.name.endsWith('林场')) {
    weight *= 0.3;
  }
  if (village.town.code.endsWith('100')) {
    weight *= 2;
  }
  if (village.name.includes('社区')) {
    weight *= 2;
  }
  return weight;
}

function mix(seed: number, salt: number): number {
  return (Math.imul(seed ^ 0x9e37_79b9, 0x85eb_ca6b) ^ salt) >>> 0;
}

/**
 * Plans how many residents each village gets so that the total is close to `residents`. The
 * plan depends only on the division list, the seed and the total, so every run agrees on it.
 */
export function planPopulation(
  divisions: DivisionTree,
  seed: number,
  residents: number,
  organizationsPerTown = 4,
): PopulationPlan {
  const random = mulberry32(mix(seed, 0x0501));
  const weights = divisions.villages.map(
    (village) => populationWeight(village) * (0.7 + 0.6 * random()),
  );
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
  const villages = divisions.villages.map((village, index) => ({
    village,
    residents: Math.max(
      1,
      Math.round((residents * (weights[index] ?? 1)) / weightSum),
    ),
  }));

  const organizations = new Map<string, Village[]>();
  for (const town of divisions.towns) {
    const inTown = divisions.villages.filter(
      (village) => village.town.code === town.code,
    );
    if (inTown.length === 0) {
      continue;
    }
    const chosen: Village[] = [];
    for (let index = 0; index < organizationsPerTown; index += 1) {
      chosen.push(inTown[Math.floor(random() * inTown.length)] ?? inTown[0]!);
    }
    organizations.set(town.code, chosen);
  }

  const totalResidents = villages.reduce(
    (sum, plan) => sum + plan.residents,
    0,
  );
  return { villages, organizations, totalResidents };
}

export function residentId(villageCode: string, index: number): string {
  return `points:r:${villageCode}:${index}`;
}

export function organizationId(townCode: string, index: number): string {
  return `points:o:${townCode}:${index}`;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] ?? items[0]!;
}

function syntheticName(random: () => number): string {
  const surname = pick(random, SURNAMES);
  const first = pick(random, GIVEN_CHARS);
  return random() < 0.7
    ? `${surname}${first}${pick(random, GIVEN_CHARS)}`
    : `${surname}${first}`;
}

/**
 * Draws the score carried over from earlier years, which is added to BASE_SCORE. Most residents
 * stay close to it and a few are far off, so the distribution panel has a shape from the start.
 */
function carryOver(random: () => number): number {
  const spread = (random() + random() + random() - 1.5) * 24;
  return Math.round(spread);
}

/** Builds the residents of one village. The same plan entry and seed give the same residents. */
export function villageResidents(
  plan: VillagePlan,
  seed: number,
): PointsSubject[] {
  const { village } = plan;
  const random = mulberry32(mix(seed, Number(village.code.slice(-6))));
  const subjects: PointsSubject[] = [];
  for (let index = 1; index <= plan.residents; index += 1) {
    subjects.push({
      id: residentId(village.code, index),
      kind: 'resident',
      name: syntheticName(random),
      townCode: village.town.code,
      townName: village.town.name,
      villageCode: village.code,
      villageName: village.shortName,
      baseScore: BASE_SCORE + carryOver(random),
    });
  }
  return subjects;
}

/** Builds the organizations of one town. The same villages and seed give the same organizations. */
export function townOrganizations(
  town: Town,
  villages: readonly Village[],
  seed: number,
): PointsSubject[] {
  const random = mulberry32(
    mix(seed, Number(town.code.slice(-6)) + 0x4000_0000),
  );
  return villages.map((village, index) => ({
    id: organizationId(town.code, index + 1),
    kind: 'organization',
    name: `${town.name}${village.shortName}${pick(random, ORGANIZATION_KINDS)}`,
    townCode: town.code,
    townName: town.name,
    villageCode: village.code,
    villageName: village.shortName,
    baseScore: BASE_SCORE + Math.round(carryOver(random) / 2),
  }));
}
