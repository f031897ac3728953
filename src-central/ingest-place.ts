// Checks the statistical division codes in the place of an ingested alert or opinion item against
// the central's county, so that an item from another county is not filed under one of its towns.
import type { DivisionTree, Town, Village } from './data/divisions.js';

/** County of a central, against which ingested division codes are checked. */
export interface IngestCounty {
  /** Six-digit statistical code of the county, such as 421123. */
  code: string;
  name: string;
  /** Towns and villages of the county. Without it, codes are checked against the county prefix only. */
  divisions?: DivisionTree;
}

/** Place fields the check reads. Alert and opinion places both have them. */
export interface PlaceCodes {
  townCode: string | null;
  townName: string | null;
  divisionCode: string | null;
}

/** Problem with one field of a place, named by its path in the item. */
export interface PlaceProblem {
  field: string;
  message: string;
}

/**
 * A statistical division code of town level (9 digits) or village level (12 digits). Codes in any
 * other form, such as a foreign source's borough label or a postal code, are not checked.
 */
const STATISTICAL_CODE = /^(\d{9}|\d{12})$/;
const COUNTY_CODE = /^\d{6}$/;

export function isStatisticalCode(code: string | null): code is string {
  return code !== null && STATISTICAL_CODE.test(code);
}

/** Division lookups of one county, built once per central. */
export class CountyPlaces {
  readonly county: IngestCounty;
  private readonly towns: ReadonlyMap<string, Town> | null;
  private readonly villages: ReadonlyMap<string, Village> | null;

  constructor(county: IngestCounty) {
    if (!COUNTY_CODE.test(county.code)) {
      throw new Error(
        `county code ${county.code} is invalid; a county's statistical code has 6 digits, such as 421123`,
      );
    }
    this.county = county;
    const divisions = county.divisions;
    if (divisions === undefined) {
      this.towns = null;
      this.villages = null;
      return;
    }
    if (divisions.county.code !== county.code) {
      throw new Error(
        `the division list is of county ${divisions.county.code}, not of county ${county.code}; pass the list of the central's county`,
      );
    }
    this.towns = new Map(divisions.towns.map((town) => [town.code, town]));
    this.villages = new Map(
      divisions.villages.map((village) => [village.code, village]),
    );
  }

  /** Builds the lookups from a county's division list. */
  static fromDivisions(divisions: DivisionTree): CountyPlaces {
    return new CountyPlaces({
      code: divisions.county.code,
      name: divisions.county.name,
      divisions,
    });
  }

  /** County name and code as messages show them, such as 罗田县 (421123). */
  get label(): string {
    return `${this.county.name} (${this.county.code})`;
  }

  /** Returns the first problem of a place, or null when its statistical codes fit the county. */
  check(place: PlaceCodes): PlaceProblem | null {
    const townCode = isStatisticalCode(place.townCode) ? place.townCode : null;
    const divisionCode = isStatisticalCode(place.divisionCode)
      ? place.divisionCode
      : null;

    const outside =
      this.outsideCounty('townCode', townCode) ??
      this.outsideCounty('divisionCode', divisionCode);
    if (outside !== null || this.towns === null) {
      return outside;
    }

    let town: Town | null = null;
    if (townCode !== null) {
      const found = this.lookUp(townCode);
      if (!('town' in found) || found.town === null || found.village !== null) {
        return {
          field: 'place.townCode',
          message: `place.townCode ${townCode} is not a town of ${this.label} in the central's division list`,
        };
      }
      town = found.town;
    }

    if (divisionCode !== null) {
      const found = this.lookUp(divisionCode);
      if (!('town' in found)) {
        return {
          field: 'place.divisionCode',
          message: `place.divisionCode ${divisionCode} is not a town or village of ${this.label} in the central's division list`,
        };
      }
      if (
        town !== null &&
        found.town !== null &&
        found.town.code !== town.code
      ) {
        const relation =
          found.village === null
            ? 'names town'
            : `is ${found.village.name} in town`;
        return {
          field: 'place.divisionCode',
          message: `place.divisionCode ${divisionCode} ${relation} ${found.town.name} (${found.town.code}), not place.townCode ${town.code} (${town.name})`,
        };
      }
      town ??= found.town;
    }

    if (
      town !== null &&
      place.townName !== null &&
      place.townName !== town.name
    ) {
      return {
        field: 'place.townName',
        message: `place.townName ${place.townName} does not match town ${town.code}, which the division list of ${this.label} names ${town.name}`,
      };
    }
    return null;
  }

  /**
   * Finds the unit a statistical code of this county names. Codes are padded with zeros to the
   * right for a higher level, so 421123100000 is the town 421123100 and 421123000000 the county
   * itself (town null). Returns an empty object when the list has no such unit.
   */
  private lookUp(
    code: string,
  ): { town: Town | null; village: Village | null } | Record<string, never> {
    const townPart = code.slice(0, 9);
    const villagePart = code.slice(9);
    if (townPart.endsWith('000') && /^0*$/.test(villagePart)) {
      return { town: null, village: null };
    }
    const town = this.towns?.get(townPart);
    if (town === undefined) {
      return {};
    }
    if (/^0*$/.test(villagePart)) {
      return { town, village: null };
    }
    const village = this.villages?.get(code);
    return village === undefined ? {} : { town: village.town, village };
  }

  private outsideCounty(
    field: 'townCode' | 'divisionCode',
    code: string | null,
  ): PlaceProblem | null {
    if (code === null || code.startsWith(this.county.code)) {
      return null;
    }
    return {
      field: `place.${field}`,
      message: `place.${field} ${code} is outside the central's county ${this.label}; send only places of this county`,
    };
  }
}
