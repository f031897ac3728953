import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

export interface Town {
  code: string;
  name: string;
}

export interface Village {
  code: string;
  name: string;
  /** Name without the committee suffix, as in everyday use: 龚家河村 for 龚家河村民委员会. */
  shortName: string;
  town: Town;
}

export interface DivisionTree {
  county: Town;
  towns: Town[];
  villages: Village[];
  /** Rows that could not be placed, with the reason, for the caller to log. */
  problems: string[];
}

interface DivisionRow {
  code: string;
  level: string;
  name: string;
  parent_code: string;
}

/** Shortens a village committee name: 桥南村村民委员会 to 桥南村, 万密斋社区居民委员会 to 万密斋社区. */
export function shortVillageName(name: string): string {
  if (name.endsWith('村村民委员会')) {
    return name.slice(0, -'村民委员会'.length);
  }
  if (name.endsWith('村民委员会')) {
    return `${name.slice(0, -'村民委员会'.length)}村`;
  }
  if (name.endsWith('居民委员会')) {
    return name.slice(0, -'居民委员会'.length);
  }
  return name;
}

/** Parses a division list with the columns `code`, `level`, `name`, `parent_code`. */
export function parseDivisions(text: string): DivisionTree {
  const rows = parse(text, {
    columns: true,
    skip_empty_lines: true,
    trim: true,
  }) as DivisionRow[];

  const problems: string[] = [];
  const counties = rows.filter((row) => row.level === 'county');
  const countyRow = counties[0];
  if (!countyRow || counties.length > 1) {
    throw new Error(
      `division list must contain exactly one county row, found ${counties.length}`,
    );
  }
  const county: Town = { code: countyRow.code, name: countyRow.name };

  const towns = new Map<string, Town>();
  for (const row of rows.filter((candidate) => candidate.level === 'town')) {
    towns.set(row.code, { code: row.code, name: row.name });
  }

  const villages: Village[] = [];
  for (const row of rows) {
    if (row.level === 'county' || row.level === 'town') {
      continue;
    }
    if (row.level !== 'village') {
      problems.push(`row ${row.code}: unknown level "${row.level}"`);
      continue;
    }
    const town = towns.get(row.parent_code);
    if (!town) {
      problems.push(
        `village ${row.code}: parent town ${row.parent_code} not found`,
      );
      continue;
    }
    villages.push({
      code: row.code,
      name: row.name,
      shortName: shortVillageName(row.name),
      town,
    });
  }
  return { county, towns: [...towns.values()], villages, problems };
}

export function loadDivisions(path: string): DivisionTree {
  return parseDivisions(readFileSync(path, 'utf8'));
}
