// A parser for the division list of one county with no Node dependency, so the renderer can use it
// on text that the host reads from disk. Columns: code, level, name, parent_code.

export interface DivisionUnit {
  /** Statistical division code: 6 digits for a county, 9 for a town, 12 for a village. */
  code: string;
  name: string;
  /** Name without the committee suffix, as shown on a map: 桥南村 for 桥南村村民委员会. */
  shortName: string;
  parentCode: string;
}

export interface CountyDivisions {
  county: DivisionUnit;
  /** Towns sorted by code. */
  towns: DivisionUnit[];
  /** Villages and communities sorted by code. */
  villages: DivisionUnit[];
  /** Rows that were skipped, each with the reason, for the caller to log. */
  problems: string[];
}

const REQUIRED_COLUMNS = ['code', 'level', 'name', 'parent_code'] as const;
const CODE_DIGITS = { county: 6, town: 9, village: 12 } as const;

/** Drops the 村民委员会 or 居民委员会 suffix of a village-level committee name. */
export function shortDivisionName(name: string): string {
  for (const suffix of ['村民委员会', '居民委员会']) {
    if (name.endsWith(suffix)) {
      const stem = name.slice(0, -suffix.length);
      // 桥南村村民委员会 keeps one 村; 龚家河村民委员会 gets one back.
      return suffix === '村民委员会' && !stem.endsWith('村')
        ? `${stem}村`
        : stem;
    }
  }
  return name;
}

/** Splits CSV text into rows of fields by RFC 4180. Quoted fields may contain commas and quotes. */
export function splitCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') {
        i += 1;
      }
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += char;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((fields) => fields.some((value) => value.trim() !== ''));
}

/**
 * Parses a county's division list. Throws when the header or the single county row is missing,
 * because nothing can be drawn then. A bad town or village row is skipped and listed in `problems`.
 */
export function parseDivisionCsv(text: string): CountyDivisions {
  const [header, ...body] = splitCsv(text.replace(/^\uFEFF/, ''));
  const columns = (header ?? []).map((name) => name.trim());
  const missing = REQUIRED_COLUMNS.filter((name) => !columns.includes(name));
  if (missing.length > 0) {
    throw new Error(
      `the division list lacks the column(s) ${missing.join(', ')}; its first line must name code, level, name, parent_code`,
    );
  }
  const column = (fields: string[], name: string): string =>
    (fields[columns.indexOf(name)] ?? '').trim();

  const problems: string[] = [];
  const units = {
    county: [] as DivisionUnit[],
    town: [] as DivisionUnit[],
    village: [] as DivisionUnit[],
  };
  for (const [offset, fields] of body.entries()) {
    const line = offset + 2;
    const level = column(fields, 'level');
    const code = column(fields, 'code');
    if (level !== 'county' && level !== 'town' && level !== 'village') {
      problems.push(
        `line ${line}: unknown level "${level}"; use county, town or village`,
      );
      continue;
    }
    if (!new RegExp(`^\\d{${CODE_DIGITS[level]}}$`).test(code)) {
      problems.push(
        `line ${line}: a ${level} code needs ${CODE_DIGITS[level]} digits, got "${code}"`,
      );
      continue;
    }
    const name = column(fields, 'name');
    units[level].push({
      code,
      name,
      shortName: level === 'village' ? shortDivisionName(name) : name,
      parentCode: column(fields, 'parent_code'),
    });
  }

  const county = units.county[0];
  if (county === undefined || units.county.length > 1) {
    throw new Error(
      `the division list must have exactly one county row, found ${units.county.length}`,
    );
  }
  const towns = keepChildren(units.town, new Set([county.code]), problems);
  const villages = keepChildren(
    units.village,
    new Set(towns.map((town) => town.code)),
    problems,
  );
  return { county, towns, villages, problems };
}

/** Keeps the units whose parent is known and whose code extends the parent's code. */
function keepChildren(
  units: readonly DivisionUnit[],
  parents: ReadonlySet<string>,
  problems: string[],
): DivisionUnit[] {
  const seen = new Set<string>();
  const kept = units.filter((unit) => {
    if (seen.has(unit.code)) {
      problems.push(
        `${unit.code} ${unit.name}: the code appears twice; the first row is kept`,
      );
      return false;
    }
    seen.add(unit.code);
    if (!parents.has(unit.parentCode)) {
      problems.push(
        `${unit.code} ${unit.name}: parent ${unit.parentCode} is not in the list`,
      );
      return false;
    }
    if (!unit.code.startsWith(unit.parentCode)) {
      problems.push(
        `${unit.code} ${unit.name}: code does not start with its parent's code ${unit.parentCode}`,
      );
      return false;
    }
    return true;
  });
  return kept.sort(compareCodes);
}

/** Orders units by code, comparing UTF-16 code units (digits) rather than by locale. */
export function compareCodes(
  left: { code: string },
  right: { code: string },
): number {
  if (left.code === right.code) {
    return 0;
  }
  return left.code < right.code ? -1 : 1;
}

/** Returns the villages of one town, in code order. */
export function villagesOfTown(
  divisions: CountyDivisions,
  townCode: string,
): DivisionUnit[] {
  return divisions.villages.filter(
    (village) => village.parentCode === townCode,
  );
}
