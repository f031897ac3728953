// Points figures of one town or village, computed from the stopped central's own rows with plain
// loops. Nothing from src-shared/points is used, so a fault in the projection or the wall view
// shows as a mismatch instead of being repeated here.
import { join } from 'node:path';
import sqlite from 'node-sqlite3-wasm';

const DAY_MS = 86_400_000;
/** China keeps UTC+8 all year, and the points week runs from Monday 00:00 there. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
/** Areas with fewer residents show no average on a wall. */
const MIN_GROUP_SIZE = 5;
/** Maximum number of rules in each list of the rules panel. */
const RULES_PER_LIST = 5;
/** Maximum length of the honor roll. */
const HONOR_ROLL_SIZE = 10;
/** Lowest score that puts a resident on the honor roll. */
const REWARD_SCORE = 120;

interface RuleRow {
  id: string;
  code: string;
  list: 'positive' | 'negative';
}

interface SubjectRow {
  id: string;
  kind: string;
  name: string;
  townCode: string;
  villageCode: string;
  baseScore: number;
}

interface EntryRow {
  subjectId: string;
  ruleId: string;
  points: number;
  at: number;
  status: string;
}

export type AreaScope =
  | { kind: 'town'; code: string }
  | { kind: 'village'; code: string };

export interface VillageFigure {
  code: string;
  residents: number;
  /** Null below the minimum group size. */
  average: number | null;
}

export interface RuleFigure {
  code: string;
  entries: number;
  points: number;
}

export interface ScopedPointsFigures {
  residents: number;
  /** Null below the minimum group size. */
  average: number | null;
  /** Every village of the scope's town that has residents, by code. */
  townVillages: Map<string, VillageFigure>;
  /**
   * Rules with approved entries this week in the scope, in the panel's order, cut to its length.
   * Empty below the minimum group size, where a wall leaves them out.
   */
  positiveRules: RuleFigure[];
  negativeRules: RuleFigure[];
  /**
   * Scores of the scope's residents at or above the reward score, best first, cut to the roll.
   * Empty below the minimum group size.
   */
  honorScores: number[];
  /** Real names of the scope's residents, which must never appear on a wall. */
  residentNames: Set<string>;
}

/** Returns the instant of Monday 00:00 (UTC+8) of the week that contains `now`. */
export function shanghaiWeekStart(now: number): number {
  const localDay = Math.floor((now + SHANGHAI_OFFSET_MS) / DAY_MS);
  // Day 0 of the epoch, 1970-01-01, was a Thursday, three days after a Monday.
  const daysSinceMonday = (localDay + 3) % 7;
  return (localDay - daysSinceMonday) * DAY_MS - SHANGHAI_OFFSET_MS;
}

function rowsOf<T>(db: sqlite.Database, collection: string): T[] {
  return (
    db.all('SELECT json FROM record_rows WHERE collection = ?', [
      collection,
    ]) as Record<string, unknown>[]
  ).map((row) => JSON.parse(String(row['json'])) as T);
}

/** Orders ids by UTF-16 code units, as a plain `<` does. */
function compareIds(a: string, b: string): number {
  if (a < b) {
    return -1;
  }
  return a > b ? 1 : 0;
}

function inArea(scope: AreaScope, subject: SubjectRow): boolean {
  return scope.kind === 'town'
    ? subject.townCode === scope.code
    : subject.villageCode === scope.code;
}

/**
 * Reads the points collections of the stopped central in `dataDir` and computes what the points
 * panels should show for `scope`. `now` picks the week whose rules count.
 */
export function scopedPointsFigures(
  dataDir: string,
  scope: AreaScope,
  now: number,
): ScopedPointsFigures {
  const db = new sqlite.Database(join(dataDir, 'central.sqlite'), {
    readOnly: true,
  });
  try {
    return figuresOf(
      rowsOf<RuleRow>(db, 'points.rule'),
      rowsOf<SubjectRow>(db, 'points.subject'),
      rowsOf<EntryRow>(db, 'points.entry'),
      scope,
      now,
    );
  } finally {
    db.close();
  }
}

function figuresOf(
  rules: readonly RuleRow[],
  subjects: readonly SubjectRow[],
  entries: readonly EntryRow[],
  scope: AreaScope,
  now: number,
): ScopedPointsFigures {
  const subjectById = new Map(subjects.map((subject) => [subject.id, subject]));
  const approvedSum = new Map<string, number>();
  for (const entry of entries) {
    if (entry.status === 'approved') {
      approvedSum.set(
        entry.subjectId,
        (approvedSum.get(entry.subjectId) ?? 0) + entry.points,
      );
    }
  }

  // The averages panel lists the villages of this town, which is the scope or the village's town.
  let townCode = scope.kind === 'town' ? scope.code : null;
  const scores: number[] = [];
  const residentNames = new Set<string>();
  for (const subject of subjects) {
    if (subject.kind === 'resident' && inArea(scope, subject)) {
      scores.push(subject.baseScore + (approvedSum.get(subject.id) ?? 0));
      residentNames.add(subject.name);
      townCode ??= subject.townCode;
    }
  }

  const villageSums = new Map<string, { sum: number; count: number }>();
  for (const subject of subjects) {
    if (subject.kind !== 'resident' || subject.townCode !== townCode) {
      continue;
    }
    const score = subject.baseScore + (approvedSum.get(subject.id) ?? 0);
    const village = villageSums.get(subject.villageCode) ?? {
      sum: 0,
      count: 0,
    };
    village.sum += score;
    village.count += 1;
    villageSums.set(subject.villageCode, village);
  }
  const townVillages = new Map<string, VillageFigure>();
  for (const [code, village] of villageSums) {
    townVillages.set(code, {
      code,
      residents: village.count,
      average:
        village.count < MIN_GROUP_SIZE ? null : village.sum / village.count,
    });
  }

  // NOTE: a run that crosses Monday 00:00 (UTC+8) between the wall's view and this call compares
  // two different weeks, and its rule lists fail.
  const weekStart = shanghaiWeekStart(now);
  const weekEnd = weekStart + 7 * DAY_MS;
  const moved = new Map<string, RuleFigure>();
  for (const entry of entries) {
    const subject = subjectById.get(entry.subjectId);
    if (
      entry.status !== 'approved' ||
      entry.at < weekStart ||
      entry.at >= weekEnd ||
      subject === undefined ||
      !inArea(scope, subject)
    ) {
      continue;
    }
    const rule = moved.get(entry.ruleId) ?? {
      code: entry.ruleId,
      entries: 0,
      points: 0,
    };
    rule.entries += 1;
    rule.points += entry.points;
    moved.set(entry.ruleId, rule);
  }
  const listOf = new Map(rules.map((rule) => [rule.id, rule]));
  const ranked = [...moved.entries()].sort(
    ([idA, a], [idB, b]) =>
      Math.abs(b.points) - Math.abs(a.points) ||
      b.entries - a.entries ||
      compareIds(idA, idB),
  );
  const ofList = (list: RuleRow['list']): RuleFigure[] =>
    ranked
      .filter(([id]) => listOf.get(id)?.list === list)
      .slice(0, RULES_PER_LIST)
      .map(([id, rule]) => ({ ...rule, code: listOf.get(id)?.code ?? id }));

  const sum = scores.reduce((total, score) => total + score, 0);
  const tooFew = scores.length < MIN_GROUP_SIZE;
  return {
    residents: scores.length,
    average: tooFew ? null : sum / scores.length,
    townVillages,
    positiveRules: tooFew ? [] : ofList('positive'),
    negativeRules: tooFew ? [] : ofList('negative'),
    honorScores: tooFew
      ? []
      : scores
          .filter((score) => score >= REWARD_SCORE)
          .sort((a, b) => b - a)
          .slice(0, HONOR_ROLL_SIZE),
    residentNames,
  };
}
